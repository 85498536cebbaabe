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
    {
      input: 'title: t\nlogsource:\n    service: *security\n',
      errors: [{ messageId: 'syntax', data: { detail: 'Unresolved alias (the anchor must be set before the alias): security' }, line: 3, column: 14, endColumn: 23 }],
    },
    {
      // A "billion laughs" document: aliases that would expand into far too many nodes.
      input: `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [${'*a, '.repeat(8)}*a]\nc: &c [${'*b, '.repeat(8)}*b]\nd: [${'*c, '.repeat(8)}*c]\n`,
      errors: [{ messageId: 'syntax', data: { detail: 'Excessive alias count indicates a resource exhaustion attack' }, line: 1, column: 1 }],
    },
    { input: 'title: t\n---\njust text\n', errors: [{ messageId: 'notMapping', data: { kind: 'a single value' }, line: 3, column: 1 }] },
  ],
});
