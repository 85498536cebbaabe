import { strict as assert } from 'node:assert';
import { partitionAlphabet } from '../../../src/core/regex/alphabet';
import type { CharAtom } from '../../../src/core/regex/ast';
import { charSetOf } from '../../../src/core/regex/atom-set';
import { complementSet, countChars, hasChar, intersectSets, makeCharSet, unionSets } from '../../../src/core/regex/char-set';
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

describe('regex/alphabet', () => {
  it('splits characters into classes every set treats alike, limited to the relevant ones', () => {
    const word: [number, number][] = [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]];
    const classes = partitionAlphabet([word, [[code('a'), code('a')]], [[code(' '), code(' ')]]], [word]);
    assert.deepEqual(classes.map((c) => [String.fromCodePoint(c.char), c.members]), [['a', [0, 1]], ['b', [0]]]);
    assert.deepEqual(partitionAlphabet([word], []), []);
  });
});
