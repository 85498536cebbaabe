// CSV (and TSV) with a header row → records, from one text or from chunks that may cut a record
// anywhere, even inside a quoted field that spans lines.

import type { LogRecord, Problem } from '../model';
import { contentEnd, decodeCsvCell, findCsvRecordEnd, splitCsvCells, startCsvScan, type CsvScanState } from './csv-parse';
import type { FieldPlan } from './field-map';
import type { StreamPosition } from './lines';
import { tooLong } from './lines';
import type { RecordSource } from './locate';
import { excerpt, logProblem } from './problems';
import { buildRecord } from './record';
import { expandEmbeddedJson } from './embedded-json';

/** Reads CSV records out of chunks; the first record is the header and names the columns. */
export class CsvReader {
  private readonly at: StreamPosition;
  private scan: CsvScanState;
  private columns: string[] | undefined;
  /** Set after a too-long record whose line had not ended: drop input up to the next `\n`. */
  private isSkippingLine = false;

  constructor(
    private readonly plan: FieldPlan,
    start: { offset: number; line: number },
    private readonly maxLength: number,
    private readonly delimiter: number,
  ) {
    this.at = { pending: '', pos: 0, base: start.offset, line: start.line };
    this.scan = startCsvScan(0);
  }

  *push(chunk: string): Generator<LogRecord | Problem> {
    const at = this.at;
    if (at.pos > 0) {
      at.pending = at.pending.slice(at.pos);
      at.base += at.pos;
      this.scan.pos -= at.pos;
      this.scan.quoteStart -= at.pos;
      at.pos = 0;
    }
    at.pending = at.pending.length === 0 ? chunk : at.pending + chunk;
    if (this.isSkippingLine) {
      const newline = at.pending.indexOf('\n');
      if (newline < 0) {
        at.pos = at.pending.length;
        return;
      }
      this.isSkippingLine = false;
      at.pos = newline + 1;
      at.line++;
      this.scan = startCsvScan(at.pos);
    }
    yield* this.readComplete();
    const rest = at.pending.length - at.pos;
    if (rest > this.maxLength) {
      yield tooLong(at.pending, at.pos, at.pending.length, { line: at.line, offset: at.base + at.pos }, this.maxLength);
      yield* this.resume(at.pos);
    }
  }

  *end(): Generator<LogRecord | Problem> {
    const at = this.at;
    while (at.pos < at.pending.length) {
      const last = at.pending.length - 1;
      const closesAtEnd = this.scan.pos === last && at.pending.charCodeAt(last) === 34;
      if (!this.scan.isInQuotes || closesAtEnd) {
        yield* this.emit(at.pending.length, at.pending.length);
        return;
      }
      const quote = this.scan.quoteStart;
      const data = { line: String(at.line + countNewlines(at.pending, at.pos, quote)), excerpt: excerpt(at.pending, quote) };
      yield logProblem('unterminatedQuote', data, { start: at.base + quote, end: at.base + quote + 1 });
      yield* this.resume(quote);
    }
  }

  /** Drops the record being read up to the end of the line holding `from`, and reads on. */
  private *resume(from: number): Generator<LogRecord | Problem> {
    const at = this.at;
    const newline = at.pending.indexOf('\n', from);
    this.isSkippingLine = newline < 0;
    const next = newline < 0 ? at.pending.length : newline + 1;
    at.line += countNewlines(at.pending, at.pos, next);
    at.pos = next;
    this.scan = startCsvScan(next);
    yield* this.readComplete();
  }

  private *readComplete(): Generator<LogRecord | Problem> {
    for (;;) {
      const newline = findCsvRecordEnd(this.at.pending, this.scan, this.delimiter);
      if (newline < 0) return;
      yield* this.emit(contentEnd(this.at.pending, this.at.pos, newline), newline + 1);
    }
  }

  /** Reads the record from `pos` to `end` and moves on to `next`. */
  private *emit(end: number, next: number): Generator<LogRecord | Problem> {
    const at = this.at;
    const { pending: text, pos: start, line } = at;
    at.line += countNewlines(text, start, next);
    at.pos = next;
    this.scan = startCsvScan(next);
    // A byte-order mark opens the file, not the first column name.
    const from = start === 0 && text.charCodeAt(0) === 0xfeff ? 1 : start;
    if (end === from) return;
    const cells = splitCsvCells(text, from, end, this.delimiter);
    if (!this.columns) {
      yield* this.readHeader(text, cells);
      return;
    }
    const columns = this.columns;
    const row: Record<string, unknown> = {};
    for (let i = 0; i < columns.length && i < cells.length; i++) {
      const name = columns[i] as string;
      if (!Object.hasOwn(row, name)) row[name] = decodeCsvCell(text, cells[i] as { start: number; end: number });
    }
    expandEmbeddedJson(row, true);
    const source: RecordSource = { kind: 'csv', text, start: from, end, base: at.base, columns, delimiter: this.delimiter };
    yield* buildRecord(row, line, source, this.plan);
    if (cells.length !== columns.length) {
      const data = { line: String(line), count: String(cells.length), expected: String(columns.length) };
      yield logProblem('fieldCount', data, { start: at.base + from, end: at.base + end });
    }
  }

  private *readHeader(text: string, cells: { start: number; end: number }[]): Generator<Problem> {
    const columns: string[] = [];
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i] as { start: number; end: number };
      const name = decodeCsvCell(text, cell).trim() || `column_${i + 1}`;
      if (columns.includes(name)) {
        const span = { start: this.at.base + cell.start, end: this.at.base + cell.end };
        yield logProblem('duplicateColumn', { column: JSON.stringify(name) }, span);
      }
      columns.push(name);
    }
    this.columns = columns;
  }
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let p = text.indexOf('\n', from); p >= 0 && p < to; p = text.indexOf('\n', p + 1)) count++;
  return count;
}
