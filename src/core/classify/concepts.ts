// Concept features: a lexicon maps words in many languages to shared concepts ("reasoning",
// "verbatim", "dataset"...), and each occurrence adds the concept's feature besides the word's own.
// A model then learns one weight per concept from every language that has training examples, so
// what it learned from English carries over to "рассуждения", "思考过程" or "razonamiento".
//
// Entries are matched on the classifier's own word tokens (tokens.ts), by hash: an entry of one
// word matches a whole token, one ending in `*` any token that starts with it (a stem:
// "рассужден*"), and an entry of several words as many tokens in a row ("step by step", "don't
// flag", cut like the text, so punctuation between the words does not matter). In scripts written
// without spaces (Chinese, Japanese, Thai; Korean words too) a token is a phrase, and an entry of
// one such token matches anywhere inside it. A lexicon of thousands of entries costs a few table
// lookups per token.

import { hashRange, hashStep, SEED_WORD } from './hash';
import { forEachToken, normaliseText } from './tokens';

/** Concept name → its entries, as stored in a model's feature options. */
export type ConceptLexicon = Record<string, string[]>;

/** The word tokens of a text, as features.ts visits them: code-unit ranges and word hashes. */
export class TokenBuffer {
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  hashes = new Int32Array(64);
  dense = new Uint8Array(64);
  count = 0;

  add(start: number, end: number, hash: number, isDense: boolean): void {
    if (this.count === this.starts.length) this.grow();
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.hashes[this.count] = hash;
    this.dense[this.count] = isDense ? 1 : 0;
    this.count++;
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const copy = <T extends Int32Array | Uint8Array>(from: T, to: T): T => {
      to.set(from);
      return to;
    };
    this.starts = copy(this.starts, new Int32Array(size));
    this.ends = copy(this.ends, new Int32Array(size));
    this.hashes = copy(this.hashes, new Int32Array(size));
    this.dense = copy(this.dense, new Uint8Array(size));
  }
}

/**
 * A map from 32-bit integers to non-negative integers in two typed arrays, open addressing: token
 * hashes are outside V8's small-integer range half the time, and a Map would box each of them.
 */
class IntTable {
  private readonly keys: Int32Array;
  /** The value + 1; 0 for an empty slot. */
  private readonly values: Int32Array;
  private readonly mask: number;
  private readonly shift: number;

  constructor(entries: Iterable<[number, number]>, size: number) {
    let bits = 4;
    while (1 << bits < size * 4) bits++;
    this.keys = new Int32Array(1 << bits);
    this.values = new Int32Array(1 << bits);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
    for (const [key, value] of entries) this.set(key, value);
  }

  private slot(key: number): number {
    // Fibonacci hashing: the high bits of the product depend on every bit of the key.
    let at = Math.imul(key, 0x9e3779b1) >>> this.shift;
    while (this.values[at] !== 0 && this.keys[at] !== key) at = (at + 1) & this.mask;
    return at;
  }

  private set(key: number, value: number): void {
    const at = this.slot(key);
    this.keys[at] = key;
    this.values[at] = value + 1;
  }

  /** The value of `key`, or -1. */
  get(key: number): number {
    return (this.values[this.slot(key)] as number) - 1;
  }
}

interface Phrase {
  /** Word hashes after the first; the last is a stem's hash when `isStem`. */
  rest: number[];
  /** The stem's length in code units, when the last word is a stem. */
  stemLength: number;
  concept: number;
}

export interface ConceptMatcher {
  names: string[];
  /** The feature hash of each concept, by index: the word hash of "≈name" (no word token holds "≈"). */
  hashes: number[];
  /**
   * Calls `visit` for every entry found among a normalised text's tokens, in text order; entries
   * do not overlap, and a longer entry wins over a shorter one at the same place.
   */
  forEach(normalised: string, tokens: TokenBuffer, visit: (concept: number, start: number, end: number) => void): void;
}

const compiled = new WeakMap<ConceptLexicon, ConceptMatcher | null>();

/** The matcher of a lexicon (built once per lexicon object), or null when it has no usable entry. */
export function conceptMatcher(lexicon: ConceptLexicon): ConceptMatcher | null {
  const known = compiled.get(lexicon);
  if (known !== undefined) return known;
  const names = Object.keys(lexicon).sort();
  const words = new Map<number, WordEntry>();
  const wordEntry = (hash: number): WordEntry => {
    const known = words.get(hash);
    if (known) return known;
    const entry: WordEntry = { concept: -1, phrases: [] };
    words.set(hash, entry);
    return entry;
  };
  const stems = new Map<number, number>();
  const stemTexts: string[] = [];
  /** Dense entries by their first two code units. */
  const dense = new Map<number, { text: string; concept: number }[]>();
  let entries = 0;
  names.forEach((name, concept) => {
    for (const raw of lexicon[name] ?? []) {
      const isStem = raw.trim().endsWith('*');
      const text = normaliseText(isStem ? raw.trim().slice(0, -1) : raw).trim();
      const parts: { start: number; end: number; hash: number; isDense: boolean }[] = [];
      // Cut like the texts are, with hashes as a token buffer holds them (signed 32-bit).
      forEachToken(text, (start, end, hash, isDense) => parts.push({ start, end, hash: hash | 0, isDense }));
      const first = parts[0];
      const last = parts[parts.length - 1];
      if (!first || !last) continue;
      entries++;
      if (parts.length === 1 && first.isDense) {
        const token = text.slice(first.start, first.end);
        if (token.length < 2) continue;
        const key = token.charCodeAt(0) * 0x10000 + token.charCodeAt(1);
        dense.set(key, [...(dense.get(key) ?? []), { text: token, concept }]);
      } else if (parts.length === 1 && isStem) {
        stems.set(first.hash, concept);
        stemTexts.push(text.slice(first.start, first.end));
      } else if (parts.length === 1) {
        wordEntry(first.hash).concept = concept;
      } else {
        wordEntry(first.hash).phrases.push({ rest: parts.slice(1).map((part) => part.hash), stemLength: isStem ? last.end - last.start : 0, concept });
      }
    }
  });
  if (entries === 0) {
    compiled.set(lexicon, null);
    return null;
  }
  for (const entry of words.values()) entry.phrases.sort((a, b) => b.rest.length - a.rest.length);
  for (const list of dense.values()) list.sort((a, b) => b.text.length - a.text.length || (a.text < b.text ? -1 : 1));
  // Every stem starts with as many code units as the shortest stem has: a lookup of that head rules most tokens out.
  // A loop rather than Math.min(...lengths): a model file may hold more stems than a call takes arguments.
  const headLength = stemTexts.reduce((shortest, stem) => Math.min(shortest, stem.length), Number.POSITIVE_INFINITY);
  const heads = new Set(stemTexts.map((stem) => hashRange(stem, 0, headLength, SEED_WORD) | 0));
  const maxStem = stemTexts.reduce((longest, stem) => Math.max(longest, stem.length), 0);
  const entriesOfWords = [...words.values()];
  const tables: Tables = {
    words: new IntTable([...words.keys()].map((hash, index) => [hash, index]), words.size),
    entriesOfWords,
    stems: new IntTable(stems, stems.size),
    maxStem,
    heads: new IntTable([...heads].map((hash) => [hash, 0]), heads.size),
    headLength: stemTexts.length > 0 ? headLength : 0,
    dense,
  };
  const matcher = build(names, tables);
  compiled.set(lexicon, matcher);
  return matcher;
}

/** A word of the lexicon: the concept it is an entry of (or -1), and the phrases it starts. */
interface WordEntry {
  concept: number;
  phrases: Phrase[];
}

interface Tables {
  /** Word hash → index in `entriesOfWords`. */
  words: IntTable;
  entriesOfWords: WordEntry[];
  /** Stem hash → concept. */
  stems: IntTable;
  /** The longest stem's length in code units. */
  maxStem: number;
  /** Hashes of the first `headLength` code units of every stem. */
  heads: IntTable;
  headLength: number;
  dense: Map<number, { text: string; concept: number }[]>;
}

/** The hash of the first `length` code units of a token, as features.ts hashes tokens; -1 when the token is shorter. */
function prefixHash(text: string, start: number, end: number, length: number): number {
  return end - start < length ? -1 : hashRange(text, start, start + length, SEED_WORD) | 0;
}

function build(names: string[], tables: Tables): ConceptMatcher {
  const { words, entriesOfWords, stems, maxStem, heads, headLength, dense } = tables;
  const label = (name: string): number => hashRange(`≈${name}`, 0, name.length + 1, SEED_WORD);

  /** The concept of the longest stem the token starts with, or -1. */
  const stemOf = (text: string, start: number, end: number): number => {
    if (end - start < headLength || headLength === 0) return -1;
    let hash = SEED_WORD;
    for (let i = start; i < start + headLength; i++) hash = hashStep(hash, text.charCodeAt(i));
    if (heads.get(hash | 0) < 0) return -1;
    let found = stems.get(hash | 0);
    const stop = Math.min(end, start + maxStem);
    for (let i = start + headLength; i < stop; i++) {
      hash = hashStep(hash, text.charCodeAt(i));
      const concept = stems.get(hash | 0);
      if (concept >= 0) found = concept;
    }
    return found;
  };

  /** How many tokens from `at` a phrase entry takes there, and its concept. */
  const phraseAt = (text: string, tokens: TokenBuffer, at: number, list: Phrase[]): { length: number; concept: number } | undefined => {
    for (const phrase of list) {
      const { rest } = phrase;
      if (at + rest.length >= tokens.count) continue;
      let isMatch = true;
      for (let k = 0; k < rest.length && isMatch; k++) {
        const token = at + 1 + k;
        const isLast = k === rest.length - 1;
        const hash = isLast && phrase.stemLength > 0
          ? prefixHash(text, tokens.starts[token] as number, tokens.ends[token] as number, phrase.stemLength)
          : (tokens.hashes[token] as number);
        isMatch = hash === rest[k];
      }
      if (isMatch) return { length: rest.length + 1, concept: phrase.concept };
    }
    return undefined;
  };

  return {
    names,
    hashes: names.map(label),
    forEach(text, tokens, visit) {
      let at = 0;
      while (at < tokens.count) {
        const start = tokens.starts[at] as number;
        const end = tokens.ends[at] as number;
        const index = words.get(tokens.hashes[at] as number);
        const word = index >= 0 ? entriesOfWords[index] : undefined;
        const phrase = word && word.phrases.length > 0 ? phraseAt(text, tokens, at, word.phrases) : undefined;
        if (phrase) {
          visit(phrase.concept, start, tokens.ends[at + phrase.length - 1] as number);
          at += phrase.length;
          continue;
        }
        if (tokens.dense[at] === 1) {
          for (let i = start; i < end - 1; ) {
            const list = dense.get(text.charCodeAt(i) * 0x10000 + text.charCodeAt(i + 1));
            const entry = list?.find((candidate) => candidate.text.length <= end - i && text.startsWith(candidate.text, i));
            if (entry) {
              visit(entry.concept, i, i + entry.text.length);
              i += entry.text.length;
            } else {
              i++;
            }
          }
        } else {
          const concept = word && word.concept >= 0 ? word.concept : stemOf(text, start, end);
          if (concept >= 0) visit(concept, start, end);
        }
        at++;
      }
    },
  };
}
