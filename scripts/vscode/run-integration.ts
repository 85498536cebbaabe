// Runs the integration suites in a real VS Code (code-server): for each suite a fresh profile with
// the extension and the test runner installed, a code-server, a browser window on the workspace, the
// in-host mocha tests, then the browser-level steps. Prints a summary; exit code 0 (all passed),
// 1 (a test, a step or a suite failed), 2 (the harness itself could not run).
// Usage: test/integration/README.md.
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { startCodeServer, type CodeServer } from './code-server';
import { launchChromium, type Browser } from './playwright';
import { createProfile, installExtensionFolder, installVsix, readManifest, type Profile } from './profile';
import type { SuiteResults } from './protocol';
import { formatSummary, hasFailed, type StepOutcome, type SuiteReport } from './report';
import { installRunnerExtension } from './runner-extension';
import type { IntegrationConfig, SuiteSpec } from './suite';
import { ensureTools, type Tools } from './tools';
import { errorMessage, waitFor } from './wait';
import { Workbench } from './workbench';

const REPO_ROOT = path.resolve(__dirname, '../..');
const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');
const DEFAULT_SUITE_TIMEOUT_MS = 120_000;
const RUNNER_START_TIMEOUT_MS = 30_000;

interface Options {
  configFile: string;
  suites: string[];
  extensionDir: string;
  vsix: string | undefined;
  shouldPackage: boolean;
  shouldBuild: boolean;
  shouldKeep: boolean;
  grep: string | undefined;
}

/** Where the extension under test comes from: its folder, copied, or a VSIX, installed. */
type ExtensionSource = { kind: 'folder'; dir: string } | { kind: 'vsix'; file: string };

interface Run {
  /** Temporary folder of this run: the suites' profiles and a packaged VSIX. */
  root: string;
  tools: Tools;
  browser: Browser;
  config: IntegrationConfig;
  configDir: string;
  extension: ExtensionSource;
  options: Options;
}

// What an interrupted run must not leave behind, for the signal and exit handlers.
const live = { servers: new Set<CodeServer>(), root: undefined as string | undefined, shouldKeep: false };

async function main(): Promise<number> {
  const options = parseOptions();
  const runTimings: Record<string, number> = {};
  const started = Date.now();
  const tools = await timed(runTimings, 'toolchain', async () => ensureTools(REPO_ROOT));
  const { config, configDir } = await loadConfig(options.configFile);
  const suites = selectSuites(config.suites, options.suites);
  const root = mkdtempSync(path.join(tmpdir(), 'promptsift-vscode-'));
  Object.assign(live, { root, shouldKeep: options.shouldKeep });
  const reports: SuiteReport[] = [];
  try {
    const extension = await timed(runTimings, 'build', async () => prepareExtension(options, root));
    const browser = await timed(runTimings, 'browser', () => launchChromium(tools.dir));
    try {
      for (const suite of suites) {
        console.log(`• ${suite.name}`);
        const report = await runSuite(suite, { root, tools, browser, config, configDir, extension, options });
        runTimings[`suite ${suite.name}`] = report.timings.total ?? 0;
        reports.push(report);
      }
    } finally {
      await browser.close();
    }
  } finally {
    removeRunRoot();
  }
  runTimings.total = Date.now() - started;
  console.log(formatSummary(reports, runTimings));
  return reports.some(hasFailed) ? 1 : 0;
}

async function runSuite(suite: SuiteSpec, run: Run): Promise<SuiteReport> {
  const started = Date.now();
  const artifactsDir = path.join(RESULTS_DIR, 'vscode', suite.name);
  const screenshotPrefix = path.join(RESULTS_DIR, 'screenshots', suite.name);
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
    live.servers.add(server);
    await exercise(suite, ready, server.url, workbench, report);
  } catch (error) {
    report.harnessError = errorMessage(error);
    await workbench.screenshot('harness-error').catch(() => undefined);
  } finally {
    report.screenshots = workbench.screenshots;
    await context.close();
    if (server) {
      await server.stop();
      live.servers.delete(server);
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

async function prepareProfile(suite: SuiteSpec, run: Run): Promise<Profile> {
  const profile = createProfile(path.join(run.root, suite.name), path.resolve(run.configDir, run.config.workspacesDir, suite.workspace), suite.settings);
  // Copied folders first: VS Code lists a profile's extensions in extensions.json, which the first
  // VSIX install creates from the folders it finds; a folder copied in later would be ignored.
  if (suite.tests.length > 0) {
    await installRunnerExtension(path.resolve(run.configDir, run.config.testsDir), profile, {
      only: suite.tests,
      ...(run.options.grep ? { grep: run.options.grep } : {}),
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

async function prepareExtension(options: Options, root: string): Promise<ExtensionSource> {
  if (options.vsix) return { kind: 'vsix', file: path.resolve(options.vsix) };
  const dir = options.extensionDir;
  const manifest = readManifest(dir);
  const hasBuildScript = Boolean(JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).scripts?.build);
  if (options.shouldBuild && hasBuildScript) execFileSync('npm', ['run', '--silent', 'build'], { cwd: dir, stdio: 'inherit' });
  if (manifest.main && !existsSync(path.join(dir, manifest.main))) {
    console.warn(`warning: ${manifest.main} is missing in ${dir}, so the extension cannot activate`);
  }
  if (!options.shouldPackage) return { kind: 'folder', dir };
  const file = path.join(root, `${manifest.name}-${manifest.version}.vsix`);
  // The repository's own vsce, also for an extension folder elsewhere. The flags skip the
  // marketplace's questions (license, repository) that would otherwise wait for an answer.
  const vsce = path.join(REPO_ROOT, 'node_modules/.bin/vsce');
  execFileSync(vsce, ['package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', file], {
    cwd: dir,
    stdio: 'inherit',
  });
  return { kind: 'vsix', file };
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      config: { type: 'string', default: 'test/integration/suites.ts' },
      suite: { type: 'string', multiple: true, default: [] },
      extension: { type: 'string', default: REPO_ROOT },
      vsix: { type: 'string' },
      package: { type: 'boolean', default: false },
      'skip-build': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      grep: { type: 'string' },
    },
  });
  return {
    configFile: path.resolve(values.config),
    suites: values.suite,
    extensionDir: path.resolve(values.extension),
    vsix: values.vsix,
    shouldPackage: values.package,
    shouldBuild: !values['skip-build'],
    shouldKeep: values.keep,
    grep: values.grep,
  };
}

async function loadConfig(file: string): Promise<{ config: IntegrationConfig; configDir: string }> {
  const module = (await import(file)) as { default?: IntegrationConfig; config?: IntegrationConfig };
  const config = module.config ?? module.default;
  if (!config) throw new Error(`${file} exports no \`config\``);
  return { config, configDir: path.dirname(file) };
}

function selectSuites(all: SuiteSpec[], names: string[]): SuiteSpec[] {
  if (names.length === 0) return all;
  return names.map((name) => {
    const suite = all.find((candidate) => candidate.name === name);
    if (!suite) throw new Error(`no suite "${name}"; there are: ${all.map((s) => s.name).join(', ')}`);
    return suite;
  });
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

async function timed<T>(timings: Record<string, number>, phase: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await work();
  } finally {
    timings[phase] = Date.now() - started;
  }
}

function removeRunRoot(): void {
  if (!live.root) return;
  if (live.shouldKeep) console.log(`kept the profiles in ${live.root}`);
  else rmSync(live.root, { recursive: true, force: true });
  live.root = undefined;
}

// code-server runs in a process group of its own, which a Ctrl-C in the terminal does not reach.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    for (const server of live.servers) server.killNow();
    removeRunRoot();
    process.exit(130);
  });
}
process.on('exit', () => {
  for (const server of live.servers) server.killNow();
});

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`integration harness failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exitCode = 2;
  },
);
