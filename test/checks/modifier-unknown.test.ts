import { modifierUnknown } from '../../src/core/checks/modifier-unknown';
import { testCheck } from './check-tester';

const rule = (item: string): string =>
  `title: t\nlogsource:\n    product: llm\ndetection:\n    sel:\n        ${item}\n    condition: sel\n`;

testCheck(modifierUnknown, {
  valid: [
    rule('prompt|contains|all: [a, b]'),
    rule('prompt|re|i|m|s: a.b'),
    rule('ip|cidr: 10.0.0.0/8'),
    rule('prompt|base64offset|contains: abc'),
    rule("'|all': [a, b]"),
  ],
  invalid: [
    {
      input: rule('prompt|contians: x'),
      errors: [{ messageId: 'unknownSuggest', data: { modifier: 'contians', suggestion: 'contains' }, line: 6, column: 16, endColumn: 24 }],
    },
    {
      input: rule('prompt|Contains|startwith: x'),
      errors: [
        { messageId: 'unknownSuggest', data: { modifier: 'Contains', suggestion: 'contains' }, line: 6, column: 16 },
        { messageId: 'unknownSuggest', data: { modifier: 'startwith', suggestion: 'startswith' }, line: 6, column: 25 },
      ],
    },
    { input: rule('prompt|frobnicate: x'), errors: [{ messageId: 'unknown', data: { modifier: 'frobnicate' }, line: 6, column: 16 }] },
    { input: rule("'prompt|re': x\n        'prompt|xyz': y"), errors: [{ messageId: 'unknown', data: { modifier: 'xyz' }, line: 7, column: 17 }] },
    { input: rule('prompt||contains: x'), errors: [{ messageId: 'empty', data: { key: 'prompt||contains' }, line: 6, column: 9, endColumn: 25 }] },
  ],
});
