// CSV tokens (RFC 4180, read leniently): where a record ends, where its cells are, their decoded
// text, and offsets in a decoded cell mapped back through the quoting (`""` → `"`).

import type { Span } from '../model';

const QUOTE = 34;
const NEWLINE = 10;
const CR = 13;

/** Where a scan for the end of a record stands; kept between chunks so nothing is scanned twice. */
export interface CsvScanState {
  pos: number;
  isInQuotes: boolean;
  isAtCellStart: boolean;
  /** Offset of the quote that opened the field being read, when `isInQuotes`. */
  quoteStart: number;
}

export function startCsvScan(pos: number): CsvScanState {
  return { pos, isInQuotes: false, isAtCellStart: true, quoteStart: -1 };
}

/**
 * Advances `state` to the `\n` that ends the record, and returns its offset, or -1 when `text`
 * ends first (more input may complete the record). A quote opens a quoted field only at the start
 * of a cell; anywhere else it is an ordinary character, as in Python's csv module.
 */
export function findCsvRecordEnd(text: string, state: CsvScanState, delimiter: number): number {
  const end = text.length;
  let p = state.pos;
  while (p < end) {
    if (state.isInQuotes) {
      const q = text.indexOf('"', p);
      if (q < 0 || q + 1 >= end) {
        // An escaped `""` may straddle the chunk boundary: look again when more text comes.
        state.pos = q < 0 ? end : q;
        return -1;
      }
      if (text.charCodeAt(q + 1) === QUOTE) {
        p = q + 2;
      } else {
        state.isInQuotes = false;
        p = q + 1;
      }
      continue;
    }
    const c = text.charCodeAt(p);
    if (c === NEWLINE) {
      state.pos = p;
      return p;
    }
    if (c === QUOTE && state.isAtCellStart) {
      state.isInQuotes = true;
      state.quoteStart = p;
    }
    state.isAtCellStart = c === delimiter;
    p++;
  }
  state.pos = p;
  return -1;
}

/** Raw extents of the cells of the complete record text[start, end) (no line terminator). */
export function splitCsvCells(text: string, start: number, end: number, delimiter: number): Span[] {
  const cells: Span[] = [];
  let cellStart = start;
  let p = start;
  while (p < end) {
    if (text.charCodeAt(p) === QUOTE && p === cellStart) {
      p = quotedEnd(text, p, end);
      continue;
    }
    if (text.charCodeAt(p) === delimiter) {
      cells.push({ start: cellStart, end: p });
      cellStart = p + 1;
    }
    p++;
  }
  cells.push({ start: cellStart, end });
  return cells;
}

/** Offset after the closing quote of the quoted field opening at `p` (or `end`). */
function quotedEnd(text: string, p: number, end: number): number {
  let i = p + 1;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0 || q >= end) return end;
    if (text.charCodeAt(q + 1) !== QUOTE || q + 1 >= end) return q + 1;
    i = q + 2;
  }
}

/** The text of a cell: unquoted as is; quoted without its quotes, `""` read as `"`. */
export function decodeCsvCell(text: string, cell: Span): string {
  if (text.charCodeAt(cell.start) !== QUOTE) return text.slice(cell.start, cell.end);
  const close = quotedEnd(text, cell.start, cell.end);
  const inner = text.slice(cell.start + 1, Math.max(cell.start + 1, close - 1));
  // Text after the closing quote (`"ab"c`) is kept, as lenient readers do.
  return inner.replaceAll('""', '"') + text.slice(close, cell.end);
}

/** Maps a span of a cell's decoded text to raw offsets in `text`. */
export function mapCsvCellSpan(text: string, cell: Span, span: Span): Span {
  if (text.charCodeAt(cell.start) !== QUOTE) return { start: cell.start + span.start, end: cell.start + span.end };
  const close = quotedEnd(text, cell.start, cell.end);
  const start = rawCellOffset(text, cell.start, close, span.start);
  if (span.end === span.start) return { start, end: start };
  const last = rawCellOffset(text, cell.start, close, span.end - 1);
  return { start, end: last + (last < close - 1 && text.charCodeAt(last) === QUOTE ? 2 : 1) };
}

/** Raw offset of decoded unit `unit` of the quoted cell opening at `open` and closing before `close`. */
function rawCellOffset(text: string, open: number, close: number, unit: number): number {
  let p = open + 1;
  let u = 0;
  while (u < unit && p < close - 1) {
    p += text.charCodeAt(p) === QUOTE ? 2 : 1;
    u++;
  }
  // Past the closing quote the remaining characters map one to one.
  return u < unit ? close + (unit - u) : p;
}

/** Record content end: the `\n` at `newline` and a `\r` before it are not part of the record. */
export function contentEnd(text: string, start: number, newline: number): number {
  return newline > start && text.charCodeAt(newline - 1) === CR ? newline - 1 : newline;
}
