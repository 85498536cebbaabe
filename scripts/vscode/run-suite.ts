// One suite's run: a fresh profile, a code-server, a browser window on the workspace, the in-host
// results, the browser steps, and the artifacts that outlive the profile.
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { startCodeServer, type CodeServer } from './code-server';
import type { Browser } from './playwright';
import { createProfile, installExtensionFolder, installVsix, type Profile } from './profile';
import type { SuiteResults } from './protocol';
import { timed, type StepOutcome, type SuiteReport } from './report';
import { installRunnerExtension } from './runner-extension';
import type { IntegrationConfig, SuiteSpec } from './suite';
import type { Tools } from './tools';
import { errorMessage, waitFor } from './wait';
import { Workbench } from './workbench';

const DEFAULT_SUITE_TIMEOUT_MS = 120_000;
const RUNNER_START_TIMEOUT_MS = 30_000;

/** Where the extension under test comes from: its folder, copied, or a VSIX, installed. */
export type ExtensionSource = { kind: 'folder'; dir: string } | { kind: 'vsix'; file: string };

/** What the suites of one run share. */
export interface SuiteRun {
  /** Temporary folder of the run; each suite's profile goes into a folder of its own there. */
  root: string;
  /** test-results/ of the repository. */
  resultsDir: string;
  tools: Tools;
  browser: Browser;
  config: IntegrationConfig;
  configDir: string;
  extension: ExtensionSource;
  grep: string | undefined;
  /** Servers running now, for the driver's signal handlers. */
  servers: Set<CodeServer>;
}

export async function runSuite(suite: SuiteSpec, run: SuiteRun): Promise<SuiteReport> {
  const started = Date.now();
  const artifactsDir = path.join(run.resultsDir, 'vscode', suite.name);
  const screenshotPrefix = path.join(run.resultsDir, 'screenshots', suite.name);
  rmSync(artifactsDir, { recursive: true, force: true });
  mkdirSync(artifactsDir, { recursive: true });
  removeOldScreenshots(screenshotPrefix);
  const report: SuiteReport = { name: suite.name, steps: [], screenshots: [], artifactsDir, timings: {} };
  const context = await run.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  recordBrowserLog(page, path.join(artifactsDir, 'browser-console.log'));
  const workbench = new Workbench(page, screenshotPrefix);
  let profile: Profile | undefined;
  let server: CodeServer | undefined;
  try {
    profile = await timed(report.timings, 'profile', () => prepareProfile(suite, run));
    const ready = profile;
    server = await timed(report.timings, 'code-server', () => startCodeServer(run.tools, ready));
    run.servers.add(server);
    await exercise(suite, ready, server.url, workbench, report);
  } catch (error) {
    report.harnessError = errorMessage(error);
    await workbench.screenshot('harness-error').catch(() => undefined);
  } finally {
    report.screenshots = workbench.screenshots;
    await context.close();
    if (server) {
      await server.stop();
      run.servers.delete(server);
    }
    if (profile) collectArtifacts(profile, artifactsDir, report.results);
  }
  report.timings.total = Date.now() - started;
  return report;
}

/** Opens the workspace, waits for the in-host results, runs the browser steps. */
async function exercise(suite: SuiteSpec, profile: Profile, url: string, workbench: Workbench, report: SuiteReport): Promise<void> {
  await timed(report.timings, 'workbench', async () => {
    await workbench.page.goto(`${url}/?folder=${encodeURIComponent(profile.workspaceDir)}`, { timeout: 30_000 });
    await workbench.waitUntilReady();
  });
  if (suite.tests.length > 0) {
    await timed(report.timings, 'in-host tests', async () => {
      // A suite without results still runs its browser steps: they show what state the window is in.
      report.results = await waitForResults(profile, suite.timeoutMs ?? DEFAULT_SUITE_TIMEOUT_MS).catch((error: unknown) => {
        report.harnessError = errorMessage(error);
        return undefined;
      });
    });
    await workbench.screenshot('after-tests');
  }
  report.steps = await timed(report.timings, 'browser steps', () => runSteps(suite, workbench, profile, report));
}

async function prepareProfile(suite: SuiteSpec, run: SuiteRun): Promise<Profile> {
  const profile = createProfile(path.join(run.root, suite.name), path.resolve(run.configDir, run.config.workspacesDir, suite.workspace), suite.settings, suite.copies);
  // Copied folders first: VS Code lists a profile's extensions in extensions.json, which the first
  // VSIX install creates from the folders it finds; a folder copied in later would be ignored.
  if (suite.tests.length > 0) {
    await installRunnerExtension(path.resolve(run.configDir, run.config.testsDir), profile, {
      only: suite.tests,
      ...(run.grep ? { grep: run.grep } : {}),
    });
  }
  if (run.extension.kind === 'vsix') installVsix(run.tools, profile, run.extension.file);
  else installExtensionFolder(run.extension.dir, profile);
  return profile;
}

/**
 * Waits for the runner to start (it activates on startup, so that is quick or never) and then for
 * its results; on timeout says how far the suite got.
 */
async function waitForResults(profile: Profile, timeoutMs: number): Promise<SuiteResults> {
  await waitFor('the test runner extension to start', () => existsSync(profile.claimFile), {
    timeoutMs: RUNNER_START_TIMEOUT_MS,
    intervalMs: 250,
  }).catch((error: unknown) => {
    throw new Error(`${errorMessage(error)}; see vscode-logs/*/exthost1/remoteexthost.log in the artifacts`);
  });
  try {
    const text = await waitFor('the in-host test results', () => existsSync(profile.resultsFile) && readFileSync(profile.resultsFile, 'utf8'), {
      timeoutMs,
      intervalMs: 250,
    });
    return JSON.parse(text) as SuiteResults;
  } catch (error) {
    const progress = existsSync(profile.progressFile) ? readFileSync(profile.progressFile, 'utf8').trimEnd().split('\n') : [];
    throw new Error(`${errorMessage(error)}; the suite's last events were:\n${progress.slice(-5).join('\n')}`);
  }
}

async function runSteps(suite: SuiteSpec, workbench: Workbench, profile: Profile, report: SuiteReport): Promise<StepOutcome[]> {
  const outcomes: StepOutcome[] = [];
  let hasFailedStep = false;
  for (const step of suite.browserSteps ?? []) {
    if (hasFailedStep) {
      outcomes.push({ title: step.title, state: 'skipped' });
      continue;
    }
    try {
      await step.run(workbench, { workspaceDir: profile.workspaceDir, results: report.results });
      outcomes.push({ title: step.title, state: 'passed' });
    } catch (error) {
      hasFailedStep = true;
      // Playwright colours its call logs for terminals; the summary may end up in a file.
      outcomes.push({ title: step.title, state: 'failed', error: stripAnsi(errorMessage(error)).trimEnd() });
      await workbench.screenshot(`failed-${slug(step.title)}`).catch(() => undefined);
    }
  }
  return outcomes;
}

/** Keeps what a person needs to understand a run once the profile is gone. */
function collectArtifacts(profile: Profile, artifactsDir: string, results: SuiteResults | undefined): void {
  if (results) writeFileSync(path.join(artifactsDir, 'results.json'), JSON.stringify(results, null, 2));
  for (const [from, to] of [
    [profile.codeServerLog, 'code-server.log'],
    [profile.progressFile, 'progress.log'],
  ] as const) {
    if (existsSync(from)) copyFileSync(from, path.join(artifactsDir, to));
  }
  const logs = path.join(profile.userDataDir, 'logs');
  if (existsSync(logs)) cpSync(logs, path.join(artifactsDir, 'vscode-logs'), { recursive: true });
}

function recordBrowserLog(page: Workbench['page'], file: string): void {
  writeFileSync(file, '');
  const append = (line: string) => writeFileSync(file, `${line}\n`, { flag: 'a' });
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') append(`[${message.type()}] ${message.text()}`);
  });
  page.on('pageerror', (error) => append(`[pageerror] ${error.stack ?? error.message}`));
}

function removeOldScreenshots(prefix: string): void {
  const dir = path.dirname(prefix);
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    if (name.startsWith(`${path.basename(prefix)}-`) && name.endsWith('.png')) rmSync(path.join(dir, name));
  }
}

function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
