// The syntax tree of a JavaScript regular expression; every node carries its span in the pattern.
import type { Span } from '../model';

/** The flags that change how a pattern parses or what it matches. */
export interface RegexFlags {
  ignoreCase: boolean;
  multiline: boolean;
  dotAll: boolean;
  unicode: boolean;
}

/** A syntax error, with the span of the offending text in the pattern (or in the flags). */
export interface RegexError {
  message: string;
  /** Same as `span.start`, for callers that only place a caret. */
  offset: number;
  span: Span;
  /** Which string `span` points into. */
  source: 'pattern' | 'flags';
}

/** The root: top-level alternatives plus what the rest of the analysis needs to know. */
export interface RegexPattern {
  type: 'pattern';
  span: Span;
  /** The pattern text the spans point into, so reports can quote sub-patterns. */
  source: string;
  alternatives: Sequence[];
  flags: RegexFlags;
  groupCount: number;
  groupNames: string[];
}

/** Terms matched one after another; one alternative of a disjunction. */
export interface Sequence {
  type: 'sequence';
  span: Span;
  items: Term[];
}

export interface Group {
  type: 'group';
  span: Span;
  capturing: boolean;
  /** 1-based capture index, for capturing groups. */
  index?: number;
  name?: string;
  alternatives: Sequence[];
}

export interface Lookaround {
  type: 'lookaround';
  span: Span;
  kind: 'lookahead' | 'lookbehind';
  negate: boolean;
  alternatives: Sequence[];
}

export interface Quantifier {
  type: 'quantifier';
  span: Span;
  min: number;
  /** `Infinity` for `*`, `+` and `{n,}`. */
  max: number;
  lazy: boolean;
  body: Atom;
}

/** How a single character was written, which matters for portability. */
export type CharSyntax =
  | 'literal'
  | 'identity-escape'
  | 'control-escape'
  | 'hex-escape'
  | 'unicode-escape'
  | 'control-letter'
  | 'octal-escape'
  | 'null-escape'
  | 'backspace'
  | 'lone-backslash';

/** One character; `value` is a code point in unicode mode and a UTF-16 unit otherwise. */
export interface Char {
  type: 'char';
  span: Span;
  value: number;
  syntax: CharSyntax;
}

/** `\d \w \s \p{…}` and their negations, inside or outside a class. */
export interface ClassEscape {
  type: 'class-escape';
  span: Span;
  kind: 'digit' | 'word' | 'space' | 'property';
  negate: boolean;
  /** The text between the braces of `\p{…}`. */
  property?: string;
}

export interface ClassRange {
  type: 'range';
  span: Span;
  from: Char;
  to: Char;
}

export type ClassItem = Char | ClassRange | ClassEscape;

export interface CharClass {
  type: 'class';
  span: Span;
  negate: boolean;
  items: ClassItem[];
}

export interface Dot {
  type: 'dot';
  span: Span;
}

export interface Assertion {
  type: 'assertion';
  span: Span;
  kind: 'start' | 'end' | 'word-boundary' | 'not-word-boundary';
}

export interface Backreference {
  type: 'backreference';
  span: Span;
  /** Capture index, or the group name for `\k<name>`. */
  ref: number | string;
}

/** Anything a quantifier can apply to. */
export type Atom = Group | Lookaround | Char | CharClass | ClassEscape | Dot | Backreference;
export type Term = Atom | Quantifier | Assertion;
/** A node that consumes exactly one character. */
export type CharAtom = Char | CharClass | ClassEscape | Dot;
export type RegexNode = RegexPattern | Sequence | Term;
