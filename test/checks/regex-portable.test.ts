import { regexPortable } from '../../src/core/checks/regex-portable';
import { testCheck } from './check-tester';

const rule = (item: string): string =>
  `title: t\nlogsource:\n    product: llm\ndetection:\n    sel:\n        ${item}\n    condition: sel\n`;

testCheck(regexPortable, {
  valid: [
    rule("prompt|re: '^(chain|train)[ -]of[ -]thought\\s+\\w{2,10}$'"),
    rule("prompt|re|i: 'reason(ing)?'"),
    rule("prompt|contains: '(?<=x)'"),
  ],
  invalid: [
    {
      input: rule("prompt|re: '(?<=show )reasoning'"),
      errors: [
        {
          messageId: 'nonPortable',
          data: {
            text: '(?<=show )',
            feature: 'lookbehind',
            why: 'Lookbehind is not supported by RE2-family engines, and other engines limit it to fixed lengths.',
          },
          line: 6,
          column: 21,
          endColumn: 31,
        },
      ],
    },
    {
      input: rule("prompt|re: '(?i)(a)\\1'"),
      errors: [
        { messageId: 'inlineFlags', data: { group: '(?i)', modifiers: 'i' }, line: 6, column: 21, endColumn: 25 },
        { messageId: 'nonPortable', data: { text: '\\1', feature: 'backreference', why: 'Backreferences are not supported by RE2-family engines.' }, line: 6, column: 28 },
      ],
    },
    {
      input: rule("prompt|re: '(?is)x'"),
      errors: [{ messageId: 'inlineFlags', data: { group: '(?is)', modifiers: 'i|s' }, line: 6, column: 21 }],
    },
  ],
});
