// Runs the selected rules on one parsed record and turns their evidence into findings: spans inside
// field values are mapped back to the raw text with `record.locate`, then to lines and columns.

import { rawPathLeaves } from '../logs/index';
import { isComputedField } from '../classify/shipped';
import { taxonomyValue, type MatchTarget } from '../match/fields';
import type { LogRecord, MatchEvidence, Span } from '../model';
import { MATCHED_TEXT_LIMIT, type Finding } from './findings';
import type { PlannedRule, ScanPlan } from './plan';

/**
 * Creates the function that picks the rules to run on a record from the plan's literals found in
 * its raw text: those needing a literal found, and those needing none, in plan order (every rule
 * when an escape trigger was found). The answer is a new array.
 */
export function createRuleSelector(plan: ScanPlan): (found: readonly number[]) => number[] {
  // Rules already picked for the current record.
  const selected = new Uint8Array(plan.rules.length);
  return (found) => {
    if (found.some((id) => id >= plan.triggerStart)) return plan.rules.map((_rule, index) => index);
    const out: number[] = [];
    const add = (index: number): void => {
      if (selected[index] === 1) return;
      selected[index] = 1;
      out.push(index);
    };
    for (const id of found) for (const index of plan.rulesByLiteral[id] as number[]) add(index);
    for (const index of plan.alwaysRules) add(index);
    for (const index of out) selected[index] = 0;
    return out.sort((a, b) => a - b);
  };
}

/** Line and 1-based column of an offset into the text the record was read from. */
export type Position = (offset: number) => { line: number; column: number };

export interface EvaluateHooks {
  /** False skips the rule on this record (disabled by the watchdog). */
  isEnabled?(ruleIndex: number, line: number): boolean;
  /** Called before each rule runs, so a watchdog knows what a stuck worker was doing. */
  beforeRule?(ruleIndex: number, line: number): void;
  /** Called when the rule is done with the record. */
  afterRule?(ruleIndex: number): void;
}

/**
 * Where a record's findings point and what they are keyed by. A scanner keeps one for all its
 * records (the functions read its current line), so that V8 sees the same functions every time.
 */
export interface EvaluateContext {
  position: Position;
  recordKey: () => string;
  hooks?: EvaluateHooks;
  /** Opens a record's item gates (createRecordGates over the plan's gates); without it every item runs. */
  gates?: (fields: LogRecord['fields']) => Uint8Array;
}

/** Runs the rules at `ruleIndexes` on `record`; calls `emit` for each finding. Returns how many. */
export function evaluateRecord(
  plan: ScanPlan,
  record: LogRecord,
  ruleIndexes: readonly number[],
  context: EvaluateContext,
  emit: (finding: Finding) => void,
): number {
  let count = 0;
  let key: string | undefined;
  // Gates pay for themselves when a rule has several gated items (the rule-level prefilter already
  // chose the others by their literals). They go on a target of their own: the record may be
  // matched again later, without them.
  const isGated = context.gates !== undefined && ruleIndexes.some((index) => (plan.rules[index] as PlannedRule).compiled.gatedItems > 1);
  const gates = isGated ? context.gates?.(record.fields) : undefined;
  const target: MatchTarget = gates ? { fields: record.fields, raw: record.raw, gates } : record;
  for (let r = 0; r < ruleIndexes.length; r++) {
    const index = ruleIndexes[r] as number;
    const planned = plan.rules[index] as PlannedRule;
    if (gates && !planned.compiled.mayMatch(gates)) continue;
    if (context.hooks?.isEnabled && !context.hooks.isEnabled(index, record.line)) continue;
    context.hooks?.beforeRule?.(index, record.line);
    // A rule with value lists answers yes/no first (combined regexes, first answer wins): most
    // rules do not match most records, and evidence runs every value on its own. Otherwise
    // `explain` alone, which answers whether the rule matches too.
    const compiled = planned.compiled;
    const evidence = compiled.hasValueLists && !compiled.matches(target) ? undefined : compiled.explain(target);
    context.hooks?.afterRule?.(index);
    if (!evidence) continue;
    key ??= record.fields.request_id ?? context.recordKey();
    for (const finding of findingsOf(planned, record, evidence, context.position, key)) {
      emit(finding);
      count++;
    }
  }
  return count;
}

/** One finding per raw range of every evidence span, in text order; the whole record when nothing can be underlined. */
function findingsOf(planned: PlannedRule, record: LogRecord, evidence: MatchEvidence[], position: Position, recordKey: string): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const item of evidence) {
    const field = item.path ?? item.field;
    if (field === undefined) continue;
    const ref = { name: field, isRawPath: item.isRawPath };
    const value = fieldText(record, field, item.isRawPath);
    for (const span of item.spans) {
      for (const raw of record.locate(ref, span)) {
        const id = `${raw.start}:${raw.end}`;
        if (seen.has(id)) continue;
        seen.add(id);
        out.push(makeFinding(planned, record, item, field, raw, position, recordKey, value?.slice(span.start, span.end) ?? ''));
      }
    }
  }
  if (out.length === 0) {
    // Evidence without a text position (`exists`, `neq`, numbers, computed fields): point at the whole record.
    const first = evidence[0];
    const stub: MatchEvidence = first ?? { selection: '', modifiers: [], value: '', spans: [], ruleSpan: { start: 0, end: 0 }, isRawPath: false };
    const field = first?.path ?? first?.field ?? '';
    out.push(makeFinding(planned, record, stub, field, record.span, position, recordKey, computedText(record, stub, field)));
  }
  // In the order of the text, whatever the order of the selections.
  return out.length > 1 ? out.sort((a, b) => a.startLine - b.startLine || a.column - b.column) : out;
}

/** What a computed field held (the classifier's score, to three places), as the finding's matched text; '' for other fields. */
function computedText(record: LogRecord, item: MatchEvidence, field: string): string {
  if (item.isRawPath || !isComputedField(field)) return '';
  const value = taxonomyValue(record.fields, field);
  return typeof value === 'number' ? value.toFixed(3) : '';
}

function makeFinding(
  planned: PlannedRule,
  record: LogRecord,
  item: MatchEvidence,
  field: string,
  raw: Span,
  position: Position,
  recordKey: string,
  matched: string,
): Finding {
  const start = position(raw.start);
  const end = position(raw.end);
  const rule = planned.compiled.rule;
  const finding: Finding = {
    line: record.line,
    startLine: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    ruleId: planned.key,
    title: planned.title,
    level: planned.level,
    ruleSource: rule.source,
    ruleOffset: item.ruleSpan.start,
    field,
    selection: item.selection,
    modifiers: [...item.modifiers],
    value: item.value,
    matched: matched.length > MATCHED_TEXT_LIMIT ? `${matched.slice(0, MATCHED_TEXT_LIMIT)}…` : matched,
    recordKey,
  };
  // Copies, so that a finding kept for long does not keep the record's text alive (V8 slices).
  if (record.fields.account_id !== undefined) finding.account_id = copy(record.fields.account_id);
  if (record.fields.timestamp !== undefined) finding.timestamp = copy(record.fields.timestamp);
  finding.matched = copy(finding.matched);
  return finding;
}

function fieldText(record: LogRecord, field: string, isRawPath: boolean): string | undefined {
  if (!isRawPath) {
    const value = (record.fields as Record<string, unknown>)[field];
    return typeof value === 'string' ? value : undefined;
  }
  const leaf = rawPathLeaves(record.raw, field)[0]?.value;
  return typeof leaf === 'string' || typeof leaf === 'number' || typeof leaf === 'boolean' ? String(leaf) : undefined;
}

function copy(text: string): string {
  return text.length === 0 ? text : (' ' + text).slice(1);
}

/** FNV-1a over the text, twice with different seeds: 16 hex digits, stable across runs and machines. */
export function hashText(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x9e3779b9;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
