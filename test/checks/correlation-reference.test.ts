import { correlationReference } from '../../src/core/checks/correlation-reference';
import { testCheck } from './check-tester';

const ID = '0e95725d-7320-415d-80f7-004da920fc11';
const base = (name: string, id = ''): string =>
  `title: ${name}\n${id ? `id: ${id}\n` : ''}name: ${name}\nlogsource:\n    product: llm\ndetection:\n    sel:\n        prompt: a\n    condition: sel\n`;
const correlation = (name: string, rules: string, extra = ''): string =>
  `title: ${name}\nname: ${name}\ncorrelation:\n    type: temporal\n    rules: ${rules}\n    group-by: [account_id]\n    timespan: 1h\n${extra}`;

testCheck(correlationReference, {
  valid: [
    `${base('a')}---\n${base('b', ID)}---\n${correlation('c', `[a, ${ID.toUpperCase()}]`)}`,
    // Base rules in another file, and correlations of correlations.
    { files: [{ name: 'base.yml', text: `${base('a')}---\n${base('b')}` }, { name: 'c.yml', text: `${correlation('c', '[a, b]')}---\n${correlation('d', '[c, a]')}` }] },
    `${base('a')}---\n${base('b')}---\n${correlation('c', '[a, b]', '    aliases:\n        user:\n            a: account_id\n            b: org_id\n    condition: a and not b\n')}`,
  ],
  invalid: [
    {
      input: `${base('a')}---\n${correlation('c', '[a, missing]')}`,
      errors: [{ messageId: 'unknownRule', data: { reference: 'missing' }, line: 14, column: 16, endColumn: 23 }],
    },
    {
      input: `${base('a')}---\n${base('b')}---\n${correlation('c', '[a, b]', '    aliases:\n        user:\n            a: account_id\n            z: org_id\n')}`,
      errors: [{ messageId: 'aliasUnknownRule', data: { alias: 'user', reference: 'z' }, line: 29, column: 13, endColumn: 14 }],
    },
    {
      input: `${base('a')}---\n${base('b')}---\n${correlation('c', '[a, b]', '    condition: a and zz\n')}`,
      errors: [{ messageId: 'conditionUnknownRule', data: { reference: 'zz' }, line: 26, column: 22, endColumn: 24 }],
    },
    {
      input: `${base('a')}---\n${correlation('c', '[a, d]')}---\n${correlation('d', '[c, a]')}`,
      errors: [{ messageId: 'cycle', data: { cycle: 'c → d → c' }, line: 22, column: 13 }],
    },
    {
      input: `${base('a')}---\n${correlation('self', '[a, self]')}`,
      errors: [{ messageId: 'cycle', data: { cycle: 'self → self' }, line: 14, column: 16 }],
    },
  ],
});
