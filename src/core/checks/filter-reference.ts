/** Checks that a filter's `rules` name loaded detection rules. */

import { indexRules } from './references';
import type { SetCheck } from './types';

export const filterReference: SetCheck = {
  id: 'filter-reference',
  scope: 'set',
  // A warning, not an error: filters tune rules for one environment and are often kept apart
  // from the rules they apply to (an upstream rule set referred to by id).
  severity: 'warning',
  description: 'A filter should name detection rules that are loaded; otherwise it tunes nothing.',
  messages: {
    unknownRule: 'The filter applies to "{{reference}}", which is neither the id nor the name of a loaded rule, so it changes nothing here.',
    notDetection: 'The filter applies to "{{reference}}", a correlation rule; filters only apply to detection rules.',
  },
  checkSet(rules, _files, context) {
    const index = indexRules(rules);
    for (const rule of rules) {
      if (rule.kind !== 'filter') continue;
      for (const reference of rule.filter.rules) {
        const target = index.resolve(reference.value);
        if (!target) context.reportIn(rule.source, reference.span, 'unknownRule', { reference: reference.value });
        else if (target.kind === 'correlation') context.reportIn(rule.source, reference.span, 'notDetection', { reference: reference.value });
      }
    }
  },
};
