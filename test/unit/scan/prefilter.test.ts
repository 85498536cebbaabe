import { strict as assert } from 'node:assert';
import { buildPrefilter, findLiteralsInBytes } from '../../../src/core/scan/index';
import { mulberry32 as prng } from '../../../scripts/eval/random';

const bytesOf = (text: string): Uint8Array => Uint8Array.from(text, (ch) => ch.charCodeAt(0));

/** What the automaton must find: every literal occurring in the ASCII-lowercased bytes. */
function naive(literals: readonly string[], haystack: Uint8Array): number[] {
  const folded = String.fromCharCode(...haystack).replace(/[A-Z]/g, (ch) => ch.toLowerCase());
  return literals.flatMap((literal, id) => (folded.includes(literal.replace(/[A-Z]/g, (ch) => ch.toLowerCase())) ? [id] : [])).sort((a, b) => a - b);
}

describe('scan prefilter', () => {
  it('finds literals case-insensitively for ASCII, each once', () => {
    const prefilter = buildPrefilter(['step by step', 'chain of thought', 'of']);
    const found = findLiteralsInBytes(prefilter, bytesOf('Think STEP BY STEP: a Chain Of Thought, of course'));
    assert.deepEqual([...found].sort(), [0, 1, 2]);
  });

  it('finds overlapping and nested literals (failure links)', () => {
    const prefilter = buildPrefilter(['he', 'she', 'his', 'hers']);
    assert.deepEqual([...findLiteralsInBytes(prefilter, bytesOf('ushers'))].sort(), [0, 1, 3]);
  });

  it('matches bytes above 0x7F exactly, without folding', () => {
    const prefilter = buildPrefilter(['\u00e6\u0080\u009d', 'caf\u00c3\u00a9']);
    assert.deepEqual(findLiteralsInBytes(prefilter, Uint8Array.from([0x78, 0xe6, 0x80, 0x9d])), [0]);
    assert.deepEqual(findLiteralsInBytes(prefilter, Uint8Array.from([0x43, 0x41, 0x46, 0xc3, 0xa9])), [1]);
    assert.deepEqual(findLiteralsInBytes(prefilter, Uint8Array.from([0x63, 0x61, 0x66, 0xc3, 0x89])), []);
  });

  it('agrees with a naive search on random literals and texts', () => {
    const random = prng(7);
    const alphabet = 'abAB c-\\u0\u00e9\u00ff';
    const pick = (length: number): string => Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    for (let round = 0; round < 300; round++) {
      const literals = Array.from({ length: 1 + Math.floor(random() * 8) }, () => pick(1 + Math.floor(random() * 5)));
      const prefilter = buildPrefilter(literals);
      const haystack = bytesOf(pick(Math.floor(random() * 60)));
      assert.deepEqual([...findLiteralsInBytes(prefilter, haystack)].sort((a, b) => a - b), naive(literals, haystack), JSON.stringify({ literals, haystack: String.fromCharCode(...haystack) }));
    }
  });

  it('reaches the newline and control states on those bytes, and the start state after them', () => {
    const prefilter = buildPrefilter(['ab']);
    const step = (state: number, byte: number): number => prefilter.transitions[(state << prefilter.shift) | (prefilter.classOf[byte] as number)] as number;
    const afterA = step(prefilter.start, 0x61);
    assert.equal(step(afterA, 10), prefilter.newline);
    assert.equal(step(afterA, 0), prefilter.control);
    assert.equal(step(afterA, 9), prefilter.start);
    assert.ok(step(step(prefilter.newline, 0x61), 0x62) >= prefilter.specialStart);
  });

  it('refuses literals with control characters (a caller bug)', () => {
    assert.throws(() => buildPrefilter(['a\nb']), /control/);
  });
});
