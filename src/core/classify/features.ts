// Turns a prompt into hashed features: lowercased Unicode word tokens (letters, digits and marks),
// word bigrams, and character n-grams inside each token padded with a space at both ends, with
// their own lengths for scripts written without spaces (Chinese, Japanese, Thai; Korean too),
// where a "token" is a whole phrase. Scoring runs on every log record, so the fast path builds no
// strings: it hashes code units in place and writes feature codes into one typed array.

import { mix32 } from '../stats/hash';
import { hashPair, hashRange, hashStep, SEED_CHARS, SEED_WORD } from './hash';

/** How a model cuts text into features; stored in the model so that scoring matches training. */
export interface FeatureOptions {
  /** The feature space has 2^bits slots (8–24). */
  bits: number;
  /** Adds a feature for each pair of adjacent word tokens. */
  wordBigrams: boolean;
  /** Character n-gram lengths [min, max] inside tokens, or null for none. */
  chars: [number, number] | null;
  /** The same for tokens holding characters of scripts written without spaces, or null to use `chars`. */
  denseChars: [number, number] | null;
  /**
   * The same for the other tokens holding a character outside ASCII (Cyrillic, Arabic, Devanagari,
   * accented Latin...), where one word takes many inflected forms; missing or null to use `chars`.
   */
  otherChars?: [number, number] | null;
}

/**
 * Feature occurrences in text order, each coded as slot × 2 + 1 when its sign is negative (signed
 * hashing: a collision adds noise in both directions instead of bias). `codes` beyond `count` are unused.
 */
export interface FeatureList {
  codes: Int32Array;
  count: number;
  /** Whether a word token holds a character outside ASCII (the text is not plain English). */
  hasNonAscii: boolean;
}

/** A feature occurrence with a readable name, for explaining a score. */
export interface NamedFeature {
  /** "word", "two words", or "‹ wo›" for a character n-gram. */
  name: string;
  /**
   * What a reader would point at: the token a character n-gram comes from (the n-gram itself in a
   * script without spaces), else the name.
   */
  source: string;
  slot: number;
  sign: number;
}

const PAD = 0x20;
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

/** NFKC (full-width letters become ASCII) and lowercase; pure ASCII skips the costly NFKC. */
export function normaliseText(text: string): string {
  return (/[^\u0000-\u007f]/.test(text) ? text.normalize('NFKC') : text).toLowerCase();
}

/** Whether a code unit belongs to Thai, CJK (Han, kana, compatibility forms), Hangul or half-width kana. */
export function isDenseScript(code: number): boolean {
  return (code >= 0x0e00 && code <= 0x0e7f) || (code >= 0x2e80 && code <= 0x9fff) ||
    (code >= 0xac00 && code <= 0xd7af) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xff66 && code <= 0xff9f);
}

const isAsciiWordCode = (code: number): boolean => (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a);

/**
 * How many code units the word character at `at` takes (1, or 2 for a surrogate pair), or 0 when
 * it is no word character. Common blocks are answered by ranges that hold only letters and marks;
 * the rest asks the Unicode regex.
 */
export function wordCharWidth(text: string, at: number): number {
  const code = text.charCodeAt(at);
  if (code < 0x80) return isAsciiWordCode(code) ? 1 : 0;
  if ((code >= 0xc0 && code <= 0x24f && code !== 0xd7 && code !== 0xf7) || (code >= 0x300 && code <= 0x36f) ||
    (code >= 0x400 && code <= 0x4ff && code !== 0x482) || (code >= 0x3041 && code <= 0x3096) || (code >= 0x30a1 && code <= 0x30fa) ||
    (code >= 0x4e00 && code <= 0x9fff) || (code >= 0xac00 && code <= 0xd7a3)) return 1;
  if (code >= 0xd800 && code <= 0xdbff && at + 1 < text.length) {
    const pair = text.slice(at, at + 2);
    return WORD_CHAR.test(pair) ? 2 : 0;
  }
  return WORD_CHAR.test(text[at] as string) ? 1 : 0;
}

/**
 * Called for each word token text[start..end) with its hash (`hashRange` from SEED_WORD), whether
 * it holds a character of a script written without spaces, and whether it holds any outside ASCII.
 */
export type TokenVisitor = (start: number, end: number, hash: number, isDense: boolean, isNonAscii: boolean) => void;

/** Visits every word token, in order; one pass over the text, hashing as it goes. */
export function forEachToken(text: string, visit: TokenVisitor): void {
  const length = text.length;
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    // ASCII, most of any log, is decided inline; the rest goes through wordCharWidth.
    let width = code < 0x80 ? (isAsciiWordCode(code) ? 1 : 0) : wordCharWidth(text, i);
    if (width === 0) {
      i += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
      continue;
    }
    const start = i;
    let hash = SEED_WORD;
    let isDense = false;
    let isNonAscii = false;
    while (width > 0) {
      const unit = text.charCodeAt(i);
      hash = hashStep(hash, unit);
      if (unit >= 0x80) isNonAscii = true;
      if (unit >= 0x0e00 && !isDense) isDense = isDenseScript(unit);
      if (width === 2) hash = hashStep(hash, text.charCodeAt(i + 1));
      i += width;
      if (i >= length) break;
      const next = text.charCodeAt(i);
      width = next < 0x80 ? (isAsciiWordCode(next) ? 1 : 0) : wordCharWidth(text, i);
    }
    visit(start, i, hash, isDense, isNonAscii);
  }
}

/** The n-gram lengths for a token, or null. */
function charRange(isDense: boolean, isNonAscii: boolean, options: FeatureOptions): [number, number] | null {
  if (isDense) return options.denseChars ?? options.chars;
  if (isNonAscii) return options.otherChars ?? options.chars;
  return options.chars;
}

/** Appends feature codes to a typed array, doubling it when full. */
class FeatureSink {
  codes: Int32Array;
  count = 0;
  private readonly mask: number;

  constructor(bits: number, capacity: number) {
    this.mask = (1 << bits) - 1;
    this.codes = new Int32Array(Math.max(16, capacity));
  }

  push(hash: number): void {
    if (this.count === this.codes.length) {
      const grown = new Int32Array(this.codes.length * 2);
      grown.set(this.codes);
      this.codes = grown;
    }
    const mixed = mix32(hash);
    this.codes[this.count++] = ((mixed & this.mask) << 1) | (mixed >>> 31);
  }
}

/** Character n-grams of " token " from code units: each start position extends its hash. */
function pushCharGrams(text: string, start: number, end: number, range: [number, number], sink: FeatureSink): void {
  const [min, max] = range;
  const length = end - start + 2;
  for (let from = 0; from + min <= length; from++) {
    let hash = SEED_CHARS;
    for (let n = 1; n <= max && from + n <= length; n++) {
      const at = from + n - 1;
      hash = hashStep(hash, at === 0 || at === length - 1 ? PAD : text.charCodeAt(start + at - 1));
      if (n >= min) sink.push(hash);
    }
  }
}

/** The features of an already normalised text (see `normaliseText`). This is the scoring path. */
export function listFeatures(normalised: string, options: FeatureOptions): FeatureList {
  const sink = new FeatureSink(options.bits, normalised.length * (options.chars || options.otherChars ? 4 : 1));
  let previous = -1;
  let hasNonAscii = false;
  forEachToken(normalised, (start, end, word, isDense, isNonAscii) => {
    if (isNonAscii) hasNonAscii = true;
    sink.push(word);
    if (options.wordBigrams && previous !== -1) sink.push(hashPair(previous, word));
    previous = word;
    const range = charRange(isDense, isNonAscii, options);
    if (range) pushCharGrams(normalised, start, end, range, sink);
  });
  return { codes: sink.codes, count: sink.count, hasNonAscii };
}

/** The same features as `listFeatures`, with names and the token each comes from; slower. */
export function describeFeatures(normalised: string, options: FeatureOptions): NamedFeature[] {
  const mask = (1 << options.bits) - 1;
  const out: NamedFeature[] = [];
  const push = (hash: number, name: string, source = name): void => {
    const mixed = mix32(hash);
    out.push({ name, source, slot: mixed & mask, sign: mixed >>> 31 === 1 ? -1 : 1 });
  };
  let previous: { hash: number; token: string } | undefined;
  forEachToken(normalised, (start, end) => {
    // Hashes the token again from its string, so that the tests can hold this path against the other.
    const token = normalised.slice(start, end);
    const word = hashRange(token, 0, token.length, SEED_WORD);
    push(word, token);
    if (options.wordBigrams && previous) push(hashPair(previous.hash, word), `${previous.token} ${token}`);
    previous = { hash: word, token };
    const isDense = [...token].some((char) => isDenseScript(char.charCodeAt(0)));
    const range = charRange(isDense, /[^\u0000-\u007f]/.test(token), options);
    if (!range) return;
    const padded = ` ${token} `;
    for (let from = 0; from + range[0] <= padded.length; from++) {
      for (let n = range[0]; n <= range[1] && from + n <= padded.length; n++) {
        const gram = padded.slice(from, from + n);
        // In a script without spaces the token is a phrase, and its n-grams are closer to words.
        push(hashRange(gram, 0, n, SEED_CHARS), `‹${gram}›`, isDense && options.denseChars ? gram.trim() : token);
      }
    }
  });
  return out;
}
