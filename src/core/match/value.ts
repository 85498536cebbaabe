// Compiles one rule value under its modifiers into a test of one field value (a "leaf").
//
// A test answers `undefined` when the leaf does not match, and otherwise the spans inside the
// leaf's string form that matched (empty when the match has no text position, e.g. `gt`).

import type { RuleValue, Span } from '../model';
import { MODIFIERS, REGEX_FLAGS, modifiersIn } from '../rules/modifiers';
import { ipInCidr, parseCidr } from './cidr';
import { compileRegex, liftInlineFlags } from './regex';
import {
  base64,
  base64Offsets,
  bytesAsText,
  encodeText,
  hasWildcards,
  parseSigmaString,
  partsText,
  partsToRegexSource,
  type Charset,
} from './sigma-string';
import { leafTime, timePart, type TimeUnit } from './time';

/**
 * Tests one leaf. With `wantSpans` false the test may stop at the first match and answer
 * `NO_SPANS`; with it, it answers the spans of the matches it found.
 */
export type LeafTest = (leaf: unknown, lookupOther: (field: string) => unknown[], wantSpans: boolean) => Span[] | undefined;

/** The answer of a test that holds when no spans were asked for, or that has no text position. */
export const NO_SPANS: Span[] = Object.freeze([]) as unknown as Span[];

/**
 * A compiled value; `regex` is set when the test is exactly "this regex finds a match in the
 * leaf's text", so that an item can OR several such values in one alternation.
 */
export type ValueCompileResult = { test: LeafTest; regex?: RegExp; reason?: undefined } | { test?: undefined; reason: string };

/** How many spans one value reports inside one leaf; enough to underline, bounded for huge prompts. */
const MAX_SPANS = 32;

type Position = 'equals' | 'contains' | 'startswith' | 'endswith';

/** Compiles `value` as the item's modifiers say; `isKeyword` makes plain strings match anywhere. */
export function compileValue(value: RuleValue, modifiers: readonly string[], isKeyword: boolean): ValueCompileResult {
  const v = value.value;
  const compare = modifiersIn(modifiers, 'compare')[0];
  const time = modifiersIn(modifiers, 'time')[0] as TimeUnit | undefined;
  if (time) return compileTime(v, time, compare);
  if (compare) return compileCompare(v, compare);
  if (modifiers.includes('cidr')) return compileCidr(v);
  if (modifiers.includes('fieldref')) return compileFieldref(v, modifiers);
  if (v === null) return { test: (leaf) => (leaf === null || leaf === undefined ? NO_SPANS : undefined) };
  if (modifiers.includes('re')) return compileRe(v, modifiers);
  if (typeof v === 'boolean' && !hasStringModifiers(modifiers)) {
    return { test: (leaf) => (leaf === v || (typeof leaf === 'string' && leaf.toLowerCase() === String(v)) ? NO_SPANS : undefined) };
  }
  if (typeof v === 'number' && !hasStringModifiers(modifiers)) {
    return {
      test: (leaf) => {
        if (typeof leaf === 'number') return leaf === v ? NO_SPANS : undefined;
        return typeof leaf === 'string' && leaf.trim() === String(v) ? [{ start: 0, end: leaf.length }] : undefined;
      },
    };
  }
  return compileString(String(v), modifiers, isKeyword);
}

function hasStringModifiers(modifiers: readonly string[]): boolean {
  return modifiers.some((name) => {
    const group = MODIFIERS[name];
    return group === 'position' || group === 'transform' || group === 'encoding' || group === 'charset';
  });
}

function positionOf(modifiers: readonly string[], isKeyword: boolean): Position {
  const position = modifiersIn(modifiers, 'position');
  // Sigma applies modifiers in order; with several position modifiers the last one decides.
  const last = position[position.length - 1] as Position | undefined;
  return last ?? (isKeyword ? 'contains' : 'equals');
}

function compileString(text: string, modifiers: readonly string[], isKeyword: boolean): ValueCompileResult {
  const parts = parseSigmaString(text);
  const encodings = modifiersIn(modifiers, 'encoding');
  const charset = modifiersIn(modifiers, 'charset')[0];
  let alternatives: string[];
  if (encodings.length > 0 || charset) {
    if (hasWildcards(parts)) return { reason: `wildcards cannot be encoded with ${[...encodings, charset].filter(Boolean).join('|')}` };
    const bytes = encodeText(partsText(parts), toCharset(charset));
    if (encodings.includes('base64offset')) alternatives = base64Offsets(bytes).map((s) => partsToRegexSource([{ kind: 'text', text: s }]));
    else if (encodings.includes('base64')) alternatives = [partsToRegexSource([{ kind: 'text', text: base64(bytes) }])];
    else alternatives = [partsToRegexSource([{ kind: 'text', text: bytesAsText(bytes) }])];
  } else {
    alternatives = [partsToRegexSource(parts, { windash: modifiers.includes('windash') })];
  }
  const body = alternatives.length === 1 ? (alternatives[0] as string) : `(?:${alternatives.join('|')})`;
  const position = positionOf(modifiers, isKeyword);
  const anchored =
    position === 'equals' ? `^(?:${body})$` : position === 'startswith' ? `^(?:${body})` : position === 'endswith' ? `(?:${body})$` : body;
  const flags = modifiers.includes('cased') ? 'g' : 'gi';
  const compiled = compileRegex(anchored, flags);
  if (!compiled.regex) return { reason: compiled.error };
  return { test: regexTest(compiled.regex), regex: compiled.regex };
}

function toCharset(name: string | undefined): Charset {
  if (name === 'wide') return 'utf16le';
  return (name as Charset | undefined) ?? 'utf8';
}

function compileRe(pattern: unknown, modifiers: readonly string[]): ValueCompileResult {
  if (typeof pattern !== 'string') return { reason: 're needs a string pattern' };
  const lifted = liftInlineFlags(pattern);
  const flags = new Set(['g', ...lifted.flags]);
  for (const name of modifiersIn(modifiers, 'regexFlag')) flags.add(REGEX_FLAGS[name] as string);
  const compiled = compileRegex(lifted.pattern, [...flags].join(''));
  if (!compiled.regex) return { reason: compiled.error };
  return { test: regexTest(compiled.regex), regex: compiled.regex };
}

/** Finds up to MAX_SPANS matches of a global regex in the leaf's string form. */
function regexTest(regex: RegExp): LeafTest {
  return (leaf, _lookupOther, wantSpans) => {
    const text = leafText(leaf);
    if (text === undefined) return undefined;
    regex.lastIndex = 0;
    if (!wantSpans) {
      const found = regex.test(text);
      regex.lastIndex = 0;
      return found ? NO_SPANS : undefined;
    }
    const spans: Span[] = [];
    let match: RegExpExecArray | null;
    while (spans.length < MAX_SPANS && (match = regex.exec(text)) !== null) {
      const end = match.index + match[0].length;
      spans.push({ start: match.index, end });
      if (match[0].length === 0) regex.lastIndex++;
    }
    regex.lastIndex = 0;
    return spans.length > 0 ? spans : undefined;
  };
}

/** The text a string test sees: strings as they are, numbers and booleans written out. */
export function leafText(leaf: unknown): string | undefined {
  if (typeof leaf === 'string') return leaf;
  if (typeof leaf === 'number' || typeof leaf === 'boolean') return String(leaf);
  return undefined;
}

export function leafNumber(leaf: unknown): number | undefined {
  if (typeof leaf === 'number') return leaf;
  if (typeof leaf === 'string' && leaf.trim() !== '') {
    const n = Number(leaf);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  lt: (a, b) => a < b,
  lte: (a, b) => a <= b,
  gt: (a, b) => a > b,
  gte: (a, b) => a >= b,
};

function compileCompare(v: unknown, operator: string): ValueCompileResult {
  const bound = leafNumber(v);
  if (bound === undefined) return { reason: `${operator} needs a number, got ${JSON.stringify(v)}` };
  const compare = COMPARE[operator] as (a: number, b: number) => boolean;
  return { test: (leaf) => numberTest(leafNumber(leaf), bound, compare, leaf) };
}

function numberTest(n: number | undefined, bound: number, compare: (a: number, b: number) => boolean, leaf: unknown): Span[] | undefined {
  if (n === undefined || !compare(n, bound)) return undefined;
  return typeof leaf === 'string' ? [{ start: 0, end: leaf.length }] : NO_SPANS;
}

function compileTime(v: unknown, unit: TimeUnit, operator: string | undefined): ValueCompileResult {
  const bound = leafNumber(v);
  if (bound === undefined) return { reason: `${unit} needs a number, got ${JSON.stringify(v)}` };
  const compare = operator ? (COMPARE[operator] as (a: number, b: number) => boolean) : (a: number, b: number) => a === b;
  return {
    test: (leaf) => {
      const time = leafTime(leaf);
      return time === undefined ? undefined : numberTest(timePart(time, unit), bound, compare, leaf);
    },
  };
}

function compileCidr(v: unknown): ValueCompileResult {
  const cidr = typeof v === 'string' ? parseCidr(v) : undefined;
  if (!cidr) return { reason: `"${String(v)}" is not a CIDR range` };
  return { test: (leaf) => (typeof leaf === 'string' && ipInCidr(leaf, cidr) ? [{ start: 0, end: leaf.length }] : undefined) };
}

function compileFieldref(v: unknown, modifiers: readonly string[]): ValueCompileResult {
  if (typeof v !== 'string' || v === '') return { reason: 'fieldref needs the name of another field' };
  const position = positionOf(modifiers, false);
  const isCased = modifiers.includes('cased');
  return {
    test: (leaf, lookupOther) => {
      const text = leafText(leaf);
      if (text === undefined) return undefined;
      for (const other of lookupOther(v)) {
        const otherText = leafText(other);
        if (otherText === undefined) continue;
        const at = findPositioned(isCased ? text : text.toLowerCase(), isCased ? otherText : otherText.toLowerCase(), position);
        if (at !== undefined) return [{ start: at, end: at + otherText.length }];
      }
      return undefined;
    },
  };
}

function findPositioned(text: string, needle: string, position: Position): number | undefined {
  switch (position) {
    case 'equals':
      return text === needle ? 0 : undefined;
    case 'startswith':
      return text.startsWith(needle) ? 0 : undefined;
    case 'endswith':
      return text.endsWith(needle) ? text.length - needle.length : undefined;
    case 'contains': {
      const at = text.indexOf(needle);
      return at === -1 ? undefined : at;
    }
  }
}
