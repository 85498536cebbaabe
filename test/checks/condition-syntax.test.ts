import { conditionSyntax } from '../../src/core/checks/condition-syntax';
import { testCheck } from './check-tester';

const rule = (condition: string): string =>
  `title: t\nlogsource:\n    product: llm\ndetection:\n    sel:\n        prompt: a\n    filter:\n        prompt: b\n    condition: ${condition}\n`;
const filter = (condition: string): string =>
  `title: f\nlogsource:\n    product: llm\nfilter:\n    rules: [x]\n    selection:\n        prompt: a\n    condition: ${condition}\n`;

testCheck(conditionSyntax, {
  valid: [
    rule('sel and not filter'),
    rule('1 of sel* or all of filter*'),
    rule("'sel or (filter)'"),
    rule('[sel, filter]'),
    filter('not selection'),
    // The schema reports a missing or zero-length condition; this check stays quiet.
    `title: t\nlogsource:\n    product: llm\ndetection:\n    sel:\n        prompt: a\n`,
    rule("''"),
    // Well-formed v1 aggregations are condition-aggregation's (a warning); the search part still parses.
    rule('sel and not filter | count(x) by y > 5'),
  ],
  invalid: [
    { input: rule('sel and'), errors: [{ messageId: 'unexpectedEnd', line: 9, column: 23 }] },
    { input: rule('sel or or filter'), errors: [{ messageId: 'unexpected', data: { token: 'or' }, line: 9, column: 23 }] },
    { input: rule("'(sel and filter'"), errors: [{ messageId: 'unclosed', line: 9, column: 17 }] },
    { input: rule('sel | count() > 5 and filter | count() > 3'), errors: [{ messageId: 'aggregation', line: 9, column: 20 }] },
    { input: rule('sel and | count() > 5'), errors: [{ messageId: 'unexpectedEnd', line: 9, column: 24 }] },
    { input: rule('sel* and filter'), errors: [{ messageId: 'wildcardIdentifier', data: { name: 'sel*' }, line: 9, column: 16 }] },
    { input: rule('[sel, sel and]'), errors: [{ messageId: 'unexpectedEnd', line: 9, column: 29 }] },
    { input: rule('"   "'), errors: [{ messageId: 'empty', line: 9, column: 20 }] },
    { input: rule('sel & filter'), errors: [{ messageId: 'badCharacter', data: { token: '&' }, line: 9, column: 20 }] },
    {
      input: rule(`'${'('.repeat(101)}sel${')'.repeat(101)}'`),
      errors: [{ messageId: 'tooDeep', data: { max: '100' }, line: 9, column: 117 }],
    },
    { input: rule('2 of sel*'), errors: [{ messageId: 'quantifier', data: { quantifier: '2' }, line: 9, column: 16, endColumn: 17 }] },
    { input: filter('not selection and'), errors: [{ messageId: 'unexpectedEnd', line: 8, column: 33 }] },
  ],
});
