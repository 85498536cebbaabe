/** Flags condition identifiers and `x of` patterns that name no search identifier of the detection. */

import { conditionIdentifiers, conditionQuantifiers } from '../rules/condition';
import { closestMatch } from './closest';
import { namesCoveredBy, parseConditions } from './conditions';
import { detectionOf } from './detections';
import type { RuleCheck } from './types';

export const conditionUnknownIdentifier: RuleCheck = {
  id: 'condition-unknown-identifier',
  scope: 'rule',
  severity: 'error',
  description: 'Every identifier in the condition must be a search identifier of the detection, and every `x of` pattern must match one.',
  messages: {
    unknown: 'The condition names "{{name}}", which is not a search identifier of this detection.',
    unknownSuggest: 'The condition names "{{name}}", which is not a search identifier of this detection; did you mean "{{suggestion}}"?',
    patternMatchesNothing: 'The pattern "{{pattern}}" matches no search identifier of this detection.',
    themMatchesNothing: '"{{expression}}" covers no search identifier: the detection has none whose name does not start with "_".',
  },
  check(rule, context) {
    const detection = detectionOf(rule)?.detection;
    if (!detection) return;
    const trees = parseConditions(detection, context.textOf(rule.source));
    if (!trees) return;
    const names = detection.selections.map((selection) => selection.name.value);
    const known = new Set(names);
    for (const tree of trees) {
      for (const { name, span } of conditionIdentifiers(tree)) {
        if (known.has(name)) continue;
        const suggestion = closestMatch(name, names);
        if (suggestion) context.report(span, 'unknownSuggest', { name, suggestion });
        else context.report(span, 'unknown', { name });
      }
      for (const node of conditionQuantifiers(tree)) {
        if (namesCoveredBy(node, names).length > 0) continue;
        if (node.isThem) {
          const expression = `${node.quantifier === 'all' ? 'all' : '1'} of them`;
          context.report(node.span, 'themMatchesNothing', { expression });
        } else {
          context.report(node.patternSpan, 'patternMatchesNothing', { pattern: node.pattern });
        }
      }
    }
  },
};
