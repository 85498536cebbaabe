// The outcome of each suite as the driver saw it, and the summary printed at the end of a run.
import * as path from 'node:path';
import type { SuiteResults, TestOutcome } from './protocol';

export interface StepOutcome {
  title: string;
  state: 'passed' | 'failed' | 'skipped';
  error?: string;
}

export interface SuiteReport {
  name: string;
  /** The in-host results, when the runner delivered them. */
  results?: SuiteResults;
  /** Why there are no in-host results, or why the suite could not run at all. */
  harnessError?: string;
  steps: StepOutcome[];
  screenshots: string[];
  artifactsDir: string;
  /** Milliseconds per phase, in the order the phases ran. */
  timings: Record<string, number>;
}

/** Runs `work` and records how long it took as `timings[phase]`, also when it fails. */
export async function timed<T>(timings: Record<string, number>, phase: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await work();
  } finally {
    timings[phase] = Date.now() - started;
  }
}

export function hasFailed(report: SuiteReport): boolean {
  return (
    report.harnessError !== undefined ||
    report.results?.loadError !== undefined ||
    (report.results?.tests.some((test) => test.state === 'failed') ?? false) ||
    report.steps.some((step) => step.state === 'failed')
  );
}

export function formatSummary(reports: SuiteReport[], runTimings: Record<string, number>): string {
  const out: string[] = [''];
  const counts = { passed: 0, failed: 0, pending: 0, skipped: 0 };
  for (const report of reports) {
    out.push(`${hasFailed(report) ? 'FAIL' : 'ok  '} ${report.name}`);
    if (report.harnessError) out.push(indent(`harness: ${report.harnessError}`, 4));
    if (report.results?.loadError) out.push(indent(`the suite did not load: ${firstLineAndOurFrames(report.results.loadError)}`, 4));
    if (report.results && report.results.tests.length > 0) {
      out.push(`    in the extension host (VS Code ${report.results.vscodeVersion}):`);
      for (const test of report.results.tests) {
        counts[test.state]++;
        out.push(...formatTest(test));
      }
    }
    if (report.steps.length > 0) out.push('    in the browser:');
    for (const step of report.steps) {
      counts[step.state]++;
      out.push(`      ${MARK[step.state]} ${step.title}`);
      if (step.error) out.push(indent(step.error, 10));
    }
    if (report.screenshots.length > 0) out.push(`    screenshots: ${report.screenshots.map(relative).join(', ')}`);
    out.push(`    artifacts: ${relative(report.artifactsDir)}`);
    out.push(`    time: ${formatTimings(report.timings)}`);
    out.push('');
  }
  const failedSuites = reports.filter(hasFailed).length;
  out.push(
    `${reports.length} suite(s), ${failedSuites} failed; tests and steps: ${counts.passed} passed, ` +
      `${counts.failed} failed, ${counts.pending} pending, ${counts.skipped} skipped`,
  );
  out.push(`time: ${formatTimings(runTimings)}`);
  return out.join('\n');
}

const MARK = { passed: '✓', failed: '✗', pending: '-', skipped: '-' } as const;

function formatTest(test: TestOutcome): string[] {
  const duration = test.durationMs === undefined ? '' : ` (${test.durationMs} ms)`;
  const lines = [`      ${MARK[test.state]} ${test.titlePath.join(' › ')}${test.state === 'pending' ? ' (pending)' : duration}`];
  if (test.error) {
    lines.push(indent(test.error.message, 10));
    // Assertion messages that span lines already show a diff of the two.
    const hasDiff = test.error.message.includes('\n');
    if (!hasDiff && (test.error.expected !== undefined || test.error.actual !== undefined)) {
      lines.push(indent(`expected: ${test.error.expected}\nactual:   ${test.error.actual}`, 10));
    }
    const frames = ourFrames(test.error.stack ?? '');
    if (frames.length > 0) lines.push(indent(frames.join('\n'), 10));
  }
  return lines;
}

/** The frames of our own code say where it failed; mocha's and VS Code's frames do not. */
function ourFrames(stack: string): string[] {
  return stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line) && !/node_modules|node:internal|\/vscode\/out\/|suite\/index\.js|\(<anonymous>\)/.test(line))
    .slice(0, 4)
    .map((frame) => frame.trim());
}

function firstLineAndOurFrames(stack: string): string {
  return [stack.split('\n')[0], ...ourFrames(stack)].join('\n');
}

function formatTimings(timings: Record<string, number>): string {
  return Object.entries(timings)
    .map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(1)} s`)
    .join(', ');
}

function indent(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => ' '.repeat(width) + line)
    .join('\n');
}

function relative(file: string): string {
  const result = path.relative(process.cwd(), file);
  return result.startsWith('..') ? file : result;
}
