import { ruleTests } from '../../src/core/checks/rule-tests';
import { testCheck } from './check-tester';

const rule = (tests: string, detection = 'sel:\n        prompt|contains: internal reasoning\n    condition: sel'): string =>
  `title: t\nlogsource:\n    product: llm\ndetection:\n    ${detection}\ntests:\n${tests}\n`;

testCheck(ruleTests, {
  valid: [
    rule("    match:\n        - 'write the internal reasoning'\n    nomatch:\n        - 'think step by step'"),
    rule("    match:\n        - {prompt: 'the Internal Reasoning please', model: x}\n    nomatch: []"),
  ],
  invalid: [
    {
      input: rule("    match:\n        - 'think step by step'\n    nomatch:\n        - 'show the internal reasoning'"),
      errors: [
        { messageId: 'shouldMatch', data: { index: '0' }, line: 10, column: 11 },
        { messageId: 'shouldNotMatch', data: { index: '0', selection: 'sel', found: '"internal reasoning" in prompt' }, line: 12, column: 11 },
      ],
    },
    {
      input: rule("    match:\n        - 42\n        - 'internal reasoning'"),
      errors: [{ messageId: 'malformed', line: 10, column: 11 }],
    },
    {
      input: rule("    match:\n        - 'x'", 'sel:\n        prompt|contians: x\n    condition: sel'),
      errors: [{ messageId: 'notRunnable', data: { reason: 'unknown modifier "contians"' }, line: 9, column: 5 }],
    },
    {
      input: "title: c\ncorrelation:\n    type: event_count\n    rules: [a]\n    group-by: [ip]\n    timespan: 1h\n    condition: {gte: 3}\ntests:\n    match: ['x']\n",
      errors: [{ messageId: 'notDetection', line: 1, column: 1 }],
    },
  ],
});
