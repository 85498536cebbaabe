// Turns a prompt into hashed features: lowercased Unicode word tokens (letters, digits and marks),
// word bigrams, and character n-grams inside each token padded with a space at both ends, with
// their own lengths for scripts written without spaces (Chinese, Japanese, Thai; Korean too),
// where a "token" is a whole phrase. Scoring runs on every log record, so the fast path builds no
// strings: it hashes code units in place and writes feature codes into one typed array.

import { mix32 } from '../stats/hash';
import { conceptMatcher, TokenBuffer, type ConceptLexicon } from './concepts';
import { hashPair, hashRange, hashStep, SEED_CHARS, SEED_WORD } from './hash';
import { forEachToken, isDenseScript } from './tokens';

export { forEachToken, isDenseScript, normaliseText, wordCharWidth, type TokenVisitor } from './tokens';

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
  /**
   * Concepts found by a lexicon (concepts.ts), each occurrence one more feature shared by every
   * language the lexicon covers; missing or null for none.
   */
  concepts?: ConceptLexicon | null;
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

/** Tokens for the concept pass, reused: scoring is synchronous and allocates no buffer per text. */
const SHARED_TOKENS = new TokenBuffer();

/** The features of an already normalised text (see `normaliseText`). This is the scoring path. */
export function listFeatures(normalised: string, options: FeatureOptions): FeatureList {
  const sink = new FeatureSink(options.bits, normalised.length * (options.chars || options.otherChars ? 4 : 1));
  const concepts = options.concepts ? conceptMatcher(options.concepts) : null;
  const tokens = concepts ? SHARED_TOKENS : undefined;
  if (tokens) tokens.count = 0;
  let previous = -1;
  let hasNonAscii = false;
  forEachToken(normalised, (start, end, word, isDense, isNonAscii) => {
    tokens?.add(start, end, word, isDense);
    if (isNonAscii) hasNonAscii = true;
    sink.push(word);
    if (options.wordBigrams && previous !== -1) sink.push(hashPair(previous, word));
    previous = word;
    const range = charRange(isDense, isNonAscii, options);
    if (range) pushCharGrams(normalised, start, end, range, sink);
  });
  if (concepts && tokens) concepts.forEach(normalised, tokens, (concept) => sink.push(concepts.hashes[concept] as number));
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
  const concepts = options.concepts ? conceptMatcher(options.concepts) : null;
  const tokens = new TokenBuffer();
  if (concepts) forEachToken(normalised, (start, end, hash, isDense) => tokens.add(start, end, hash, isDense));
  concepts?.forEach(normalised, tokens, (concept, start, end) => {
    const name = concepts.names[concept] as string;
    // Hashed from its label here too, so that the tests can hold this path against the other.
    push(hashRange(`≈${name}`, 0, name.length + 1, SEED_WORD), `≈${name}`, normalised.slice(start, end));
  });
  return out;
}
