// Which characters a one-character atom matches, computed by asking V8 so that case folding,
// `\w` under `iu`, `\s` and Unicode properties mean exactly what they mean when the rule runs.
import type { CharAtom, ClassItem, RegexFlags } from './ast';
import { type CharSet, makeCharSet } from './char-set';

/**
 * Atom sets by flags and canonical source. These lazily filled caches are the module's only
 * state: entries are pure functions of their key, so sharing them between calls is invisible
 * except in speed. It is emptied when it grows past CACHE_LIMIT entries.
 */
const cache = new Map<string, CharSet>();
const CACHE_LIMIT = 2000;
/** The same answers per tree node, so that repeated questions skip building the source text; they go with the tree. */
const byAtom = new WeakMap<CharAtom, { flags: string; set: CharSet }>();
/** Every code unit (non-unicode mode) or every non-surrogate code point (unicode mode), in order. */
const universes: { units?: string; codePoints?: string } = {};

/** The largest character value an atom can match under `flags`. */
export function maxChar(flags: RegexFlags): number {
  return flags.unicode ? 0x10ffff : 0xffff;
}

/** The set of characters `atom` matches under `flags`. */
export function charSetOf(atom: CharAtom, flags: RegexFlags): CharSet {
  if (atom.type === 'char' && !flags.ignoreCase) return [[atom.value, atom.value]];
  const engineFlags = `g${flags.ignoreCase ? 'i' : ''}${flags.unicode ? 'u' : ''}${flags.dotAll ? 's' : ''}`;
  const known = byAtom.get(atom);
  if (known?.flags === engineFlags) return known.set;
  const source = atom.type === 'class' ? `[${atom.negate ? '^' : ''}${atom.items.map(writeClassItem(flags)).join('')}]`
    : atom.type === 'dot' ? '.'
      : `[${writeClassItem(flags)(atom)}]`;
  const key = `${engineFlags}/${source}`;
  let set = cache.get(key);
  if (set === undefined) {
    set = scanUniverse(new RegExp(`${source}+`, engineFlags), flags.unicode);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, set);
  }
  byAtom.set(atom, { flags: engineFlags, set });
  return set;
}

function writeClassItem(flags: RegexFlags): (item: ClassItem) => string {
  const writeCode = (code: number): string => flags.unicode ? `\\u{${code.toString(16)}}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
  return (item) => {
    switch (item.type) {
      case 'char':
        return writeCode(item.value);
      case 'range':
        return `${writeCode(item.from.value)}-${writeCode(item.to.value)}`;
      case 'class-escape': {
        const letter = { digit: 'd', word: 'w', space: 's', property: 'p' }[item.kind];
        const escape = `\\${item.negate ? letter.toUpperCase() : letter}`;
        return item.kind === 'property' ? `${escape}{${item.property}}` : escape;
      }
    }
  };
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
  const parts: string[] = [];
  for (let start = 0; start < 0x10000; start += 0x1000) {
    parts.push(String.fromCharCode(...Array.from({ length: 0x1000 }, (_, i) => start + i)));
  }
  return parts.join('');
}

function buildCodePoints(): string {
  const parts: string[] = [];
  for (let start = 0; start <= 0x10ffff; start += 0x1000) {
    const chunk: number[] = [];
    for (let code = start; code < start + 0x1000; code++) if (code < 0xd800 || code > 0xdfff) chunk.push(code);
    parts.push(String.fromCodePoint(...chunk));
  }
  return parts.join('');
}
