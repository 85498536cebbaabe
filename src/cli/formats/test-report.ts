// The reports of `promptsift test`: text (GNU-style location lines, then a summary line per pack)
// and JSON (the same information as data).

import type { BaselineReport } from '../baseline-run';
import { compareText } from '../files';
import type { LocatedProblem } from '../located';
import { paint } from '../output';
import type { TestFailure } from '../rule-tests';
import { counted } from './text';

export interface PackTestReport {
  /** The pack root (the cwd for files outside any pack), relative to the cwd. */
  root: string;
  /** Its promptsift.yaml, or null. */
  config: string | null;
  /** Detection rules with inline examples. */
  rules: number;
  examples: number;
  passed: number;
  failed: number;
  failures: TestFailure[];
  /** Files that do not parse, rules whose tests cannot run, configuration and baseline problems. */
  problems: LocatedProblem[];
  baseline: BaselineReport | null;
  /** Null when they did not run: no promptsift.yaml, or only part of the pack was named. */
  correlationFixtures: CorrelationFixturesReport | null;
  ok: boolean;
}

export interface CorrelationFixturesReport {
  fixtures: number;
  passed: number;
  failed: number;
  results: CorrelationFixtureReport[];
}

/** One `fixtures/<name>.expected.json` of the pack. */
export interface CorrelationFixtureReport {
  file: string;
  /** The correlation it tests, when the file says. */
  rule: string | null;
  /** Its log, when the file parses. */
  log: string | null;
  description: string;
  passed: boolean;
  /** Why it failed (in the fixture or its log), or one info line saying what passed. */
  problems: LocatedProblem[];
}

/**
 * Every located line in the lint format (`file:line:col: severity check-id message`, sorted):
 * problems, failing examples as `rule-tests` errors, correlation fixtures as `correlation-fixtures`
 * errors (why one failed) or infos (one per passing fixture), and baseline counts as `baseline`
 * errors (over a limit) or infos; then the overall rate, the snapshot written, and the summary.
 */
export function formatTestText(reports: readonly PackTestReport[], options: { isColour: boolean }): string {
  const lines: string[] = [];
  for (const report of reports) {
    const located: LocatedLine[] = [...report.problems, ...report.failures.map(failureLine)];
    for (const fixture of report.correlationFixtures?.results ?? []) located.push(...fixture.problems);
    if (report.baseline) located.push(...baselineRuleLines(report.baseline));
    located.sort(compareLines);
    lines.push(...located.map((line) => `${line.file}:${line.line}:${line.column}: ${line.severity} ${line.checkId} ${line.message}`));
    if (report.baseline) lines.push(...baselineLines(report.baseline));
    const summary = summaryLine(report);
    const prefixed = reports.length > 1 ? `${report.root}: ${summary}` : summary;
    lines.push(paint(prefixed, report.ok ? 'bold' : 'red', options.isColour));
  }
  return `${lines.join('\n')}\n`;
}

type LocatedLine = Pick<LocatedProblem, 'file' | 'line' | 'column' | 'severity' | 'checkId' | 'message'>;

function compareLines(a: LocatedLine, b: LocatedLine): number {
  return compareText(a.file, b.file) || a.line - b.line || a.column - b.column || compareText(a.message, b.message);
}

function failureLine(failure: TestFailure): LocatedLine {
  const where = { file: failure.file, line: failure.line, column: failure.column, severity: 'error' as const, checkId: 'rule-tests' };
  const example = `Rule "${failure.title}" ${failure.example}`;
  if (failure.expected === 'match') return { ...where, message: `${example}: expected a match, got none.` };
  const matched = failure.evidence.map((evidence) => {
    const found = evidence.excerpt !== null ? `"${evidence.excerpt}"` : 'a value';
    const place = evidence.path !== null ? ` in ${evidence.path}` : '';
    return `selection "${evidence.selection}" matched ${found}${place} (rule value "${evidence.value}")`;
  });
  return { ...where, message: `${example}: expected no match, got a match: ${matched.join('; ') || 'the rule matched'}.` };
}

function baselineRuleLines(baseline: BaselineReport): LocatedLine[] {
  const limit = percent(baseline.maxFalsePositiveRate);
  const snapshot = baseline.snapshot.file;
  // Without records (a problem reported on its own) per-rule counts say nothing.
  if (baseline.records === 0) return [];
  return baseline.rules
    .filter((rule) => rule.flagged > 0 || rule.expected > 0)
    .map((rule) => {
      const notes: string[] = [];
      if (rule.exceedsRate) notes.push(`over the ${limit} limit`);
      if (rule.exceedsSnapshot) notes.push(`${rule.flagged - rule.expected} more than the ${rule.expected} in ${snapshot}`);
      else if (rule.flagged < rule.expected) notes.push(`fewer than the ${rule.expected} in ${snapshot}; --update-baseline records it`);
      const samples = rule.samples.length > 0 ? ` (${rule.samples.join(', ')})` : '';
      const counted = `Rule "${rule.title}" flagged ${rule.flagged} of ${baseline.records} baseline records (${percent(rule.rate)})`;
      return {
        file: rule.file,
        line: rule.line,
        column: rule.column,
        severity: rule.exceedsRate || rule.exceedsSnapshot ? 'error' : 'info',
        checkId: 'baseline',
        message: `${counted}${notes.length > 0 ? `: ${notes.join('; ')}` : ''}${samples}.`,
      };
    });
}

function baselineLines(baseline: BaselineReport): string[] {
  const lines: string[] = [];
  const limit = percent(baseline.maxFalsePositiveRate);
  if (baseline.exceedsRate) lines.push(`baseline: ${percent(baseline.rate)} of the records are flagged by some rule, over the ${limit} limit`);
  if (baseline.snapshot.updated) lines.push(`baseline: wrote ${baseline.snapshot.file}`);
  return lines;
}

/**
 * `N rules, M examples: X passed, Y failed; C correlation fixtures: X passed, Y failed; baseline:
 * R records, F flagged (r%) — max allowed m%`; the fixtures only when the pack has some.
 */
function summaryLine(report: PackTestReport): string {
  let tests = `${counted(report.rules, 'rule')}, ${counted(report.examples, 'example')}: ${report.passed} passed, ${report.failed} failed`;
  const fixtures = report.correlationFixtures;
  if (fixtures && fixtures.fixtures > 0) {
    tests += `; ${counted(fixtures.fixtures, 'correlation fixture')}: ${fixtures.passed} passed, ${fixtures.failed} failed`;
  }
  const { baseline } = report;
  if (!baseline) return `${tests}; no baseline configured`;
  return `${tests}; baseline: ${baseline.records} records, ${baseline.flagged} flagged (${percent(baseline.rate)}) — max allowed ${percent(baseline.maxFalsePositiveRate)}`;
}

/** A rate as a percentage with two decimals: 0.015 → `1.50%`. */
export function percent(rate: number): string {
  return `${(rate * 100).toFixed(2)}%`;
}

export function formatTestJson(reports: readonly PackTestReport[]): string {
  const sum = (key: 'rules' | 'examples' | 'passed' | 'failed'): number => reports.reduce((total, report) => total + report[key], 0);
  const sumFixtures = (key: 'fixtures' | 'passed' | 'failed'): number =>
    reports.reduce((total, report) => total + (report.correlationFixtures?.[key] ?? 0), 0);
  const json = {
    packs: reports,
    summary: {
      rules: sum('rules'),
      examples: sum('examples'),
      passed: sum('passed'),
      failed: sum('failed'),
      correlationFixtures: { fixtures: sumFixtures('fixtures'), passed: sumFixtures('passed'), failed: sumFixtures('failed') },
      ok: reports.every((report) => report.ok),
    },
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
