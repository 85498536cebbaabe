// The text of a log's filtered view: a header, then only the lines of flagged records, each after
// its line number in the log, so that the view can be read on its own and mapped back. Spans of the
// scanner (columns of the raw line) map into the view by the width of that prefix. No `vscode`
// import, so that plain unit tests can check it.
import type { HitSpan } from './review-hits';
import type { LayoutRange } from './record-pretty';

export interface FilteredLine {
  /** 1-based line in the log. */
  line: number;
  text: string;
  /** How much was left out at the end of a very long line (characters, or bytes for a line read from disk); 0 for a whole line. */
  cut: number;
}

export interface FilteredView {
  text: string;
  /** Lines before the first listed line. */
  headerLines: number;
  /** Characters before the log's text on each listed line. */
  prefixLength: number;
  /** The listed log lines, in order: view line `headerLines + i` shows `lines[i]`. */
  lines: readonly FilteredLine[];
}

export interface FilteredHeader {
  /** The log as the workspace shows it. */
  file: string;
  records: number;
  /** Flagged records left out by the cap. */
  leftOut: number;
  /** True when the log is too large to open for extensions (its lines link to the record view). */
  isLarge: boolean;
}

/** The view of `lines` (sorted by line) with a header that says what it is. */
export function filteredText(header: FilteredHeader, lines: readonly FilteredLine[]): FilteredView {
  const width = String(lines.at(-1)?.line ?? 1).length;
  const prefixLength = width + 3;
  const records = `${header.records.toLocaleString('en-US')} flagged record${header.records === 1 ? '' : 's'}`;
  const head = [
    `# PromptSift: the ${records} of ${header.file}, each after its line number in the log. Read-only; the log is unchanged.`,
    header.isLarge
      ? '# F12 on a line, or Ctrl+click its number, opens the record view (the log is too large for extensions to open).'
      : '# F12 on a line, or Ctrl+click its number, opens the log at that line.',
  ];
  if (header.leftOut > 0) head.push(`# Only the first ${(header.records - header.leftOut).toLocaleString('en-US')} are listed; ${header.leftOut.toLocaleString('en-US')} more are left out.`);
  const body = lines.map((entry) => {
    const cut = entry.cut > 0 ? ' \u2026 (cut here; the record view shows the whole line)' : '';
    return `${String(entry.line).padStart(width)} \u2502 ${entry.text}${cut}`;
  });
  return { text: [...head, ...body].join('\n'), headerLines: head.length, prefixLength, lines };
}

/** The 0-based view line that shows 1-based log line `line`, if it is listed. */
export function viewLineOf(view: FilteredView, line: number): number | undefined {
  let low = 0;
  let high = view.lines.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((view.lines[middle] as FilteredLine).line < line) low = middle + 1;
    else high = middle;
  }
  return view.lines[low]?.line === line ? view.headerLines + low : undefined;
}

/** The 1-based log line shown on 0-based view line `viewLine`, if it shows one. */
export function logLineAt(view: FilteredView, viewLine: number): number | undefined {
  return view.lines[viewLine - view.headerLines]?.line;
}

/** Where a scanner span is in the view; clipped to the text kept of a cut line. */
export function filteredRange(view: FilteredView, span: HitSpan): LayoutRange | undefined {
  const startLine = viewLineOf(view, span.startLine);
  const endLine = viewLineOf(view, span.endLine);
  if (startLine === undefined || endLine === undefined) return undefined;
  const columnIn = (viewLine: number, column: number) => {
    const kept = view.lines[viewLine - view.headerLines]?.text.length ?? 0;
    return view.prefixLength + Math.min(Math.max(0, column - 1), kept);
  };
  return { startLine, startColumn: columnIn(startLine, span.column), endLine, endColumn: columnIn(endLine, span.endColumn) };
}
