import { valueStyle } from '../../src/core/checks/value-style';
import { testCheck } from './check-tester';

const rule = (item: string): string =>
  `title: t\nlogsource:\n    product: windows\ndetection:\n    sel:\n        ${item}\n    condition: sel\n`;

testCheck(valueStyle, {
  valid: [
    rule("CommandLine|contains: 'x'"),
    rule("CommandLine: 'a*b'"),
    rule("CommandLine: ['*a*', 'b*']"),
    rule("Image: '*'"),
    rule("CommandLine|re: '.**'"),
    rule('EventID: 4688'),
    rule("Hash: '0x17'"),
    rule("Code: '007'"),
    rule("CommandLine|contains: '1234'"),
    rule("CommandLine: 'a\\*\\*b'"),
  ],
  invalid: [
    {
      input: rule("CommandLine|contains: 'a**b'"),
      errors: [{ messageId: 'doubleWildcard', data: { value: 'a**b' }, line: 6, column: 31 }],
    },
    {
      input: rule("CommandLine: ['*a*', '*b*']"),
      errors: [{ messageId: 'wildcardsInsteadOfModifier', data: { field: 'CommandLine', modifier: 'contains' }, line: 6, column: 9, endColumn: 20 }],
    },
    {
      input: rule("Image|cased: '*\\cmd.exe'"),
      errors: [{ messageId: 'wildcardsInsteadOfModifier', data: { field: 'Image', modifier: 'endswith' }, line: 6, column: 9 }],
    },
    {
      input: rule("Image: 'C:\\Windows\\\\*'"),
      errors: [{ messageId: 'wildcardsInsteadOfModifier', data: { field: 'Image', modifier: 'startswith' }, line: 6, column: 9 }],
    },
    {
      input: rule("EventID: '4688'"),
      errors: [{ messageId: 'numberAsString', data: { value: '4688' }, line: 6, column: 18 }],
    },
  ],
});
