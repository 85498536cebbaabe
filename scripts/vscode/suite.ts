// How an integration suite is declared (see test/integration/suites.ts for the real ones).
import type { SuiteResults } from './protocol';
import type { Workbench } from './workbench';

export interface IntegrationConfig {
  /** Folder of the in-host suite: `index.ts` and the `*.test.ts` files (relative to the config file). */
  testsDir: string;
  /** Folder of the workspace fixtures (relative to the config file). */
  workspacesDir: string;
  suites: SuiteSpec[];
}

export interface SuiteSpec {
  /** Names the suite in the summary and its artifacts: test-results/vscode/<name>.json, screenshots/<name>-*.png. */
  name: string;
  /** The workspace fixture, a folder under `workspacesDir`, copied fresh for each run. */
  workspace: string;
  /** Base names of the in-host test files (`activation` for activation.test.ts); none runs when empty. */
  tests: string[];
  /**
   * Files of the repository copied into the suite's copy of its workspace (paths relative to the
   * repository, then to the workspace), so that a suite runs a shipped file rather than a copy of it.
   */
  copies?: { from: string; to: string }[];
  /** User settings on top of the harness's base settings. */
  settings?: Record<string, unknown>;
  /** Browser-level steps, run in order after the in-host tests; a failing step skips the rest. */
  browserSteps?: BrowserStep[];
  /** Deadline for the in-host tests once the runner has started them (120 s by default). */
  timeoutMs?: number;
}

export interface BrowserStep {
  title: string;
  run(workbench: Workbench, context: StepContext): Promise<void>;
}

export interface StepContext {
  /** The suite's copy of its workspace fixture, as the window has it open. */
  workspaceDir: string;
  /** What the in-host tests reported, if they reported at all. */
  results: SuiteResults | undefined;
}
