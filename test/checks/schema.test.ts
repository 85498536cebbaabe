import { schemaCheck } from '../../src/core/rules/schema';
import { testCheck } from './check-tester';

const rule = (extra: string, title = 't'): string =>
  `title: ${title}\n${extra}logsource:\n    product: llm\ndetection:\n    sel:\n        prompt: a\n    condition: sel\n`;

testCheck(schemaCheck, {
  valid: [
    rule(''),
    rule('status: test\nid: 0e95725d-7320-415d-80f7-004da920fc11\ntags: [atlas.aml.t0024.002]\ncustom_field: anything\n'),
    'title: c\ncorrelation:\n    type: event_count\n    rules: [a]\n    group-by: [account_id]\n    timespan: 1h\n    condition: {gte: 3}\n',
  ],
  invalid: [
    {
      input: 'title: t\nlogsource:\n    product: llm\ndetection:\n    sel:\n        prompt: a\n',
      errors: [{ messageId: 'required', data: { where: '"detection"', key: 'condition' }, line: 4, column: 1 }],
    },
    { input: rule('', '5'), errors: [{ messageId: 'type', data: { where: '"title"', expected: 'a string' }, line: 1, column: 8 }] },
    {
      input: rule('status: done\n'),
      errors: [{ messageId: 'enum', data: { where: '"status"', value: 'done', allowed: 'stable, test, experimental, deprecated, unsupported' }, line: 2, column: 9 }],
    },
    { input: rule('id: 1234\n'), errors: [{ messageId: 'type', line: 2, column: 5 }] },
    {
      input: rule('id: not-a-uuid\n'),
      errors: [{ messageId: 'format', data: { where: '"id"', value: 'not-a-uuid', format: 'uuid' }, line: 2, column: 5 }],
    },
    {
      input: rule('tags: [attack.T1059]\n'),
      errors: [{ messageId: 'pattern', data: { where: '"tags.0"', value: 'attack.T1059', pattern: '^[a-z0-9_-]+\\.[a-z0-9._-]+$' }, line: 2, column: 8 }],
    },
    { input: rule('', 'x'.repeat(257)), errors: [{ messageId: 'length', data: { where: '"title"', limit: 'longer than 256 characters' }, line: 1, column: 8 }] },
    {
      input: rule('tests:\n    matches: []\n'),
      errors: [{ messageId: 'additional', data: { where: '"tests"', key: 'matches' }, line: 3, column: 5 }],
    },
    // What correlation-structure leaves to the schema: required parts per type, timespans, numbers.
    {
      input: 'title: c\ncorrelation:\n    type: temporal\n    rules: [a, b]\n    timespan: 1h\n',
      errors: [{ messageId: 'required', data: { where: '"correlation"', key: 'group-by' }, line: 2, column: 1 }],
    },
    {
      input: 'title: c\ncorrelation:\n    type: event_count\n    rules: [a]\n    group-by: [x]\n    timespan: 0m\n    condition: {gte: 1}\n',
      errors: [{ messageId: 'pattern', data: { where: '"correlation.timespan"', value: '0m', pattern: '^0*[1-9][0-9]*[smhdwMy]$' }, line: 6, column: 15 }],
    },
    {
      input: 'title: c\ncorrelation:\n    type: event_count\n    rules: [a]\n    group-by: [x]\n    timespan: 1h\n    condition: {gte: many}\n',
      errors: [{ messageId: 'type', data: { where: '"correlation.condition.gte"', expected: 'a number' }, line: 7, column: 22 }],
    },
    {
      input: 'title: c\ncorrelation:\n    type: value_percentile\n    rules: [a]\n    group-by: [org_id]\n    timespan: 1h\n    condition: {field: x, percentile: 0, gte: 3}\n',
      errors: [{ messageId: 'other', data: { where: '"correlation.condition.percentile"', detail: 'must be >= 1' }, line: 7, column: 39 }],
    },
  ],
});
