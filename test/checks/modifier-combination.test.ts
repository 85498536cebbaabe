import { modifierCombination } from '../../src/core/checks/modifier-combination';
import { testCheck } from './check-tester';

const rule = (item: string): string =>
  `title: t\nlogsource:\n    product: windows\ndetection:\n    sel:\n        ${item}\n    condition: sel\n`;
/** Column of the modifier `name` in `rule(item)` (line 6, after 8 spaces). */
const col = (item: string, name: string, from = 0): number => 9 + item.indexOf(name, from);

const cases: [string, string, Record<string, string>, string][] = [
  ['Image|exists|contains: true', 'existsCombined', { other: 'contains' }, 'contains'],
  ['CommandLine|re|contains: a.b', 'reCombined', { modifier: 're', other: 'contains' }, 'contains'],
  ['CommandLine|cased|re: a.b', 'reCombined', { modifier: 're', other: 'cased' }, 'cased'],
  ['Count|gt|contains: 5', 'compareCombined', { modifier: 'gt', other: 'contains' }, 'contains'],
  ['Time|hour|startswith: 5', 'compareCombined', { modifier: 'hour', other: 'startswith' }, 'startswith'],
  ['Count|gt|cidr: 5', 'compareCombined', { modifier: 'gt', other: 'cidr' }, 'cidr'],
  ['SourceIp|cidr|contains: 10.0.0.0/8', 'cidrCombined', { modifier: 'cidr', other: 'contains' }, 'contains'],
  ['User|fieldref|base64: TargetUser', 'fieldrefCombined', { modifier: 'fieldref', other: 'base64' }, 'base64'],
  ['CommandLine|startswith|endswith: x', 'conflicting', { modifier: 'startswith', other: 'endswith' }, 'endswith'],
  ['Count|gt|lt: 5', 'conflicting', { modifier: 'gt', other: 'lt' }, 'lt'],
  ['CommandLine|i: x', 'flagWithoutRe', { modifier: 'i' }, 'i'],
  ['CommandLine|base64offset: x', 'base64offsetWithoutContains', {}, 'base64offset'],
  ['CommandLine|contains|all: x', 'allSingle', {}, 'all'],
  ['CommandLine|all: [a, b]', 'allWithoutPosition', { field: 'CommandLine' }, 'all'],
  ['Image|expand: "%Path%"', 'expand', {}, 'expand'],
];

testCheck(modifierCombination, {
  valid: [
    rule('CommandLine|contains|all: [a, b]'),
    rule('CommandLine|windash|contains: " -enc "'),
    rule('CommandLine|wide|base64offset|contains: ping'),
    rule('CommandLine|base64|contains: ping'),
    rule('CommandLine|re|i|m: a.b'),
    rule('CommandLine|re|all: [a, b]'),
    rule('Count|gte|neq: 5'),
    rule('Time|hour|gte: 9'),
    rule('SourceIp|cidr|neq: 10.0.0.0/8'),
    rule('User|fieldref|endswith: TargetUser'),
    rule('User|fieldref|all: [TargetUser, SubjectUser]'),
    rule("CommandLine|cased|contains: 'X'"),
    rule('Image: [null]'),
    rule("'|all': [a, b]"),
    // With wildcards one value can match several patterns.
    rule("CommandLine|all: ['*a*', '*b*']"),
    rule('Image|exists: true'),
    rule('CommandLine|contains|all: [x]'),
  ],
  invalid: [
    ...cases.map(([item, messageId, data, at]) => ({
      input: rule(item),
      errors: [{ messageId, data, line: 6, column: col(item, `|${at}`) + 1 }],
    })),
    {
      input: rule('Image|exists|contains|all: x'),
      errors: [{ messageId: 'existsCombined', data: { other: 'contains' }, line: 6, column: 22 }],
    },
    {
      input: rule('CommandLine|contains|base64offset: x'),
      errors: [{ messageId: 'order', data: { before: 'base64offset', after: 'contains' }, line: 6, column: 21, endColumn: 42 }],
    },
    {
      input: rule('CommandLine|base64|utf16le|contains: x'),
      errors: [{ messageId: 'order', data: { before: 'utf16le', after: 'base64' }, line: 6, column: 21, endColumn: 35 }],
    },
    {
      input: rule('CommandLine|i|re: x'),
      errors: [{ messageId: 'order', data: { before: 're', after: 'i' }, line: 6, column: 21, endColumn: 25 }],
    },
    {
      input: rule('CommandLine|windash|contains|all: [" -a ", " -b "]'),
      errors: [{ messageId: 'windashWithAll', line: 6, column: 21, endColumn: 28 }],
    },
    {
      input: rule('Image: [a, null]'),
      errors: [{ messageId: 'nullInList', line: 6, column: 20, endColumn: 24 }],
    },
    {
      input: rule("'|cidr': 10.0.0.0/8"),
      errors: [{ messageId: 'keywordFieldOnly', data: { modifier: 'cidr' }, line: 6, column: 11 }],
    },
  ],
});
