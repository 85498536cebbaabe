/** Flags modifier chains that Sigma forbids, that never match, or that PromptSift cannot run. */

import type { Located, SelectionItem, Span } from '../model';
import { hasWildcards, parseSigmaString } from '../match/sigma-string';
import { MODIFIERS, isKnownModifier, type ModifierGroup } from '../rules/modifiers';
import { detectionOf, selectionItems } from './detections';
import type { CheckContext, RuleCheck } from './types';

type Modifier = Located<string>;

/** Modifiers that take over the whole item, and what each of them may still be combined with. */
const EXCLUSIVE: { groups: ModifierGroup[]; allows: ModifierGroup[]; messageId: string }[] = [
  { groups: ['presence'], allows: [], messageId: 'existsCombined' },
  { groups: ['regex'], allows: ['list', 'negation', 'regexFlag'], messageId: 'reCombined' },
  { groups: ['compare', 'time'], allows: ['list', 'negation', 'compare', 'time'], messageId: 'compareCombined' },
  { groups: ['network'], allows: ['list', 'negation'], messageId: 'cidrCombined' },
  { groups: ['reference'], allows: ['list', 'negation', 'position', 'case'], messageId: 'fieldrefCombined' },
];

/** Groups of which an item takes at most one distinct modifier. */
const SINGLE: ModifierGroup[] = ['position', 'encoding', 'charset', 'compare', 'time'];

/** Modifiers that apply left to right: each pair must come in this order. */
const ORDER: [ModifierGroup, ModifierGroup][] = [
  ['charset', 'encoding'],
  ['encoding', 'position'],
  ['regex', 'regexFlag'],
];

/** Modifiers that only make sense on a field. */
const FIELD_ONLY: ModifierGroup[] = ['presence', 'network', 'reference', 'compare', 'time'];

export const modifierCombination: RuleCheck = {
  id: 'modifier-combination',
  scope: 'rule',
  severity: 'error',
  description: 'Modifiers must be combined as Sigma allows; some chains are rejected by the specification or can never match.',
  messages: {
    existsCombined: '"exists" tests only whether the field is present and cannot be combined with "{{other}}".',
    reCombined: '"re" takes the value as a regular expression and cannot be combined with "{{other}}"; write it into the pattern.',
    compareCombined: '"{{modifier}}" compares numbers and cannot be combined with "{{other}}".',
    cidrCombined: '"cidr" matches IP ranges and cannot be combined with "{{other}}".',
    fieldrefCombined: '"fieldref" compares with another field and cannot be combined with "{{other}}".',
    conflicting: '"{{modifier}}" and "{{other}}" cannot be combined; keep one of them.',
    order: '"{{before}}" must come before "{{after}}": modifiers apply from left to right.',
    flagWithoutRe: 'The regex flag "{{modifier}}" only applies together with "re".',
    base64offsetWithoutContains: '"base64offset" encodes a fragment of a longer string and needs "contains" after it.',
    allSingle: '"all" needs a list of values; the specification forbids it on a single value.',
    allWithoutPosition: '"{{field}}|all" requires the field to equal several different values at once, which never matches; add "contains" (or startswith, endswith).',
    windashWithAll: '"windash" expands each value into variants, so "all" would require every variant at once; use a separate item per value.',
    nullInList: '"null" must be its own selection item, not part of a list of values.',
    keywordFieldOnly: '"{{modifier}}" needs a field; a keyword search (a value without a field) cannot use it.',
    expand: 'PromptSift cannot resolve "%placeholders%" (expand); the rule would never match.',
  },
  check(rule, context) {
    const detection = detectionOf(rule)?.detection;
    if (!detection) return;
    for (const { item } of selectionItems(detection)) checkItem(item, context);
  },
};

function groupOf(modifier: Modifier): ModifierGroup {
  return MODIFIERS[modifier.value] as ModifierGroup;
}

function checkItem(item: SelectionItem, context: CheckContext): void {
  const modifiers = item.modifiers.filter((m) => isKnownModifier(m.value));
  const inGroup = (group: ModifierGroup): Modifier[] => modifiers.filter((m) => groupOf(m) === group);
  for (const expand of inGroup('placeholder')) context.report(expand.span, 'expand');
  if (!item.field) {
    for (const m of modifiers) if (FIELD_ONLY.includes(groupOf(m))) context.report(m.span, 'keywordFieldOnly', { modifier: m.value });
  }
  const exists = inGroup('presence')[0];
  if (exists) {
    const other = modifiers.find((m) => m !== exists);
    if (other) context.report(other.span, 'existsCombined', { other: other.value });
    return;
  }
  checkExclusive(modifiers, context);
  checkSingles(modifiers, context);
  checkOrder(modifiers, context);
  const hasRe = inGroup('regex').length > 0;
  if (!hasRe) for (const flag of inGroup('regexFlag')) context.report(flag.span, 'flagWithoutRe', { modifier: flag.value });
  const base64offset = modifiers.find((m) => m.value === 'base64offset');
  if (base64offset && !modifiers.some((m) => m.value === 'contains')) context.report(base64offset.span, 'base64offsetWithoutContains');
  checkAll(item, modifiers, context);
  if (item.isList && item.values.length > 1) {
    for (const value of item.values) if (value.value === null && !value.isComposite) context.report(value.span, 'nullInList');
  }
}

function checkExclusive(modifiers: Modifier[], context: CheckContext): void {
  // `gt|cidr` breaks both the compare and the cidr rule; one report per pair is enough.
  const reported = new Set<string>();
  for (const rule of EXCLUSIVE) {
    const owner = modifiers.find((m) => rule.groups.includes(groupOf(m)));
    if (!owner) continue;
    for (const other of modifiers) {
      const pair = [owner.value, other.value].sort().join('|');
      if (other === owner || rule.allows.includes(groupOf(other)) || reported.has(pair)) continue;
      reported.add(pair);
      context.report(other.span, rule.messageId, { modifier: owner.value, other: other.value });
    }
  }
}

function checkSingles(modifiers: Modifier[], context: CheckContext): void {
  for (const group of SINGLE) {
    const members = modifiers.filter((m) => groupOf(m) === group);
    const first = members[0];
    const other = members.find((m) => m.value !== first?.value);
    if (first && other) context.report(other.span, 'conflicting', { modifier: first.value, other: other.value });
  }
}

function checkOrder(modifiers: Modifier[], context: CheckContext): void {
  for (const [firstGroup, secondGroup] of ORDER) {
    const first = modifiers.findIndex((m) => groupOf(m) === firstGroup);
    const second = modifiers.findIndex((m) => groupOf(m) === secondGroup);
    if (first === -1 || second === -1 || second > first) continue;
    const [before, after] = [modifiers[first] as Modifier, modifiers[second] as Modifier];
    context.report(cover(after.span, before.span), 'order', { before: before.value, after: after.value });
  }
}

function checkAll(item: SelectionItem, modifiers: Modifier[], context: CheckContext): void {
  const all = modifiers.find((m) => m.value === 'all');
  if (!all) return;
  // A scalar is what the specification forbids; a one-item list is harmless, and pySigma accepts it.
  if (!item.isList) {
    context.report(all.span, 'allSingle');
    return;
  }
  const windash = modifiers.find((m) => m.value === 'windash');
  if (windash) context.report(windash.span, 'windashWithAll');
  const matchesPart = modifiers.some((m) => ['position', 'regex', 'network', 'compare', 'time', 'reference', 'negation'].includes(groupOf(m)));
  if (item.field && !matchesPart && distinctLiterals(item) >= 2) context.report(all.span, 'allWithoutPosition', { field: item.field.value });
}

/** How many different values without wildcards an item has: one field value cannot equal two of them. */
function distinctLiterals(item: SelectionItem): number {
  const literals = new Set<string>();
  for (const { value } of item.values) {
    if (typeof value === 'string' && hasWildcards(parseSigmaString(value))) continue;
    literals.add(String(value).toLowerCase());
  }
  return literals.size;
}

function cover(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}
