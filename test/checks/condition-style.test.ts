import { conditionStyle } from '../../src/core/checks/condition-style';
import { testCheck } from './check-tester';

const rule = (condition: string, extra = ''): string =>
  `title: t\nlogsource:\n    product: llm\ndetection:\n    sel_a:\n        prompt: a\n${extra}    condition: ${condition}\n`;
const second = '    sel_b:\n        prompt: b\n';

testCheck(conditionStyle, {
  valid: [rule('sel_a'), rule('1 of them', second), rule('1 of sel_*', second), rule('sel_a and sel_b', second)],
  invalid: [
    {
      input: rule('all of them', second),
      errors: [{ messageId: 'allOfThem', data: { suggestion: 'sel_a and sel_b' }, line: 9, column: 16, endColumn: 27 }],
    },
    {
      input: rule('1 of them'),
      errors: [{ messageId: 'themWithSingle', data: { expression: '1 of them', name: 'sel_a' }, line: 7, column: 16 }],
    },
    {
      // Search identifiers starting with "_" are not part of `them`.
      input: rule('all of them and not _f', '    _f:\n        prompt: b\n'),
      errors: [{ messageId: 'themWithSingle', data: { expression: 'all of them', name: 'sel_a' }, line: 9, column: 16 }],
    },
    {
      input: rule('all of sel_a and sel_b', second),
      errors: [{ messageId: 'ofSingle', data: { expression: 'all of sel_a', name: 'sel_a' }, line: 9, column: 16, endColumn: 28 }],
    },
  ],
});
