/** Flags values of the wrong kind for their modifiers: `exists` needs true/false, `gt` a number, and so on. */

import type { RuleValue, SelectionItem } from '../model';
import { parseCidr } from '../match/cidr';
import { quote } from '../problems';
import { isKnownModifier, modifiersIn, type ModifierGroup } from '../rules/modifiers';
import { detectionOf, selectionItems } from './detections';
import type { CheckContext, RuleCheck } from './types';

/** What a value must be, decided by the first modifier group that constrains it. */
const EXPECTED: [ModifierGroup, (value: RuleValue, modifier: string, context: ValueContext) => void][] = [
  ['presence', (value, _m, c) => typeof value.value !== 'boolean' && c.report('existsNotBoolean')],
  ['time', checkTime],
  ['compare', (value, modifier, c) => !isNumeric(value.value) && c.report('notNumber', { modifier })],
  ['network', checkCidr],
  ['regex', (value, _m, c) => typeof value.value !== 'string' && c.report('reNotString')],
  ['reference', (value, _m, c) => !isFieldName(value.value) && c.report('fieldrefNotField')],
];

/** Modifiers that work on text, which `null` does not have. */
const STRING_GROUPS: ModifierGroup[] = ['position', 'transform', 'encoding', 'charset', 'case'];

const TIME_RANGES: Record<string, [number, number]> = {
  minute: [0, 59],
  hour: [0, 23],
  day: [1, 31],
  week: [1, 53],
  month: [1, 12],
};

interface ValueContext {
  report(messageId: string, data?: Record<string, string>): void;
  hasCompare: boolean;
}

export const valueType: RuleCheck = {
  id: 'value-type',
  scope: 'rule',
  severity: 'error',
  description: 'Values must have the type their modifiers expect: true/false for exists, numbers for comparisons, CIDR ranges for cidr, and so on.',
  messages: {
    existsNotBoolean: '"exists" takes true or false, not "{{value}}".',
    notNumber: '"{{modifier}}" compares numbers, but "{{value}}" is not a number.',
    timeOutOfRange: '"{{modifier}}" is between {{min}} and {{max}}, so "{{value}}" never matches.',
    notCidr: '"{{value}}" is not a CIDR range such as 10.0.0.0/8 or 2001:db8::/32.',
    cidrHostBits: '"{{value}}" has host bits set; write the network address "{{network}}".',
    reNotString: '"re" takes a regular expression string, not "{{value}}"; quote it.',
    fieldrefNotField: '"fieldref" takes the name of another field, not "{{value}}".',
    nullModified: '"null" has no text for "{{modifier}}" to work on; write the field without modifiers to test for null.',
  },
  check(rule, context) {
    const detection = detectionOf(rule)?.detection;
    if (!detection) return;
    for (const { item } of selectionItems(detection)) checkItem(item, context);
  },
};

function checkItem(item: SelectionItem, context: CheckContext): void {
  const names = item.modifiers.map((m) => m.value).filter(isKnownModifier);
  const rule = EXPECTED.find(([group]) => modifiersIn(names, group).length > 0);
  const stringModifier = STRING_GROUPS.flatMap((group) => modifiersIn(names, group))[0];
  for (const value of item.values) {
    if (value.isComposite) continue; // the schema reports maps and nested lists
    const valueContext: ValueContext = {
      report: (messageId, data = {}) => context.report(value.span, messageId, { value: quote(String(value.value)), ...data }),
      hasCompare: modifiersIn(names, 'compare').length > 0,
    };
    if (rule) rule[1](value, modifiersIn(names, rule[0])[0] as string, valueContext);
    else if (stringModifier && value.value === null) valueContext.report('nullModified', { modifier: stringModifier });
  }
}

function isNumeric(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value));
}

function checkTime(value: RuleValue, modifier: string, context: ValueContext): void {
  if (!isNumeric(value.value)) {
    context.report('notNumber', { modifier });
    return;
  }
  const range = TIME_RANGES[modifier];
  const n = Number(value.value);
  if (range && !context.hasCompare && (n < range[0] || n > range[1] || !Number.isInteger(n))) {
    context.report('timeOutOfRange', { modifier, min: String(range[0]), max: String(range[1]) });
  }
}

function checkCidr(value: RuleValue, _modifier: string, context: ValueContext): void {
  const cidr = typeof value.value === 'string' ? parseCidr(value.value) : undefined;
  if (!cidr) {
    context.report('notCidr');
    return;
  }
  const bytes = cidr.bytes.map((byte, i) => {
    const bits = Math.min(8, Math.max(0, cidr.prefix - i * 8));
    return byte & ((0xff << (8 - bits)) & 0xff);
  });
  if (bytes.every((byte, i) => byte === cidr.bytes[i])) return;
  context.report('cidrHostBits', { network: `${formatIp(bytes)}/${cidr.prefix}` });
}

function formatIp(bytes: number[]): string {
  if (bytes.length === 4) return bytes.join('.');
  const groups: string[] = [];
  for (let i = 0; i < bytes.length; i += 2) groups.push((((bytes[i] as number) << 8) | (bytes[i + 1] as number)).toString(16));
  // The shortest form: the longest run of zero groups becomes "::".
  const text = groups.join(':');
  const runs = text.match(/(^|:)0(:0)+(:|$)/g) ?? [];
  const longest = runs.reduce((a, b) => (b.length > a.length ? b : a), '');
  return longest ? text.replace(longest, '::') : text;
}

function isFieldName(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '' && !/[*?|]/.test(value);
}
