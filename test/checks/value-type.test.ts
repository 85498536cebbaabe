import { valueType } from '../../src/core/checks/value-type';
import { testCheck } from './check-tester';

const rule = (item: string): string =>
  `title: t\nlogsource:\n    product: windows\ndetection:\n    sel:\n        ${item}\n    condition: sel\n`;
/** Expects one problem at the value, which starts at `column`. */
const at = (item: string, messageId: string, data: Record<string, string>, column: number) => ({
  input: rule(item),
  errors: [{ messageId, data, line: 6, column }],
});

testCheck(valueType, {
  valid: [
    rule('Image|exists: true'),
    rule('Count|gt: 5'),
    rule("Count|lte: '5'"),
    rule('Time|hour: 23'),
    rule('Time|hour|gte: 9'),
    rule('SourceIp|cidr: [10.0.0.0/8, "2001:db8::/32", 192.168.1.7]'),
    rule("CommandLine|re: '^a.*b$'"),
    rule('User|fieldref: TargetUser'),
    rule('Image: null'),
    rule('CommandLine|contains: 42'),
    // Maps and nested lists are the schema's to report.
    rule('Image|contains: {a: b}'),
  ],
  invalid: [
    at("Image|exists: 'yes'", 'existsNotBoolean', { value: 'yes' }, 23),
    at('Count|gt: many', 'notNumber', { value: 'many', modifier: 'gt' }, 19),
    at('Time|minute: half', 'notNumber', { value: 'half', modifier: 'minute' }, 22),
    at('Time|hour: 24', 'timeOutOfRange', { value: '24', modifier: 'hour', min: '0', max: '23' }, 20),
    at('SourceIp|cidr: 10.0.0/8', 'notCidr', { value: '10.0.0/8' }, 24),
    at('SourceIp|cidr: 10.1.2.3/8', 'cidrHostBits', { value: '10.1.2.3/8', network: '10.0.0.0/8' }, 24),
    at("SourceIp|cidr: '2001:db8::1/32'", 'cidrHostBits', { value: '2001:db8::1/32', network: '2001:db8::/32' }, 24),
    at('CommandLine|re: 123', 'reNotString', { value: '123' }, 25),
    at("User|fieldref: 'Target*'", 'fieldrefNotField', { value: 'Target*' }, 24),
    at('CommandLine|contains: null', 'nullModified', { modifier: 'contains', value: 'null' }, 31),
    {
      input: rule('Count|gt: [1, x]'),
      errors: [{ messageId: 'notNumber', data: { value: 'x', modifier: 'gt' }, line: 6, column: 23 }],
    },
  ],
});
