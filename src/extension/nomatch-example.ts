// The `nomatch` example a false positive becomes: the smallest event that makes the rule match as
// the record did. A rule that only reads the prompt gets the prompt as a string; otherwise an
// object with the fields its selections (filters included) read. The example is checked against
// the rule as the inline tests run it, so that it reproduces the match until the rule is fixed.
// Also how such a value is written as YAML on one line, with hostile characters escaped. No
// `vscode` import, so that plain unit tests can check it.
import { compileRule, targetFromTestInput } from '../core/engine';
import { isTaxonomyField } from '../core/match/fields';
import { LLM_FIELDS, type DetectionRule, type LogRecord } from '../core/model';

export type Example = string | Record<string, unknown>;

/** Characters that reorder or hide text (Trojan Source), line breaks and controls: written as escapes. */
const HOSTILE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const HOSTILE_ALL = new RegExp(HOSTILE.source, 'g');
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const RESERVED_KEY = /^(true|false|null|yes|no|on|off|y|n|~)$/i;

/**
 * The example for `record`, and whether the rule matches it (so that, as a `nomatch`, it fails
 * until the rule is fixed). Falls back to the whole event when the smaller one does not reproduce
 * the match; a rule that reads derived fields (template, hour, …) may still not match it.
 */
export function nomatchExample(rule: DetectionRule, record: LogRecord): { example: Example; reproduces: boolean } {
  const compiled = compileRule(rule);
  const reproduces = (example: Example) => compiled.issues.length === 0 && compiled.explain(targetFromTestInput(example, rule)) !== undefined;
  const small = smallestExample(rule, record);
  if (reproduces(small)) return { example: small, reproduces: true };
  const whole = wholeEvent(rule, record);
  return reproduces(whole) ? { example: whole, reproduces: true } : { example: small, reproduces: false };
}

function smallestExample(rule: DetectionRule, record: LogRecord): Example {
  const { fields, hasKeywords } = fieldsRead(rule);
  const raw = isObject(record.raw) ? record.raw : {};
  if (!rule.logsource.isLlm) {
    if (hasKeywords) return { ...raw };
    return pickTopLevel(raw, [...fields]);
  }
  const taxonomy = hasKeywords ? new Set<string>(LLM_FIELDS) : new Set([...fields].filter(isTaxonomyField));
  const paths = [...fields].filter((field) => !isTaxonomyField(field));
  if (paths.length === 0 && [...taxonomy].every((field) => field === 'prompt')) return record.fields.prompt ?? '';
  const example: Record<string, unknown> = {};
  for (const field of LLM_FIELDS) if (taxonomy.has(field) && record.fields[field] !== undefined) example[field] = record.fields[field];
  return { ...example, ...pickTopLevel(raw, paths) };
}

function wholeEvent(rule: DetectionRule, record: LogRecord): Example {
  const raw = isObject(record.raw) ? record.raw : {};
  if (!rule.logsource.isLlm) return { ...raw };
  const { fields } = fieldsRead(rule);
  return { ...pickTopLevel(raw, [...fields].filter((field) => !isTaxonomyField(field))), ...record.fields };
}

/** The field names the rule's selections read, and whether any selection is a keyword search. */
function fieldsRead(rule: DetectionRule): { fields: Set<string>; hasKeywords: boolean } {
  const fields = new Set<string>();
  let hasKeywords = false;
  for (const selection of rule.detection.selections) {
    for (const item of selection.alternatives.flat()) {
      if (item.field) fields.add(item.field.value);
      else hasKeywords = true;
    }
  }
  return { fields, hasKeywords };
}

/** The top-level keys of `raw` that dotted `paths` start at, so that every path resolves as in the record. */
function pickTopLevel(raw: Record<string, unknown>, paths: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const path of paths) {
    const top = path.split('.')[0] ?? '';
    if (top !== '' && Object.hasOwn(raw, top)) out[top] = raw[top];
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value as one line of YAML flow style: strings single-quoted when that shows them as they are. */
export function yamlFlow(value: unknown): string {
  if (typeof value === 'string') return yamlString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : yamlString(String(value));
  if (typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return `[${value.map(yamlFlow).join(', ')}]`;
  if (isObject(value)) return `{${Object.entries(value).map(([key, item]) => `${yamlKey(key)}: ${yamlFlow(item)}`).join(', ')}}`;
  return 'null';
}

export function yamlString(text: string): string {
  if (!HOSTILE.test(text) && !LONE_SURROGATE.test(text)) return `'${text.replace(/'/g, "''")}'`;
  // JSON's escapes are YAML's (JSON.stringify escapes lone surrogates); the other hostile characters become \u escapes too.
  return JSON.stringify(text).replace(HOSTILE_ALL, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function yamlKey(key: string): string {
  return PLAIN_KEY.test(key) && !RESERVED_KEY.test(key) ? key : yamlString(key);
}
