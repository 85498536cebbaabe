/** Flags fields of LLM rules that look like a misspelt taxonomy field (`promt`, `Prompt`, `acount_id`). */

import { detectionOf, selectionItems } from './detections';
import { taxonomySuggestion } from './field-names';
import type { RuleCheck } from './types';

export const fieldMisspelled: RuleCheck = {
  id: 'field-misspelled',
  scope: 'rule',
  severity: 'warning',
  description: 'A field of a `product: llm` rule that is one or two typos away from a taxonomy field is probably that field.',
  messages: {
    misspelled: 'Field "{{field}}" is not in the LLM taxonomy, so it is read as a raw path and rarely matches; did you mean "{{suggestion}}"?',
  },
  check(rule, context) {
    const found = detectionOf(rule);
    if (!found?.isLlm) return;
    for (const { item } of selectionItems(found.detection)) {
      const suggestion = item.field && taxonomySuggestion(item.field.value);
      if (item.field && suggestion) context.report(item.field.span, 'misspelled', { field: item.field.value, suggestion });
    }
  },
};
