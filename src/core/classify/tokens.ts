// How the classifier reads text, for its features and its concepts alike: normalised (NFKC,
// lowercase), then cut into word tokens, with the scripts written without spaces told apart.

import { hashStep, SEED_WORD } from './hash';

/** NFKC (full-width letters become ASCII) and lowercase; pure ASCII skips the costly NFKC. */
export function normaliseText(text: string): string {
  return (/[^\u0000-\u007f]/.test(text) ? text.normalize('NFKC') : text).toLowerCase();
}

/** Whether a code unit belongs to Thai, CJK (Han, kana, compatibility forms), Hangul or half-width kana. */
export function isDenseScript(code: number): boolean {
  return (code >= 0x0e00 && code <= 0x0e7f) || (code >= 0x2e80 && code <= 0x9fff) ||
    (code >= 0xac00 && code <= 0xd7af) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xff66 && code <= 0xff9f);
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

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

