import { conditionUnknownIdentifier } from '../../src/core/checks/condition-unknown-identifier';
import { testCheck } from './check-tester';

const rule = (condition: string): string =>
  `title: t\nlogsource:\n    product: llm\ndetection:\n    selection:\n        prompt: a\n    _filter:\n        prompt: b\n    condition: ${condition}\n`;

testCheck(conditionUnknownIdentifier, {
  valid: [
    rule('selection and not _filter'),
    rule('1 of sel* and not 1 of _filter*'),
    rule('all of them'),
    rule('[selection, _filter]'),
    // A condition that does not parse is condition-syntax's to report.
    rule('selection and'),
    `title: f\nlogsource:\n    product: llm\nfilter:\n    rules: [x]\n    selection:\n        prompt: a\n    condition: not selection\n`,
  ],
  invalid: [
    {
      input: rule('selection and not other'),
      errors: [{ messageId: 'unknown', data: { name: 'other' }, line: 9, column: 34, endColumn: 39 }],
    },
    {
      input: rule('selection and not filter'),
      errors: [{ messageId: 'unknownSuggest', data: { name: 'filter', suggestion: '_filter' }, line: 9, column: 34, endColumn: 40 }],
    },
    {
      input: rule('selectoin and not _filter'),
      errors: [{ messageId: 'unknownSuggest', data: { name: 'selectoin', suggestion: 'selection' }, line: 9, column: 16 }],
    },
    {
      input: rule('selection and not 1 of filter*'),
      errors: [{ messageId: 'patternMatchesNothing', data: { pattern: 'filter*' }, line: 9, column: 39, endColumn: 46 }],
    },
    {
      input: rule('[selection, sel2]'),
      errors: [{ messageId: 'unknown', data: { name: 'sel2' }, line: 9, column: 28 }],
    },
    {
      input: `title: t\nlogsource:\n    product: llm\ndetection:\n    _only:\n        prompt: a\n    condition: 1 of them\n`,
      errors: [{ messageId: 'themMatchesNothing', data: { expression: '1 of them' }, line: 7, column: 16, endColumn: 25 }],
    },
  ],
});
