import { yamlSyntax } from '../../src/core/rules/load';
import { testCheck } from './check-tester';

testCheck(yamlSyntax, {
  valid: [
    'title: t\nlogsource:\n    product: llm\ndetection:\n    sel:\n        prompt: a\n    condition: sel\n',
    // Empty documents (a leading `---`, a trailing one) are skipped, not reported.
    '---\ntitle: t\n---\n',
    '',
  ],
  invalid: [
    {
      input: 'title: [unclosed\n',
      errors: [{ messageId: 'syntax', data: { detail: 'Flow sequence in block collection must be sufficiently indented and end with a ]' }, line: 2, column: 1 }],
    },
    { input: '- a\n- b\n', errors: [{ messageId: 'notMapping', data: { kind: 'a list' }, line: 1, column: 1 }] },
    { input: 'title: t\n---\njust text\n', errors: [{ messageId: 'notMapping', data: { kind: 'a single value' }, line: 3, column: 1 }] },
  ],
});
