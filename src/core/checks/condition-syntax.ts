/** Reports conditions that do not parse, at the offending token. */

import { parseCondition } from '../rules/condition';
import { splitAggregation } from './conditions';
import { detectionOf } from './detections';
import { offsetMapper, type RuleCheck } from './types';

export const conditionSyntax: RuleCheck = {
  id: 'condition-syntax',
  scope: 'rule',
  severity: 'error',
  description: 'The detection condition must be a valid Sigma condition expression.',
  messages: {
    unexpected: 'Unexpected "{{token}}" in the condition.',
    unexpectedEnd: 'The condition ends too early: an operand is missing.',
    unclosed: 'This parenthesis is never closed.',
    empty: 'The condition is empty.',
    aggregation: 'This "|" does not start a Sigma v1 aggregation such as "| count(field) by group > 5"; Sigma v2 expresses counts as correlation rules.',
    wildcardIdentifier: '"{{name}}" has a wildcard; wildcards are only allowed after `1 of` or `all of`.',
    badCharacter: 'The character "{{token}}" is not allowed in a condition; use and, or, not and parentheses.',
    tooDeep: 'The condition nests deeper than {{max}} levels.',
    quantifier: '"{{quantifier}} of" is not Sigma: only "1 of" (or "any of") and "all of" are allowed.',
  },
  check(rule, context) {
    // A missing or zero-length `condition` is the schema's to report, not ours.
    const detection = detectionOf(rule)?.detection;
    if (!detection) return;
    const text = context.textOf(rule.source);
    for (const condition of detection.conditions) {
      if (condition.value === '') continue;
      // A well-formed v1 aggregation is condition-aggregation's (a warning); only its search part is checked here.
      const search = splitAggregation(condition, text)?.search ?? condition;
      const result = parseCondition(search.value, offsetMapper(text, search));
      if (result.error) context.report(result.error.span, result.error.messageId, result.error.data);
    }
  },
};
