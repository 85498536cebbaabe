import { dateInvalid } from '../../src/core/checks/date-invalid';
import { testCheck } from './check-tester';

const rule = (extra: string): string =>
  `title: t\n${extra}logsource:\n    product: llm\ndetection:\n    sel:\n        prompt: a\n    condition: sel\n`;

testCheck(dateInvalid, {
  valid: [rule('date: 2024-02-29\n'), rule('date: 2023/12/31\n'), rule('date: 2023-13-01\n'), rule('')],
  invalid: [
    { input: rule('date: 2026-02-30\n'), errors: [{ messageId: 'impossible', data: { key: 'date', value: '2026-02-30' }, line: 2, column: 7, endColumn: 17 }] },
    { input: rule('modified: 2023/02/29\n'), errors: [{ messageId: 'impossible', data: { key: 'modified', value: '2023/02/29' }, line: 2, column: 11 }] },
  ],
});
