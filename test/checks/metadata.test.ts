import { metadata } from '../../src/core/checks/metadata';
import { testCheck } from './check-tester';

const ID = 'id: 0e95725d-7320-415d-80f7-004da920fc11\n';
const rule = (extra: string): string =>
  `title: t\n${extra}logsource:\n    product: llm\ndetection:\n    sel:\n        prompt: a\n    condition: sel\n`;

testCheck(metadata, {
  valid: [
    // Not a rule at all (the schema says so): no hints about its metadata.
    'rules:\n    - \'**/*.yml\'\nchecks: {}\n',
    rule(ID),
    rule(`${ID}date: 2024-01-31\nmodified: 2024-02-01\n`),
    rule(`${ID}date: '2024-01-31'\n`),
    // Impossible days are date-invalid's; other shapes are the schema's.
    rule(`${ID}date: 2024-02-30\nmodified: 2024-02-01\n`),
    rule(`${ID}date: January 2024\n`),
  ],
  invalid: [
    { input: rule(''), errors: [{ messageId: 'missingId', line: 1, column: 8 }] },
    {
      input: rule(`${ID}date: 2022/10/14\nmodified: 2023-12-14\n`),
      errors: [{ messageId: 'slashDate', data: { key: 'date', value: '2022/10/14', suggestion: '2022-10-14' }, line: 3, column: 7, endColumn: 17 }],
    },
    {
      input: rule(`${ID}date: "2022/10/14"   # first version\n`),
      errors: [{ messageId: 'slashDate', data: { key: 'date', value: '2022/10/14', suggestion: '2022-10-14' }, line: 3, column: 7, endColumn: 19 }],
    },
    {
      // A document indented as a whole (as in pySigma's test files).
      input: `    title: t\n    ${ID}    date: 2022/10/14\n    detection: {sel: {prompt: a}, condition: sel}\n`,
      errors: [{ messageId: 'slashDate', data: { key: 'date', value: '2022/10/14', suggestion: '2022-10-14' }, line: 3, column: 11 }],
    },
    {
      input: rule(`${ID}date: 2024-03-01\nmodified: '2024/02/01'\n`),
      errors: [
        { messageId: 'slashDate', data: { key: 'modified', value: '2024/02/01', suggestion: '2024-02-01' }, line: 4, column: 11 },
        { messageId: 'modifiedBeforeDate', data: { modified: '2024/02/01', date: '2024-03-01' }, line: 4, column: 11 },
      ],
    },
  ],
});
