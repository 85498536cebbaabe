// The false-positive baseline of a pack: how many benign records each detection rule flags,
// judged against the pack's highest allowed rate and its committed snapshot of expected counts.

import { compileRule, filterApplies, type CompiledRule } from '../match/compile';
import type { MatchTarget } from '../match/fields';
import type { DetectionRule, FilterRule, Parsed, Rule } from '../model';
import { makeProblem, quote, type CheckMeta } from '../problems';

/** Where a pack keeps its snapshot, relative to the pack root, unless `baseline.snapshot` says otherwise. */
export const DEFAULT_SNAPSHOT_PATH = 'baseline/expected-false-positives.json';

export interface RuleBaseline<T> {
  rule: DetectionRule;
  /** The rule's key in the snapshot: its id, else its name, else its title (`#2`… when repeated). */
  key: string;
  flagged: number;
  /** flagged / records; 0 when there are no records. */
  rate: number;
  /** The first records the rule flagged, for reports. */
  samples: T[];
}

export interface BaselineMeasure<T> {
  records: number;
  /** Records flagged by at least one rule. */
  flagged: number;
  rate: number;
  /** One entry per compiled rule, in the order given. */
  rules: RuleBaseline<T>[];
}

/** Compiles every detection rule with the meta-filters that name it, as a scan would run it. */
export function compileDetectionRules(rules: readonly Rule[]): CompiledRule[] {
  const filters = rules.filter((rule): rule is FilterRule => rule.kind === 'filter');
  return rules
    .filter((rule): rule is DetectionRule => rule.kind === 'detection')
    .map((rule) => compileRule(rule, filters.filter((filter) => filterApplies(filter, rule))));
}

/**
 * Whether a rule's hits count against the false-positive baseline. Informational rules are
 * enrichment by Sigma's definition ("no case or alerting should be triggered"), such as the base
 * rules that correlations count, so they flag benign traffic by design and are left out.
 */
export function isAlertingRule(compiled: CompiledRule): boolean {
  return compiled.rule.level !== 'informational';
}

/** Runs every rule over every record (rules that do not compile flag nothing). */
export function measureBaseline<T extends MatchTarget>(
  records: Iterable<T>,
  rules: readonly CompiledRule[],
  options: { sampleLimit?: number } = {},
): BaselineMeasure<T> {
  const sampleLimit = options.sampleLimit ?? 3;
  const keys = uniqueKeys(rules.map((compiled) => compiled.rule));
  const counts = rules.map((compiled, index) => ({ rule: compiled.rule, key: keys[index] as string, flagged: 0, rate: 0, samples: [] as T[] }));
  let total = 0;
  let flaggedAny = 0;
  for (const record of records) {
    total++;
    let isFlagged = false;
    rules.forEach((compiled, index) => {
      if (!compiled.matches(record)) return;
      const count = counts[index] as RuleBaseline<T>;
      count.flagged++;
      if (count.samples.length < sampleLimit) count.samples.push(record);
      isFlagged = true;
    });
    if (isFlagged) flaggedAny++;
  }
  for (const count of counts) count.rate = rateOf(count.flagged, total);
  return { records: total, flagged: flaggedAny, rate: rateOf(flaggedAny, total), rules: counts };
}

function rateOf(flagged: number, records: number): number {
  return records === 0 ? 0 : flagged / records;
}

function uniqueKeys(rules: readonly DetectionRule[]): string[] {
  const seen = new Map<string, number>();
  return rules.map((rule) => {
    const base = rule.id?.value ?? rule.name?.value ?? rule.title?.value ?? `${rule.source}#${rule.docIndex}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base}#${count}`;
  });
}

// ---------------------------------------------------------------------------------------------
// The snapshot: the committed record of how many baseline records each rule flags.

export interface BaselineSnapshot {
  /** Baseline records when the snapshot was written (for readers; never compared). */
  records: number;
  /** Expected flagged records by rule key; the title only helps reviewers of the diff. */
  rules: Record<string, { title: string; flagged: number }>;
}

/** Problems of a pack's baseline: its configuration, its logs and its snapshot. */
export const baselineCheck: CheckMeta = {
  id: 'baseline',
  severity: 'error',
  description:
    'The false-positive baseline must be readable: its files exist and hold records, and the snapshot is the JSON `promptsift test --update-baseline` writes.',
  messages: {
    noFiles: 'baseline.files ({{globs}}) matches no file.',
    noRecords: 'The baseline files hold no records.',
    json: 'The baseline snapshot is not valid JSON: {{detail}}.',
    shape: 'The baseline snapshot must look like {"records": 0, "rules": {"<rule id>": {"title": "…", "flagged": 0}}}; {{where}} does not.',
  },
};

/** Reads a snapshot; bad JSON or a wrong shape is a problem (the snapshot then counts as empty). */
export function parseBaselineSnapshot(text: string, source: string): Parsed<BaselineSnapshot> {
  const fail = (messageId: string, data: Record<string, string>, at = 0): Parsed<BaselineSnapshot> => ({
    value: undefined,
    problems: [makeProblem(baselineCheck, messageId, { start: at, end: at }, data, source)],
  });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const at = Number(/position (\d+)/.exec(detail)?.[1] ?? 0);
    return fail('json', { detail: quote(detail) }, Math.min(at, text.length));
  }
  if (!isObject(data) || typeof data.records !== 'number' || !isObject(data.rules)) return fail('shape', { where: 'the top level' });
  const rules: BaselineSnapshot['rules'] = {};
  for (const [key, entry] of Object.entries(data.rules)) {
    if (!isObject(entry) || !Number.isInteger(entry.flagged) || (entry.flagged as number) < 0) {
      return fail('shape', { where: `the entry "${quote(key, 60)}"` });
    }
    rules[key] = { title: typeof entry.title === 'string' ? entry.title : '', flagged: entry.flagged as number };
  }
  return { value: { records: data.records, rules }, problems: [] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The snapshot after a run. With `previous`, entries of rules this run did not measure are kept
 * (a run over part of a pack must not forget the rest); without it, only measured rules remain.
 */
export function snapshotFromMeasure<T>(measure: BaselineMeasure<T>, previous?: BaselineSnapshot): BaselineSnapshot {
  const rules: BaselineSnapshot['rules'] = { ...(previous?.rules ?? {}) };
  for (const count of measure.rules) rules[count.key] = { title: count.rule.title?.value ?? '', flagged: count.flagged };
  return { records: measure.records, rules };
}

/** The snapshot as committed: keys sorted, two-space indent, final newline, so diffs stay small. */
export function formatBaselineSnapshot(snapshot: BaselineSnapshot): string {
  const rules = Object.fromEntries(
    Object.keys(snapshot.rules)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((key) => [key, snapshot.rules[key]]),
  );
  return `${JSON.stringify({ records: snapshot.records, rules }, null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------
// The verdict.

export interface RuleVerdict<T> extends RuleBaseline<T> {
  /** The snapshot's count for the rule; 0 when the snapshot does not list it (or does not exist). */
  expected: number;
  isOverRate: boolean;
  isOverSnapshot: boolean;
}

export interface BaselineVerdict<T> {
  records: number;
  flagged: number;
  rate: number;
  maxRate: number;
  /** True when the records flagged by any rule exceed the allowed rate. */
  isOverRate: boolean;
  rules: RuleVerdict<T>[];
  isPassed: boolean;
}

/**
 * Judges a measure: a rule fails when its rate exceeds `maxRate` or when it flags more records
 * than the snapshot expects; the pack fails on any such rule or when the overall rate is too high.
 * Rates compare as counts (`flagged > maxRate × records`) with a small tolerance for rounding.
 */
export function judgeBaseline<T>(measure: BaselineMeasure<T>, maxRate: number, snapshot: BaselineSnapshot | undefined): BaselineVerdict<T> {
  const isOver = (flagged: number): boolean => flagged > maxRate * measure.records + 1e-9;
  const rules = measure.rules.map((count) => {
    const expected = snapshot?.rules[count.key]?.flagged ?? 0;
    return { ...count, expected, isOverRate: isOver(count.flagged), isOverSnapshot: count.flagged > expected };
  });
  const isOverRate = isOver(measure.flagged);
  const isPassed = !isOverRate && rules.every((rule) => !rule.isOverRate && !rule.isOverSnapshot);
  return { records: measure.records, flagged: measure.flagged, rate: measure.rate, maxRate, isOverRate, rules, isPassed };
}

