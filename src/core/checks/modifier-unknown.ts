/** Flags value modifiers that Sigma does not define, with the closest known one when it is a likely typo. */

import { MODIFIERS, isKnownModifier } from '../rules/modifiers';
import { closestMatch } from './closest';
import { detectionOf, selectionItems } from './detections';
import type { RuleCheck } from './types';

const KNOWN = Object.keys(MODIFIERS);

export const modifierUnknown: RuleCheck = {
  id: 'modifier-unknown',
  scope: 'rule',
  severity: 'error',
  description: 'Every value modifier (`field|modifier`) must be one that Sigma v2.1 defines.',
  messages: {
    unknown: 'Unknown modifier "{{modifier}}"; the rule cannot run.',
    unknownSuggest: 'Unknown modifier "{{modifier}}"; did you mean "{{suggestion}}"?',
    empty: 'Empty modifier in "{{key}}": two "|" in a row or a trailing "|".',
  },
  check(rule, context) {
    const detection = detectionOf(rule)?.detection;
    if (!detection) return;
    for (const { item } of selectionItems(detection)) {
      for (const modifier of item.modifiers) {
        const name = modifier.value;
        if (isKnownModifier(name)) continue;
        if (name === '') {
          const key = [item.field?.value ?? '', ...item.modifiers.map((m) => m.value)].join('|');
          context.report(item.keySpan, 'empty', { key });
          continue;
        }
        const suggestion = closestMatch(name, KNOWN);
        if (suggestion) context.report(modifier.span, 'unknownSuggest', { modifier: name, suggestion });
        else context.report(modifier.span, 'unknown', { modifier: name });
      }
    }
  },
};
