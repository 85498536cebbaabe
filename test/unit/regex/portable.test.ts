import { strict as assert } from 'node:assert';
import { checkPortable } from '../../../src/core/regex/portable';
import { parseRegex } from '../../../src/core/regex/parse';

/** `feature start-end` for each issue. */
function featuresOf(pattern: string, flags = ''): string[] {
  const parsed = parseRegex(pattern, flags);
  assert.ok(parsed.ast, `/${pattern}/ should parse`);
  return checkPortable(parsed.ast).map((i) => `${i.feature} ${i.span.start}-${i.span.end}`);
}

describe('regex/portable', () => {
  it('accepts the Sigma subset and the near-universal extensions', () => {
    const portable = [
      '^a.b*c+d?e{2}f{1,}g{1,3}$',
      '[a-z]|[^a-z0-9_-]',
      '(ab)(?:cd)',
      '\\d\\D\\w\\W\\s\\S\\bx\\B',
      '\\.\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\^\\$\\\\\\/\\-\\:',
      '\\t\\n\\r\\f\\x41',
      'a*?b+?c??d{2,3}?',
      'a]b',
      '[\\]\\[]',
      'x{1000}',
    ];
    for (const pattern of portable) assert.deepEqual(featuresOf(pattern), [], pattern);
  });

  it('flags lookaround with the span of the whole group', () => {
    assert.deepEqual(featuresOf('a(?=b)(?!c)(?<=d)(?<!e)'), ['lookahead 1-6', 'lookahead 6-11', 'lookbehind 11-17', 'lookbehind 17-23']);
  });

  it('flags backreferences and named groups', () => {
    assert.deepEqual(featuresOf('(?<word>\\w+) \\k<word> (a)\\2'), ['named-group 0-8', 'backreference 13-21', 'backreference 25-27']);
  });

  it('flags JavaScript-only escapes, inside and outside classes', () => {
    assert.deepEqual(featuresOf('\\u0041[\\u0042-\\u0043]\\cA\\0\\101'), [
      'unicode-escape 0-6', 'unicode-escape 7-13', 'unicode-escape 14-20', 'control-letter 21-24', 'octal-escape 24-26', 'octal-escape 26-30',
    ]);
    assert.deepEqual(featuresOf('\\u{1F600}\\p{L}[\\P{Lu}]', 'u'), ['unicode-escape 0-9', 'unicode-property 9-14', 'unicode-property 15-21']);
  });

  it('flags escapes that other engines read differently', () => {
    assert.deepEqual(featuresOf('\\v\\e\\z\\ \\_'), ['vertical-tab-escape 0-2', 'identity-escape 2-4', 'identity-escape 4-6', 'identity-escape 6-8']);
    assert.deepEqual(featuresOf('\\c1'), ['identity-escape 0-1']);
  });

  it('flags Annex B braces, odd classes and large counts', () => {
    assert.deepEqual(featuresOf('a{b}'), ['literal-brace 1-2', 'literal-brace 3-4']);
    assert.deepEqual(featuresOf('[][^][[][\\b]'), ['empty-class 0-2', 'empty-class 2-5', 'class-bracket 6-7', 'class-backspace 9-11']);
    assert.deepEqual(featuresOf('a{1001}b{2,5000}c{1001,}'), ['large-repetition 0-7', 'large-repetition 7-16', 'large-repetition 16-24']);
  });

  it('explains each issue in a sentence', () => {
    const parsed = parseRegex('(?=x)', '');
    assert.match(checkPortable(parsed.ast!)[0]!.message, /RE2/);
  });
});
