import { conditionUnusedSelection } from '../../src/core/checks/condition-unused-selection';
import { testCheck } from './check-tester';

const rule = (condition: string): string =>
  `title: t\nlogsource:\n    product: llm\ndetection:\n    selection:\n        prompt: a\n    filter_main:\n        prompt: b\n    _helper:\n        prompt: c\n    condition: ${condition}\n`;

testCheck(conditionUnusedSelection, {
  valid: [
    rule('selection and not filter_main and not _helper'),
    rule('1 of them and not _helper'),
    rule('selection and not 1 of filter_* and not 1 of _*'),
    rule('[selection, filter_main, _helper]'),
    // Unparseable or missing conditions are reported elsewhere.
    rule('selection and'),
    `title: t\nlogsource:\n    product: llm\ndetection:\n    selection:\n        prompt: a\n`,
  ],
  invalid: [
    {
      input: rule('selection and not _helper'),
      errors: [{ messageId: 'unused', data: { name: 'filter_main' }, line: 7, column: 5, endColumn: 16 }],
    },
    {
      // `them` leaves out names that start with "_".
      input: rule('all of them'),
      errors: [{ messageId: 'unused', data: { name: '_helper' }, line: 9, column: 5 }],
    },
  ],
});
