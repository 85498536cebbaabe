// Runs the integration suites in a real VS Code (code-server): for each suite a fresh profile with
// the extension and the test runner installed, a code-server, a browser window on the workspace, the
// in-host mocha tests, then the browser-level steps. Prints a summary; exit code 0 (all passed),
// 1 (a test, a step or a suite failed), 2 (the harness itself could not run).
// Usage: test/integration/README.md.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { CodeServer } from './code-server';
import { launchChromium } from './playwright';
import { readManifest } from './profile';
import { formatSummary, hasFailed, timed, type SuiteReport } from './report';
import { runSuite, type ExtensionSource } from './run-suite';
import type { IntegrationConfig, SuiteSpec } from './suite';
import { ensureTools } from './tools';

const REPO_ROOT = path.resolve(__dirname, '../..');
const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');

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
        const report = await runSuite(suite, {
          root,
          resultsDir: RESULTS_DIR,
          tools,
          browser,
          config,
          configDir,
          extension,
          grep: options.grep,
          servers: live.servers,
        });
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
  // marketplace's questions (license, repository) that would otherwise wait for an answer, and keep
  // the README's relative links, which vsce cannot point at a repository that is not given.
  const vsce = path.join(REPO_ROOT, 'node_modules/.bin/vsce');
  const flags = ['--no-dependencies', '--skip-license', '--allow-missing-repository', '--no-rewrite-relative-links'];
  execFileSync(vsce, ['package', ...flags, '--out', file], {
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
    // A failed command (build, vsce, setup) has printed its own output; its stack says nothing more.
    const isCommandFailure = error instanceof Error && 'status' in error;
    const detail = error instanceof Error ? (isCommandFailure ? error.message : error.stack) : String(error);
    console.error(`integration harness failed: ${detail}`);
    process.exitCode = 2;
  },
);
