/** Flags control characters in values: usually a backslash that YAML read as an escape ("C:\temp" is a tab). */

import { quote } from '../problems';
import { detectionOf, selectionItems } from './detections';
import type { RuleCheck } from './types';

const NAMES: Record<string, string> = {
  '\t': 'a tab',
  '\n': 'a line break',
  '\r': 'a carriage return',
  '\b': 'a backspace',
  '\f': 'a form feed',
  '\v': 'a vertical tab',
  '\0': 'a NUL character',
};

const CONTROL = /[\u0000-\u001f\u007f]/;

export const valueControlCharacter: RuleCheck = {
  id: 'value-control-character',
  scope: 'rule',
  severity: 'warning',
  description: 'Values should not contain control characters, which usually come from a backslash escape in a double-quoted YAML string.',
  messages: {
    control:
      'The value "{{value}}" contains {{character}}; in double quotes YAML reads "\\t", "\\n", "\\b" … as escapes, so write "\\\\" or use single quotes.',
  },
  check(rule, context) {
    const detection = detectionOf(rule)?.detection;
    if (!detection) return;
    for (const { item } of selectionItems(detection)) {
      for (const value of item.values) {
        if (typeof value.value !== 'string') continue;
        const found = CONTROL.exec(value.value)?.[0];
        if (found === undefined) continue;
        const character = NAMES[found] ?? `the control character U+${found.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
        context.report(value.span, 'control', { value: quote(JSON.stringify(value.value).slice(1, -1)), character });
      }
    }
  },
};
