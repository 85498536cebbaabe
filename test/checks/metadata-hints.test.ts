import { metadataHints } from '../../src/core/checks/metadata-hints';
import { testCheck } from './check-tester';

const rule = (extra: string): string =>
  `title: t\n${extra}logsource:\n    product: llm\ndetection:\n    sel:\n        prompt: a\n    condition: sel\n`;

testCheck(metadataHints, {
  valid: [
    // Not a rule at all (the schema says so): no hints about its metadata.
    'rules:\n    - \'**/*.yml\'\nchecks: {}\n',
    rule('description: d\nlevel: high\nstatus: test\n'),
    // Filters need neither; correlations need no level.
    'title: f\nlogsource:\n    product: llm\nfilter:\n    rules: [x]\n    sel:\n        prompt: a\n    condition: not sel\n',
    'title: c\ndescription: d\ncorrelation:\n    type: temporal\n    rules: [a, b]\n    group-by: [ip]\n    timespan: 1h\n',
    // A correlation's base rule leaves the level to the correlation.
    `${rule('name: base\ndescription: d\n')}---\ntitle: c\ndescription: d\nlevel: high\ncorrelation:\n    type: event_count\n    rules: [base]\n    group-by: [ip]\n    timespan: 1h\n    condition: {gte: 5}\n`,
  ],
  invalid: [
    { input: rule('description: d\n'), errors: [{ messageId: 'missingLevel', line: 1, column: 8 }] },
    { input: rule('level: low\n'), errors: [{ messageId: 'missingDescription', line: 1, column: 8 }] },
    {
      input: rule('description: d\nlevel: low\nstatus: deprecated\n'),
      errors: [{ messageId: 'inactive', data: { status: 'deprecated' }, line: 4, column: 9, endColumn: 19 }],
    },
  ],
});
