/** Reports conditions that do not parse, at the offending token. */

import type { Detection } from '../model';
import { parseCondition } from '../rules/condition';
import { offsetMapper, type RuleCheck } from './types';

export const conditionSyntax: RuleCheck = {
  id: 'condition-syntax',
  scope: 'rule',
  severity: 'error',
  description: 'The detection condition must be a valid Sigma condition expression.',
  messages: {
    missing: 'The detection has no condition; add `condition:` naming the selections that must match.',
    unexpected: 'Unexpected "{{token}}" in the condition.',
    unexpectedEnd: 'The condition ends too early: an operand is missing.',
    unclosed: 'This parenthesis is never closed.',
    empty: 'The condition is empty.',
    aggregation: 'Aggregations (`| count() ...`) were removed in Sigma v2; write a correlation rule instead.',
    wildcardIdentifier: '"{{name}}" has a wildcard; wildcards are only allowed after `1 of` or `all of`.',
    badCharacter: 'The character "{{token}}" is not allowed in a condition; use and, or, not and parentheses.',
    tooDeep: 'The condition nests deeper than {{max}} levels.',
  },
  check(rule, context) {
    const detection: Detection | undefined =
      rule.kind === 'detection' ? rule.detection : rule.kind === 'filter' ? rule.filter.detection : undefined;
    if (!detection) return;
    if (detection.conditionMissing) {
      context.report(detection.span, 'missing');
      return;
    }
    const text = context.textOf(rule.source);
    for (const condition of detection.conditions) {
      const result = parseCondition(condition.value, offsetMapper(text, condition));
      if (result.error) context.report(result.error.span, result.error.messageId, result.error.data);
    }
  },
};
