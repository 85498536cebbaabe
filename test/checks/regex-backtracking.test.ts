import { regexBacktracking } from '../../src/core/checks/regex-backtracking';
import { testCheck } from './check-tester';

const rule = (item: string): string =>
  `title: t\nlogsource:\n    product: llm\ndetection:\n    sel:\n        ${item}\n    condition: sel\n`;

testCheck(regexBacktracking, {
  valid: [
    rule("prompt|re: '^[^a]*a[^a]*a'"),
    rule("prompt|re: 'step (by|for) step'"),
    // Nothing after the loop can fail, so the pattern as written stays fast.
    rule("prompt|re: 'x(a+)+'"),
  ],
  invalid: [
    {
      input: rule("prompt|re: '(\\w+\\s?)+$'"),
      errors: [
        {
          messageId: 'exponential',
          data: {
            detail:
              "`(\\w+\\s?)+` can match the same text in more than one way (try a long run of 'a'), so a match that fails after it retries exponentially many ways to split that text.",
          },
          line: 6,
          column: 21,
          endColumn: 30,
        },
      ],
    },
    {
      input: rule("prompt|re: '(?i)\\d+\\d+x'"),
      errors: [
        {
          messageId: 'polynomial',
          data: {
            degree: '2',
            detail: "`\\d+` and `\\d+` can share one run of '0'; when the match fails after them, every way to split the run is tried, about n^2 steps for n characters.",
          },
          line: 6,
          column: 25,
          endColumn: 31,
        },
      ],
    },
  ],
});
