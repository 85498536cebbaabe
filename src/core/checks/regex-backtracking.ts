/** Flags regexes whose backtracking grows exponentially or polynomially with the prompt (ReDoS). */

import { regexFacts, regexUses } from './regex-values';
import type { SetCheck } from './types';

export const regexBacktracking: SetCheck = {
  id: 'regex-backtracking',
  scope: 'set',
  severity: 'error',
  description: 'A `|re` value must not backtrack super-linearly: one hostile prompt could stall the scan (see docs/regex-analysis.md).',
  messages: {
    exponential: 'Exponential backtracking: {{detail}}',
    polynomial: 'Polynomial backtracking (about n^{{degree}}): {{detail}}',
  },
  checkSet(rules, _files, context) {
    for (const rule of rules) {
      for (const use of regexUses(rule, context.textOf(rule.source))) {
        for (const issue of regexFacts(context.memo ?? rules, use.pattern, use.flags).backtracking) {
          // A construct that nothing after it can make fail runs fast as written (see the analysis).
          if (issue.needsFailingSuffix) continue;
          const span = use.toFile(issue.span);
          if (issue.kind === 'exponential') context.reportIn(rule.source, span, 'exponential', { detail: issue.message });
          else context.reportIn(rule.source, span, 'polynomial', { degree: String(issue.degree ?? 2), detail: issue.message });
        }
      }
    }
  },
};
