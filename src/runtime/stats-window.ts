// The last two pieces of a log read in pieces, and where they start: a record or problem yielded
// while a piece is read lies in them (the readers carry only an unfinished line over), so its raw
// text, and its line and column, can be taken from them.

import type { Problem, Span } from '../core/model';
import { lineStarts, toLineColumn, type LocatedProblem } from '../core/text';


export interface RawWindow {
  advance(chunk: string): void;
  slice(span: Span): string | undefined;
  locate(problem: Problem): LocatedProblem;
}

export function createRawWindow(): RawWindow {
  let previous = '';
  let current = '';
  // The two pieces joined, made only when a record or problem spans both (or a problem is located).
  let joined: string | undefined = '';
  let base = 0;
  let line = 1;
  let nextBase = 0;
  let nextLine = 1;
  let starts: number[] | undefined;
  // Where the line holding the window's first character starts (it may start in an older chunk).
  let firstLineStart = 0;
  let previousLineStart = 0;
  let lastLineStart = 0;
  const text = (): string => (joined ??= previous + current);
  const inside = (span: Span): boolean => span.start >= base && span.end <= base + previous.length + current.length;
  return {
    advance(chunk) {
      base = nextBase - current.length;
      line = nextLine - lineStarts(current).length + 1;
      firstLineStart = previousLineStart;
      previousLineStart = lastLineStart;
      previous = current;
      current = chunk;
      joined = undefined;
      starts = undefined;
      const chunkStarts = lineStarts(chunk);
      if (chunkStarts.length > 1) lastLineStart = nextBase + (chunkStarts[chunkStarts.length - 1] as number);
      nextBase += chunk.length;
      nextLine += chunkStarts.length - 1;
    },
    slice(span) {
      if (!inside(span)) return undefined;
      const start = span.start - base;
      const end = span.end - base;
      // Most records lie in one piece: cut them from it, without joining the two.
      if (start >= previous.length) return current.slice(start - previous.length, end - previous.length);
      if (end <= previous.length) return previous.slice(start, end);
      return text().slice(start, end);
    },
    locate(problem) {
      const at = (offset: number): { line: number; column: number } => {
        starts ??= lineStarts(text());
        const found = toLineColumn(starts, offset - base);
        return { line: found.line + line - 1, column: found.line === 1 ? offset - firstLineStart + 1 : found.column };
      };
      const start = inside(problem.span) ? at(problem.span.start) : { line: Number(problem.data?.line ?? 0), column: 1 };
      const end = inside(problem.span) ? at(problem.span.end) : start;
      const { severity, checkId, message } = problem;
      return { file: problem.source ?? '', line: start.line, column: start.column, endLine: end.line, endColumn: end.column, severity, checkId, message };
    },
  };
}
