/** Checks the parts of a correlation the schema cannot: enough rules for temporal types, and condition ranges. */

import type { CorrelationRule } from '../model';
import { quote } from '../problems';
import { parseCondition } from '../rules/condition';
import { spanInRule } from './locate';
import { offsetMapper, type CheckContext, type RuleCheck } from './types';

const TEMPORAL = ['temporal', 'temporal_ordered'];
const LOWER = ['gt', 'gte'];
const UPPER = ['lt', 'lte'];

export const correlationStructure: RuleCheck = {
  id: 'correlation-structure',
  scope: 'rule',
  severity: 'error',
  description: 'Temporal correlations need at least two rules, and a two-operator condition must be a range that some value satisfies.',
  messages: {
    tooFewRules: 'A {{type}} correlation needs at least two different rules; with "{{rules}}" alone use event_count.',
    notARange: '"{{first}}" and "{{second}}" do not form a range; two operators must be a lower bound (gt, gte) and an upper bound (lt, lte).',
    emptyRange: 'No count satisfies both "{{first}}" and "{{second}}".',
    conditionSyntax: 'The condition "{{condition}}" is not a boolean expression over rule names (and, or, not, parentheses).',
  },
  check(rule, context) {
    if (rule.kind !== 'correlation') return;
    const { correlation } = rule;
    const type = correlation.type?.value;
    const distinct = new Set(correlation.rules.map((r) => r.value));
    if (type && TEMPORAL.includes(type) && distinct.size === 1) {
      const first = correlation.rules[0];
      context.report(first?.span ?? correlation.span, 'tooFewRules', { type, rules: first?.value ?? '' });
    }
    checkRange(rule, context);
    checkStringCondition(rule, context);
  },
};

function checkRange(rule: CorrelationRule, context: CheckContext): void {
  const operators = rule.correlation.condition;
  if (operators.length !== 2) return; // one is fine; more is the schema's to report
  const [a, b] = operators as [(typeof operators)[number], (typeof operators)[number]];
  const show = (o: typeof a): string => `${o.operator.value}: ${o.value}`;
  const lower = LOWER.includes(a.operator.value) ? a : LOWER.includes(b.operator.value) ? b : undefined;
  const upper = UPPER.includes(a.operator.value) ? a : UPPER.includes(b.operator.value) ? b : undefined;
  if (!lower || !upper) {
    context.report(b.operator.span, 'notARange', { first: show(a), second: show(b) });
    return;
  }
  if (Number.isNaN(lower.value) || Number.isNaN(upper.value)) return; // the schema reports non-numbers
  const isEmpty = lower.value > upper.value || (lower.value === upper.value && (lower.operator.value === 'gt' || upper.operator.value === 'lt'));
  if (isEmpty) context.report(b.operator.span, 'emptyRange', { first: show(a), second: show(b) });
}

function checkStringCondition(rule: CorrelationRule, context: CheckContext): void {
  const condition = (rule.data.correlation as Record<string, unknown> | undefined)?.condition;
  if (typeof condition !== 'string' || condition.trim() === '') return;
  const text = context.textOf(rule.source);
  const span = spanInRule(text, rule, ['correlation', 'condition'], 'value') ?? rule.correlation.span;
  const parsed = parseCondition(condition, offsetMapper(text, { value: condition, span }));
  if (parsed.error) context.report(parsed.error.span, 'conditionSyntax', { condition: quote(condition) });
}
