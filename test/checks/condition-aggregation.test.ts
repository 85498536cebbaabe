import { conditionAggregation } from '../../src/core/checks/condition-aggregation';
import { testCheck } from './check-tester';

const rule = (condition: string, extra = ''): string =>
  `title: t\nlogsource:\n    product: linux\ndetection:\n    sel:\n        a: b\n${extra}    condition: ${condition}\n`;

testCheck(conditionAggregation, {
  valid: [
    rule('sel'),
    // Malformed aggregations are condition-syntax errors, not v1 aggregations.
    rule('sel | count() > 5 and sel | count() > 6'),
    rule('sel | frobnicate'),
  ],
  invalid: [
    {
      input: rule('sel | count() > 5'),
      errors: [{ messageId: 'aggregation', data: { aggregation: 'count() > 5' }, line: 7, column: 22, endColumn: 33 }],
    },
    {
      input: rule('sel | count(dst_port) by src_ip >= 10', '    timeframe: 24h\n'),
      errors: [
        { messageId: 'timeframe', line: 7, column: 5, endColumn: 14 },
        { messageId: 'aggregation', data: { aggregation: 'count(dst_port) by src_ip >= 10' }, line: 8, column: 22 },
      ],
    },
    {
      input: 'title: f\nlogsource:\n    product: linux\nfilter:\n    rules: [x]\n    sel:\n        a: b\n    condition: not sel | max(x) < 3\n',
      errors: [{ messageId: 'aggregation', data: { aggregation: 'max(x) < 3' }, line: 8, column: 26 }],
    },
  ],
});
