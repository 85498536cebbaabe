// Problems with a file and 1-based positions, converted once through core/text.ts (the only
// offset → line/column conversion the CLI uses) and sorted the way every format prints them.

import type { Problem, Severity, Span } from '../core/model';
import { lineStarts, toLineColumn, type LocatedProblem } from '../core/text';
import { compareText } from './files';

/** A problem as every output format shows it (core/text.ts); `endColumn` is exclusive, as in SARIF. */
export type { LocatedProblem };

export interface Region {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Converts spans of the texts it was given; the texts are keyed by the name problems carry. */
export function createLocator(texts: ReadonlyMap<string, string>): (source: string, span: Span) => Region {
  const starts = new Map<string, number[]>();
  return (source, span) => {
    const text = texts.get(source) ?? '';
    let lines = starts.get(source);
    if (!lines) starts.set(source, (lines = lineStarts(text)));
    // A parser may point one past the end of the text (an error at end of file); keep it inside.
    const startOffset = Math.min(span.start, text.length);
    const start = toLineColumn(lines, startOffset);
    const end = toLineColumn(lines, Math.min(Math.max(span.end, startOffset), text.length));
    return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  };
}

/** Locates problems; a problem without a source (none should have one) is shown as `fallback`. */
export function locateProblems(problems: readonly Problem[], texts: ReadonlyMap<string, string>, fallback: string): LocatedProblem[] {
  const locate = createLocator(texts);
  return problems
    .map((problem) => {
      const file = problem.source || fallback;
      return { file, ...locate(file, problem.span), severity: problem.severity, checkId: problem.checkId, message: problem.message };
    })
    .sort(compareLocated);
}

/** By file, line and column, then check id and message so that equal positions stay stable. */
export function compareLocated(a: LocatedProblem, b: LocatedProblem): number {
  return (
    compareText(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    compareText(a.checkId, b.checkId) ||
    compareText(a.message, b.message)
  );
}

export interface SeverityCounts {
  errors: number;
  warnings: number;
  infos: number;
}

export function countSeverities(problems: readonly { severity: Severity }[]): SeverityCounts {
  const counts = { errors: 0, warnings: 0, infos: 0 };
  for (const { severity } of problems) {
    if (severity === 'error') counts.errors++;
    else if (severity === 'warning') counts.warnings++;
    else counts.infos++;
  }
  return counts;
}
