// Escapes and character classes, the part of the grammar where unicode mode and Annex B differ most.
import type { Assertion, Atom, CharClass, Char, CharSyntax, ClassEscape, ClassItem } from './ast';
import { Cursor, fail } from './cursor';

const SYNTAX_CHARS = '^$\\.*+?()[]{}|/';
const CONTROL_ESCAPES: Record<string, number> = { f: 12, n: 10, r: 13, t: 9, v: 11 };
const CLASS_ESCAPES: Record<string, ClassEscape['kind']> = { d: 'digit', w: 'word', s: 'space' };

function makeChar(value: number, syntax: CharSyntax, start: number, end: number): Char {
  return { type: 'char', value, syntax, span: { start, end } };
}

/** Parses an escape outside a class; the cursor is on the backslash. */
export function parseAtomEscape(c: Cursor): Atom | Assertion {
  const start = c.pos++;
  if (c.isDone) fail('\\ at end of pattern', start);
  const ch = c.peek();
  if (ch === 'b' || ch === 'B') {
    c.pos++;
    return { type: 'assertion', kind: ch === 'b' ? 'word-boundary' : 'not-word-boundary', span: { start, end: c.pos } };
  }
  if (/[1-9]/.test(ch)) {
    const ref = c.readDigits()!;
    if (ref <= c.groupCount) return { type: 'backreference', ref, span: { start, end: c.pos } };
    if (c.unicode) fail('Invalid escape', start, c.pos);
    c.pos = start + 1;
    return parseLegacyDecimal(c, start);
  }
  if (ch === 'k' && (c.unicode || c.groupNames.size > 0)) {
    c.pos++;
    if (!c.eat('<')) fail('Invalid named reference', start, c.pos);
    const name = readGroupName(c, start);
    if (!c.groupNames.has(name)) fail('Invalid named capture referenced', start, c.pos);
    return { type: 'backreference', ref: name, span: { start, end: c.pos } };
  }
  return parseCharacterEscape(c, start, false);
}

/** Parses a character class; the cursor is on the `[`. */
export function parseClass(c: Cursor): CharClass {
  const start = c.pos++;
  const negate = c.eat('^');
  const items: ClassItem[] = [];
  for (;;) {
    if (c.isDone) fail('Unterminated character class', start, c.src.length);
    if (c.eat(']')) break;
    const first = parseClassAtom(c);
    if (c.peek() !== '-' || c.peek(1) === ']' || c.peek(1) === '') {
      items.push(first);
      continue;
    }
    const dash = c.pos++;
    const second = parseClassAtom(c);
    if (first.type === 'class-escape' || second.type === 'class-escape') {
      // Annex B reads `[\d-z]` as three items; unicode mode rejects it.
      if (c.unicode) fail('Invalid character class', first.span.start, second.span.end);
      items.push(first, makeChar(0x2d, 'literal', dash, dash + 1), second);
    } else if (first.value > second.value) {
      fail('Range out of order in character class', first.span.start, second.span.end);
    } else {
      items.push({ type: 'range', from: first, to: second, span: { start: first.span.start, end: second.span.end } });
    }
  }
  return { type: 'class', negate, items, span: { start, end: c.pos } };
}

function parseClassAtom(c: Cursor): Char | ClassEscape {
  const start = c.pos;
  if (c.peek() !== '\\') return makeChar(c.nextChar(), 'literal', start, c.pos);
  c.pos++;
  if (c.isDone) fail('\\ at end of pattern', start);
  const ch = c.peek();
  if (ch === 'b') return (c.pos++, makeChar(8, 'backspace', start, c.pos));
  if (ch === '-' && c.unicode) return (c.pos++, makeChar(0x2d, 'identity-escape', start, c.pos));
  if (!c.unicode) {
    if (/[1-9]/.test(ch)) return parseLegacyDecimal(c, start);
    if (ch === 'c' && /[0-9_]/.test(c.peek(1))) {
      c.pos += 2;
      return makeChar(c.src.charCodeAt(c.pos - 1) % 32, 'control-letter', start, c.pos);
    }
  }
  if ((ch === 'B' || ch === 'k' || /[1-9]/.test(ch)) && c.unicode) fail('Invalid class escape', start, c.pos + 1);
  return parseCharacterEscape(c, start, true);
}

/** Annex B: `\1`..`\9` that is not a backreference is a legacy octal escape, or `\8`/`\9` literally. */
function parseLegacyDecimal(c: Cursor, start: number): Char {
  if (!/[0-7]/.test(c.peek())) return makeChar(c.nextChar(), 'identity-escape', start, c.pos);
  return readOctal(c, start);
}

function readOctal(c: Cursor, start: number): Char {
  const first = Number(c.peek());
  let value = first;
  c.pos++;
  const maxDigits = first <= 3 ? 3 : 2;
  for (let n = 1; n < maxDigits && /[0-7]/.test(c.peek()); n++) value = value * 8 + Number(c.src[c.pos++]);
  return makeChar(value, 'octal-escape', start, c.pos);
}

/** The escapes that mean the same inside and outside a class; the cursor is after the backslash. */
function parseCharacterEscape(c: Cursor, start: number, inClass: boolean): Char | ClassEscape {
  const ch = c.peek();
  const lower = ch.toLowerCase();
  if (CLASS_ESCAPES[lower] !== undefined && ch !== 'P') {
    c.pos++;
    return { type: 'class-escape', kind: CLASS_ESCAPES[lower], negate: ch !== lower, span: { start, end: c.pos } };
  }
  if (lower === 'p' && c.unicode) return parseProperty(c, start);
  if (CONTROL_ESCAPES[ch] !== undefined) return (c.pos++, makeChar(CONTROL_ESCAPES[ch], 'control-escape', start, c.pos));
  if (ch === '0' && !/[0-9]/.test(c.peek(1))) return (c.pos++, makeChar(0, 'null-escape', start, c.pos));
  if (ch === '0') {
    if (c.unicode) fail(inClass ? 'Invalid class escape' : 'Invalid decimal escape', start, c.pos + 2);
    return readOctal(c, start);
  }
  if (ch === 'c') {
    const letter = c.peek(1);
    if (/[a-zA-Z]/.test(letter)) return (c.pos += 2, makeChar(letter.charCodeAt(0) % 32, 'control-letter', start, c.pos));
    if (c.unicode) fail('Invalid unicode escape', start, c.pos + 1);
    // Annex B: a backslash before a `c` that starts no control escape stands for itself.
    return makeChar(0x5c, 'lone-backslash', start, start + 1);
  }
  if (ch === 'x') {
    c.pos++;
    const value = c.readHex(2);
    if (value !== undefined) return makeChar(value, 'hex-escape', start, c.pos);
    if (c.unicode) fail('Invalid escape', start, c.pos);
    return makeChar(0x78, 'identity-escape', start, c.pos);
  }
  if (ch === 'u') {
    c.pos++;
    const value = readUnicodeEscapeBody(c);
    if (value !== undefined) return makeChar(value, 'unicode-escape', start, c.pos);
    const close = c.src.indexOf('}', c.pos);
    if (c.unicode) fail('Invalid Unicode escape', start, c.src[start + 2] === '{' && close >= 0 ? close + 1 : c.pos);
    return makeChar(0x75, 'identity-escape', start, c.pos);
  }
  if (c.unicode && !SYNTAX_CHARS.includes(ch)) fail('Invalid escape', start, c.pos + 1);
  return makeChar(c.nextChar(), 'identity-escape', start, c.pos);
}

/** Reads what follows `\u`: four hex digits, a surrogate pair in unicode mode, or `{…}` there. */
function readUnicodeEscapeBody(c: Cursor): number | undefined {
  if (c.unicode && c.eat('{')) {
    const close = c.src.indexOf('}', c.pos);
    const hex = c.src.slice(c.pos, close);
    if (close < 0 || !/^[0-9a-fA-F]+$/.test(hex) || parseInt(hex, 16) > 0x10ffff) return undefined;
    c.pos = close + 1;
    return parseInt(hex, 16);
  }
  const lead = c.readHex(4);
  if (lead === undefined || !c.unicode || lead < 0xd800 || lead > 0xdbff || c.peek() !== '\\' || c.peek(1) !== 'u') {
    return lead;
  }
  const save = c.pos;
  c.pos += 2;
  const trail = c.readHex(4);
  if (trail !== undefined && trail >= 0xdc00 && trail <= 0xdfff) return (lead - 0xd800) * 0x400 + trail - 0xdc00 + 0x10000;
  c.pos = save;
  return lead;
}

function parseProperty(c: Cursor, start: number): ClassEscape {
  const negate = c.peek() === 'P';
  c.pos++;
  const close = c.src.indexOf('}', c.pos);
  const property = close < 0 ? '' : c.src.slice(c.pos + 1, close);
  if (c.peek() !== '{' || !/^[A-Za-z_]+(=[A-Za-z0-9_]+)?$/.test(property) || !isKnownProperty(property)) {
    fail('Invalid property name', start, close < 0 ? c.pos : close + 1);
  }
  c.pos = close + 1;
  return { type: 'class-escape', kind: 'property', negate, property, span: { start, end: c.pos } };
}

/** The engine knows the property tables; asking it keeps us in step with its Unicode version. */
function isKnownProperty(property: string): boolean {
  try {
    new RegExp(`\\p{${property}}`, 'u');
    return true;
  } catch {
    return false;
  }
}

/** Reads a group name up to and including `>`; `start` is where the construct began. */
export function readGroupName(c: Cursor, start: number): string {
  let name = '';
  for (;;) {
    if (c.isDone) fail('Invalid capture group name', start, c.pos);
    if (c.eat('>')) break;
    let code: number | undefined;
    if (c.eat('\\u')) {
      code = readUnicodeEscapeBodyInName(c);
    } else {
      code = c.src.codePointAt(c.pos)!;
      c.pos += code > 0xffff ? 2 : 1;
    }
    const char = code === undefined ? '' : String.fromCodePoint(code);
    const isValid = name === '' ? /[\p{ID_Start}$_]/u.test(char) : /[\p{ID_Continue}$\u200c\u200d]/u.test(char);
    if (!isValid) fail('Invalid capture group name', start, c.pos);
    name += char;
  }
  if (name === '') fail('Invalid capture group name', start, c.pos);
  return name;
}

function readUnicodeEscapeBodyInName(c: Cursor): number | undefined {
  // Names accept `\u{…}` and surrogate pairs even outside unicode mode, so read them as if in it.
  const inner = new Cursor(c.src, true, 0, new Set());
  inner.pos = c.pos;
  const value = readUnicodeEscapeBody(inner);
  c.pos = inner.pos;
  return value;
}
