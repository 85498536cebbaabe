/** Flags `date` and `modified` values that name a day the calendar does not have (2026-02-30). */

import { ruleDate } from './dates';
import { spanInRule } from './locate';
import type { RuleCheck } from './types';

export const dateInvalid: RuleCheck = {
  id: 'date-invalid',
  scope: 'rule',
  severity: 'error',
  description: '`date` and `modified` must be real calendar days.',
  messages: {
    impossible: '"{{key}}: {{value}}" is not a day of the calendar.',
  },
  check(rule, context) {
    for (const key of ['date', 'modified'] as const) {
      const date = ruleDate(rule, key);
      if (!date || date.isReal) continue;
      const span = spanInRule(context.textOf(rule.source), rule, [key], 'value') ?? rule.span;
      context.report(span, 'impossible', { key, value: date.text });
    }
  },
};
