// Finds where and why a line that JSON.parse rejected is invalid. V8's messages differ between
// Node versions and quote the input, so we give our own reason at an exact offset. Iterative:
// a line of 100000 `[` is only a long stack array.

export type JsonErrorReason =
  | 'unexpected end of line'
  | 'unexpected character'
  | 'bad escape in a string'
  | 'control character in a string'
  | 'expected a property name'
  | "expected ':'"
  | 'text after the JSON value';

export interface JsonError {
  /** Offset in the text of the first character that cannot be part of valid JSON. */
  offset: number;
  reason: JsonErrorReason;
}

const ESCAPES = '"\\/bfnrtu';
const HEX = /^[0-9a-fA-F]{4}$/;

/** Returns the first syntax error in text[start, end), or undefined when it is valid JSON. */
export function findJsonError(text: string, start: number, end: number): JsonError | undefined {
  const stack: number[] = [];
  let p = skip(text, start, end);
  let expectValue = true;
  for (;;) {
    if (expectValue) {
      if (p >= end) return { offset: end, reason: 'unexpected end of line' };
      const c = text[p] as string;
      if (c === '{' || c === '[') {
        stack.push(c.charCodeAt(0));
        p = skip(text, p + 1, end);
        if (text[p] === (c === '{' ? '}' : ']')) {
          stack.pop();
          p++;
          expectValue = false;
        } else if (c === '{') {
          const key = readKey(text, p, end);
          if (typeof key !== 'number') return key;
          p = key;
        }
        continue;
      }
      const after = c === '"' ? readString(text, p, end) : readScalar(text, p, end);
      if (typeof after !== 'number') return after;
      p = after;
      expectValue = false;
      continue;
    }
    p = skip(text, p, end);
    const top = stack[stack.length - 1];
    if (top === undefined) return p < end ? { offset: p, reason: 'text after the JSON value' } : undefined;
    if (p >= end) return { offset: end, reason: 'unexpected end of line' };
    const c = text[p];
    if (c === ',') {
      p = skip(text, p + 1, end);
      if (top === 123) {
        const key = readKey(text, p, end);
        if (typeof key !== 'number') return key;
        p = key;
      }
      expectValue = true;
    } else if ((c === '}' && top === 123) || (c === ']' && top === 91)) {
      stack.pop();
      p++;
    } else {
      return { offset: p, reason: 'unexpected character' };
    }
  }
}

function skip(text: string, p: number, end: number): number {
  while (p < end && (text[p] === ' ' || text[p] === '\t' || text[p] === '\n' || text[p] === '\r')) p++;
  return p;
}

/** Reads `"key" :` and returns the offset of the value after it. */
function readKey(text: string, p: number, end: number): number | JsonError {
  if (p >= end) return { offset: end, reason: 'unexpected end of line' };
  if (text[p] !== '"') return { offset: p, reason: 'expected a property name' };
  const after = readString(text, p, end);
  if (typeof after !== 'number') return after;
  const colon = skip(text, after, end);
  if (colon >= end) return { offset: end, reason: 'unexpected end of line' };
  if (text[colon] !== ':') return { offset: colon, reason: "expected ':'" };
  return skip(text, colon + 1, end);
}

function readString(text: string, p: number, end: number): number | JsonError {
  for (let i = p + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) return i + 1;
    if (c < 32) return { offset: i, reason: 'control character in a string' };
    if (c === 92) {
      if (i + 1 >= end) break;
      const e = text[i + 1] as string;
      if (!ESCAPES.includes(e)) return { offset: i, reason: 'bad escape in a string' };
      if (e === 'u' && !HEX.test(text.slice(i + 2, Math.min(i + 6, end)))) {
        return { offset: i, reason: 'bad escape in a string' };
      }
      i += e === 'u' ? 5 : 1;
    }
  }
  return { offset: end, reason: 'unexpected end of line' };
}

function readScalar(text: string, p: number, end: number): number | JsonError {
  for (const word of ['true', 'false', 'null']) {
    if (text.startsWith(word, p) && p + word.length <= end) return p + word.length;
  }
  let i = p;
  if (text[i] === '-') i++;
  if (text[i] === '0') i++;
  else if (!isDigit(text, i, end)) return charError(i, end);
  while (isDigit(text, i, end)) i++;
  if (text[i] === '.' && i < end) {
    if (!isDigit(text, ++i, end)) return charError(i, end);
    while (isDigit(text, i, end)) i++;
  }
  if ((text[i] === 'e' || text[i] === 'E') && i < end) {
    i++;
    if (text[i] === '+' || text[i] === '-') i++;
    if (!isDigit(text, i, end)) return charError(i, end);
    while (isDigit(text, i, end)) i++;
  }
  return i;
}

function isDigit(text: string, i: number, end: number): boolean {
  const c = text.charCodeAt(i);
  return i < end && c >= 48 && c <= 57;
}

function charError(i: number, end: number): JsonError {
  return i >= end ? { offset: end, reason: 'unexpected end of line' } : { offset: i, reason: 'unexpected character' };
}
