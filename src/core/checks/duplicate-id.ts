/** Flags rule ids that appear in more than one document of the loaded set. */

import { findDuplicates } from './duplicates';
import type { SetCheck } from './types';

export const duplicateId: SetCheck = {
  id: 'duplicate-id',
  scope: 'set',
  severity: 'error',
  description: 'Rule ids must be unique across every loaded rule file.',
  messages: { duplicate: 'Rule id "{{id}}" is also used by "{{otherTitle}}" in {{otherFile}}.' },
  checkSet(rules, _files, context) {
    for (const { rule, value, first } of findDuplicates(rules, (r) => r.id, (id) => id.toLowerCase())) {
      context.reportIn(rule.source, value.span, 'duplicate', {
        id: value.value,
        otherTitle: first.title?.value ?? '(untitled)',
        otherFile: first.source,
      });
    }
  },
};
