/** Flags regex features outside the subset every Sigma backend translates (docs/regex-analysis.md). */

import { quote } from '../problems';
import { regexFacts, regexUses } from './regex-values';
import type { SetCheck } from './types';

export const regexPortable: SetCheck = {
  id: 'regex-portable',
  scope: 'set',
  severity: 'warning',
  description: 'Regexes should stay within the portable subset that Sigma backends translate; PromptSift runs them, other tools may not.',
  messages: {
    nonPortable: '"{{text}}" is not portable ({{feature}}): {{why}}',
    inlineFlags: 'The inline flags "{{group}}" are PCRE syntax that some backends reject; write "|re|{{modifiers}}" instead.',
  },
  checkSet(rules, _files, context) {
    for (const rule of rules) {
      for (const use of regexUses(rule, context.textOf(rule.source))) {
        if (use.inlineGroup) {
          const modifiers = use.inlineGroup.value.replace(/[()?]/g, '').split('').join('|');
          context.reportIn(rule.source, use.inlineGroup.span, 'inlineFlags', { group: use.inlineGroup.value, modifiers });
        }
        for (const issue of regexFacts(context.memo ?? rules, use.pattern, use.flags).nonPortable) {
          const text = quote(use.pattern.slice(issue.span.start, issue.span.end), 40);
          context.reportIn(rule.source, use.toFile(issue.span), 'nonPortable', { text, feature: issue.feature, why: issue.message });
        }
      }
    }
  },
};
