import { duplicateName } from '../../src/core/checks/duplicate-name';
import { testCheck } from './check-tester';

const rule = (title: string, name: string): string =>
  `title: ${title}\nname: ${name}\nlogsource:\n    product: llm\ndetection:\n    sel:\n        prompt: a\n    condition: sel\n`;

testCheck(duplicateName, {
  valid: [
    { files: [{ name: 'a.yml', text: rule('One', 'cot_prompt') }, { name: 'b.yml', text: rule('Two', 'cot_prompt_2') }] },
    // Names are references and compared exactly.
    `${rule('One', 'cot_prompt')}---\n${rule('Two', 'COT_PROMPT')}`,
  ],
  invalid: [
    {
      input: { files: [{ name: 'a.yml', text: rule('One', 'cot_prompt') }, { name: 'b.yml', text: rule('Two', 'cot_prompt') }] },
      errors: [{ messageId: 'duplicate', data: { name: 'cot_prompt', otherTitle: 'One', otherFile: 'a.yml' }, line: 2, column: 7, endColumn: 17, source: 'b.yml' }],
    },
  ],
});
