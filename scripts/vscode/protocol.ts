// What the driver and the in-host test runner exchange through files: the runner's configuration
// (written by the driver) and the suite's results (written by the runner, read by the driver).

/** `runner-config.json`, next to the generated test-runner extension. */
export interface RunnerConfig {
  /** Absolute path of the bundled suite index (`index.js`), which exports `runSuite`. */
  suiteIndex: string;
  /** Created exclusively by the first extension host that starts the suite, so it runs once. */
  claimFile: string;
  /** One line per test event, so a hang can be traced to the test that was running. */
  progressFile: string;
  /** Written once, atomically (write then rename), when the suite is over. */
  resultsFile: string;
  options: SuiteOptions;
}

export interface SuiteOptions {
  /** Base names of the test files to run (`activation` for `activation.test.js`); all when absent. */
  only?: string[];
  /** Mocha `grep`: run only the tests whose full title matches. */
  grep?: string;
  /** Mocha's per-test timeout. */
  testTimeoutMs?: number;
}

export type TestState = 'passed' | 'failed' | 'pending';

export interface TestOutcome {
  /** Titles from the outermost `describe` to the test (or hook) itself. */
  titlePath: string[];
  file?: string;
  state: TestState;
  durationMs?: number;
  error?: { message: string; stack?: string; expected?: string; actual?: string };
}

export interface SuiteResults {
  vscodeVersion: string;
  durationMs: number;
  tests: TestOutcome[];
  /** Set when the suite could not be loaded or started at all; `tests` is then empty. */
  loadError?: string;
}
