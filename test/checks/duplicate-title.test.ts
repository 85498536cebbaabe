import { duplicateTitle } from '../../src/core/checks/duplicate-title';
import { testCheck } from './check-tester';

const rule = (title: string): string => `title: ${title}\nlogsource:\n    product: llm\ndetection:\n    sel:\n        prompt: a\n    condition: sel\n`;

testCheck(duplicateTitle, {
  valid: [{ files: [{ name: 'a.yml', text: rule('One') }, { name: 'b.yml', text: rule('Two') }] }],
  invalid: [
    {
      input: { files: [{ name: 'a.yml', text: rule('Chain of thought') }, { name: 'b.yml', text: rule("'Chain of thought '") }] },
      errors: [{ messageId: 'duplicate', data: { title: 'Chain of thought ', otherFile: 'a.yml' }, line: 1, column: 8, source: 'b.yml' }],
    },
    {
      input: `${rule('Same')}---\n${rule('Same')}`,
      errors: [{ messageId: 'duplicate', data: { title: 'Same', otherFile: 'rule.yml' }, line: 9, column: 8 }],
    },
  ],
});
