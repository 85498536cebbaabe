/** Flags search identifiers that no condition refers to, by name, pattern or `them`. */

import { conditionIdentifiers, conditionQuantifiers } from '../rules/condition';
import { namesCoveredBy, parseConditions } from './conditions';
import { detectionOf } from './detections';
import type { RuleCheck } from './types';

export const conditionUnusedSelection: RuleCheck = {
  id: 'condition-unused-selection',
  scope: 'rule',
  severity: 'warning',
  description: 'Every search identifier should be used by the condition; an unused one is dead code or a forgotten filter.',
  messages: {
    unused: 'Search identifier "{{name}}" is never used in the condition, so it has no effect.',
  },
  check(rule, context) {
    const detection = detectionOf(rule)?.detection;
    // Without a condition that parses there is nothing to compare against; other checks report it.
    if (!detection || detection.conditions.length === 0) return;
    const trees = parseConditions(detection, context.textOf(rule.source));
    if (!trees) return;
    const names = detection.selections.map((selection) => selection.name.value);
    const used = new Set<string>();
    for (const tree of trees) {
      for (const { name } of conditionIdentifiers(tree)) used.add(name);
      for (const node of conditionQuantifiers(tree)) for (const name of namesCoveredBy(node, names)) used.add(name);
    }
    for (const selection of detection.selections) {
      if (!used.has(selection.name.value)) context.report(selection.name.span, 'unused', { name: selection.name.value });
    }
  },
};
