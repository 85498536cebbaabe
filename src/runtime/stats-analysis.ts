// The order-independent half of `promptsift stats`' second pass over logs on disk: read, parse
// and analyse every record (template shape, the rules that need only the record), as messages in
// reading order that the ordered stage consumes (createOrderedPipeline). It runs on a worker
// thread beside the thread that reads the log context and runs the ordered stage (see
// stats-parallel.ts), or in process when there is no worker.

import { closeSync, openSync, readSync } from 'node:fs';
import { compileFieldMap, createLogReader, detectLogFormat, isProblem, type FieldMap, type LogReader } from '../core/logs/index';
import type { LlmField, LogRecord, Problem, Rule } from '../core/model';
import { createRecordAnalyser, type RecordAnalysis } from '../core/stats/analysis';
import type { TemplateShape } from '../core/stats/templates';
import type { RuleAnalysis } from '../core/scan/plan';
import { planStatsRules } from '../core/stats/stats-rules';
import type { LocatedProblem } from '../core/text';
import { createRawWindow } from './stats-window';

export interface AnalysisJob {
  /** Every rule of the packs, in the order the ordered stage was given them (plan indexes must agree). */
  rules: Rule[];
  /** analyzeStatsRules' answer for `rules`, when the caller has it (the regex analysis is slow). */
  analysis?: RuleAnalysis[];
  fieldMap?: FieldMap;
  logs: { path: string; name: string }[];
  chunkBytes: number;
  /** Log problems located (line and column), in reading order over all logs; the others are only counted. */
  locate: number;
  /** The taxonomy fields the ordered stage reads (see fieldsToShip); the others are not shipped. */
  fields: LlmField[];
  /** The analyses carry template shapes; without, the ordered stage describes the templates (then `fields` has prompt and system). */
  describesTemplates?: boolean;
  /** Prompt-only rules (plan indexes) the ordered stage runs itself (orderedContentRules): the analysis leaves them out. */
  leavesToOrdered?: number[];
  cacheSize?: number;
}

/**
 * The analyses of up to BATCH_RECORDS records of a log, in columns: cheap to copy between threads
 * (the typed arrays are moved, repeated texts and template shapes are sent once per batch).
 */
export interface AnalysisBatch {
  type: 'batch';
  log: number;
  count: number;
  lines: Float64Array;
  /** NaN when the record has no time. */
  times: Float64Array;
  /** Per record and shipped field (count × fields): index into `texts`, or -1 when absent. */
  cells: Int32Array;
  texts: string[];
  /** Per record: index into `shapes`, or -1. */
  shapeOf: Int32Array;
  shapes: TemplateShape[];
  /** Per record, 2 numbers: the end of its content matches, then of its other matches, in `matched`. */
  matchEnds: Int32Array;
  matched: number[];
  problems: LocatedProblem[];
  problemCount: number;
  bytes: number;
}

export type AnalysisMessage =
  | AnalysisBatch
  /** The log is read to its end, or could not be (`error`: why). */
  | { type: 'end'; log: number; error?: string }
  | { type: 'failed'; message: string };

/** Records per batch message: large enough that a message costs little, small enough to stay ahead. */
const BATCH_RECORDS = 1024;

/** The messages of a job, lazily: a log is read piece by piece as the messages are taken. */
export function* analyseLogs(job: AnalysisJob): Generator<AnalysisMessage, void, undefined> {
  const plan = planStatsRules(job.rules, job.analysis ? { analysis: job.analysis } : {});
  const analyser = createRecordAnalyser(plan, job.cacheSize, { describesTemplates: job.describesTemplates ?? true, leavesToOrdered: job.leavesToOrdered ?? [] });
  const fieldMap = compileFieldMap(job.fieldMap);
  const fields = job.fields;
  let toLocate = job.locate;
  for (let log = 0; log < job.logs.length; log++) {
    const { path, name } = job.logs[log] as AnalysisJob['logs'][number];
    const window = createRawWindow();
    let reader: LogReader | undefined;
    let batch = createBatchWriter(log, fields.length);
    const take = (item: LogRecord | Problem): void => {
      if (isProblem(item)) {
        batch.problemCount++;
        if (toLocate > 0) {
          toLocate--;
          batch.problems.push(window.locate({ ...item, source: name }));
        }
        return;
      }
      batch.add(analyser.analyse(item), fields);
    };
    let error: string | undefined;
    try {
      for (const { text, bytes } of readPieces(path, job.chunkBytes)) {
        reader ??= createLogReader({ format: detectLogFormat(path, text.slice(0, 4096)), fieldMap });
        window.advance(text);
        for (const item of reader.push(text)) {
          take(item);
          if (batch.count >= BATCH_RECORDS || batch.problemCount >= BATCH_RECORDS) {
            yield batch.finish();
            batch = createBatchWriter(log, fields.length);
          }
        }
        batch.bytes += bytes;
      }
      if (reader) for (const item of reader.end()) take(item);
    } catch (caught) {
      error = reasonOf(caught);
    }
    if (batch.count > 0 || batch.problemCount > 0 || batch.bytes > 0) yield batch.finish();
    yield error === undefined ? { type: 'end', log } : { type: 'end', log, error };
  }
}

interface BatchWriter {
  count: number;
  problemCount: number;
  bytes: number;
  problems: LocatedProblem[];
  add(analysis: RecordAnalysis, fields: readonly LlmField[]): void;
  finish(): AnalysisBatch;
}

function createBatchWriter(log: number, fieldCount: number): BatchWriter {
  const lines = new Float64Array(BATCH_RECORDS);
  const times = new Float64Array(BATCH_RECORDS);
  const cells = new Int32Array(BATCH_RECORDS * fieldCount);
  const shapeOf = new Int32Array(BATCH_RECORDS);
  const matchEnds = new Int32Array(BATCH_RECORDS * 2);
  const texts: string[] = [];
  const textIds = new Map<string, number>();
  const shapes: TemplateShape[] = [];
  const shapeIds = new Map<TemplateShape, number>();
  const matched: number[] = [];
  const writer: BatchWriter = {
    count: 0,
    problemCount: 0,
    bytes: 0,
    problems: [],
    add(analysis, fields) {
      const at = writer.count++;
      lines[at] = analysis.line;
      times[at] = analysis.time ?? Number.NaN;
      for (let f = 0; f < fields.length; f++) {
        const text = analysis.fields[fields[f] as LlmField];
        let id = -1;
        if (text !== undefined) {
          id = textIds.get(text) ?? -1;
          if (id < 0) {
            id = texts.length;
            texts.push(text);
            textIds.set(text, id);
          }
        }
        cells[at * fieldCount + f] = id;
      }
      const { shape } = analysis;
      let shapeId = -1;
      if (shape) {
        shapeId = shapeIds.get(shape) ?? -1;
        if (shapeId < 0) {
          shapeId = shapes.length;
          shapes.push(shape);
          shapeIds.set(shape, shapeId);
        }
      }
      shapeOf[at] = shapeId;
      for (const index of analysis.contentMatched) matched.push(index);
      matchEnds[2 * at] = matched.length;
      for (const index of analysis.otherMatched) matched.push(index);
      matchEnds[2 * at + 1] = matched.length;
    },
    finish: () => ({
      type: 'batch',
      log,
      count: writer.count,
      lines: lines.slice(0, writer.count),
      times: times.slice(0, writer.count),
      cells: cells.slice(0, writer.count * fieldCount),
      texts,
      shapeOf: shapeOf.slice(0, writer.count),
      shapes,
      matchEnds: matchEnds.slice(0, 2 * writer.count),
      matched,
      problems: writer.problems,
      problemCount: writer.problemCount,
      bytes: writer.bytes,
    }),
  };
  return writer;
}

/** The typed arrays of a batch, to move rather than copy when it is posted. */
export function batchBuffers(batch: AnalysisBatch): ArrayBuffer[] {
  return [batch.lines.buffer, batch.times.buffer, batch.cells.buffer, batch.shapeOf.buffer, batch.matchEnds.buffer] as ArrayBuffer[];
}

const NONE: readonly number[] = Object.freeze([]) as readonly number[];

/**
 * Calls `each` with the analysis of every record of a batch, in order; the analysis object is
 * reused by the next call (its fields object is not): read it before then.
 */
export function forEachAnalysis(batch: AnalysisBatch, fields: readonly LlmField[], each: (analysis: RecordAnalysis) => void): void {
  const analysis: RecordAnalysis = { line: 0, time: undefined, fields: {}, shape: undefined, contentMatched: NONE, otherMatched: NONE };
  const { cells, texts, matchEnds, matched } = batch;
  let start = 0;
  for (let at = 0; at < batch.count; at++) {
    analysis.line = batch.lines[at] as number;
    const time = batch.times[at] as number;
    analysis.time = Number.isNaN(time) ? undefined : time;
    const shipped: RecordAnalysis['fields'] = {};
    for (let f = 0; f < fields.length; f++) {
      const id = cells[at * fields.length + f] as number;
      if (id >= 0) shipped[fields[f] as LlmField] = texts[id] as string;
    }
    analysis.fields = shipped;
    const shapeId = batch.shapeOf[at] as number;
    analysis.shape = shapeId < 0 ? undefined : batch.shapes[shapeId];
    const contentEnd = matchEnds[2 * at] as number;
    const otherEnd = matchEnds[2 * at + 1] as number;
    analysis.contentMatched = contentEnd === start ? NONE : matched.slice(start, contentEnd);
    analysis.otherMatched = otherEnd === contentEnd ? NONE : matched.slice(contentEnd, otherEnd);
    start = otherEnd;
    each(analysis);
  }
}

/**
 * A file's text in pieces (UTF-8, BOM dropped, invalid bytes as U+FFFD), with the bytes each took;
 * the bytes of every piece add up to the file's size. Throws when the file cannot be read.
 */
export function* readPieces(path: string, chunkBytes: number): Generator<{ text: string; bytes: number }, void, undefined> {
  const fd = openSync(path, 'r');
  const decoder = new TextDecoder('utf-8');
  const buffer = Buffer.allocUnsafe(chunkBytes);
  // A piece may end inside a character and decode to nothing; its bytes count with the next.
  let bytes = 0;
  try {
    for (;;) {
      const count = readSync(fd, buffer, 0, chunkBytes, null);
      if (count === 0) break;
      bytes += count;
      const text = decoder.decode(buffer.subarray(0, count), { stream: true });
      if (text === '') continue;
      yield { text, bytes };
      bytes = 0;
    }
    const rest = decoder.decode();
    if (rest !== '' || bytes > 0) yield { text: rest, bytes };
  } finally {
    closeSync(fd);
  }
}

/** Why a file could not be read: its error code (ENOENT, EACCES…), else the message. */
export function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
}
