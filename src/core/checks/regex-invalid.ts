/** Flags `|re` values that do not compile as JavaScript regular expressions, with V8's message. */

import { quote } from '../problems';
import { regexFacts, regexUses } from './regex-values';
import type { SetCheck } from './types';

export const regexInvalid: SetCheck = {
  id: 'regex-invalid',
  scope: 'set',
  severity: 'error',
  description: 'A `|re` value must be a regular expression that compiles (JavaScript syntax, with a leading `(?i)` read as a flag).',
  messages: {
    invalid: 'The regular expression "{{pattern}}" does not compile: {{detail}}.',
  },
  checkSet(rules, _files, context) {
    for (const rule of rules) {
      for (const use of regexUses(rule, context.textOf(rule.source))) {
        const error = regexFacts(context.memo ?? rules, use.pattern, use.flags).compileError;
        if (!error) continue;
        const span = error.source === 'pattern' ? use.toFile(error.span) : use.value.span;
        context.reportIn(rule.source, span, 'invalid', { pattern: quote(use.pattern, 60), detail: error.message });
      }
    }
  },
};
