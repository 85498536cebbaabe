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

/** Reads lines out of chunks; a line is parsed once its `\n` (or the end of input) is seen. */
export class LineReader {
  private readonly at: StreamPosition;
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
    this.at = { pending: '', pos: 0, base: start.offset, line: start.line };
    this.ctx = { line: 0, offset: 0, plan };
  }

  *push(chunk: string): Generator<LogRecord | Problem> {
    const at = this.at;
    if (at.pos > 0) {
      at.pending = at.pending.slice(at.pos);
      at.base += at.pos;
      at.pos = 0;
    }
    at.pending = at.pending.length === 0 ? chunk : at.pending + chunk;
    for (;;) {
      const newline = at.pending.indexOf('\n', at.pos);
      if (newline < 0) break;
      yield* this.take(newline, newline + 1);
    }
    const rest = at.pending.length - at.pos;
    if (rest > this.maxLength && !this.isSkipping) {
      yield tooLong(at, rest, this.maxLength);
      this.isSkipping = true;
    }
    if (this.isSkipping) {
      at.base += at.pending.length;
      at.pending = '';
      at.pos = 0;
    }
  }

  *end(): Generator<LogRecord | Problem> {
    const at = this.at;
    if (at.pos < at.pending.length) yield* this.take(at.pending.length, at.pending.length);
  }

  /** Parses the line from `pos` to `lineEnd` and moves on to `next`. */
  private *take(lineEnd: number, next: number): Generator<LogRecord | Problem> {
    const at = this.at;
    const start = at.pos;
    const line = at.line;
    at.pos = next;
    at.line++;
    if (this.isSkipping) {
      this.isSkipping = false;
      return;
    }
    if (lineEnd - start > this.maxLength) {
      yield tooLong({ ...at, pos: start, line }, lineEnd - start, this.maxLength);
      return;
    }
    this.ctx.line = line;
    this.ctx.offset = at.base + start;
    yield* this.parse(at.pending.slice(start, lineEnd), this.ctx);
  }
}

/** The problem for a record longer than the limit; the span covers its first characters. */
export function tooLong(at: StreamPosition, length: number, limit: number): Problem {
  const start = at.base + at.pos;
  const data = { line: String(at.line), limit: String(limit), excerpt: excerpt(at.pending, at.pos) };
  return logProblem('recordTooLong', data, { start, end: start + Math.min(length, 100) });
}
