/** Style hints on values, as pySigma gives them: doubled wildcards, wildcards instead of modifiers, quoted numbers. */

import type { SelectionItem } from '../model';
import { parseSigmaString, type StringPart } from '../match/sigma-string';
import { quote } from '../problems';
import { detectionOf, selectionItems } from './detections';
import type { CheckContext, RuleCheck } from './types';

/** Modifiers after which a value is still a plain Sigma string with wildcards. */
const STRING_MODIFIERS = new Set(['contains', 'startswith', 'endswith', 'all', 'cased', 'windash', 'neq']);
/** Modifiers that leave a value matched whole (so `*x*` could be written with contains). */
const WHOLE_VALUE_MODIFIERS = new Set(['all', 'cased', 'windash']);

export const valueStyle: RuleCheck = {
  id: 'value-style',
  scope: 'rule',
  severity: 'info',
  description: 'Values are clearer without doubled wildcards, with contains/startswith/endswith instead of leading or trailing `*`, and with numbers unquoted.',
  messages: {
    doubleWildcard: 'The value "{{value}}" has "**"; one "*" matches the same.',
    wildcardsInsteadOfModifier: 'Every value of "{{field}}" is written with "*" where "|{{modifier}}" says it more clearly.',
    numberAsString: 'The number "{{value}}" is quoted, so backends compare it as a string; write it without quotes.',
  },
  check(rule, context) {
    const detection = detectionOf(rule)?.detection;
    if (!detection) return;
    for (const { item } of selectionItems(detection)) {
      const names = item.modifiers.map((m) => m.value);
      if (!names.every((name) => STRING_MODIFIERS.has(name))) continue;
      checkValues(item, context);
      if (item.field && names.every((name) => WHOLE_VALUE_MODIFIERS.has(name))) checkWildcards(item, context);
    }
  },
};

function checkValues(item: SelectionItem, context: CheckContext): void {
  for (const value of item.values) {
    if (typeof value.value !== 'string') continue;
    const parts = parseSigmaString(value.value);
    if (parts.some((part, i) => part.kind === 'any' && parts[i + 1]?.kind === 'any')) {
      context.report(value.span, 'doubleWildcard', { value: quote(value.value) });
    }
    const isPlainEquality = item.field && item.modifiers.length === 0 && value.isQuoted;
    if (isPlainEquality && /^(0|[1-9]\d{0,14})$/.test(value.value)) context.report(value.span, 'numberAsString', { value: value.value });
  }
}

/** pySigma's WildcardsInsteadOf{Contains,Startswith,Endswith}: every value has the same `*` shape. */
function checkWildcards(item: SelectionItem, context: CheckContext): void {
  const shapes = item.values.map((value) => (typeof value.value === 'string' ? shapeOf(parseSigmaString(value.value)) : undefined));
  const first = shapes[0];
  if (first === undefined || !shapes.every((shape) => shape === first)) return;
  context.report((item.field as NonNullable<SelectionItem['field']>).span, 'wildcardsInsteadOfModifier', {
    field: (item.field as NonNullable<SelectionItem['field']>).value,
    modifier: first,
  });
}

function shapeOf(parts: StringPart[]): 'contains' | 'startswith' | 'endswith' | undefined {
  const starts = parts[0]?.kind === 'any';
  const ends = parts[parts.length - 1]?.kind === 'any';
  const inner = parts.slice(starts ? 1 : 0, ends ? -1 : undefined);
  // Wildcards inside the text, or nothing but wildcards, cannot move into a modifier.
  if (inner.length === 0 || inner.some((part) => part.kind !== 'text')) return undefined;
  if (starts && ends) return 'contains';
  if (starts) return 'endswith';
  return ends ? 'startswith' : undefined;
}
