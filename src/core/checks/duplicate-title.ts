/** Flags titles that more than one document uses (pySigma's DuplicateTitle). */

import { findDuplicates } from './duplicates';
import type { SetCheck } from './types';

export const duplicateTitle: SetCheck = {
  id: 'duplicate-title',
  scope: 'set',
  severity: 'warning',
  description: 'Rule titles should be unique, so that an alert says which rule fired.',
  messages: { duplicate: 'Title "{{title}}" is also used by the rule in {{otherFile}}.' },
  checkSet(rules, _files, context) {
    for (const { rule, value, first } of findDuplicates(rules, (r) => r.title, (title) => title.trim())) {
      context.reportIn(rule.source, value.span, 'duplicate', { title: value.value, otherFile: first.source });
    }
  },
};
