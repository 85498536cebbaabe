import { strict as assert } from 'node:assert';
import { parseFlags, parseRegex } from '../../../src/core/regex/parse';
import type { RegexPattern, Term } from '../../../src/core/regex/ast';

function parseOk(pattern: string, flags = ''): RegexPattern {
  const result = parseRegex(pattern, flags);
  assert.equal(result.error, undefined, `unexpected error for /${pattern}/${flags}`);
  return result.ast!;
}

function items(pattern: string, flags = ''): Term[] {
  return parseOk(pattern, flags).alternatives[0]!.items;
}

function errorOf(pattern: string, flags = ''): { message: string; start: number; end: number } {
  const result = parseRegex(pattern, flags);
  assert.ok(result.error, `expected an error for /${pattern}/${flags}`);
  return { message: result.error.message, start: result.error.span.start, end: result.error.span.end };
}

describe('regex/parse', () => {
  it('gives every alternative and term its span', () => {
    const ast = parseOk('ab|c');
    assert.deepEqual(ast.alternatives.map((s) => s.span), [{ start: 0, end: 2 }, { start: 3, end: 4 }]);
    assert.deepEqual(ast.alternatives[0]!.items.map((t) => t.span), [{ start: 0, end: 1 }, { start: 1, end: 2 }]);
  });

  it('reads quantifiers with bounds, laziness and the span of the whole term', () => {
    const found = items('a*b+c??d{3}e{2,}f{1,5}').map((t) => t.type === 'quantifier' && [t.min, t.max, t.lazy, t.span.start, t.span.end]);
    assert.deepEqual(found, [
      [0, Infinity, false, 0, 2],
      [1, Infinity, false, 2, 4],
      [0, 1, true, 4, 7],
      [3, 3, false, 7, 11],
      [2, Infinity, false, 11, 16],
      [1, 5, false, 16, 22],
    ]);
  });

  it('distinguishes group kinds and numbers captures in order', () => {
    const [capture, plain, named, ahead, notBehind] = items('(a)(?:b)(?<year>c)(?=d)(?<!e)');
    assert.ok(capture?.type === 'group' && capture.capturing && capture.index === 1);
    assert.ok(plain?.type === 'group' && !plain.capturing && plain.index === undefined);
    assert.ok(named?.type === 'group' && named.name === 'year' && named.index === 2);
    assert.ok(ahead?.type === 'lookaround' && ahead.kind === 'lookahead' && !ahead.negate);
    assert.ok(notBehind?.type === 'lookaround' && notBehind.kind === 'lookbehind' && notBehind.negate);
    assert.deepEqual(named!.span, { start: 8, end: 18 });
  });

  it('reads classes with ranges, escapes and negation', () => {
    const [cls] = items('[^a-z\\d_-]');
    assert.ok(cls?.type === 'class' && cls.negate);
    assert.deepEqual(cls.items.map((i) => i.type), ['range', 'class-escape', 'char', 'char']);
    assert.deepEqual(cls.items[0]!.span, { start: 2, end: 5 });
    assert.equal(cls.span.end, 10);
  });

  it('decodes character escapes to code points', () => {
    const values = items('\\x41\\u0042\\n\\cJ\\0\\/').map((t) => t.type === 'char' && t.value);
    assert.deepEqual(values, [0x41, 0x42, 10, 10, 0, 0x2f]);
    const [brace, pair] = items('\\u{1F600}\\uD83D\\uDE00', 'u');
    assert.ok(brace?.type === 'char' && brace.value === 0x1f600 && brace.syntax === 'unicode-escape');
    assert.ok(pair?.type === 'char' && pair.value === 0x1f600);
  });

  it('reads an astral character as one code point only in unicode mode', () => {
    assert.equal(items('😀', 'u').length, 1);
    assert.equal(items('😀').length, 2);
  });

  it('reads unicode property escapes in unicode mode only', () => {
    const [prop] = items('\\P{Script=Greek}', 'u');
    assert.ok(prop?.type === 'class-escape' && prop.kind === 'property' && prop.negate && prop.property === 'Script=Greek');
    assert.deepEqual(items('\\p{L}').map((t) => t.type === 'char' && String.fromCharCode(t.value)), ['p', '{', 'L', '}']);
  });

  it('tells backreferences from Annex B octal and identity escapes', () => {
    const [ref] = items('(a)\\1').slice(1);
    assert.ok(ref?.type === 'backreference' && ref.ref === 1);
    const [forward] = items('\\1(a)');
    assert.ok(forward?.type === 'backreference', 'a reference to a later group is still a backreference');
    const [octal] = items('\\12(a)');
    assert.ok(octal?.type === 'char' && octal.value === 0o12 && octal.syntax === 'octal-escape');
    const [eight] = items('\\8');
    assert.ok(eight?.type === 'char' && eight.value === 0x38 && eight.syntax === 'identity-escape');
    const [named] = items('(?<x>a)\\k<x>').slice(1);
    assert.ok(named?.type === 'backreference' && named.ref === 'x');
    const [plainK] = items('\\k');
    assert.ok(plainK?.type === 'char' && plainK.value === 0x6b);
  });

  it('reads anchors, word boundaries and the dot', () => {
    assert.deepEqual(items('^\\b.\\B$').map((t) => t.type === 'assertion' ? t.kind : t.type),
      ['start', 'word-boundary', 'dot', 'not-word-boundary', 'end']);
  });

  it('keeps Annex B literal braces and brackets outside unicode mode', () => {
    assert.deepEqual(items('a{,2}]}').map((t) => t.type === 'char' && String.fromCharCode(t.value)), ['a', '{', ',', '2', '}', ']', '}']);
    assert.equal(errorOf('a{,2}', 'u').message, 'Lone quantifier brackets');
  });

  it('allows quantified lookahead only outside unicode mode', () => {
    assert.equal(items('(?=a)*')[0]!.type, 'quantifier');
    assert.deepEqual(errorOf('(?=a)*', 'u'), { message: 'Nothing to repeat', start: 5, end: 6 });
    assert.deepEqual(errorOf('(?<=a)+'), { message: 'Nothing to repeat', start: 6, end: 7 });
  });

  const errorCases: [string, string, string, number, number][] = [
    ['(ab', '', 'Unterminated group', 0, 3],
    ['ab)', '', "Unmatched ')'", 2, 3],
    ['*a', '', 'Nothing to repeat', 0, 1],
    ['a**', '', 'Nothing to repeat', 2, 3],
    ['^*', '', 'Nothing to repeat', 1, 2],
    ['x{2}{3}', '', 'Nothing to repeat', 4, 7],
    ['a{3,2}', '', 'numbers out of order in {} quantifier', 1, 6],
    ['[a-', '', 'Unterminated character class', 0, 3],
    ['x[z-a]', '', 'Range out of order in character class', 2, 5],
    ['[\\w-z]', 'u', 'Invalid character class', 1, 5],
    ['ab\\', '', '\\ at end of pattern', 2, 3],
    ['(?x)', '', 'Invalid group', 0, 2],
    ['(?<1a>x)', '', 'Invalid capture group name', 0, 4],
    ['(?<a>x)(?<a>y)', '', 'Duplicate capture group name', 7, 12],
    ['(?<a>x)\\k<b>', '', 'Invalid named capture referenced', 7, 12],
    ['\\2(a)', 'u', 'Invalid escape', 0, 2],
    ['\\q', 'u', 'Invalid escape', 0, 2],
    ['\\u{110000}', 'u', 'Invalid Unicode escape', 0, 10],
    ['\\p{Nope}', 'u', 'Invalid property name', 0, 8],
  ];
  for (const [pattern, flags, message, start, end] of errorCases) {
    it(`reports "${message}" for /${pattern}/${flags} at ${start}..${end}`, () => {
      assert.deepEqual(errorOf(pattern, flags), { message, start, end });
      assert.throws(() => new RegExp(pattern, flags), SyntaxError, 'V8 agrees that the pattern is invalid');
    });
  }

  it('reports bad flags with a span into the flags string', () => {
    assert.deepEqual(parseFlags('gix').error, { message: "Invalid flag 'x'", offset: 2, span: { start: 2, end: 3 }, source: 'flags' });
    assert.equal(parseFlags('ii').error?.message, "Duplicate flag 'i'");
    assert.equal(parseRegex('a', 'v').error?.source, 'flags');
    assert.deepEqual(parseFlags('ims').value, { ignoreCase: true, multiline: true, dotAll: true, unicode: false });
  });

  it('accepts everything V8 accepts on a corpus of tricky patterns', () => {
    const corpus = ['[]', '[^]', '[\\b]', '\\c', '[\\c_]', '\\x4', '\\u12', '(?=a){2}', '\\0', '[\\1]', '\\08', '(?:)', '|', 'a{', 'a{1', 'a{1,', '(?<$a>.)\\k<$a>'];
    for (const pattern of corpus) assert.equal(parseRegex(pattern, '').error, undefined, pattern);
  });
});
