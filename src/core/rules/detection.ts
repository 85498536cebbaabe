// Builds the `Detection` model (selections, items, values, conditions) from a YAML node.
//
// The builder is lenient: it keeps what it finds (unknown modifiers, composite values, empty
// selections) so that the checks can report each with a precise span, and the matcher can decide
// what it can run.

import type { Detection, Located, RuleValue, Scalar, Selection, SelectionItem, Span } from '../model';
import {
  isMap,
  isQuotedScalar,
  isScalar,
  isSeq,
  keyText,
  nodeSpan,
  pairsOf,
  scalarOffsetMapper,
  type Pair,
} from '../yaml/nodes';

/** Keys under `detection` that are not search identifiers. */
const RESERVED_KEYS = new Set(['condition', 'timeframe']);

/** Reads `detection` (or a filter's body) into selections and condition strings. */
export function buildDetection(node: unknown, text: string, fallback: Span): Detection {
  const span = isMap(node) ? nodeSpan(node) : fallback;
  const selections: Selection[] = [];
  let conditions: Located<string>[] = [];
  let conditionMissing = true;
  for (const pair of pairsOf(node)) {
    const key = keyText(pair);
    if (key === 'condition') {
      conditionMissing = false;
      conditions = readConditions(pair.value);
    } else if (!RESERVED_KEYS.has(key)) {
      selections.push(buildSelection(pair, text));
    }
  }
  return { span, selections, conditions, conditionMissing };
}

function readConditions(node: unknown): Located<string>[] {
  const items = isSeq(node) ? node.items : [node];
  const out: Located<string>[] = [];
  for (const item of items) {
    if (isScalar(item) && typeof item.value === 'string') out.push({ value: item.value, span: nodeSpan(item) });
  }
  return out;
}

function buildSelection(pair: Pair<unknown, unknown>, text: string): Selection {
  const name = { value: keyText(pair), span: nodeSpan(pair.key) };
  const node = pair.value;
  const span = node ? nodeSpan(node, name.span.end) : name.span;
  const alternatives: SelectionItem[][] = [];
  if (isMap(node)) {
    alternatives.push(buildItems(node, text));
  } else if (isSeq(node)) {
    const keywords: RuleValue[] = [];
    for (const entry of node.items) {
      if (isMap(entry)) alternatives.push(buildItems(entry, text));
      else keywords.push(toRuleValue(entry));
    }
    if (keywords.length > 0) {
      alternatives.push([{ keySpan: span, modifiers: [], values: keywords, isList: true, span }]);
    }
  } else if (isScalar(node) && node.value !== null) {
    // Not valid Sigma (the schema check says so), but read as a one-keyword search so that the
    // rest of the rule can still be checked.
    alternatives.push([{ keySpan: span, modifiers: [], values: [toRuleValue(node)], isList: false, span }]);
  }
  return { name, span, alternatives };
}

function buildItems(map: unknown, text: string): SelectionItem[] {
  return pairsOf(map).map((pair) => buildItem(pair, text));
}

function buildItem(pair: Pair<unknown, unknown>, text: string): SelectionItem {
  const key = keyText(pair);
  const keySpan = nodeSpan(pair.key);
  const offsetOf = scalarOffsetMapper(text, pair.key);
  const parts = key.split('|');
  const fieldName = parts[0] ?? '';
  let cursor = fieldName.length;
  const modifiers: Located<string>[] = [];
  for (const part of parts.slice(1)) {
    const start = cursor + 1;
    modifiers.push({ value: part, span: { start: offsetOf(start), end: offsetOf(start + part.length) } });
    cursor = start + part.length;
  }
  const value = pair.value;
  const isList = isSeq(value);
  const values = isList ? value.items.map(toRuleValue) : [toRuleValue(value, keySpan.end)];
  const span = { start: keySpan.start, end: value ? nodeSpan(value, keySpan.end).end : keySpan.end };
  const item: SelectionItem = { keySpan, modifiers, values, isList, span };
  if (fieldName !== '') item.field = { value: fieldName, span: { start: offsetOf(0), end: offsetOf(fieldName.length) } };
  return item;
}

function toRuleValue(node: unknown, fallback = 0): RuleValue {
  if (node === null || node === undefined) {
    // `Field:` with nothing after it is YAML null.
    return { value: null, span: { start: fallback, end: fallback }, isQuoted: false };
  }
  const span = nodeSpan(node, fallback);
  if (!isScalar(node)) return { value: null, span, isQuoted: false, isComposite: true };
  const raw = node.value;
  const value: Scalar =
    raw === null || raw === undefined
      ? null
      : typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean'
        ? raw
        : String(raw);
  return { value, span, isQuoted: isQuotedScalar(node) };
}
