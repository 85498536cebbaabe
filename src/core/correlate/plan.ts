// Resolves correlation rules into evaluation plans: referenced rules, group-by with aliases, the
// compiled condition, and an order in which every correlation comes after those it references.

import type { CorrelationRule, DetectionRule, Rule } from '../model';
import { compileCondition } from './condition';
import type { CorrelationIssue } from './types';
import type { WindowSpec, WindowType } from './windows';

const SUPPORTED: ReadonlySet<string> = new Set(['event_count', 'value_count', 'temporal', 'temporal_ordered', 'value_sum', 'value_avg']);
/** Positions are bits of a 32-bit mask. */
const MAX_RULES = 30;

/** What a position of `correlation.rules` refers to. */
export type PlanReference = { kind: 'detection'; rule: DetectionRule } | { kind: 'correlation'; plan: CorrelationPlan };

export interface CorrelationPlan {
  rule: CorrelationRule;
  key: string;
  spec: WindowSpec;
  groupBy: string[];
  conditionField?: string;
  /** One entry per position of `correlation.rules`; undefined where the reference does not resolve. */
  references: (PlanReference | undefined)[];
  /** False when another correlation references this one without `generate: true`. */
  emits: boolean;
}

/** The key the results use for a rule: its name, else its id, else its title, else its place. */
export function ruleKey(rule: Rule): string {
  return rule.name?.value ?? rule.id?.value ?? rule.title?.value ?? `${rule.source}#${rule.docIndex}`;
}

/** Builds plans in dependency order; correlations that cannot run are left out with an issue. */
export function planCorrelations(rules: readonly Rule[]): { plans: CorrelationPlan[]; issues: CorrelationIssue[] } {
  const issues: CorrelationIssue[] = [];
  const byReference = new Map<string, Rule>();
  for (const rule of rules) {
    for (const name of [rule.id?.value, rule.name?.value]) if (name !== undefined && !byReference.has(name)) byReference.set(name, rule);
  }
  const correlations = rules.filter((rule): rule is CorrelationRule => rule.kind === 'correlation');
  const plans = new Map<CorrelationRule, CorrelationPlan>();
  const state = new Map<CorrelationRule, 'visiting' | 'done' | 'failed'>();
  const ordered: CorrelationPlan[] = [];

  const visit = (rule: CorrelationRule): CorrelationPlan | undefined => {
    const seen = state.get(rule);
    if (seen === 'done') return plans.get(rule);
    if (seen === 'failed') return undefined;
    if (seen === 'visiting') {
      issues.push({ rule: ruleKey(rule), reason: 'it refers back to itself through other correlations' });
      state.set(rule, 'failed');
      return undefined;
    }
    state.set(rule, 'visiting');
    const plan = buildPlan(rule, (name) => {
      const target = byReference.get(name);
      if (target?.kind === 'detection') return { kind: 'detection', rule: target };
      if (target?.kind === 'correlation') {
        const inner = visit(target);
        return inner && { kind: 'correlation', plan: inner };
      }
      return undefined;
    }, (name) => byReference.has(name), issues);
    if (!plan || state.get(rule) === 'failed') {
      state.set(rule, 'failed');
      return undefined;
    }
    state.set(rule, 'done');
    plans.set(rule, plan);
    ordered.push(plan);
    return plan;
  };
  for (const rule of correlations) visit(rule);
  for (const plan of ordered) {
    for (const reference of plan.references) {
      if (reference?.kind === 'correlation' && !plan.rule.correlation.generate) reference.plan.emits = false;
    }
  }
  return { plans: ordered, issues };
}

function buildPlan(
  rule: CorrelationRule,
  resolve: (name: string) => PlanReference | undefined,
  isKnown: (name: string) => boolean,
  issues: CorrelationIssue[],
): CorrelationPlan | undefined {
  const key = ruleKey(rule);
  const { correlation } = rule;
  const type = correlation.type?.value ?? '';
  const fail = (reason: string): undefined => {
    issues.push({ rule: key, reason });
    return undefined;
  };
  if (!SUPPORTED.has(type)) return fail(type === '' ? 'it has no type' : `the type "${type}" is not supported`);
  if (correlation.timespanMs === undefined) return fail('it has no valid timespan');
  if (correlation.rules.length === 0) return fail('it references no rules');
  if (correlation.rules.length > MAX_RULES) return fail(`it references more than ${MAX_RULES} rules`);
  const needsField = type === 'value_count' || type === 'value_sum' || type === 'value_avg';
  if (needsField && !correlation.conditionField) return fail(`a ${type} condition needs a field`);
  const raw = (rule.data.correlation as Record<string, unknown> | undefined)?.condition;
  const condition = compileCondition(correlation, type, raw, new Set(correlation.rules.map((r) => r.value)).size);
  if (condition.issue) return fail(condition.issue);
  const references = correlation.rules.map((reference) => {
    const resolved = resolve(reference.value);
    if (resolved) return resolved;
    const reason = isKnown(reference.value)
      ? `the referenced rule "${reference.value}" cannot be evaluated`
      : `the reference "${reference.value}" is not a loaded detection or correlation rule`;
    issues.push({ rule: key, reason });
    return undefined;
  });
  if (references.every((reference) => reference === undefined)) return undefined;
  const spec: WindowSpec = {
    type: type as WindowType,
    spanMs: correlation.timespanMs,
    condition,
    ruleNames: correlation.rules.map((r) => r.value),
  };
  const plan: CorrelationPlan = { rule, key, spec, groupBy: correlation.groupBy.map((g) => g.value), references, emits: true };
  if (needsField && correlation.conditionField) plan.conditionField = correlation.conditionField.value;
  return plan;
}

/** The field a group-by name (or alias) stands for in events of the rule `referenced`. */
export function aliasedField(plan: CorrelationPlan, name: string, referenced: { id?: { value: string }; name?: { value: string } }): string {
  const perRule = plan.rule.correlation.aliases.get(name);
  if (!perRule) return name;
  return (referenced.name && perRule.get(referenced.name.value)) ?? (referenced.id && perRule.get(referenced.id.value)) ?? name;
}
