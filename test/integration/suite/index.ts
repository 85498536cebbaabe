// Entry point of the integration suite inside a VS Code extension host: mocha over the bundled
// `*.test.js` files next to this file. `run` is what @vscode/test-electron calls and rejects when a
// test fails; `runSuite` is what the code-server test runner calls to get the outcomes as data.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { inspect } from 'node:util';
import * as vscode from 'vscode';
import type { SuiteOptions, SuiteResults, TestOutcome } from '../../../scripts/vscode/protocol';
import { mapStack, type SourceMapCache } from './stack';

export async function run(): Promise<void> {
  const results = await runSuite(optionsFromEnv(), (line) => console.log(line));
  const failures = results.tests.filter((test) => test.state === 'failed');
  for (const failure of failures) console.error(`${failure.titlePath.join(' › ')}\n${failure.error?.stack}`);
  if (failures.length > 0) throw new Error(`${failures.length} integration test(s) failed`);
}

/** Runs the suite once; reports each test event as one line through `onLine`. */
export async function runSuite(options: SuiteOptions, onLine: (line: string) => void = () => {}): Promise<SuiteResults> {
  const started = Date.now();
  const tests: TestOutcome[] = [];
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: options.testTimeoutMs ?? 30_000,
    reporter: collectingReporter(tests, onLine),
    ...(options.grep ? { grep: options.grep } : {}),
  });
  for (const file of testFiles(__dirname, options.only)) mocha.addFile(file);
  await new Promise<void>((resolve) => mocha.run(() => resolve()));
  return { vscodeVersion: vscode.version, durationMs: Date.now() - started, tests };
}

function testFiles(dir: string, only: string[] | undefined): string[] {
  const all = readdirSync(dir).filter((name) => name.endsWith('.test.js')).sort();
  if (!only) return all.map((name) => path.join(dir, name));
  return only.map((base) => {
    // A typo in a suite declaration must fail loudly, not run nothing and pass.
    if (!all.includes(`${base}.test.js`)) throw new Error(`no test file ${base}.test.js; there are: ${all.join(', ')}`);
    return path.join(dir, `${base}.test.js`);
  });
}

/** Env knobs for `run` under @vscode/test-electron, which passes no arguments. */
function optionsFromEnv(): SuiteOptions {
  const only = process.env.PROMPTSIFT_TEST_ONLY;
  const grep = process.env.PROMPTSIFT_TEST_GREP;
  return { ...(only ? { only: only.split(',') } : {}), ...(grep ? { grep } : {}) };
}

function collectingReporter(tests: TestOutcome[], onLine: (line: string) => void): Mocha.ReporterConstructor {
  const { EVENT_TEST_BEGIN, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;
  const sourceMaps: SourceMapCache = new Map();
  return class CollectingReporter extends Mocha.reporters.Base {
    constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
      super(runner, options);
      runner.on(EVENT_TEST_BEGIN, (test) => onLine(`start   ${test.fullTitle()}`));
      runner.on(EVENT_TEST_PASS, (test) => {
        tests.push(outcome(test, 'passed'));
        onLine(`passed  ${test.fullTitle()} (${test.duration ?? 0} ms)`);
      });
      runner.on(EVENT_TEST_PENDING, (test) => {
        tests.push(outcome(test, 'pending'));
        onLine(`pending ${test.fullTitle()}`);
      });
      // Also fires for failing hooks, whose runnable is the hook ('"before all" hook for …').
      runner.on(EVENT_TEST_FAIL, (test, error) => {
        const described = describeError(error, sourceMaps);
        tests.push({ ...outcome(test, 'failed'), error: described });
        onLine(`failed  ${test.fullTitle()}: ${described.message}`);
      });
    }
  };
}

function outcome(test: Mocha.Runnable, state: TestOutcome['state']): TestOutcome {
  return {
    titlePath: test.titlePath(),
    ...(test.file ? { file: test.file } : {}),
    state,
    ...(test.duration !== undefined ? { durationMs: test.duration } : {}),
  };
}

function describeError(error: unknown, sourceMaps: SourceMapCache): NonNullable<TestOutcome['error']> {
  if (!(error instanceof Error)) return { message: inspect(error) };
  const details = error as Error & { expected?: unknown; actual?: unknown };
  return {
    message: error.message,
    ...(error.stack ? { stack: mapStack(error.stack, sourceMaps) } : {}),
    ...('expected' in details ? { expected: show(details.expected) } : {}),
    ...('actual' in details ? { actual: show(details.actual) } : {}),
  };
}

/** Mocha has already turned `expected` and `actual` into strings when it shows a diff. */
function show(value: unknown): string {
  return typeof value === 'string' ? value : inspect(value, { depth: 4 });
}
