import { fieldMisspelled } from '../../src/core/checks/field-misspelled';
import { testCheck } from './check-tester';

const rule = (item: string, product = 'llm'): string =>
  `title: t\nlogsource:\n    product: ${product}\ndetection:\n    sel:\n        ${item}\n    condition: sel\n`;

testCheck(fieldMisspelled, {
  valid: [rule('prompt: x'), rule('promt: x', 'windows'), rule('metadata.user: x'), rule('id: x')],
  invalid: [
    {
      input: rule('promt|contains: x'),
      errors: [{ messageId: 'misspelled', data: { field: 'promt', suggestion: 'prompt' }, line: 6, column: 9, endColumn: 14 }],
    },
    { input: rule('Prompt: x'), errors: [{ messageId: 'misspelled', data: { field: 'Prompt', suggestion: 'prompt' }, line: 6, column: 9 }] },
    { input: rule('acount_id: x'), errors: [{ messageId: 'misspelled', data: { field: 'acount_id', suggestion: 'account_id' }, line: 6, column: 9 }] },
  ],
});
