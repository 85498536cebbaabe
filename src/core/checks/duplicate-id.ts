/** Flags rule ids that appear in more than one document of the loaded set. */

import type { Rule } from '../model';
import type { SetCheck } from './types';

export const duplicateId: SetCheck = {
  id: 'duplicate-id',
  scope: 'set',
  severity: 'error',
  description: 'Rule ids must be unique across every loaded rule file.',
  messages: { duplicate: 'Rule id "{{id}}" is also used by "{{otherTitle}}" in {{otherFile}}.' },
  checkSet(rules, _files, context) {
    const first = new Map<string, Rule>();
    for (const rule of rules) {
      if (!rule.id) continue;
      const key = rule.id.value.toLowerCase();
      const other = first.get(key);
      if (!other) {
        first.set(key, rule);
        continue;
      }
      context.reportIn(rule.source, rule.id.span, 'duplicate', {
        id: rule.id.value,
        otherTitle: other.title?.value ?? '(untitled)',
        otherFile: other.source,
      });
    }
  },
};
