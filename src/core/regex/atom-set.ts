// Which characters a one-character atom matches, with V8's meaning of case folding, `\w` under
// `iu`, `\s` and Unicode properties. Common atoms (ASCII characters, ASCII classes, `\d \s \w .`)
// are computed from tables that a unit test compares with V8; the rest are asked of V8 itself.
import type { CharAtom, ClassEscape, ClassItem, ClassRange, RegexFlags } from './ast';
import { type CharSet, complementSet, makeCharSet } from './char-set';

/**
 * Atom sets asked of V8, by flags and canonical source. These lazily filled caches are the
 * module's only state: entries are pure functions of their key, so sharing them between calls is
 * invisible except in speed. It is emptied when it grows past CACHE_LIMIT entries.
 */
const cache = new Map<string, CharSet>();
const CACHE_LIMIT = 2000;
/** The same answers per tree node, so that repeated questions skip the work; they go with the tree. */
const byAtom = new WeakMap<CharAtom, { mode: number; set: CharSet }>();
/** Every code unit (non-unicode mode) or every non-surrogate code point (unicode mode), in order. */
const universes: { units?: string; codePoints?: string } = {};

const DIGITS: CharSet = [[0x30, 0x39]];
const WORD: CharSet = [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]];
/** Under `iu`, `\w` also holds the two characters that fold to ASCII letters: ſ (s) and the Kelvin sign (k). */
const WORD_IU: CharSet = [...WORD, [0x17f, 0x17f], [0x212a, 0x212a]];
const SPACE: CharSet = [[0x09, 0x0d], [0x20, 0x20], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a], [0x2028, 0x2029],
  [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000], [0xfeff, 0xfeff]];
const LINE_TERMINATORS: CharSet = [[0x0a, 0x0a], [0x0d, 0x0d], [0x2028, 0x2029]];
/** `.` by mode, indexed by 2 × dotAll + unicode. */
const DOT_SETS: CharSet[] = [complementSet(LINE_TERMINATORS, 0xffff), complementSet(LINE_TERMINATORS, 0x10ffff), [[0, 0xffff]], [[0, 0x10ffff]]];

/**
 * Ranges whose characters have no case variants in either mode, and that no other character folds
 * into (general punctuation, CJK punctuation, kana, CJK ideographs, Hangul syllables): under `i`
 * each of them matches only itself.
 */
export const CASELESS_RANGES: CharSet = [[0x2000, 0x206f], [0x3000, 0x30ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xac00, 0xd7a3]];

/** ASCII characters as sets, by mode: as written, folded under `i`, folded under `iu`. */
const ASCII_SETS = {
  plain: Array.from({ length: 0x80 }, (_, code): CharSet => [[code, code]]),
  folded: Array.from({ length: 0x80 }, (_, code) => foldAscii(code, false)),
  foldedUnicode: Array.from({ length: 0x80 }, (_, code) => foldAscii(code, true)),
};

/** The largest character value an atom can match under `flags`. */
export function maxChar(flags: RegexFlags): number {
  return flags.unicode ? 0x10ffff : 0xffff;
}

/** The set of characters `atom` matches under `flags`; equal atoms under equal flags often share one set object. */
export function charSetOf(atom: CharAtom, flags: RegexFlags): CharSet {
  if (atom.type === 'char') return charSet(atom.value, flags);
  const mode = (flags.ignoreCase ? 1 : 0) + (flags.unicode ? 2 : 0) + (flags.dotAll ? 4 : 0);
  const known = byAtom.get(atom);
  if (known?.mode === mode) return known.set;
  const set = atom.type === 'dot' ? dotSet(flags)
    : atom.type === 'class-escape' ? escapeSet(atom, flags)
      : classSet(atom.items, atom.negate, flags);
  byAtom.set(atom, { mode, set });
  return set;
}

/** The same answer as charSetOf, always asked of V8: what the tables are tested against. */
export function charSetFromEngine(atom: CharAtom, flags: RegexFlags): CharSet {
  const source = atom.type === 'class' ? `[${atom.negate ? '^' : ''}${atom.items.map((item) => writeClassItem(item, flags)).join('')}]`
    : atom.type === 'dot' ? '.'
      : `[${writeClassItem(atom, flags)}]`;
  return engineSet(source, flags, atom.type === 'dot');
}

function charSet(code: number, flags: RegexFlags): CharSet {
  if (code < 0x80) return ASCII_SETS[!flags.ignoreCase ? 'plain' : flags.unicode ? 'foldedUnicode' : 'folded'][code]!;
  return !flags.ignoreCase || isCaseless(code, code) ? [[code, code]] : engineSet(`[${writeCode(code, flags)}]`, flags);
}

function isCaseless(from: number, to: number): boolean {
  return CASELESS_RANGES.some(([first, last]) => first <= from && to <= last);
}

function dotSet(flags: RegexFlags): CharSet {
  return DOT_SETS[(flags.dotAll ? 2 : 0) + (flags.unicode ? 1 : 0)]!;
}

function escapeSet(escape: ClassEscape, flags: RegexFlags): CharSet {
  // Property escapes, and `\W` under `iu`, follow Unicode tables that V8 knows.
  const isTabled = escape.kind !== 'property' && !(escape.kind === 'word' && escape.negate && flags.ignoreCase && flags.unicode);
  if (!isTabled) return engineSet(`[${writeClassItem(escape, flags)}]`, flags);
  const positive = escape.kind === 'digit' ? DIGITS : escape.kind === 'space' ? SPACE
    : flags.ignoreCase && flags.unicode ? WORD_IU : WORD;
  return escape.negate ? complementSet(positive, maxChar(flags)) : positive;
}

/**
 * A class matches a character when one of its items does, up to case folding (which relates
 * characters item by item), and a negated class matches the others: the union of the item sets,
 * complemented when negated.
 */
function classSet(items: ClassItem[], negate: boolean, flags: RegexFlags): CharSet {
  const [only] = items;
  if (items.length === 1 && !negate && only?.type === 'char') return charSet(only.value, flags);
  const ranges: (readonly [number, number])[] = [];
  for (const item of items) {
    const set = item.type === 'char' ? charSet(item.value, flags)
      : item.type === 'range' ? rangeSet(item, flags)
        : escapeSet(item, flags);
    for (const range of set) ranges.push(range);
  }
  const union = makeCharSet(ranges);
  return negate ? complementSet(union, maxChar(flags)) : union;
}

function rangeSet(range: ClassRange, flags: RegexFlags): CharSet {
  const { value: from } = range.from;
  const { value: to } = range.to;
  if (!flags.ignoreCase || isCaseless(from, to)) return [[from, to]];
  if (to >= 0x80) return engineSet(`[${writeClassItem(range, flags)}]`, flags);
  const ranges: (readonly [number, number])[] = [[from, to]];
  for (let code = Math.max(from, 0x41); code <= Math.min(to, 0x7a); code++) {
    for (const folded of ASCII_SETS[flags.unicode ? 'foldedUnicode' : 'folded'][code]!) ranges.push(folded);
  }
  return makeCharSet(ranges);
}

/** An ASCII character and its case variants: the other ASCII case, and in unicode mode ſ for s and K (U+212A) for k. */
function foldAscii(code: number, unicode: boolean): CharSet {
  const char = String.fromCharCode(code);
  const lower = char.toLowerCase().charCodeAt(0);
  const upper = char.toUpperCase().charCodeAt(0);
  if (lower === upper) return [[code, code]];
  const extra = !unicode ? [] : lower === 0x73 ? [0x17f] : lower === 0x6b ? [0x212a] : [];
  return [upper, lower, ...extra].map((c) => [c, c] as const);
}

function writeCode(code: number, flags: RegexFlags): string {
  return flags.unicode ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

function writeClassItem(item: ClassItem, flags: RegexFlags): string {
  switch (item.type) {
    case 'char':
      return writeCode(item.value, flags);
    case 'range':
      return `${writeCode(item.from.value, flags)}-${writeCode(item.to.value, flags)}`;
    case 'class-escape': {
      const letter = { digit: 'd', word: 'w', space: 's', property: 'p' }[item.kind];
      const escape = `\\${item.negate ? letter.toUpperCase() : letter}`;
      return item.kind === 'property' ? `${escape}{${item.property}}` : escape;
    }
  }
}

/**
 * Asks V8 which characters the one-character pattern `source` matches, by scanning every character
 * once. Only `.` depends on `s`, so other atoms share one answer with and without it.
 */
function engineSet(source: string, flags: RegexFlags, isDot = false): CharSet {
  const engineFlags = `g${flags.ignoreCase ? 'i' : ''}${flags.unicode ? 'u' : ''}${isDot && flags.dotAll ? 's' : ''}`;
  const key = `${engineFlags}/${source}`;
  let set = cache.get(key);
  if (set === undefined) {
    set = scanUniverse(new RegExp(`${source}+`, engineFlags), flags.unicode);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, set);
  }
  return set;
}

/** Runs `pattern` (a one-character atom followed by `+`) over the universe and collects the runs. */
function scanUniverse(pattern: RegExp, unicode: boolean): CharSet {
  const text = unicode ? (universes.codePoints ??= buildCodePoints()) : (universes.units ??= buildUnits());
  const ranges: [number, number][] = [];
  for (const match of text.matchAll(pattern)) {
    const run = match[0];
    if (!unicode) {
      ranges.push([match.index, match.index + run.length - 1]);
      continue;
    }
    const lastWidth = run.length >= 2 && run.codePointAt(run.length - 2)! > 0xffff ? 2 : 1;
    ranges.push([run.codePointAt(0)!, run.codePointAt(run.length - lastWidth)!]);
  }
  return makeCharSet(ranges);
}

function buildUnits(): string {
  // String.fromCharCode keeps lone surrogates, which a TextDecoder would replace.
  const units = new Uint16Array(0x10000);
  for (let i = 0; i < units.length; i++) units[i] = i;
  const parts: string[] = [];
  for (let start = 0; start < units.length; start += 0x2000) parts.push(String.fromCharCode(...units.subarray(start, start + 0x2000)));
  return parts.join('');
}

function buildCodePoints(): string {
  // As UTF-16 without lone surrogates, so a decoder can build the string in one native call.
  const units = new Uint16Array(0x10000 - 0x800 + 2 * 0x100000);
  let count = 0;
  for (let code = 0; code < 0x10000; code++) if (code < 0xd800 || code > 0xdfff) units[count++] = code;
  for (let offset = 0; offset < 0x100000; offset++) {
    units[count++] = 0xd800 + (offset >> 10);
    units[count++] = 0xdc00 + (offset & 0x3ff);
  }
  return new TextDecoder('utf-16le').decode(units);
}
