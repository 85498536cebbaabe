// Reading position and context shared by the pattern parser and the escape/class parser.
import type { Span } from '../model';

/**
 * Syntax errors unwind the recursive descent with this private exception; `parseRegex` turns it
 * into a value, so no caller outside the parser ever sees it.
 */
export class SyntaxFailure {
  constructor(readonly message: string, readonly span: Span) {}
}

/**
 * The parser and the analyses recurse once per group level; deeper nesting than this is refused
 * so that no input can exhaust the stack. V8 accepts such patterns; analyzeRegex says "unsupported".
 */
export const MAX_GROUP_DEPTH = 256;

/** Throws a syntax failure covering `start..end` of the pattern. */
export function fail(message: string, start: number, end = start + 1): never {
  throw new SyntaxFailure(message, { start, end });
}

/** The pattern being read, the position, and what a pre-scan learned about its groups. */
export class Cursor {
  pos = 0;
  /** Capturing groups opened so far, to number them in order. */
  capturesSeen = 0;
  /** How many groups enclose the position; see MAX_GROUP_DEPTH. */
  depth = 0;
  /** Group names declared so far, to reject duplicates. */
  readonly namesDeclared = new Set<string>();

  constructor(
    readonly src: string,
    readonly unicode: boolean,
    /** Total capturing groups: decides whether `\N` is a backreference. */
    readonly groupCount: number,
    /** Group names in the whole pattern: when any exist, `\k` must name one. */
    readonly groupNames: ReadonlySet<string>,
  ) {}

  get isDone(): boolean {
    return this.pos >= this.src.length;
  }

  /** The code unit at the position plus `ahead`, or '' past the end. */
  peek(ahead = 0): string {
    return this.src.charAt(this.pos + ahead);
  }

  /** Consumes `text` when the pattern continues with it. */
  eat(text: string): boolean {
    if (!this.src.startsWith(text, this.pos)) return false;
    this.pos += text.length;
    return true;
  }

  /** Reads one pattern character: a whole code point in unicode mode, a code unit otherwise. */
  nextChar(): number {
    const value = this.unicode ? this.src.codePointAt(this.pos)! : this.src.charCodeAt(this.pos);
    this.pos += value > 0xffff ? 2 : 1;
    return value;
  }

  /** Reads a run of decimal digits, or returns undefined when there is none. */
  readDigits(): number | undefined {
    const start = this.pos;
    while (/[0-9]/.test(this.peek())) this.pos++;
    return start === this.pos ? undefined : Number(this.src.slice(start, this.pos));
  }

  /** Reads exactly `count` hex digits, or leaves the position alone and returns undefined. */
  readHex(count: number): number | undefined {
    const text = this.src.slice(this.pos, this.pos + count);
    if (text.length !== count || !/^[0-9a-fA-F]+$/.test(text)) return undefined;
    this.pos += count;
    return parseInt(text, 16);
  }
}
