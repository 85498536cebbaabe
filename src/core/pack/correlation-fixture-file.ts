// Reads a correlation fixture's `<name>.expected.json`: which correlation it tests, its log, and the
// groups that must alert or stay silent. Bad JSON or a wrong shape becomes problems, never a throw.

import { parseDocument } from 'yaml';
import type { Parsed, Problem, Span } from '../model';
import { makeProblem, quote, type CheckMeta } from '../problems';
import { nodeAt, nodeSpan, type YamlPath } from '../yaml/nodes';

/** The suffix that marks a file as a correlation fixture's expectations. */
export const FIXTURE_SUFFIX = '.expected.json';

/** Problems of correlation fixtures: their files, and correlations that do not alert as expected. */
export const correlationFixturesCheck: CheckMeta = {
  id: 'correlation-fixtures',
  severity: 'error',
  description:
    'Each correlation fixture (`fixtures/<name>.expected.json` beside `<name>.jsonl`) must be valid, and its correlation must alert for exactly the groups it expects.',
  messages: {
    json: 'The fixture is not valid JSON: {{detail}}.',
    notObject: 'The fixture must be a JSON object with "rule", "fire" and "silent".',
    field: '"{{key}}" must be {{what}}.',
    unknownKey: 'Unknown key "{{key}}"; known keys: {{known}}.',
    group: '{{where}} must be {"group": {"<group-by field>": "<value>", …}} or {"groupOf": "<request_id>"}.',
    unknownRule: 'No correlation rule of the pack is named "{{rule}}" (by name or id); its correlations: {{known}}.',
    groupFields: '{{where}} names {{fields}}, but correlation "{{rule}}" groups by {{groupBy}}.',
    unknownRequest: '{{where}} names request "{{request}}", which is not in {{log}}.',
    noLog: 'The fixture log {{log}} does not exist.',
    badLog: 'The fixture log {{log}} has {{count}} line(s) that do not parse, so the fixture does not run.',
    emptyLog: 'The fixture log {{log}} holds no records.',
    cannotRun: 'Correlation "{{rule}}" cannot run: {{reason}}.',
    notFired: 'Correlation "{{rule}}" did not alert for {{group}} ({{where}}); it alerted for {{fired}}.',
    fired: 'Correlation "{{rule}}" alerted for {{group}} ({{where}}), which must stay silent; first member at {{at}}.',
    unlisted: 'Correlation "{{rule}}" alerted for {{group}}, which "fire" does not list, and "onlyListed" is true; first member at {{at}}.',
    passed: 'Correlation "{{rule}}" passed: {{outcome}}.',
  },
};

/** One expected group: by its group-by values, or as the group of a record of the log. */
export interface GroupSpec {
  /** How the fixture lists it: `fire[0]`, `silent[1]`. */
  where: string;
  span: Span;
  /** group-by field → value, compared as strings. */
  group?: Record<string, string>;
  /** The `request_id` of a record whose group is meant. */
  groupOf?: string;
}

export interface CorrelationFixture {
  /** The correlation's `name` or `id`. */
  rule: string;
  ruleSpan: Span;
  /** The log's file name, beside the fixture (`<name>.jsonl` unless `log` says otherwise). */
  log: string;
  logSpan: Span;
  description: string;
  fire: GroupSpec[];
  silent: GroupSpec[];
  /** No group outside `fire` may alert. */
  onlyListed: boolean;
  /** Where `onlyListed` is set (the start of the file when it is not). */
  onlyListedSpan: Span;
}

const KNOWN_KEYS = ['rule', 'log', 'description', 'fire', 'silent', 'onlyListed'];

/**
 * Parses an expected file. `source` is its name (a path; only its last segment is used, for the
 * default log name); problems carry it and offsets into `text`. Any problem leaves `value` undefined.
 */
export function parseCorrelationFixture(text: string, source: string): Parsed<CorrelationFixture> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const at = Math.min(errorOffset(text, detail), text.length);
    // V8 appends an excerpt of the text (`…, "…" is not valid JSON`); the position says more.
    const reason = quote(detail.replace(/, (?:\.\.\.)?".*" is not valid JSON$/s, ''), 120);
    return { value: undefined, problems: [makeProblem(correlationFixturesCheck, 'json', { start: at, end: at }, { detail: reason }, source)] };
  }
  // Valid JSON is valid YAML: its AST gives the spans that JSON.parse does not.
  const root = parseDocument(text, { uniqueKeys: false }).contents;
  const spanOf = (path: YamlPath): Span => nodeSpan(nodeAt(root, path), nodeSpan(root).start);
  const problems: Problem[] = [];
  const report = (path: YamlPath, messageId: string, data: Record<string, string> = {}): void => {
    problems.push(makeProblem(correlationFixturesCheck, messageId, spanOf(path), data, source));
  };
  if (!isObject(data)) {
    report([], 'notObject');
    return { value: undefined, problems };
  }
  for (const key of Object.keys(data)) {
    if (!KNOWN_KEYS.includes(key)) report([], 'unknownKey', { key: quote(key, 40), known: KNOWN_KEYS.join(', ') });
  }
  const readString = (key: string, isRequired: boolean): string | undefined => {
    const value = data[key];
    if (value === undefined && !isRequired) return undefined;
    if (typeof value === 'string' && value !== '') return value;
    report(value === undefined ? [] : [key], 'field', { key, what: 'a non-empty string' });
    return undefined;
  };
  const rule = readString('rule', true);
  const log = readString('log', false);
  if (log !== undefined && /[\\/]/.test(log)) report(['log'], 'field', { key: 'log', what: 'a file name beside the fixture' });
  const description = data.description === undefined ? '' : readString('description', false) ?? '';
  if (data.onlyListed !== undefined && typeof data.onlyListed !== 'boolean') report(['onlyListed'], 'field', { key: 'onlyListed', what: 'true or false' });
  const fire = readGroups(data, 'fire', spanOf, report);
  const silent = readGroups(data, 'silent', spanOf, report);
  if (problems.length > 0 || rule === undefined) return { value: undefined, problems };
  return {
    value: {
      rule,
      ruleSpan: spanOf(['rule']),
      log: log ?? defaultLogName(source),
      logSpan: log === undefined ? spanOf([]) : spanOf(['log']),
      description,
      fire,
      silent,
      onlyListed: data.onlyListed === true,
      onlyListedSpan: spanOf(['onlyListed']),
    },
    problems,
  };
}

/**
 * Where JSON.parse failed: V8 says `at position N` for some errors only; otherwise the YAML
 * parser's first error on the same text is a close guess (JSON is YAML), else the start.
 */
function errorOffset(text: string, detail: string): number {
  const position = /position (\d+)/.exec(detail)?.[1];
  if (position !== undefined) return Number(position);
  return parseDocument(text, { uniqueKeys: false }).errors[0]?.pos[0] ?? 0;
}

/** `<name>.jsonl` for `…/<name>.expected.json`. */
function defaultLogName(source: string): string {
  const name = source.replace(/^.*[\\/]/, '');
  return `${name.endsWith(FIXTURE_SUFFIX) ? name.slice(0, -FIXTURE_SUFFIX.length) : name}.jsonl`;
}

type Report = (path: YamlPath, messageId: string, data?: Record<string, string>) => void;

/** `fire` or `silent`: a list (missing means empty) of group specs. */
function readGroups(data: Record<string, unknown>, key: 'fire' | 'silent', spanOf: (path: YamlPath) => Span, report: Report): GroupSpec[] {
  const list = data[key];
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    report([key], 'field', { key, what: 'a list of groups' });
    return [];
  }
  const specs: GroupSpec[] = [];
  list.forEach((item: unknown, index) => {
    const where = `${key}[${index}]`;
    const spec = readGroup(item);
    if (spec) specs.push({ where, span: spanOf([key, index]), ...spec });
    else report([key, index], 'group', { where });
  });
  return specs;
}

function readGroup(item: unknown): Pick<GroupSpec, 'group' | 'groupOf'> | undefined {
  if (!isObject(item) || Object.keys(item).length !== 1) return undefined;
  if (typeof item.groupOf === 'string' && item.groupOf !== '') return { groupOf: item.groupOf };
  if (!isObject(item.group) || Object.keys(item.group).length === 0) return undefined;
  const group: Record<string, string> = {};
  for (const [field, value] of Object.entries(item.group)) {
    if (!['string', 'number', 'boolean'].includes(typeof value)) return undefined;
    group[field] = String(value);
  }
  return { group };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
