// Conditions parsed with spans into the rule file, Sigma v1 aggregations split off, and which
// selections an `x of` covers.

import type { Detection, Located } from '../model';
import { parseCondition, patternMatches, type ConditionNode } from '../rules/condition';
import { offsetMapper } from './types';

export type OfNode = Extract<ConditionNode, { type: 'of' }>;

/**
 * A Sigma v1 aggregation after the search: `count(field) by group > 5`, `max(x) < 3`. Sigma v2
 * removed them in favour of correlation rules, but many older rules still carry one.
 */
const V1_AGGREGATION = /^\s*(count|min|max|avg|sum)\s*\(\s*[\w.-]*\s*\)\s*(by\s+[\w.-]+\s*)?(<=|>=|==|!=|<|>|=)\s*\d+(\.\d+)?\s*$/i;

export interface SplitCondition {
  /** The search expression (the whole condition when there is no aggregation). */
  search: Located<string>;
  /** The well-formed v1 aggregation after `|`, when there is one. */
  aggregation?: Located<string>;
}

/** Splits `search | count() > 5`; undefined when what follows `|` is not a v1 aggregation. */
export function splitAggregation(condition: Located<string>, text: string): SplitCondition | undefined {
  const bar = condition.value.indexOf('|');
  if (bar === -1) return { search: condition };
  const rest = condition.value.slice(bar + 1);
  if (!V1_AGGREGATION.test(rest)) return undefined;
  const offsetOf = offsetMapper(text, condition);
  const lead = rest.length - rest.trimStart().length;
  const start = bar + 1 + lead;
  return {
    search: { value: condition.value.slice(0, bar), span: condition.span },
    aggregation: { value: rest.trim(), span: { start: offsetOf(start), end: offsetOf(start + rest.trim().length) } },
  };
}

/**
 * Every condition of a detection as a tree (the search part, for v1 aggregations); undefined when
 * one does not parse, which condition-syntax reports.
 */
export function parseConditions(detection: Detection, text: string): ConditionNode[] | undefined {
  const trees: ConditionNode[] = [];
  for (const condition of detection.conditions) {
    const split = splitAggregation(condition, text);
    if (!split) return undefined;
    const result = parseCondition(split.search.value, offsetMapper(text, split.search));
    if (!result.ast) return undefined;
    trees.push(result.ast);
  }
  return trees;
}

/** The selection names an `x of` node covers: `them` skips names starting with `_`. */
export function namesCoveredBy(node: OfNode, names: readonly string[]): string[] {
  return names.filter((name) => (node.isThem ? !name.startsWith('_') : patternMatches(node.pattern, name)));
}
