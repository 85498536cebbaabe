// The condition of a correlation: numeric comparisons (one operator or a range), or pySigma's
// boolean expression over rule names for the temporal types.

import type { Correlation } from '../model';
import { parseCondition, patternMatches, type ConditionNode } from '../rules/condition';

export type Comparison = { operator: 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'neq'; value: number };

/** A compiled condition: a test on the window's value, and for string conditions on the rules seen. */
export interface CompiledCondition {
  /** Numeric comparisons, AND-ed; empty for a rule-name expression. */
  comparisons: Comparison[];
  /** A boolean expression over referenced rule names (temporal types only). */
  expression?: ConditionNode;
  /** True when only upper bounds (lt, lte) constrain the value: the smallest window value is the telling one. */
  isUpperBound: boolean;
  /** Why the condition cannot be evaluated, when it cannot. */
  issue?: string;
}

const OPERATORS = new Set(['gt', 'gte', 'lt', 'lte', 'eq', 'neq']);

/**
 * Compiles `correlation.condition`. A missing condition of a temporal type means "all referenced
 * rules" (`gte: <number of rules>`, as pySigma does); `raw` is the YAML value of `condition`.
 */
export function compileCondition(correlation: Correlation, type: string, raw: unknown, ruleCount: number): CompiledCondition {
  const isTemporal = type === 'temporal' || type === 'temporal_ordered';
  if (typeof raw === 'string') {
    if (!isTemporal) return { comparisons: [], isUpperBound: false, issue: 'a string condition is only defined for temporal correlations' };
    const parsed = parseCondition(raw);
    if (!parsed.ast) return { comparisons: [], isUpperBound: false, issue: `the condition "${raw}" does not parse` };
    return { comparisons: [], expression: parsed.ast, isUpperBound: false };
  }
  const comparisons: Comparison[] = [];
  for (const { operator, value } of correlation.condition) {
    if (!OPERATORS.has(operator.value) || !Number.isFinite(value)) {
      return { comparisons: [], isUpperBound: false, issue: `the condition "${operator.value}: ${value}" is not a numeric comparison` };
    }
    comparisons.push({ operator: operator.value as Comparison['operator'], value });
  }
  if (comparisons.length === 0) {
    if (isTemporal) return { comparisons: [{ operator: 'gte', value: ruleCount }], isUpperBound: false };
    return { comparisons: [], isUpperBound: false, issue: 'the correlation has no condition' };
  }
  const isUpperBound = comparisons.every((c) => c.operator === 'lt' || c.operator === 'lte');
  return { comparisons, isUpperBound };
}

/** True when `value` satisfies every comparison. */
export function compare(comparisons: readonly Comparison[], value: number): boolean {
  return comparisons.every(({ operator, value: bound }) => {
    switch (operator) {
      case 'gt':
        return value > bound;
      case 'gte':
        return value >= bound;
      case 'lt':
        return value < bound;
      case 'lte':
        return value <= bound;
      case 'eq':
        return value === bound;
      case 'neq':
        return value !== bound;
    }
  });
}

/** Evaluates a rule-name expression: an identifier holds when that rule has an event in the window. */
export function holdsExpression(node: ConditionNode, present: (name: string) => boolean, names: readonly string[]): boolean {
  switch (node.type) {
    case 'identifier':
      return present(node.name);
    case 'not':
      return !holdsExpression(node.operand, present, names);
    case 'and':
      return node.operands.every((operand) => holdsExpression(operand, present, names));
    case 'or':
      return node.operands.some((operand) => holdsExpression(operand, present, names));
    case 'of': {
      const matched = names.filter((name) => (node.isThem ? !name.startsWith('_') : patternMatches(node.pattern, name)));
      const count = matched.filter(present).length;
      return node.quantifier === 'all' ? matched.length > 0 && count === matched.length : count > 0;
    }
  }
}
