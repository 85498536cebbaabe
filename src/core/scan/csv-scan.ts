// CSV and TSV logs: records may span lines (quoted line breaks), so the text is decoded, cut at
// record ends, and read by the log reader a batch of whole records at a time; the batch text is
// kept while its records are evaluated, to turn raw offsets into lines and columns.

import { findCsvRecordEnd, startCsvScan, type CsvScanState } from '../logs/csv-parse';
import { createLogReader, isProblem } from '../logs/index';
import type { LogRecord, Problem } from '../model';
import { createRuleSelector, evaluateRecord, hashText } from './evaluate';
import { createRecordGates } from './item-gates';
import { emptyCounts, type ScanSink } from './findings';
import type { ScanPlan } from './plan';
import { findLiteralsInBytes } from './prefilter';
import type { LogScanner, ScannerOptions } from './scan';

/** A scanner for CSV (or TSV) bytes; lines are those of the whole file. */
export function createCsvScanner(plan: ScanPlan, sink: ScanSink, options: ScannerOptions): LogScanner {
  const counts = emptyCounts();
  const delimiter = options.format === 'tsv' ? 9 : 44;
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const encoder = new TextEncoder();
  const reader = createLogReader({ format: options.format === 'tsv' ? 'tsv' : 'csv', fieldMap: plan.fieldPlan, baseLine: options.firstLine ?? 1 });
  let pending = '';
  let scan: CsvScanState = startCsvScan(0);
  /** Document offset of `pending[0]`, and the newlines read so far. */
  let base = 0;
  let newlines = 0;

  const readBatch = (batch: string, items: Generator<LogRecord | Problem>): void => {
    const batchBase = base;
    for (const item of items) {
      if (isProblem(item)) report(item, positionIn(batch, batchBase, item.span.start, Number(item.data?.line ?? 0)));
      else evaluate(item, batch, batchBase);
    }
  };
  const report = (problem: Problem, at: { line: number; column: number }): void => {
    if (problem.severity === 'error') counts.malformed++;
    else counts.warnings++;
    const { checkId, messageId, severity, message, data } = problem;
    sink.problem({ ...at, checkId, messageId, severity, message, ...(data ? { data } : {}) });
  };
  const gates = createRecordGates(plan.gates);
  const rulesFor = createRuleSelector(plan);
  const evaluate = (record: LogRecord, batch: string, batchBase: number): void => {
    counts.parsed++;
    if (record.fields.prompt === undefined) {
      counts.withoutPrompt++;
      if (options.validate === 'full') {
        const message = `The record on line ${record.line} has no prompt.`;
        sink.problem({ line: record.line, column: 1, checkId: 'log-record', messageId: 'withoutPrompt', severity: 'info', message, data: { line: String(record.line) } });
      }
    }
    const start = record.span.start - batchBase;
    const end = record.span.end - batchBase;
    const found = findLiteralsInBytes(plan.prefilter, encoder.encode(batch.slice(start, end)));
    const rules = rulesFor(found);
    const position = (offset: number): { line: number; column: number } => positionIn(batch, batchBase, offset, record.line, start);
    const context = { position, recordKey: () => `line:${hashText(batch.slice(start, end))}`, hooks: options.hooks, gates };
    counts.findings += evaluateRecord(plan, record, rules, context, (finding) => sink.finding(finding));
  };

  const pushText = (text: string): void => {
    pending = pending.length === 0 ? text : pending + text;
    let cut = -1;
    for (let newline = findCsvRecordEnd(pending, scan, delimiter); newline >= 0; newline = findCsvRecordEnd(pending, scan, delimiter)) {
      cut = newline + 1;
      scan = startCsvScan(cut);
    }
    if (cut < 0) return;
    const batch = pending.slice(0, cut);
    pending = pending.slice(cut);
    scan.pos -= cut;
    readBatch(batch, reader.push(batch));
    base += batch.length;
    newlines += countNewlines(batch);
  };

  return {
    push(chunk) {
      counts.bytes += chunk.length;
      pushText(decoder.decode(chunk, { stream: true }));
    },
    end() {
      pushText(decoder.decode());
      const batch = pending;
      pending = '';
      const items = function* (): Generator<LogRecord | Problem> {
        yield* reader.push(batch);
        yield* reader.end();
      };
      readBatch(batch, items());
      base += batch.length;
      counts.records = reader.summary.records;
      counts.lines = newlines + countNewlines(batch) + (batch.length > 0 && !batch.endsWith('\n') ? 1 : 0);
      return counts;
    },
  };
}

function countNewlines(text: string): number {
  let count = 0;
  for (let p = text.indexOf('\n'); p >= 0; p = text.indexOf('\n', p + 1)) count++;
  return count;
}

/**
 * Line and column of document offset `offset` inside `batch` (which starts at document offset
 * `batchBase`); `line` is the line of `from`, the start of the record holding the offset.
 */
function positionIn(batch: string, batchBase: number, offset: number, line: number, from = -1): { line: number; column: number } {
  const index = offset - batchBase;
  if (index < 0 || index > batch.length) return { line, column: 1 };
  let lineStart = from >= 0 ? from : batch.lastIndexOf('\n', index - 1) + 1;
  let current = line;
  if (from >= 0) {
    for (let p = batch.indexOf('\n', from); p >= 0 && p < index; p = batch.indexOf('\n', p + 1)) {
      current++;
      lineStart = p + 1;
    }
  }
  const bom = lineStart === 0 && batchBase === 0 && batch.charCodeAt(0) === 0xfeff ? 1 : 0;
  return { line: current, column: index - lineStart - bom + 1 };
}
