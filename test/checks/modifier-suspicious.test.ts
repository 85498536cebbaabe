import { modifierSuspicious } from '../../src/core/checks/modifier-suspicious';
import { testCheck } from './check-tester';

const rule = (item: string): string =>
  `title: t\nlogsource:\n    product: windows\ndetection:\n    sel:\n        ${item}\n    condition: sel\n`;

testCheck(modifierSuspicious, {
  valid: [
    rule('CommandLine|contains|all: [a, b]'),
    rule('CommandLine|wide|base64offset|contains: ping'),
    rule('CommandLine|utf16le|base64: ping'),
    // Unknown modifiers are modifier-unknown's to report, even when repeated.
    rule('CommandLine|foo|foo: x'),
  ],
  invalid: [
    {
      input: rule('CommandLine|contains|contains: x'),
      errors: [{ messageId: 'repeated', data: { modifier: 'contains' }, line: 6, column: 30, endColumn: 38 }],
    },
    {
      input: rule('CommandLine|wide|contains: ping'),
      errors: [{ messageId: 'charsetWithoutEncoding', data: { modifier: 'wide' }, line: 6, column: 21, endColumn: 25 }],
    },
  ],
});
