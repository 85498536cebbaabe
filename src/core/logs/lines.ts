// Splits a stream of text chunks into lines for the line-based formats (JSONL, plain text).

import type { LogRecord, Problem } from '../model';
import type { FieldPlan } from './field-map';
import type { LineContext } from './jsonl';
import { excerpt, logProblem } from './problems';

export type LineParser = (text: string, ctx: LineContext) => (LogRecord | Problem)[];

/** Where a reader stands in its input: shared by the line and CSV readers. */
export interface StreamPosition {
  /** Unconsumed input; `pos` is where reading resumes inside it. */
  pending: string;
  pos: number;
  /** Offset of `pending[0]` in the caller's document, and the 1-based line at `pos`. */
  base: number;
  line: number;
}

/**
 * Reads lines out of chunks; a line is parsed once its `\n` (or the end of input) is seen. Only
 * the unfinished last line is carried over and joined to the next chunk: searching a joined
 * string (a V8 cons string) for `\n` is many times slower than searching the chunk itself.
 */
export class LineReader {
  private carry = '';
  /** Document offset of the next chunk's first character, and the 1-based line of `carry`. */
  private nextBase: number;
  private line: number;
  /** Reused for every line: the parsers read it and keep nothing of it. */
  private readonly ctx: LineContext;
  /** Set while dropping the rest of a line that was too long. */
  private isSkipping = false;

  constructor(
    private readonly parse: LineParser,
    plan: FieldPlan,
    start: { offset: number; line: number },
    private readonly maxLength: number,
  ) {
    this.nextBase = start.offset;
    this.line = start.line;
    this.ctx = { line: 0, offset: 0, plan };
  }

  *push(chunk: string): Generator<LogRecord | Problem> {
    const base = this.nextBase;
    this.nextBase += chunk.length;
    let pos = 0;
    if (this.carry.length > 0 || this.isSkipping) {
      const carryBase = base - this.carry.length;
      const newline = chunk.indexOf('\n');
      if (newline < 0) {
        yield* this.hold(this.carry + chunk, carryBase);
        return;
      }
      const text = this.carry + chunk.slice(0, newline);
      this.carry = '';
      yield* this.take(text, 0, text.length, carryBase);
      pos = newline + 1;
    }
    for (;;) {
      const newline = chunk.indexOf('\n', pos);
      if (newline < 0) break;
      yield* this.take(chunk, pos, newline, base);
      pos = newline + 1;
    }
    yield* this.hold(pos === 0 ? chunk : chunk.slice(pos), base + pos);
  }

  *end(): Generator<LogRecord | Problem> {
    const text = this.carry;
    this.carry = '';
    if (text.length > 0) yield* this.take(text, 0, text.length, this.nextBase - text.length);
  }

  /** Keeps the unfinished line `text` (at document offset `base`) for the next chunk. */
  private *hold(text: string, base: number): Generator<Problem> {
    if (!this.isSkipping && text.length > this.maxLength) {
      yield tooLong(text, 0, text.length, { line: this.line, offset: base }, this.maxLength);
      this.isSkipping = true;
    }
    this.carry = this.isSkipping ? '' : text;
  }

  /** Parses the line text[start, end), whose text starts at document offset `base`. */
  private *take(text: string, start: number, end: number, base: number): Generator<LogRecord | Problem> {
    const line = this.line++;
    if (this.isSkipping) {
      this.isSkipping = false;
      return;
    }
    if (end - start > this.maxLength) {
      yield tooLong(text, start, end, { line, offset: base + start }, this.maxLength);
      return;
    }
    this.ctx.line = line;
    this.ctx.offset = base + start;
    yield* this.parse(start === 0 && end === text.length ? text : text.slice(start, end), this.ctx);
  }
}

/**
 * The problem for the record text[from, to) that is longer than the limit. The span covers its
 * start only, so it is the same whether the reader saw the whole record or the part over the limit.
 */
export function tooLong(text: string, from: number, to: number, at: { line: number; offset: number }, limit: number): Problem {
  const data = { line: String(at.line), limit: String(limit), excerpt: excerpt(text, from, to) };
  return logProblem('recordTooLong', data, { start: at.offset, end: at.offset + Math.min(Math.max(limit, 1), 100) });
}
