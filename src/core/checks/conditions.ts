// Conditions parsed with spans into the rule file, and which selections an `x of` covers.

import type { Detection } from '../model';
import { parseCondition, patternMatches, type ConditionNode } from '../rules/condition';
import { offsetMapper } from './types';

export type OfNode = Extract<ConditionNode, { type: 'of' }>;

/** Every condition of a detection as a tree; undefined when one does not parse (condition-syntax says why). */
export function parseConditions(detection: Detection, text: string): ConditionNode[] | undefined {
  const trees: ConditionNode[] = [];
  for (const condition of detection.conditions) {
    const result = parseCondition(condition.value, offsetMapper(text, condition));
    if (!result.ast) return undefined;
    trees.push(result.ast);
  }
  return trees;
}

/** The selection names an `x of` node covers: `them` skips names starting with `_`. */
export function namesCoveredBy(node: OfNode, names: readonly string[]): string[] {
  return names.filter((name) => (node.isThem ? !name.startsWith('_') : patternMatches(node.pattern, name)));
}
