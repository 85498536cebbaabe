// Parses JavaScript (V8) regular expression source, with Annex B in non-unicode mode, into ast.ts.
import type { Atom, Group, Lookaround, RegexError, RegexFlags, RegexPattern, Sequence, Term } from './ast';
import { Cursor, MAX_GROUP_DEPTH, SyntaxFailure, fail } from './cursor';
import { parseAtomEscape, parseClass, readGroupName } from './parse-escape';

/** A parse outcome: the tree, or the first syntax error. */
export type ParsedRegex = { ast: RegexPattern; error?: undefined } | { ast?: undefined; error: RegexError };

/** Reads a flags string; `v` is valid in V8 but its class syntax is not supported here. */
export function parseFlags(flags: string): { value: RegexFlags; error?: undefined } | { value?: undefined; error: RegexError } {
  for (let i = 0; i < flags.length; i++) {
    const flag = flags.charAt(i);
    const message = flag === 'v' ? 'The v flag is not supported by the regex analyzer'
      : !'dgimsuy'.includes(flag) ? `Invalid flag '${flag}'`
        : flags.indexOf(flag) !== i ? `Duplicate flag '${flag}'` : undefined;
    if (message !== undefined) return { error: { message, offset: i, span: { start: i, end: i + 1 }, source: 'flags' } };
  }
  return {
    value: {
      ignoreCase: flags.includes('i'),
      multiline: flags.includes('m'),
      dotAll: flags.includes('s'),
      unicode: flags.includes('u'),
    },
  };
}

/** Parses `pattern` under `flags`; never throws, and reports the first syntax error with its span. */
export function parseRegex(pattern: string, flags: string): ParsedRegex {
  const parsedFlags = parseFlags(flags);
  if (parsedFlags.error) return { error: parsedFlags.error };
  const groups = scanGroups(pattern);
  const c = new Cursor(pattern, parsedFlags.value.unicode, groups.count, groups.names);
  try {
    const alternatives = parseDisjunction(c);
    if (!c.isDone) fail("Unmatched ')'", c.pos);
    return {
      ast: {
        type: 'pattern',
        span: { start: 0, end: pattern.length },
        source: pattern,
        alternatives,
        flags: parsedFlags.value,
        groupCount: groups.count,
        groupNames: [...c.namesDeclared],
      },
    };
  } catch (caught) {
    if (!(caught instanceof SyntaxFailure)) throw caught;
    const span = { start: caught.span.start, end: Math.min(caught.span.end, pattern.length) };
    return { error: { message: caught.message, offset: span.start, span, source: 'pattern' } };
  }
}

/**
 * Counts capturing groups and collects names before parsing, because `\2` and `\k<x>` may refer
 * to groups that appear later, and their mere presence changes how Annex B reads `\N` and `\k`.
 */
function scanGroups(src: string): { count: number; names: Set<string> } {
  const names = new Set<string>();
  let count = 0;
  let isInClass = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (ch === '\\') i++;
    else if (isInClass) isInClass = ch !== ']';
    else if (ch === '[') isInClass = true;
    else if (ch === '(' && src[i + 1] !== '?') count++;
    else if (ch === '(' && src[i + 2] === '<' && src[i + 3] !== '=' && src[i + 3] !== '!') {
      count++;
      const name = tryReadName(src, i + 3);
      if (name !== undefined) names.add(name);
    }
  }
  return { count, names };
}

function tryReadName(src: string, pos: number): string | undefined {
  const c = new Cursor(src, true, 0, new Set());
  c.pos = pos;
  try {
    return readGroupName(c, pos);
  } catch {
    return undefined;
  }
}

function parseDisjunction(c: Cursor): Sequence[] {
  const alternatives = [parseSequence(c)];
  while (c.eat('|')) alternatives.push(parseSequence(c));
  return alternatives;
}

/** Characters that only the general path reads right: syntax, and brackets and braces, whose meaning depends on the mode. */
const SYNTAX_CODES = new Set([...'^$\\.*+?()[]{}|'].map((char) => char.charCodeAt(0)));

function parseSequence(c: Cursor): Sequence {
  const start = c.pos;
  const items: Term[] = [];
  for (let next = c.src.charCodeAt(c.pos); c.pos < c.src.length && next !== 0x7c && next !== 0x29; next = c.src.charCodeAt(c.pos)) {
    // Most of a rule regex is plain text: a character that is not syntax, not part of a surrogate
    // pair and not quantified is a literal, read without the general path.
    const after = c.src.charCodeAt(c.pos + 1);
    if (!SYNTAX_CODES.has(next) && (next < 0xd800 || next > 0xdfff) && after !== 0x2a && after !== 0x2b && after !== 0x3f && after !== 0x7b) {
      items.push({ type: 'char', value: next, syntax: 'literal', span: { start: c.pos, end: ++c.pos } });
    } else {
      items.push(parseTerm(c));
    }
  }
  return { type: 'sequence', items, span: { start, end: c.pos } };
}

function parseTerm(c: Cursor): Term {
  const atom = parseAtom(c);
  const quantifierStart = c.pos;
  const bounds = readQuantifier(c);
  if (bounds === undefined) return atom;
  const isQuantifiable = atom.type !== 'assertion'
    && (atom.type !== 'lookaround' || (atom.kind === 'lookahead' && !c.unicode));
  if (!isQuantifiable) fail('Nothing to repeat', quantifierStart, c.pos);
  const lazy = c.eat('?');
  return { type: 'quantifier', ...bounds, lazy, body: atom as Atom, span: { start: atom.span.start, end: c.pos } };
}

/** Reads `* + ? {n} {n,} {n,m}`, or returns undefined without moving when none starts here. */
function readQuantifier(c: Cursor): { min: number; max: number } | undefined {
  const start = c.pos;
  const next = c.src.charCodeAt(start);
  // Most atoms are not quantified: one look at `* + ? {` settles it.
  if (next !== 0x2a && next !== 0x2b && next !== 0x3f && next !== 0x7b) return undefined;
  if (c.eat('*')) return { min: 0, max: Infinity };
  if (c.eat('+')) return { min: 1, max: Infinity };
  if (c.eat('?')) return { min: 0, max: 1 };
  if (!c.eat('{')) return undefined;
  const min = c.readDigits();
  const max = c.eat(',') ? c.readDigits() ?? Infinity : min;
  if (min === undefined || !c.eat('}')) {
    c.pos = start;
    return undefined;
  }
  // V8 caps repetition counts at 2^31 - 1 and treats that cap as "no upper bound".
  const cap = (n: number): number => (n >= 0x7fffffff ? Infinity : n);
  if (cap(min) > cap(max!)) fail('numbers out of order in {} quantifier', start, c.pos);
  return { min: Math.min(min, 0x7fffffff), max: cap(max!) };
}

function parseAtom(c: Cursor): Term {
  const start = c.pos;
  const ch = c.peek();
  const span = { start, end: start + 1 };
  switch (ch) {
    case '^':
    case '$':
      c.pos++;
      return { type: 'assertion', kind: ch === '^' ? 'start' : 'end', span };
    case '.':
      c.pos++;
      return { type: 'dot', span };
    case '\\':
      return parseAtomEscape(c);
    case '(':
      return parseGroup(c);
    case '[':
      return parseClass(c);
    case '*':
    case '+':
    case '?':
      return fail('Nothing to repeat', start);
    case '{':
      if (readQuantifier(c) !== undefined) fail('Nothing to repeat', start, c.pos);
      if (c.unicode) fail('Lone quantifier brackets', start);
      break;
    case '}':
    case ']':
      if (c.unicode) fail('Lone quantifier brackets', start);
      break;
  }
  const value = c.nextChar();
  return { type: 'char', value, syntax: 'literal', span: { start, end: c.pos } };
}

function parseGroup(c: Cursor): Group | Lookaround {
  const start = c.pos++;
  let node: Group | Lookaround;
  if (c.eat('?=') || c.eat('?!') || c.eat('?<=') || c.eat('?<!')) {
    const opener = c.src.slice(start, c.pos);
    const kind = opener.includes('<') ? 'lookbehind' : 'lookahead';
    node = { type: 'lookaround', kind, negate: opener.endsWith('!'), alternatives: [], span: { start, end: start } };
  } else if (c.eat('?:')) {
    node = { type: 'group', capturing: false, alternatives: [], span: { start, end: start } };
  } else if (c.eat('?<')) {
    const name = readGroupName(c, start);
    if (c.namesDeclared.has(name)) fail('Duplicate capture group name', start, c.pos);
    c.namesDeclared.add(name);
    node = { type: 'group', capturing: true, index: ++c.capturesSeen, name, alternatives: [], span: { start, end: start } };
  } else if (c.peek() === '?') {
    return fail('Invalid group', start, c.pos + 1);
  } else {
    node = { type: 'group', capturing: true, index: ++c.capturesSeen, alternatives: [], span: { start, end: start } };
  }
  if (++c.depth > MAX_GROUP_DEPTH) fail('Groups nest too deeply to analyse', start, c.pos);
  node.alternatives = parseDisjunction(c);
  c.depth--;
  if (!c.eat(')')) fail('Unterminated group', start, c.pos);
  node.span.end = c.pos;
  return node;
}
