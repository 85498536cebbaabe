// Shared helpers for the log-reading tests: read a text and split what comes out.

import { strict as assert } from 'node:assert';
import type { LogRecord, Problem, Span } from '../../../src/core/model';
import { isProblem, readLogRecords, type LogReadOptions, type LogReadSummary } from '../../../src/core/logs/index';

export function readAll(text: string, options: LogReadOptions = {}): { records: LogRecord[]; problems: Problem[] } {
  const records: LogRecord[] = [];
  const problems: Problem[] = [];
  for (const item of readLogRecords(text, options)) {
    if (isProblem(item)) problems.push(item);
    else records.push(item);
  }
  return { records, problems };
}

/** The one record of a one-line JSONL text; fails on any problem. */
export function oneJson(line: string, options: LogReadOptions = {}): LogRecord {
  const { records, problems } = readAll(line, { format: 'jsonl', ...options });
  assert.deepEqual(problems, []);
  assert.equal(records.length, 1);
  return records[0] as LogRecord;
}

/** The raw text of each span. */
export function slices(text: string, spans: Span[]): string[] {
  return spans.map((span) => text.slice(span.start, span.end));
}

/** The spans of `needle` (its first occurrence) inside a taxonomy field, mapped to raw text. */
export function locateText(record: LogRecord, field: string, needle: string, isRawPath = false): Span[] {
  const value = isRawPath ? undefined : record.fields[field as keyof LogRecord['fields']];
  const start = (value ?? '').indexOf(needle);
  assert.ok(isRawPath || start >= 0, `${needle} not in ${field}: ${value}`);
  return record.locate({ name: field, isRawPath }, { start, end: start + needle.length });
}

/** JSON text of `value` as one line, for building log lines. */
export const line = (value: unknown): string => JSON.stringify(value);

/** Drains a read and returns the generator's return value, the summary. */
export function summaryOf(text: string, options: LogReadOptions = {}): LogReadSummary {
  const reading = readLogRecords(text, options);
  for (let step = reading.next(); ; step = reading.next()) if (step.done) return step.value;
}
