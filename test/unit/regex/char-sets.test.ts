import { strict as assert } from 'node:assert';
import { partitionAlphabet } from '../../../src/core/regex/alphabet';
import type { CharAtom } from '../../../src/core/regex/ast';
import { CASELESS_RANGES, charSetFromEngine, charSetOf } from '../../../src/core/regex/atom-set';
import { complementSet, countChars, hasChar, intersectSets, listChars, makeCharSet, unionSets } from '../../../src/core/regex/char-set';
import { parseRegex } from '../../../src/core/regex/parse';

/** The character set of the first atom of `pattern`. */
function setOf(pattern: string, flags = ''): (readonly [number, number])[] {
  const ast = parseRegex(pattern, flags).ast!;
  return [...charSetOf(ast.alternatives[0]!.items[0] as CharAtom, ast.flags)];
}

const code = (c: string): number => c.codePointAt(0)!;

describe('regex/char-set', () => {
  it('normalises, unites, intersects and complements ranges', () => {
    assert.deepEqual(makeCharSet([[5, 9], [1, 3], [4, 4], [20, 19]]), [[1, 9]]);
    assert.deepEqual(unionSets([[1, 2]], [[4, 5]]), [[1, 2], [4, 5]]);
    assert.deepEqual(intersectSets([[1, 10], [20, 30]], [[5, 25]]), [[5, 10], [20, 25]]);
    assert.deepEqual(complementSet([[0, 3], [7, 8]], 10), [[4, 6], [9, 10]]);
    assert.equal(countChars([[1, 3], [10, 10]]), 4);
    assert.ok(hasChar([[1, 3]], 2) && !hasChar([[1, 3]], 4));
  });
});

describe('regex/atom-set', () => {
  it('gives V8 semantics for escapes and the dot', () => {
    assert.deepEqual(setOf('\\d'), [[0x30, 0x39]]);
    assert.deepEqual(setOf('\\w'), [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]]);
    assert.deepEqual(setOf('.'), [[0, 9], [11, 12], [14, 0x2027], [0x202a, 0xffff]]);
    assert.deepEqual(setOf('.', 's'), [[0, 0xffff]]);
    assert.deepEqual(setOf('.', 'su'), [[0, 0x10ffff]]);
  });

  it('folds case the way the i flag does in each mode', () => {
    assert.deepEqual(setOf('k', 'i'), [[code('K'), code('K')], [code('k'), code('k')]]);
    assert.deepEqual(setOf('k', 'iu'), [[code('K'), code('K')], [code('k'), code('k')], [0x212a, 0x212a]]);
    assert.deepEqual(setOf('[^a]', 'i'), [[0, 0x40], [0x42, 0x60], [0x62, 0xffff]]);
    assert.ok(hasChar(setOf('\\w', 'iu'), 0x17f), '\\w under iu includes U+017F');
  });

  it('reads Unicode properties and keeps lone surrogates', () => {
    const upper = setOf('\\p{Lu}', 'u');
    assert.ok(hasChar(upper, code('É')) && !hasChar(upper, code('é')));
    assert.deepEqual(setOf('[\\ud800-\\udfff]'), [[0xd800, 0xdfff]]);
  });
});

describe('regex/atom-set tables', function () {
  // Unicode mode asks V8 about every code point once per atom: slow on a busy machine.
  this.timeout(60_000);

  /** Every atom of `pattern` under `flags`, from the tables and from V8. */
  function bothWays(pattern: string, flags: string): [string, unknown, unknown][] {
    const ast = parseRegex(pattern, flags).ast!;
    return ast.alternatives[0]!.items.map((item) => {
      const atom = item as CharAtom;
      return [`/${pattern.slice(atom.span.start, atom.span.end)}/${flags}`, charSetOf(atom, ast.flags), charSetFromEngine(atom, ast.flags)];
    });
  }

  it('folds every ASCII character as V8 does, in both modes', () => {
    for (const flags of ['i', 'iu']) {
      // Only characters that some ASCII character matches can be in a folded ASCII set.
      const ascii = parseRegex('[\\0-\\x7f]', flags).ast!;
      const candidates = listChars(charSetFromEngine(ascii.alternatives[0]!.items[0] as CharAtom, ascii.flags));
      for (let code = 0; code < 0x80; code++) {
        const pattern = `\\x${code.toString(16).padStart(2, '0')}`;
        const engine = new RegExp(pattern, flags);
        const expected = candidates.filter((c) => engine.test(String.fromCodePoint(c)));
        assert.deepEqual(listChars(setOf(pattern, flags)), expected, `/${pattern}/${flags}`);
      }
    }
  });

  it('gives the escapes and the dot their V8 sets in every mode', () => {
    for (const flags of ['', 'i', 's', 'is', 'u', 'iu', 'su', 'isu']) {
      for (const [name, table, engine] of bothWays('\\d\\D\\w\\W\\s\\S.', flags)) assert.deepEqual(table, engine, name);
    }
  });

  it('builds classes from their items as V8 matches them', () => {
    const classes = ['[a-z]', '[^a-z]', '[A-Z0-9_]', '[^\\w]', '[\\W]', '[^\\W]', '[\\S\\d]', '[^\\s]', '[\\D]', '[K-s]', '[^k]', '[^s-t]',
      '[\\x00-\\x7f]', '[^\\x00-\\x7f]', '[\\[-\\]]', '[@-`]', '[ -]', '[ſ]', '[\\u212a]', '[ß]', '[é-ê]', '[ı]', '[^ı]', '[ÿ-Ÿ]', '[a-zé]',
      '[^"\\\\]', '[\\s\\S]', '[^]', '[]', '[.]', '[一-龥]', '[\\u3000-\\u303f]'];
    for (const flags of ['', 'i', 's', 'is']) {
      for (const [name, table, engine] of bothWays(classes.join(''), flags)) assert.deepEqual(table, engine, name);
    }
    for (const [name, table, engine] of bothWays('[a-z][^k][\\W][^\\w][^a-zé][ſ]', 'iu')) assert.deepEqual(table, engine, name);
  });

  it('knows the ranges without case variants', () => {
    for (const [first, last] of CASELESS_RANGES) {
      for (let code = first; code <= last; code++) {
        const char = String.fromCodePoint(code);
        assert.ok(char.toLowerCase() === char && char.toUpperCase() === char, `U+${code.toString(16)} has a case variant`);
      }
      const hex = (code: number): string => code.toString(16).padStart(4, '0');
      for (const [pattern, flags] of [[`[\\u${hex(first)}-\\u${hex(last)}]`, 'i'], [`[\\u{${hex(first)}}-\\u{${hex(last)}}]`, 'iu']] as const) {
        const [name, , engine] = bothWays(pattern, flags)[0]!;
        assert.deepEqual(engine, [[first, last]], `no other character folds into ${name}`);
      }
    }
  });
});

describe('regex/alphabet', () => {
  it('splits characters into classes every set treats alike, limited to the relevant ones', () => {
    const word: [number, number][] = [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]];
    const classes = partitionAlphabet([word, [[code('a'), code('a')]], [[code(' '), code(' ')]]], [word]);
    assert.deepEqual(classes.map((c) => [String.fromCodePoint(c.char), c.members]), [['a', [0, 1]], ['b', [0]]]);
    assert.deepEqual(partitionAlphabet([word], []), []);
  });
});
