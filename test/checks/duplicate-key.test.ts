import { duplicateKey } from '../../src/core/rules/load';
import { testCheck } from './check-tester';

testCheck(duplicateKey, {
  valid: ['title: t\ndetection:\n    a: {prompt: x}\n    b: {prompt: x}\n'],
  invalid: [
    {
      input: 'title: a\ntitle: b\n',
      errors: [{ messageId: 'duplicate', data: { key: 'title' }, line: 2, column: 1, endLine: 2, endColumn: 6 }],
    },
    {
      input: "detection:\n    sel:\n        'prompt': x\n        \"prompt\": y\n",
      errors: [{ messageId: 'duplicate', data: { key: 'prompt' }, line: 4, column: 9, endColumn: 17 }],
    },
    { input: 'a: {b: 1, b: 2}\n', errors: [{ messageId: 'duplicate', data: { key: 'b' }, line: 1, column: 11 }] },
  ],
});
