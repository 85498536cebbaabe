/** Points out `them` conditions the specification and pySigma discourage. */

import { conditionQuantifiers } from '../rules/condition';
import { quote } from '../problems';
import { parseConditions } from './conditions';
import { detectionOf } from './detections';
import type { RuleCheck } from './types';

export const conditionStyle: RuleCheck = {
  id: 'condition-style',
  scope: 'rule',
  severity: 'info',
  description: 'Prefer naming search identifiers over `all of them`, and over `1 of them` or `all of x` when they cover only one.',
  messages: {
    allOfThem: '"all of them" is discouraged by the Sigma specification; name the search identifiers (e.g. "{{suggestion}}").',
    themWithSingle: '"{{expression}}" covers the single search identifier "{{name}}"; write "{{name}}" instead.',
    ofSingle:
      '"{{expression}}" names one search identifier, so it means just "{{name}}": the values of a list are still OR-ed; use "|all" to require every value.',
  },
  check(rule, context) {
    const detection = detectionOf(rule)?.detection;
    if (!detection) return;
    const trees = parseConditions(detection, context.textOf(rule.source));
    if (!trees) return;
    const names = detection.selections.map((s) => s.name.value);
    const covered = names.filter((name) => !name.startsWith('_'));
    for (const tree of trees) {
      for (const node of conditionQuantifiers(tree)) {
        const quantifier = node.quantifier === 'all' ? 'all' : '1';
        if (!node.isThem) {
          if (!node.pattern.includes('*') && names.includes(node.pattern)) {
            context.report(node.span, 'ofSingle', { expression: `${quantifier} of ${node.pattern}`, name: node.pattern });
          }
          continue;
        }
        if (covered.length === 1) {
          context.report(node.span, 'themWithSingle', { expression: `${quantifier} of them`, name: covered[0] as string });
        } else if (node.quantifier === 'all' && covered.length > 1) {
          context.report(node.span, 'allOfThem', { suggestion: quote(covered.join(' and '), 60) });
        }
      }
    }
  },
};
