// Finds values by path in raw JSON text that is already known to parse, and maps offsets inside a
// decoded string back through its escapes. Every walk is iterative, so depth cannot overflow.

import type { Span } from '../model';

/** A step of a concrete path: an object key, or an index into an array. */
export type PathSegment = string | number;

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;

/** Skips JSON whitespace from `pos`; returns the first other offset (or `end`). */
export function skipWhitespace(text: string, pos: number, end: number): number {
  while (pos < end) {
    const c = text.charCodeAt(pos);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
    pos++;
  }
  return pos;
}

/** Returns the offset just after the string token opening at `pos`, or -1 when it never closes. */
export function skipString(text: string, pos: number, end: number): number {
  let p = pos + 1;
  for (;;) {
    const q = text.indexOf('"', p);
    if (q < 0 || q >= end) return -1;
    let slashes = 0;
    while (text.charCodeAt(q - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return q + 1;
    p = q + 1;
  }
}

/** Returns the offset just after the JSON value starting at `pos`, or -1 on malformed text. */
export function skipValue(text: string, pos: number, end: number): number {
  let depth = 0;
  let p = pos;
  do {
    if (p >= end) return -1;
    const c = text.charCodeAt(p);
    if (c === QUOTE) {
      p = skipString(text, p, end);
      if (p < 0) return -1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      p++;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      p++;
    } else if (depth > 0) {
      p++;
    } else {
      // A scalar at the top: numbers, true, false, null end at a delimiter.
      while (p < end && !isDelimiter(text.charCodeAt(p))) p++;
    }
  } while (depth > 0);
  return depth === 0 ? p : -1;
}

function isDelimiter(c: number): boolean {
  return c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || c === 32 || c === 10 || c === 13 || c === 9;
}

/** Whether the raw key token at [start, end) (quotes included) decodes to `key`. */
function isKey(text: string, start: number, end: number, key: string): boolean {
  const inner = end - start - 2;
  const raw = text.slice(start + 1, end - 1);
  if (raw.indexOf('\\') < 0) return inner === key.length && raw === key;
  return JSON.parse(text.slice(start, end)) === key;
}

/**
 * Returns the start of the value of `key` in the object at `pos` (its `{`), or -1. With duplicate
 * keys the last one wins, as in JSON.parse.
 */
export function findMember(text: string, pos: number, end: number, key: string): number {
  let found = -1;
  let p = skipWhitespace(text, pos + 1, end);
  while (p < end && text.charCodeAt(p) === QUOTE) {
    const keyEnd = skipString(text, p, end);
    if (keyEnd < 0) return -1;
    const valueStart = skipWhitespace(text, skipWhitespace(text, keyEnd, end) + 1, end);
    if (isKey(text, p, keyEnd, key)) found = valueStart;
    const valueEnd = skipValue(text, valueStart, end);
    if (valueEnd < 0) return -1;
    p = skipWhitespace(text, valueEnd, end);
    if (text.charCodeAt(p) !== COMMA) break;
    p = skipWhitespace(text, p + 1, end);
  }
  return found;
}

/** Returns the start of element `index` of the array at `pos` (its `[`), or -1. */
export function findElement(text: string, pos: number, end: number, index: number): number {
  let p = skipWhitespace(text, pos + 1, end);
  if (text.charCodeAt(p) === CLOSE_BRACKET) return -1;
  for (let i = 0; p < end; i++) {
    if (i === index) return p;
    const valueEnd = skipValue(text, p, end);
    if (valueEnd < 0) return -1;
    p = skipWhitespace(text, valueEnd, end);
    if (text.charCodeAt(p) !== COMMA) return -1;
    p = skipWhitespace(text, p + 1, end);
  }
  return -1;
}

/**
 * Follows `path` from the value at `pos` for as long as the values are objects and arrays.
 * Returns where it stopped and how many segments it consumed, so a caller can continue inside a
 * string that holds JSON; `pos` is -1 when a key or index is missing.
 */
export function followPath(
  text: string,
  pos: number,
  end: number,
  path: readonly PathSegment[],
): { pos: number; used: number } {
  let p = skipWhitespace(text, pos, end);
  let used = 0;
  while (used < path.length) {
    const c = text.charCodeAt(p);
    const segment = path[used] as PathSegment;
    if (c === OPEN_BRACE && typeof segment === 'string') p = findMember(text, p, end, segment);
    else if (c === OPEN_BRACKET && typeof segment === 'number') p = findElement(text, p, end, segment);
    else if (c === QUOTE) break;
    else return { pos: -1, used };
    if (p < 0) return { pos: -1, used };
    used++;
  }
  return { pos: p, used };
}

/**
 * Maps `span`, in UTF-16 units of the decoded string whose token opens at `tokenStart`, to raw
 * offsets in `text`. An escape is atomic: `\n` is one unit for two raw characters and `\uXXXX`
 * one unit for six, so half of a `\ud83d\ude00` pair maps to one of its two escapes.
 */
export function mapStringSpan(text: string, tokenStart: number, span: Span): Span {
  const start = rawOffsetOf(text, tokenStart + 1, 0, span.start);
  const end = span.end === span.start ? start : rawOffsetAfter(text, start, span.start, span.end);
  return { start, end };
}

/** Raw offset where decoded unit `target` begins, walking from raw `p` at decoded unit `unit`. */
function rawOffsetOf(text: string, p: number, unit: number, target: number): number {
  while (unit < target) {
    const slash = text.indexOf('\\', p);
    const plain = slash < 0 ? Infinity : slash - p;
    if (unit + plain >= target) return p + (target - unit);
    unit += plain + 1;
    p = slash + (text.charCodeAt(slash + 1) === 117 ? 6 : 2);
  }
  return p;
}

/** Raw offset just after decoded unit `target - 1`, walking from raw `p` at decoded unit `unit`. */
function rawOffsetAfter(text: string, p: number, unit: number, target: number): number {
  const last = rawOffsetOf(text, p, unit, target - 1);
  if (text.charCodeAt(last) !== BACKSLASH) return last + 1;
  return last + (text.charCodeAt(last + 1) === 117 ? 6 : 2);
}

/** Returns the offset after the number, `true`, `false` or `null` token at `pos`. */
export function scalarEnd(text: string, pos: number, end: number): number {
  let p = pos;
  while (p < end && !isDelimiter(text.charCodeAt(p))) p++;
  return p;
}
