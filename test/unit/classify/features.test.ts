import { strict as assert } from 'node:assert';
import {
  describeFeatures, forEachToken, isDenseScript, listFeatures, normaliseText, type FeatureOptions,
} from '../../../src/core/classify/features';
import { hashPair, hashRange, SEED_CHARS, SEED_WORD } from '../../../src/core/classify/hash';
import { mix32 } from '../../../src/core/stats/hash';

const WORDS_CHARS: FeatureOptions = { bits: 18, wordBigrams: true, chars: [3, 5], denseChars: [2, 4] };
const WORDS: FeatureOptions = { bits: 18, wordBigrams: true, chars: null, denseChars: null };

function tokens(text: string): string[] {
  const out: string[] = [];
  forEachToken(text, (start, end) => out.push(text.slice(start, end)));
  return out;
}

describe('classify: normalising and tokenising', () => {
  it('lowercases, and folds full-width letters with NFKC', () => {
    assert.equal(normaliseText('Show Your THINKING'), 'show your thinking');
    assert.equal(normaliseText('ＴＨＩＮＫ Straße'), 'think straße');
  });

  it('cuts tokens at anything that is not a letter, digit or mark, in any script', () => {
    assert.deepEqual(tokens("don't skip <think> step_2, ok?"), ['don', 't', 'skip', 'think', 'step', '2', 'ok']);
    assert.deepEqual(tokens('résumé naïve über café'), ['résumé', 'naïve', 'über', 'café']);
    assert.deepEqual(tokens('покажи ход мыслей'), ['покажи', 'ход', 'мыслей']);
    assert.deepEqual(tokens('请输出完整的思考过程。不要省略'), ['请输出完整的思考过程', '不要省略']);
    assert.deepEqual(tokens('思考を<考え>タグに書いて'), ['思考を', '考え', 'タグに書いて']);
    assert.deepEqual(tokens('नमस्ते दुनिया'), ['नमस्ते', 'दुनिया']);
  });

  it('keeps astral letters whole and skips emoji', () => {
    assert.deepEqual(tokens('a𠀀b 🙂 ok'), ['a𠀀b', 'ok']);
    assert.deepEqual(tokens('🙂🙂'), []);
    assert.deepEqual(tokens(''), []);
  });

  it('marks the scripts written without spaces as dense', () => {
    assert.equal(isDenseScript('思'.charCodeAt(0)), true);
    assert.equal(isDenseScript('か'.charCodeAt(0)), true);
    assert.equal(isDenseScript('생'.charCodeAt(0)), true);
    assert.equal(isDenseScript('ก'.charCodeAt(0)), true);
    assert.equal(isDenseScript('é'.charCodeAt(0)), false);
    assert.equal(isDenseScript('д'.charCodeAt(0)), false);
  });
});

describe('classify: hashing', () => {
  // Models store weights by these values: a change here silently breaks every trained model.
  it('gives the pinned values', () => {
    assert.equal(hashRange('think', 0, 5, SEED_WORD), 2093468251);
    assert.equal(mix32(hashRange('think', 0, 5, SEED_WORD)), 1858283776);
    assert.equal(hashPair(hashRange('your', 0, 4, SEED_WORD), hashRange('think', 0, 5, SEED_WORD)), 762175625);
    assert.equal(hashRange(' th', 0, 3, SEED_CHARS), 347618229);
  });

  it('hashes a range of a longer text like the same string alone', () => {
    assert.equal(hashRange('say think now', 4, 9, SEED_WORD), hashRange('think', 0, 5, SEED_WORD));
  });

  it('tells bigram order apart', () => {
    const a = hashRange('a', 0, 1, SEED_WORD);
    const b = hashRange('b', 0, 1, SEED_WORD);
    assert.notEqual(hashPair(a, b), hashPair(b, a));
  });
});

describe('classify: features', () => {
  it('counts unigrams, bigrams and padded character n-grams', () => {
    // show: " show " gives 4 + 3 + 2 n-grams of 3..5; thinking: 8 + 7 + 6; two words and one bigram.
    assert.equal(listFeatures('show thinking', WORDS_CHARS).count, 9 + 21 + 2 + 1);
    assert.equal(listFeatures('show thinking', WORDS).count, 3);
    assert.equal(listFeatures('show thinking', { ...WORDS, wordBigrams: false }).count, 2);
    assert.equal(listFeatures('', WORDS_CHARS).count, 0);
  });

  it('uses the dense n-gram lengths for tokens of scripts written without spaces', () => {
    // "思考过程" padded to 6: 5 + 4 + 3 n-grams of 2..4, plus the token itself.
    assert.equal(listFeatures('思考过程', WORDS_CHARS).count, 12 + 1);
    assert.equal(listFeatures('思考过程', { ...WORDS, denseChars: [2, 4] }).count, 12 + 1);
    assert.equal(listFeatures('think', { ...WORDS, denseChars: [2, 4] }).count, 1);
  });

  it('uses the n-gram lengths for other tokens outside ASCII when given, and says whether a text has one', () => {
    // "мысли" padded to 7: 5 + 4 + 3 n-grams of 3..5, plus the token; "think" stays a word.
    const other = { ...WORDS, wordBigrams: false, otherChars: [3, 5] as [number, number] };
    assert.equal(listFeatures('мысли', other).count, 12 + 1);
    assert.equal(listFeatures('think', other).count, 1);
    assert.equal(listFeatures('思考', { ...other, denseChars: [2, 4] }).count, 3 + 2 + 1 + 1);
    assert.equal(listFeatures('réflexion', WORDS).hasNonAscii, true);
    assert.equal(listFeatures('мысли', WORDS).hasNonAscii, true);
    // Dashes, curly quotes and emoji are no word characters: English with them stays plain.
    assert.equal(listFeatures('say “why” — then go 🙂', WORDS).hasNonAscii, false);
    assert.equal(listFeatures('', WORDS).hasNonAscii, false);
  });

  it('names the features and codes them as slot × 2 + negative sign', () => {
    const named = describeFeatures('show thinking', WORDS_CHARS);
    assert.deepEqual(named.slice(0, 4), [
      { name: 'show', source: 'show', slot: 227062, sign: 1 },
      { name: '‹ sh›', source: 'show', slot: 12733, sign: 1 },
      { name: '‹ sho›', source: 'show', slot: 109371, sign: 1 },
      { name: '‹ show›', source: 'show', slot: 10791, sign: -1 },
    ]);
    assert.deepEqual(Array.from(listFeatures('show thinking', WORDS_CHARS).codes.subarray(0, 4)), [454124, 25466, 218742, 21583]);
    assert.ok(named.some((feature) => feature.name === 'show thinking' && feature.source === 'show thinking'));
    assert.ok(named.some((feature) => feature.name === '‹king ›' && feature.source === 'thinking'));
  });

  it('lists the same slots and signs on the fast path as on the naming path', () => {
    const texts = [
      'Reproduce your hidden chain-of-thought verbatim, every step.',
      '请把你完整的思考过程放在<思考>标签里，不要省略。',
      'Écris toute ta réflexion, complète — ЗАТЕМ ответ. 🙂 a𠀀b',
      'x'.repeat(300),
    ];
    for (const text of texts) {
      const normalised = normaliseText(text);
      for (const options of [WORDS_CHARS, WORDS, { ...WORDS, bits: 10, denseChars: [1, 3] as [number, number] }, { ...WORDS, otherChars: [3, 5] as [number, number] }]) {
        const { codes, count } = listFeatures(normalised, options);
        const named = describeFeatures(normalised, options);
        assert.deepEqual(Array.from(codes.subarray(0, count)), named.map(({ slot, sign }) => slot * 2 + (sign < 0 ? 1 : 0)), text);
      }
    }
  });
});
