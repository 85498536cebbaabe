// The campaign statistics of a set of logs, read from disk in two passes of 4 MB pieces, as
// `promptsift stats` reads them: the log context first, then every record through the stats
// pipeline. Synchronous; the stats worker runs it off the extension host's thread and reports its
// progress. A log that cannot be read is counted as such, and the others are still read.

import { statSync } from 'node:fs';
import { createLogContextScanner } from '../core/correlate/context-scan';
import { createLogContextBuilder, type LogContextBuilder } from '../core/correlate/derived';
import { compileFieldMap, createLogReader, detectLogFormat, isProblem, type FieldMap, type LogReader } from '../core/logs/index';
import type { Level, LlmField, LogRecord, Problem, Rule, SourceText } from '../core/model';
import { parseRuleText } from '../core/rules/load';
import { createOrderedPipeline, createStatsPipeline, type OrderedPipeline, type StatsPipeline } from '../core/stats/pipeline';
import { fieldsToShip } from '../core/stats/shipped';
import { analyzeStatsRules, planStatsRules, type StatsRules } from '../core/stats/stats-rules';
import type { CampaignStats, EventRef } from '../core/stats/types';
import { forEachAnalysis, readPieces, reasonOf } from './stats-analysis';
import { defaultAnalysisWorkerPath, startAnalysis, type AnalysisSource } from './stats-parallel';
import { createRawWindow } from './stats-window';

type CompiledFieldMap = ReturnType<typeof compileFieldMap>;

export interface StatsRunRequest {
  /** The rule files as text (the editor's text, unsaved edits included). */
  rules: SourceText[];
  fieldMap?: FieldMap;
  /** `path` is read; `name` is what the statistics call the log (and what their refs point to). */
  logs: { path: string; name: string }[];
  flagLevel: Level;
  /** Records kept per campaign, account, template and rule so that the logs can be opened at them. */
  refsPerItem: number;
  /**
   * Matches a reviewer marked as false positives: that rule (every rule when none is named) is
   * taken not to match the record, which still counts as a request.
   */
  excluded?: ExcludedMatch[];
  chunkBytes?: number;
  /**
   * Where the second pass's analysis runs: on a worker running this bundle (when the bundle is
   * there and the rules allow it; only a bundle built to serve as that worker, such as the stats
   * worker's, may ask), here but split the same way, or here record by record (the default: a
   * caller inside another bundle, such as the extension host's, cannot lend its bundle).
   */
  analysis?: 'worker' | 'in-process' | 'sequential';
}

/** A record (log as named in `logs`, 1-based line) and optionally the key of the one rule excluded on it. */
export interface ExcludedMatch extends EventRef {
  rule?: string;
}

export interface StatsRunFile {
  name: string;
  bytes: number;
  records: number;
  problems: number;
  /** Why the log could not be read, if it could not. */
  error?: string;
}

export interface StatsRunResult {
  stats: CampaignStats;
  files: StatsRunFile[];
  /** Detection rules that cannot run (they do not compile). */
  brokenRules: { rule: string; reasons: string[] }[];
  /** Problems in the rule files (the lint checks explain them); rules with errors may be missing. */
  ruleProblems: number;
  /** Detection and correlation rules loaded (filters not counted), as the reports say. */
  rules: number;
}

export interface StatsRunProgress {
  /** 'context' is the first pass (times, models, accounts), 'records' the second. */
  phase: 'context' | 'records';
  /** Bytes read over both passes, out of twice the logs' size. */
  bytesDone: number;
  bytesTotal: number;
}

const CHUNK_BYTES = 4 * 1024 * 1024;

/** Runs both passes; `onProgress` is called after every piece read. */
export function runStatsPasses(request: StatsRunRequest, onProgress: (progress: StatsRunProgress) => void = () => {}): StatsRunResult {
  const chunkBytes = request.chunkBytes ?? CHUNK_BYTES;
  const parsed = request.rules.map((file) => parseRuleText(file.name, file.text));
  const rules = parsed.flatMap((file) => file.rules);
  const fieldMap = compileFieldMap(request.fieldMap);
  const files: StatsRunFile[] = request.logs.map((log) => ({ name: log.name, bytes: sizeOf(log.path), records: 0, problems: 0 }));
  const bytesTotal = 2 * files.reduce((sum, file) => sum + file.bytes, 0);
  let bytesDone = 0;
  const advance = (phase: StatsRunProgress['phase'], bytes: number): void => {
    bytesDone += bytes;
    onProgress({ phase, bytesDone, bytesTotal });
  };

  const builder = createLogContextBuilder();
  const excluded = new Set((request.excluded ?? []).map((match) => `${match.line}\u0000${match.source}\u0000${match.rule ?? ''}`));
  const pipelineOptions = {
    rules,
    campaign: { flagLevel: request.flagLevel, refsPerItem: request.refsPerItem },
    ...(excluded.size > 0
      ? { isExcluded: (source: string, line: number, rule: string) => excluded.has(`${line}\u0000${source}\u0000`) || excluded.has(`${line}\u0000${source}\u0000${rule}`) }
      : {}),
  };
  const analysis = (request.analysis ?? 'sequential') === 'sequential' ? undefined : startSplitAnalysis(request, rules, chunkBytes);
  let pipeline: StatsPipeline | OrderedPipeline;
  try {
    readContext(builder, request, files, fieldMap, chunkBytes, advance);
    if (analysis) {
      const ordered = createOrderedPipeline({ ...pipelineOptions, context: builder.finish(), plan: analysis.plan });
      pipeline = ordered;
      for (const message of analysis.source) {
        if (message.type === 'failed') throw new Error(message.message);
        const log = request.logs[message.log] as StatsRunRequest['logs'][number];
        const file = files[message.log] as StatsRunFile;
        // A log the first pass could not read is left out, as when both passes run here.
        if (file.error !== undefined) continue;
        if (message.type === 'end') {
          if (message.error !== undefined) file.error = message.error;
          continue;
        }
        file.records += message.count;
        file.problems += message.problemCount;
        forEachAnalysis(message, analysis.fields, (item) => ordered.add(item, log.name));
        advance('records', message.bytes);
      }
    } else {
      const sequential = createStatsPipeline({ ...pipelineOptions, context: builder.finish() });
      pipeline = sequential;
      readRecords(sequential, request, files, fieldMap, chunkBytes, advance);
    }
  } finally {
    analysis?.source.close();
  }
  return {
    stats: pipeline.finish(),
    files,
    brokenRules: [...pipeline.brokenRules],
    ruleProblems: parsed.reduce((sum, file) => sum + file.problems.length, 0),
    rules: rules.filter((rule) => rule.kind !== 'filter').length,
  };
}

/** The second pass's analysis on a worker running this bundle, when the rules allow it and the bundle is there. */
function startSplitAnalysis(request: StatsRunRequest, rules: Rule[], chunkBytes: number): { source: AnalysisSource; plan: StatsRules; fields: LlmField[] } | undefined {
  // Analysed once: the worker plans with the same analysis.
  const analysis = analyzeStatsRules(rules);
  const plan = planStatsRules(rules, { analysis });
  const fields = fieldsToShip(rules, plan);
  const workerPath = request.analysis === 'worker' ? defaultAnalysisWorkerPath() : undefined;
  if (fields === undefined || (workerPath === undefined && request.analysis !== 'in-process')) return undefined;
  const job = { rules, analysis, ...(request.fieldMap ? { fieldMap: request.fieldMap } : {}), logs: request.logs, chunkBytes, locate: 0, fields };
  return { source: startAnalysis(job, workerPath), plan, fields };
}

/** The first pass: when the logs start, when each model and account first appears. */
function readContext(builder: LogContextBuilder, request: StatsRunRequest, files: StatsRunFile[], fieldMap: CompiledFieldMap, chunkBytes: number, advance: (phase: StatsRunProgress['phase'], bytes: number) => void): void {
  request.logs.forEach((log, index) => {
    const scanner = createLogContextScanner(builder, { name: log.path, fieldMap });
    const error = readInChunks(log.path, chunkBytes, (chunk, bytes) => {
      scanner.push(chunk);
      advance('context', bytes);
    });
    if (error === undefined) scanner.end();
    else (files[index] as StatsRunFile).error = error;
  });
}

/** The second pass on this thread, every record through the whole pipeline. */
function readRecords(pipeline: StatsPipeline, request: StatsRunRequest, files: StatsRunFile[], fieldMap: CompiledFieldMap, chunkBytes: number, advance: (phase: StatsRunProgress['phase'], bytes: number) => void): void {
  request.logs.forEach((log, index) => {
    const file = files[index] as StatsRunFile;
    if (file.error !== undefined) return;
    const window = createRawWindow();
    let reader: LogReader | undefined;
    const take = (items: Iterable<LogRecord | Problem>): void => {
      for (const item of items) {
        if (isProblem(item)) {
          file.problems++;
        } else {
          file.records++;
          pipeline.add(item, log.name, window.slice(item.span));
        }
      }
    };
    const error = readInChunks(log.path, chunkBytes, (chunk, bytes) => {
      reader ??= createLogReader({ format: detectLogFormat(log.path, chunk.slice(0, 4096)), fieldMap });
      window.advance(chunk);
      take(reader.push(chunk));
      advance('records', bytes);
    });
    if (error !== undefined) file.error = error;
    else if (reader) take(reader.end());
  });
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** Calls `onChunk` with a file's text in pieces (see readPieces); returns why it could not read, if so. */
function readInChunks(path: string, chunkBytes: number, onChunk: (text: string, bytes: number) => void): string | undefined {
  try {
    for (const { text, bytes } of readPieces(path, chunkBytes)) onChunk(text, bytes);
    return undefined;
  } catch (error) {
    return reasonOf(error);
  }
}

