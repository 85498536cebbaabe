/** Asks detection rules to carry enough inline examples: by default 3 that match and 3 that do not. */

import type { Span } from '../model';
import { looksLikeRule } from './detections';
import type { RuleCheck } from './types';

/** Examples of each kind a rule should have. */
export const MINIMUM_EXAMPLES = 3;

export const ruleTestsMinimum: RuleCheck = {
  id: 'rule-tests-minimum',
  scope: 'rule',
  severity: 'info',
  isEnabledByDefault: false,
  description: `Detection rules should carry inline \`tests:\` with at least ${MINIMUM_EXAMPLES} match and ${MINIMUM_EXAMPLES} nomatch examples.`,
  messages: {
    missing: 'The rule has no inline tests; add `tests:` with at least {{min}} match and {{min}} nomatch examples.',
    fewMatch: 'The rule has {{count}} match example(s); add examples until there are at least {{min}}.',
    fewNomatch: 'The rule has {{count}} nomatch example(s); add near misses until there are at least {{min}}.',
  },
  check(rule, context) {
    if (rule.kind !== 'detection' || !looksLikeRule(rule)) return;
    const min = String(MINIMUM_EXAMPLES);
    const start: Span = rule.title?.span ?? { start: rule.span.start, end: rule.span.start };
    if (!rule.tests) {
      context.report(start, 'missing', { min });
      return;
    }
    const { match, nomatch, span } = rule.tests;
    if (match.length < MINIMUM_EXAMPLES) context.report(span, 'fewMatch', { count: String(match.length), min });
    if (nomatch.length < MINIMUM_EXAMPLES) context.report(span, 'fewNomatch', { count: String(nomatch.length), min });
  },
};
