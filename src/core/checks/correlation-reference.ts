/** Checks what correlations refer to: rules that exist, no cycles, aliases and conditions naming listed rules. */

import type { CorrelationRule, Rule } from '../model';
import { conditionIdentifiers, parseCondition } from '../rules/condition';
import { spanInRule } from './locate';
import { indexRules, ruleLabel, type RuleIndex } from './references';
import { offsetMapper, type CheckContext, type SetCheck } from './types';

export const correlationReference: SetCheck = {
  id: 'correlation-reference',
  scope: 'set',
  severity: 'error',
  description: 'A correlation must refer to rules that are loaded, must not refer back to itself through other correlations, and its aliases and condition must name rules it lists.',
  messages: {
    unknownRule: 'The correlation refers to "{{reference}}", which is neither the id nor the name of a loaded detection or correlation rule.',
    cycle: 'Correlations refer to each other in a cycle: {{cycle}}.',
    aliasUnknownRule: 'Alias "{{alias}}" maps rule "{{reference}}", which is not in this correlation\'s rules.',
    conditionUnknownRule: 'The condition names "{{reference}}", which is not in this correlation\'s rules.',
  },
  checkSet(rules, _files, context) {
    const index = indexRules(rules);
    const correlations = rules.filter((rule): rule is CorrelationRule => rule.kind === 'correlation');
    for (const rule of correlations) {
      for (const reference of rule.correlation.rules) {
        if (!index.resolve(reference.value)) context.reportIn(rule.source, reference.span, 'unknownRule', { reference: reference.value });
      }
      checkAliases(rule, context);
      checkStringCondition(rule, context);
    }
    findCycles(correlations, index, context);
  },
};

function checkAliases(rule: CorrelationRule, context: CheckContext): void {
  const listed = new Set(rule.correlation.rules.map((r) => r.value));
  for (const [alias, perRule] of rule.correlation.aliases) {
    for (const reference of perRule.keys()) {
      if (listed.has(reference)) continue;
      const span = spanInRule(context.textOf(rule.source), rule, ['correlation', 'aliases', alias, reference], 'key') ?? rule.correlation.span;
      context.reportIn(rule.source, span, 'aliasUnknownRule', { alias, reference });
    }
  }
}

/** pySigma's extended temporal condition: a boolean expression over the names in `rules`. */
function checkStringCondition(rule: CorrelationRule, context: CheckContext): void {
  const condition = (rule.data.correlation as Record<string, unknown> | undefined)?.condition;
  if (typeof condition !== 'string') return;
  const text = context.textOf(rule.source);
  const span = spanInRule(text, rule, ['correlation', 'condition'], 'value');
  if (!span) return;
  const parsed = parseCondition(condition, offsetMapper(text, { value: condition, span }));
  if (!parsed.ast) return;
  const listed = new Set(rule.correlation.rules.map((r) => r.value));
  for (const { name, span: at } of conditionIdentifiers(parsed.ast)) {
    if (!listed.has(name)) context.reportIn(rule.source, at, 'conditionUnknownRule', { reference: name });
  }
}

/** Depth-first search over correlation → correlation references; reports the reference that closes each cycle. */
function findCycles(correlations: CorrelationRule[], index: RuleIndex, context: CheckContext): void {
  const state = new Map<Rule, 'active' | 'done'>();
  const path: Rule[] = [];
  const visit = (rule: CorrelationRule): void => {
    state.set(rule, 'active');
    path.push(rule);
    for (const reference of rule.correlation.rules) {
      const target = index.resolve(reference.value);
      if (target?.kind !== 'correlation') continue;
      if (state.get(target) === 'active') {
        const cycle = [...path.slice(path.indexOf(target)), target].map(ruleLabel).join(' → ');
        context.reportIn(rule.source, reference.span, 'cycle', { cycle });
      } else if (!state.has(target)) {
        visit(target);
      }
    }
    path.pop();
    state.set(rule, 'done');
  };
  for (const rule of correlations) if (!state.has(rule)) visit(rule);
}
