// Runs a correlation fixture: its log goes through the campaign pipeline with every rule of the
// pack, and the correlation must alert for each group of `fire`, for none of `silent`, and with
// `onlyListed` for nothing else. Text in, problems out: the shells read the files.

import { createLogContextBuilder, deriveFields } from '../correlate/derived';
import type { CorrelationFinding } from '../correlate/types';
import { isProblem, readLogRecords, type FieldMap } from '../logs/index';
import type { CorrelationRule, LogRecord, Problem, Rule, Span } from '../model';
import { makeProblem, quote } from '../problems';
import { createStatsPipeline } from '../stats/pipeline';
import { createTemplateIndex } from '../stats/templates';
import { correlationFixturesCheck, type CorrelationFixture, type GroupSpec } from './correlation-fixture-file';

export { correlationFixturesCheck, FIXTURE_SUFFIX, parseCorrelationFixture, type CorrelationFixture, type GroupSpec } from './correlation-fixture-file';

export interface FixtureLog {
  /** The log's name (a path), carried by its problems and named in messages. */
  source: string;
  text: string;
  /** The pack's field map, for fixtures written in the team's own log shape. */
  fieldMap?: FieldMap;
}

export interface CorrelationFixtureRun {
  passed: boolean;
  /**
   * Why it failed (errors on the fixture's spans, or on the log's for lines that do not parse),
   * or one `passed` info that says what was checked.
   */
  problems: Problem[];
}

type Group = Record<string, string>;

type Fail = (span: Span, messageId: string, data: Record<string, string>) => void;

/**
 * Runs `fixture` (parsed from the file named `source`) over its log with `rules`, the whole pack.
 * `log` undefined means the log file does not exist. Derived fields are computed over this log alone.
 */
export function runCorrelationFixture(rules: readonly Rule[], fixture: CorrelationFixture, source: string, log: FixtureLog | undefined): CorrelationFixtureRun {
  const problems: Problem[] = [];
  const fail: Fail = (span, messageId, data) => {
    problems.push(makeProblem(correlationFixturesCheck, messageId, span, data, source));
  };
  const correlation = checkSetup(rules, fixture, log, fail);
  if (!correlation || !log || problems.length > 0) return { passed: false, problems };
  const read = readRecords(log);
  if (read.problems.length > 0 || read.records.length === 0) {
    fail(fixture.logSpan, read.problems.length > 0 ? 'badLog' : 'emptyLog', { log: log.source, count: String(read.problems.length) });
    return { passed: false, problems: [...problems, ...read.problems] };
  }
  const key = keyOf(correlation);
  const { findings, issues } = correlate(rules, read.records, log.source, key);
  for (const issue of issues) fail(fixture.ruleSpan, 'cannotRun', { rule: key, reason: issue });
  const groupOf = groupOfRequest(read.records, correlation.correlation.groupBy.map((field) => field.value));
  judgeGroups({ fixture, key, findings, groupOf, log: log.source }, fail);
  if (problems.length > 0) return { passed: false, problems };
  const only = fixture.onlyListed ? ' and for no other group' : '';
  const outcome = `alerted for ${counted(fixture.fire.length, 'group')} in "fire", for none of ${fixture.silent.length} in "silent"${only}`;
  const passed = makeProblem(correlationFixturesCheck, 'passed', { start: 0, end: 0 }, { rule: key, outcome }, source);
  return { passed: true, problems: [{ ...passed, severity: 'info' }] };
}

/** The fixture's correlation, after checking that it exists, that the log does, and the groups' fields. */
function checkSetup(rules: readonly Rule[], fixture: CorrelationFixture, log: FixtureLog | undefined, fail: Fail): CorrelationRule | undefined {
  const correlation = findCorrelation(rules, fixture.rule);
  if (!correlation) {
    const known = rules.filter(isCorrelation).map(keyOf);
    fail(fixture.ruleSpan, 'unknownRule', { rule: quote(fixture.rule, 60), known: known.length > 0 ? known.join(', ') : '(none)' });
  }
  if (!log) fail(fixture.logSpan, 'noLog', { log: fixture.log });
  if (!correlation) return undefined;
  const groupBy = correlation.correlation.groupBy.map((field) => field.value);
  for (const spec of [...fixture.fire, ...fixture.silent]) {
    if (spec.group && !hasFields(spec.group, groupBy)) {
      fail(spec.span, 'groupFields', { where: spec.where, fields: listed(Object.keys(spec.group)), rule: keyOf(correlation), groupBy: listed(groupBy) });
    }
  }
  return correlation;
}

interface Judged {
  fixture: CorrelationFixture;
  /** The correlation's key. */
  key: string;
  findings: readonly CorrelationFinding[];
  groupOf: (request: string) => Group | undefined;
  /** The log's name, for messages. */
  log: string;
}

/** Compares the alerts with `fire`, `silent` and `onlyListed`. */
function judgeGroups({ fixture, key, findings, groupOf, log }: Judged, fail: Fail): void {
  const resolve = (spec: GroupSpec): Group | undefined => {
    const group = spec.group ?? groupOf(spec.groupOf as string);
    if (!group) fail(spec.span, 'unknownRequest', { where: spec.where, request: quote(spec.groupOf, 60), log });
    return group;
  };
  const firedFor = (group: Group): CorrelationFinding | undefined => findings.find((finding) => isSameGroup(finding.group, group));
  const fire = fixture.fire.map((spec) => ({ spec, group: resolve(spec) }));
  for (const { spec, group } of fire) {
    if (group && !firedFor(group)) fail(spec.span, 'notFired', { rule: key, where: spec.where, group: describeGroup(spec, group), fired: describeFired(findings) });
  }
  for (const spec of fixture.silent) {
    const group = resolve(spec);
    const finding = group && firedFor(group);
    if (finding) fail(spec.span, 'fired', { rule: key, where: spec.where, group: describeGroup(spec, group), at: firstMember(finding) });
  }
  if (!fixture.onlyListed) return;
  const listedGroups = fire.flatMap(({ group }) => (group ? [group] : []));
  for (const finding of findings.filter((f) => !listedGroups.some((group) => isSameGroup(f.group, group)))) {
    fail(fixture.onlyListedSpan, 'unlisted', { rule: key, group: formatGroup(finding.group), at: firstMember(finding) });
  }
}

/** The correlation's key as findings carry it: its `name`, else its `id`, else its title. */
function keyOf(rule: CorrelationRule): string {
  return rule.name?.value ?? rule.id?.value ?? rule.title?.value ?? '';
}

function isCorrelation(rule: Rule): rule is CorrelationRule {
  return rule.kind === 'correlation';
}

function findCorrelation(rules: readonly Rule[], name: string): CorrelationRule | undefined {
  return rules.filter(isCorrelation).find((rule) => rule.name?.value === name || rule.id?.value === name);
}

function readRecords(log: FixtureLog): { records: LogRecord[]; problems: Problem[] } {
  const records: LogRecord[] = [];
  const problems: Problem[] = [];
  const options = log.fieldMap ? { name: log.source, fieldMap: log.fieldMap } : { name: log.source };
  for (const item of readLogRecords(log.text, options)) {
    if (!isProblem(item)) records.push(item);
    else if (item.severity === 'error') problems.push({ ...item, source: log.source });
  }
  return { records, problems };
}

/** The findings of the correlation `key` over the records, and why it cannot run, if it cannot. */
function correlate(rules: readonly Rule[], records: readonly LogRecord[], source: string, key: string): { findings: CorrelationFinding[]; issues: string[] } {
  const builder = createLogContextBuilder();
  for (const record of records) builder.add(record);
  const pipeline = createStatsPipeline({ rules, context: builder.finish() });
  for (const record of records) pipeline.add(record, source);
  const stats = pipeline.finish();
  return {
    findings: stats.correlations.filter((finding) => finding.rule === key),
    issues: stats.correlationIssues.filter((issue) => issue.rule === key).map((issue) => issue.reason),
  };
}

/**
 * Looks up the group-by values of the record with a `request_id`, derived fields computed as the
 * pipeline computes them (templates are asked in record order). Computed on first use.
 */
function groupOfRequest(records: readonly LogRecord[], groupBy: readonly string[]): (request: string) => Group | undefined {
  let byRequest: Map<string, Group> | undefined;
  return (request) => {
    if (!byRequest) {
      byRequest = new Map();
      const builder = createLogContextBuilder();
      for (const record of records) builder.add(record);
      const context = builder.finish();
      const templates = createTemplateIndex();
      for (const record of records) {
        const template = templates.templateOf(record.fields.system, record.fields.prompt);
        const fields: Record<string, unknown> = { ...record.fields, ...deriveFields(record, context, template) };
        const id = record.fields.request_id;
        if (id !== undefined && !byRequest.has(id)) byRequest.set(id, Object.fromEntries(groupBy.map((name) => [name, String(fields[name])])));
      }
    }
    return byRequest.get(request);
  };
}

function hasFields(group: Group, groupBy: readonly string[]): boolean {
  const keys = Object.keys(group);
  return keys.length === groupBy.length && groupBy.every((field) => keys.includes(field));
}

function isSameGroup(a: Group, b: Group): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => a[key] === b[key]);
}

function formatGroup(group: Group): string {
  return Object.entries(group)
    .map(([field, value]) => `${field}="${quote(value, 60)}"`)
    .join(', ');
}

function describeGroup(spec: GroupSpec, group: Group): string {
  return spec.groupOf === undefined ? formatGroup(group) : `the group of request "${quote(spec.groupOf, 60)}" (${formatGroup(group)})`;
}

/** The groups that alerted, for a message: none, or the first three and how many more. */
function describeFired(findings: readonly CorrelationFinding[]): string {
  const groups = [...new Set(findings.map((finding) => formatGroup(finding.group)))];
  if (groups.length === 0) return 'no group';
  const shown = groups.slice(0, 3).join('; ');
  return groups.length > 3 ? `${shown} and ${groups.length - 3} more` : shown;
}

function firstMember(finding: CorrelationFinding): string {
  const [member] = finding.members;
  return member ? `${member.source}:${member.line}` : 'an unknown record';
}

function listed(names: readonly string[]): string {
  return names.length > 0 ? names.map((name) => `"${name}"`).join(', ') : '(none)';
}

function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
