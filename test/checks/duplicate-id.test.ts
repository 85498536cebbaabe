import { duplicateId } from '../../src/core/checks/duplicate-id';
import { testCheck } from './check-tester';

const rule = (title: string, id: string): string =>
  `title: ${title}\nid: ${id}\nlogsource:\n    product: llm\ndetection:\n    sel:\n        prompt: a\n    condition: sel\n`;
const ID = '0e95725d-7320-415d-80f7-004da920fc11';

testCheck(duplicateId, {
  valid: [
    rule('One', ID),
    { files: [{ name: 'a.yml', text: rule('One', ID) }, { name: 'b.yml', text: rule('Two', '1f0b0a1d-2c3e-4f6e-9d6b-5d3c1b9e8a51') }] },
  ],
  invalid: [
    {
      input: { files: [{ name: 'a.yml', text: rule('One', ID) }, { name: 'b.yml', text: rule('Two', ID.toUpperCase()) }] },
      errors: [{ messageId: 'duplicate', data: { id: ID.toUpperCase(), otherTitle: 'One', otherFile: 'a.yml' }, line: 2, column: 5, source: 'b.yml' }],
    },
    {
      input: `${rule('One', ID)}---\n${rule('Two', ID)}`,
      errors: [{ messageId: 'duplicate', data: { id: ID, otherTitle: 'One', otherFile: 'rule.yml' }, line: 11, column: 5 }],
    },
  ],
});
