/** Flags modifier chains that run but are probably not what the author meant. */

import { isKnownModifier, modifiersIn } from '../rules/modifiers';
import { detectionOf, selectionItems } from './detections';
import type { RuleCheck } from './types';

export const modifierSuspicious: RuleCheck = {
  id: 'modifier-suspicious',
  scope: 'rule',
  severity: 'warning',
  description: 'A modifier should appear once per item, and a character-set modifier (utf16*, wide) belongs before base64 or base64offset.',
  messages: {
    repeated: 'The modifier "{{modifier}}" is applied more than once; once is enough.',
    charsetWithoutEncoding:
      '"{{modifier}}" without base64 or base64offset matches the raw {{modifier}} bytes as text, which log fields rarely hold; add "|base64offset|contains" or drop it.',
  },
  check(rule, context) {
    const detection = detectionOf(rule)?.detection;
    if (!detection) return;
    for (const { item } of selectionItems(detection)) {
      const seen = new Set<string>();
      for (const modifier of item.modifiers) {
        if (seen.has(modifier.value) && isKnownModifier(modifier.value)) context.report(modifier.span, 'repeated', { modifier: modifier.value });
        seen.add(modifier.value);
      }
      const names = item.modifiers.map((m) => m.value);
      if (modifiersIn(names, 'encoding').length > 0) continue;
      const charset = item.modifiers.find((m) => modifiersIn([m.value], 'charset').length > 0);
      if (charset) context.report(charset.span, 'charsetWithoutEncoding', { modifier: charset.value });
    }
  },
};
