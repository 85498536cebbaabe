/** Flags rule names that appear in more than one document: correlations and filters refer to rules by name. */

import { findDuplicates } from './duplicates';
import type { SetCheck } from './types';

export const duplicateName: SetCheck = {
  id: 'duplicate-name',
  scope: 'set',
  severity: 'error',
  description: 'Rule names must be unique across every loaded rule file, because correlations and filters refer to rules by name.',
  messages: { duplicate: 'Rule name "{{name}}" is also used by "{{otherTitle}}" in {{otherFile}}.' },
  checkSet(rules, _files, context) {
    for (const { rule, value, first } of findDuplicates(rules, (r) => r.name)) {
      context.reportIn(rule.source, value.span, 'duplicate', {
        name: value.value,
        otherTitle: first.title?.value ?? '(untitled)',
        otherFile: first.source,
      });
    }
  },
};
