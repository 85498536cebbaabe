import { correlationStructure } from '../../src/core/checks/correlation-structure';
import { testCheck } from './check-tester';

const correlation = (body: string): string => `title: c\ncorrelation:\n${body}`;
const temporal = (rules: string, condition = ''): string =>
  correlation(`    type: temporal\n    rules: ${rules}\n    group-by: [account_id]\n    timespan: 1h\n${condition}`);
const counting = (condition: string): string =>
  correlation(`    type: event_count\n    rules: [a]\n    group-by: [account_id]\n    timespan: 1h\n    condition:\n${condition}`);

testCheck(correlationStructure, {
  valid: [
    temporal('[a, b]'),
    temporal('[a, b, c]', '    condition: a AND (b or not c)\n'),
    counting('        gte: 10\n'),
    counting('        gt: 100\n        lte: 200\n'),
    counting('        gte: 5\n        lte: 5\n'),
    // Three operators are the schema's to report.
    counting('        gt: 1\n        lt: 5\n        eq: 3\n'),
  ],
  invalid: [
    {
      input: temporal('[a]'),
      errors: [{ messageId: 'tooFewRules', data: { type: 'temporal', rules: 'a' }, line: 4, column: 13, endColumn: 14 }],
    },
    { input: temporal('[a, a]'), errors: [{ messageId: 'tooFewRules', data: { type: 'temporal', rules: 'a' }, line: 4, column: 13 }] },
    {
      input: counting('        gt: 1\n        gte: 5\n'),
      errors: [{ messageId: 'notARange', data: { first: 'gt: 1', second: 'gte: 5' }, line: 9, column: 9, endColumn: 12 }],
    },
    { input: counting('        eq: 1\n        lt: 5\n'), errors: [{ messageId: 'notARange', data: { first: 'eq: 1', second: 'lt: 5' }, line: 9, column: 9 }] },
    { input: counting('        lt: 5\n        gt: 5\n'), errors: [{ messageId: 'emptyRange', data: { first: 'lt: 5', second: 'gt: 5' }, line: 9, column: 9 }] },
    { input: counting('        gte: 200\n        lte: 100\n'), errors: [{ messageId: 'emptyRange', data: { first: 'gte: 200', second: 'lte: 100' }, line: 9, column: 9 }] },
    {
      input: temporal('[a, b]', '    condition: a AND & b\n'),
      errors: [{ messageId: 'conditionSyntax', data: { condition: 'a AND & b' }, line: 7, column: 22 }],
    },
  ],
});
