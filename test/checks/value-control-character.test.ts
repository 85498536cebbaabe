import { valueControlCharacter } from '../../src/core/checks/value-control-character';
import { testCheck } from './check-tester';

const rule = (item: string): string =>
  `title: t\nlogsource:\n    product: windows\ndetection:\n    sel:\n        ${item}\n    condition: sel\n`;

testCheck(valueControlCharacter, {
  valid: [rule("Image|endswith: '\\temp\\x.exe'"), rule('Image|endswith: "\\\\temp"'), rule('Count: 5')],
  invalid: [
    {
      input: rule('Image|endswith: "\\temp\\\\x.exe"'),
      errors: [{ messageId: 'control', data: { value: '\\temp\\\\x.exe', character: 'a tab' }, line: 6, column: 25, endColumn: 39 }],
    },
    {
      input: rule('CommandLine|contains: ["ok", "C:\\new"]'),
      errors: [{ messageId: 'control', data: { value: 'C:\\new', character: 'a line break' }, line: 6, column: 38 }],
    },
    {
      input: rule('- "bell\\a"'),
      errors: [{ messageId: 'control', data: { value: 'bell\\u0007', character: 'the control character U+0007' }, line: 6, column: 11 }],
    },
  ],
});
