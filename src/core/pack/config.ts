// The pack configuration file (`promptsift.yaml` at the pack root): which files are rules and logs,
// check severities, the false-positive baseline and the log field mapping.

import { parseDocument } from 'yaml';
import { LLM_FIELDS, type LlmField, type Parsed, type Problem, type Severity } from '../model';
import { makeProblem, quote, type CheckMeta } from '../problems';
import { isMap, isScalar, isSeq, keyText, nodeSpan, pairAt, pairsOf } from '../yaml/nodes';

export const PACK_CONFIG_FILE = 'promptsift.yaml';

export type CheckSetting = Severity | 'off';

export interface BaselineConfig {
  /** Globs of benign log files, relative to the pack root. */
  files: string[];
  /** The highest share of baseline records any rule may flag (0–1). */
  maxFalsePositiveRate: number;
  /** Path of the committed snapshot of expected false positives, relative to the pack root. */
  snapshot?: string;
}

export interface PackConfig {
  /** Globs of rule files, relative to the pack root. */
  rules: string[];
  /** Globs excluded from rules and logs. */
  exclude: string[];
  /** Globs of log files the editor scans and decorates. */
  logs: string[];
  baseline?: BaselineConfig;
  /** Severity overrides and disabled checks, by check id. */
  checks: Record<string, CheckSetting>;
  /** Source paths of LLM taxonomy fields for the team's own log shape, tried in order. */
  fieldMap: Partial<Record<LlmField, string[]>>;
}

export const DEFAULT_CONFIG: Readonly<PackConfig> = {
  rules: ['**/*.yml', '**/*.yaml'],
  exclude: ['**/node_modules/**', '**/.git/**'],
  logs: ['**/*.jsonl', '**/*.ndjson'],
  checks: {},
  fieldMap: {},
};

export const packConfigCheck: CheckMeta = {
  id: 'pack-config',
  severity: 'error',
  description: 'The pack configuration file must be valid.',
  messages: {
    syntax: 'The pack configuration is not valid YAML: {{detail}}',
    notMapping: 'The pack configuration must be a mapping of keys to values.',
    unknownKey: 'Unknown key "{{key}}"; known keys: {{known}}.',
    globs: '"{{key}}" must be a glob or a list of globs.',
    setting: 'Check "{{check}}" is set to "{{value}}"; use one of error, warning, info, off.',
    rate: 'baseline.maxFalsePositiveRate must be a number between 0 and 1, not "{{value}}".',
    snapshot: 'baseline.snapshot must be a path relative to the pack root.',
    field: 'fieldMap key "{{field}}" is not an LLM taxonomy field ({{known}}).',
    paths: 'fieldMap.{{field}} must be a path or a list of dotted paths.',
  },
};

const KNOWN_KEYS = ['rules', 'exclude', 'logs', 'baseline', 'checks', 'fieldMap'];

/** Reads a pack configuration; problems leave the defaults in place for what they concern. */
export function parsePackConfig(text: string, source = PACK_CONFIG_FILE): Parsed<PackConfig> {
  const problems: Problem[] = [];
  const report = (span: { start: number; end: number }, id: string, data: Record<string, string> = {}): void => {
    problems.push(makeProblem(packConfigCheck, id, span, data, source));
  };
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  for (const error of doc.errors) {
    report({ start: error.pos[0], end: error.pos[1] }, 'syntax', { detail: error.message.split('\n')[0] ?? '' });
  }
  const config: PackConfig = { ...DEFAULT_CONFIG, checks: {}, fieldMap: {} };
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return { value: config, problems };
  if (!isMap(root)) {
    report(nodeSpan(root), 'notMapping');
    return { value: config, problems };
  }
  for (const pair of pairsOf(root)) {
    const key = keyText(pair);
    if (!KNOWN_KEYS.includes(key)) report(nodeSpan(pair.key), 'unknownKey', { key, known: KNOWN_KEYS.join(', ') });
  }
  for (const key of ['rules', 'exclude', 'logs'] as const) {
    const node = pairAt(root, key)?.value;
    if (node === undefined) continue;
    const globs = readStrings(node);
    if (globs) config[key] = globs;
    else report(nodeSpan(node), 'globs', { key });
  }
  readChecks(pairAt(root, 'checks')?.value, config, report);
  readBaseline(pairAt(root, 'baseline')?.value, config, report);
  readFieldMap(pairAt(root, 'fieldMap')?.value, config, report);
  return { value: config, problems };
}

type Report = (span: { start: number; end: number }, id: string, data?: Record<string, string>) => void;

function readStrings(node: unknown): string[] | undefined {
  if (isScalar(node) && typeof node.value === 'string') return [node.value];
  if (!isSeq(node)) return undefined;
  const out: string[] = [];
  for (const item of node.items) {
    if (!isScalar(item) || typeof item.value !== 'string') return undefined;
    out.push(item.value);
  }
  return out;
}

function readChecks(node: unknown, config: PackConfig, report: Report): void {
  for (const pair of pairsOf(node)) {
    const value = isScalar(pair.value) ? String(pair.value.value) : '';
    if (['error', 'warning', 'info', 'off'].includes(value)) config.checks[keyText(pair)] = value as CheckSetting;
    else report(nodeSpan(pair.value ?? pair.key), 'setting', { check: keyText(pair), value: quote(value) });
  }
}

function readBaseline(node: unknown, config: PackConfig, report: Report): void {
  if (!isMap(node)) return;
  const files = readStrings(pairAt(node, 'files')?.value) ?? [];
  const rateNode = pairAt(node, 'maxFalsePositiveRate')?.value;
  let rate = 0;
  if (rateNode !== undefined) {
    const value = isScalar(rateNode) ? Number(rateNode.value) : Number.NaN;
    if (Number.isFinite(value) && value >= 0 && value <= 1) rate = value;
    else report(nodeSpan(rateNode), 'rate', { value: quote(isScalar(rateNode) ? rateNode.value : '') });
  }
  config.baseline = { files, maxFalsePositiveRate: rate };
  const snapshotNode = pairAt(node, 'snapshot')?.value;
  if (snapshotNode === undefined) return;
  if (isScalar(snapshotNode) && typeof snapshotNode.value === 'string' && snapshotNode.value !== '') {
    config.baseline.snapshot = snapshotNode.value;
  } else {
    report(nodeSpan(snapshotNode), 'snapshot');
  }
}

function readFieldMap(node: unknown, config: PackConfig, report: Report): void {
  for (const pair of pairsOf(node)) {
    const field = keyText(pair);
    if (!(LLM_FIELDS as readonly string[]).includes(field)) {
      report(nodeSpan(pair.key), 'field', { field, known: LLM_FIELDS.join(', ') });
      continue;
    }
    const paths = readStrings(pair.value);
    if (paths) config.fieldMap[field as LlmField] = paths;
    else report(nodeSpan(pair.value ?? pair.key), 'paths', { field });
  }
}
