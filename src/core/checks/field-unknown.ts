/** Points out fields of LLM rules that are not in the taxonomy and will be read as raw JSON paths. */

import { detectionOf, selectionItems } from './detections';
import { isTaxonomyName, taxonomySuggestion } from './field-names';
import type { RuleCheck } from './types';

export const fieldUnknown: RuleCheck = {
  id: 'field-unknown',
  scope: 'rule',
  severity: 'info',
  description: 'Fields of `product: llm` rules outside the LLM taxonomy are read as dotted paths into the raw log record.',
  messages: {
    rawPath: 'Field "{{field}}" is not in the LLM taxonomy; it is read as a dotted path in the raw log record.',
  },
  check(rule, context) {
    const found = detectionOf(rule);
    if (!found?.isLlm) return;
    for (const { item } of selectionItems(found.detection)) {
      const field = item.field;
      // Near misses of taxonomy names are field-misspelled's (a warning).
      if (!field || isTaxonomyName(field.value) || taxonomySuggestion(field.value)) continue;
      context.report(field.span, 'rawPath', { field: field.value });
    }
  },
};
