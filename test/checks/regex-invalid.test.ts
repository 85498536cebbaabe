import { regexInvalid } from '../../src/core/checks/regex-invalid';
import { testCheck } from './check-tester';

const rule = (item: string): string =>
  `title: t\nlogsource:\n    product: llm\ndetection:\n    sel:\n        ${item}\n    condition: sel\n`;

testCheck(regexInvalid, {
  valid: [
    rule("prompt|re: '(?:chain|train) of thought'"),
    rule("prompt|re|i|s: 'step.{0,20}by'"),
    // A leading PCRE inline flag group is lifted into flags (regex-portable warns about it).
    rule("prompt|re: '(?i)reasoning'"),
    rule('prompt|re: [a+, b?]'),
    // Non-strings are value-type's to report; without `re` a value is not a regex.
    rule('prompt|re: 123'),
    rule("prompt|contains: 'step (by'"),
  ],
  invalid: [
    {
      input: rule("prompt|re: 'step (by|for step'"),
      errors: [{ messageId: 'invalid', data: { pattern: 'step (by|for step', detail: 'Unterminated group' }, line: 6, column: 26, endColumn: 38 }],
    },
    {
      input: rule("prompt|re: '(?i)a**'"),
      errors: [{ messageId: 'invalid', data: { pattern: 'a**', detail: 'Nothing to repeat' }, line: 6, column: 27, endColumn: 28 }],
    },
    {
      // `''` in single quotes is one quote, so offsets inside the pattern are not exact: the whole value.
      input: rule("prompt|re: 'don''t ['"),
      errors: [{ messageId: 'invalid', data: { pattern: "don't [", detail: 'Unterminated character class' }, line: 6, column: 20, endColumn: 30 }],
    },
    {
      input: `title: f\nlogsource:\n    product: llm\nfilter:\n    rules: [x]\n    sel:\n        prompt|re: 'a)'\n    condition: not sel\n`,
      errors: [{ messageId: 'invalid', data: { pattern: 'a)', detail: "Unmatched ')'" }, line: 7, column: 22 }],
    },
  ],
});
