import { fieldUnknown } from '../../src/core/checks/field-unknown';
import { testCheck } from './check-tester';

const rule = (item: string, product = 'llm'): string =>
  `title: t\nlogsource:\n    product: ${product}\ndetection:\n    sel:\n        ${item}\n    condition: sel\n`;

testCheck(fieldUnknown, {
  valid: [
    rule('prompt|contains: x'),
    rule('template: abc'),
    rule('model_is_new: true'),
    // Other log sources always use raw paths.
    rule('metadata.user: x', 'windows'),
    // A near miss is field-misspelled's.
    rule('promt: x'),
    rule('- keyword'),
  ],
  invalid: [
    {
      input: rule('metadata.user|contains: x'),
      errors: [{ messageId: 'rawPath', data: { field: 'metadata.user' }, line: 6, column: 9, endColumn: 22 }],
    },
  ],
});
