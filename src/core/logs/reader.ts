// The log reader: chunks (or one whole text) in any supported format → records and problems.

import type { LogRecord, Problem } from '../model';
import { CsvReader } from './csv-reader';
import type { LogFormat } from './detect';
import { detectLogFormat } from './detect';
import { compileFieldMap, type FieldMap, type FieldPlan } from './field-map';
import { parseJsonlLine } from './jsonl';
import { LineReader } from './lines';
import { parseTextLine } from './text';

/** Longest record read, in UTF-16 units; longer ones become a `recordTooLong` problem. */
export const DEFAULT_MAX_RECORD_LENGTH = 64 * 1024 * 1024;

export interface LogReadOptions {
  /** The format; when missing, `readLogRecords` detects it from `name` and the text. */
  format?: LogFormat;
  /** The log's name (a path or URI), used only to detect the format. */
  name?: string;
  /** The pack's field map, or a plan compiled once with `compileFieldMap` for many calls. */
  fieldMap?: FieldMap | FieldPlan;
  /** Offset of the text's first character in the caller's document; added to every span. */
  baseOffset?: number;
  /** 1-based line number of the text's first line. */
  baseLine?: number;
  maxRecordLength?: number;
}

/** Counts for one read; a record without a `prompt` is still a record, counted here. */
export interface LogReadSummary {
  format: LogFormat;
  records: number;
  withoutPrompt: number;
  problems: number;
}

/**
 * A reader over a log that arrives in chunks cut anywhere (mid-line, mid-quoted-field). Drain each
 * generator before pushing the next chunk; an abandoned generator loses nothing, the next push
 * resumes where it stopped.
 */
export interface LogReader {
  readonly format: LogFormat;
  /** Live counts of what the generators have yielded so far. */
  readonly summary: Readonly<LogReadSummary>;
  push(chunk: string): Generator<LogRecord | Problem, void>;
  /** Reads what the last chunk left (a final line without `\n`) and returns the counts. */
  end(): Generator<LogRecord | Problem, LogReadSummary>;
}

/** True for a problem among the items a reader yields. */
export function isProblem(item: LogRecord | Problem): item is Problem {
  return 'checkId' in item;
}

/** True for a plan from `compileFieldMap`, as opposed to a raw field map. */
export function isFieldPlan(map: FieldMap | FieldPlan | undefined): map is FieldPlan {
  return (map as FieldPlan | undefined)?.kind === 'field-plan';
}

/** Creates a chunk reader for a known format (detect it first from the first chunk). */
export function createLogReader(options: LogReadOptions & { format: LogFormat }): LogReader {
  const plan = isFieldPlan(options.fieldMap) ? options.fieldMap : compileFieldMap(options.fieldMap);
  const start = { offset: options.baseOffset ?? 0, line: options.baseLine ?? 1 };
  const max = options.maxRecordLength ?? DEFAULT_MAX_RECORD_LENGTH;
  const { format } = options;
  const inner =
    format === 'csv' || format === 'tsv'
      ? new CsvReader(plan, start, max, format === 'csv' ? 44 : 9)
      : new LineReader(format === 'jsonl' ? parseJsonlLine : parseTextLine, plan, start, max);
  const summary: LogReadSummary = { format, records: 0, withoutPrompt: 0, problems: 0 };
  function* count(items: Generator<LogRecord | Problem>): Generator<LogRecord | Problem, void> {
    for (const item of items) {
      if (isProblem(item)) {
        summary.problems++;
      } else {
        summary.records++;
        if (item.fields.prompt === undefined) summary.withoutPrompt++;
      }
      yield item;
    }
  }
  return {
    format,
    summary,
    push: (chunk) => count(inner.push(chunk)),
    end: function* () {
      yield* count(inner.end());
      return { ...summary };
    },
  };
}

/**
 * Reads every record of `text` (a whole log, or one line with its `baseOffset`/`baseLine`),
 * lazily: a generator, so a huge text never becomes an array. Bad input becomes problems and
 * reading goes on; nothing throws. The generator's return value is the summary.
 */
export function* readLogRecords(text: string, options: LogReadOptions = {}): Generator<LogRecord | Problem, LogReadSummary> {
  const format = options.format ?? detectLogFormat(options.name ?? '', text.slice(0, 4096));
  const reader = createLogReader({ ...options, format });
  yield* reader.push(text);
  return yield* reader.end();
}

/**
 * The one record whose text is `recordText`: a JSON Lines or text line, or a CSV/TSV record (one
 * or more lines) read under `header`, the log's header row. Undefined when it holds no record.
 * For explaining a finding at its lines without reading the whole log again.
 */
export function readRecordText(recordText: string, options: { format: LogFormat; header?: string; fieldMap?: FieldMap | FieldPlan }): LogRecord | undefined {
  const isTable = options.format === 'csv' || options.format === 'tsv';
  if (isTable && options.header === undefined) return undefined;
  const text = isTable ? `${options.header}\n${recordText}` : recordText;
  for (const item of readLogRecords(text, { format: options.format, ...(options.fieldMap ? { fieldMap: options.fieldMap } : {}) })) {
    if (!isProblem(item)) return item;
  }
  return undefined;
}
