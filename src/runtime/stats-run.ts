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
import { analyzeStatsRules, orderedContentRules, planStatsRules, type StatsRules } from '../core/stats/stats-rules';
import type { RuleAnalysis } from '../core/scan/plan';
import type { CampaignOptionsInput } from '../core/stats/options';
import type { CampaignStats, EventRef } from '../core/stats/types';
import type { LocatedProblem } from '../core/text';
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
/**
 * The share of the prompt-only rules (by orderedContentRules' weight) that the ordered side runs
 * when the analysis runs on a worker: the worker parses and runs the rules, the ordered side reads
 * the log context, describes the templates and counts, and with this share the two take about
 * as long on the shipped pack.
 */
const ORDERED_CONTENT_SHARE = 0.2;

/** Runs both passes over rules given as text; `onProgress` is called after every piece read. */
export function runStatsPasses(request: StatsRunRequest, onProgress: (progress: StatsRunProgress) => void = () => {}): StatsRunResult {
  const parsed = request.rules.map((file) => parseRuleText(file.name, file.text));
  const rules = parsed.flatMap((file) => file.rules);
  const run = runStatsOverRules(
    rules,
    {
      logs: request.logs,
      flagLevel: request.flagLevel,
      campaign: { refsPerItem: request.refsPerItem },
      ...(request.fieldMap ? { fieldMap: request.fieldMap } : {}),
      ...(request.excluded ? { excluded: request.excluded } : {}),
      ...(request.chunkBytes ? { chunkBytes: request.chunkBytes } : {}),
      ...(request.analysis ? { analysis: request.analysis } : {}),
    },
    onProgress,
  );
  return {
    stats: run.stats,
    files: run.files,
    brokenRules: run.brokenRules,
    ruleProblems: parsed.reduce((sum, file) => sum + file.problems.length, 0),
    rules: rules.filter((rule) => rule.kind !== 'filter').length,
  };
}

/** How runStatsOverRules reads the logs and what it reports. */
export interface StatsPassOptions {
  /** `path` is read; `name` is what the statistics call the log (and what their refs point to). */
  logs: readonly { path: string; name: string }[];
  fieldMap?: FieldMap;
  flagLevel: Level;
  campaign?: CampaignOptionsInput;
  excluded?: readonly ExcludedMatch[];
  chunkBytes?: number;
  /** As StatsRunRequest.analysis; 'sequential' by default. */
  analysis?: 'worker' | 'in-process' | 'sequential';
  /** analyzeStatsRules' answer for the rules, when the caller has it (the regex analysis is slow). */
  ruleAnalysis?: RuleAnalysis[];
  /** Log problems located (line and column) in reading order, at most; the others are only counted. None by default. */
  locate?: number;
}

export interface StatsPassResult {
  stats: CampaignStats;
  /** Per log; a log that cannot be read has its `error` and is left out of the statistics. */
  files: StatsRunFile[];
  /** The first `locate` log problems, in reading order. */
  problems: LocatedProblem[];
  brokenRules: { rule: string; reasons: string[] }[];
}

/**
 * The two passes over parsed rules: the log context (when the logs start, when each model and
 * account first appears), then every record through the statistics pipeline, its analysis on a
 * worker thread when `analysis` asks for one and the rules allow it.
 */
export function runStatsOverRules(rules: readonly Rule[], options: StatsPassOptions, onProgress: (progress: StatsRunProgress) => void = () => {}): StatsPassResult {
  const chunkBytes = options.chunkBytes ?? CHUNK_BYTES;
  const locate = options.locate ?? 0;
  const fieldMap = compileFieldMap(options.fieldMap);
  const files: StatsRunFile[] = options.logs.map((log) => ({ name: log.name, bytes: sizeOf(log.path), records: 0, problems: 0 }));
  const problems: LocatedProblem[] = [];
  const bytesTotal = 2 * files.reduce((sum, file) => sum + file.bytes, 0);
  let bytesDone = 0;
  const advance = (phase: StatsRunProgress['phase'], bytes: number): void => {
    bytesDone += bytes;
    onProgress({ phase, bytesDone, bytesTotal });
  };

  const builder = createLogContextBuilder();
  const excluded = new Set((options.excluded ?? []).map((match) => `${match.line}\u0000${match.source}\u0000${match.rule ?? ''}`));
  const pipelineOptions = {
    rules,
    campaign: { ...options.campaign, flagLevel: options.flagLevel },
    ...(excluded.size > 0
      ? { isExcluded: (source: string, line: number, rule: string) => excluded.has(`${line}\u0000${source}\u0000`) || excluded.has(`${line}\u0000${source}\u0000${rule}`) }
      : {}),
  };
  const analysis = (options.analysis ?? 'sequential') === 'sequential' ? undefined : startSplitAnalysis(rules, options, chunkBytes, locate);
  let pipeline: StatsPipeline | OrderedPipeline;
  try {
    readContext(builder, options.logs, files, fieldMap, chunkBytes, advance);
    if (analysis) {
      const ordered = createOrderedPipeline({ ...pipelineOptions, context: builder.finish(), plan: analysis.plan, describesTemplates: true, contentRules: analysis.contentRules });
      pipeline = ordered;
      for (const message of analysis.source) {
        if (message.type === 'failed') throw new Error(message.message);
        const log = options.logs[message.log] as StatsPassOptions['logs'][number];
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
        for (const problem of message.problems) if (problems.length < locate) problems.push(problem);
        advance('records', message.bytes);
      }
    } else {
      const sequential = createStatsPipeline({ ...pipelineOptions, context: builder.finish() });
      pipeline = sequential;
      readRecords(sequential, options.logs, files, fieldMap, chunkBytes, advance, (problem) => {
        if (problems.length >= locate) return false;
        problems.push(problem);
        return true;
      });
    }
  } finally {
    analysis?.source.close();
  }
  return { stats: pipeline.finish(), files, problems, brokenRules: [...pipeline.brokenRules] };
}

/** The second pass's analysis on a worker running this bundle, when the rules allow it and the bundle is there. */
function startSplitAnalysis(
  rules: readonly Rule[],
  options: StatsPassOptions,
  chunkBytes: number,
  locate: number,
): { source: AnalysisSource; plan: StatsRules; fields: LlmField[]; contentRules: number[] } | undefined {
  // Analysed once: the worker plans with the same analysis.
  const analysis = options.ruleAnalysis ?? analyzeStatsRules(rules);
  const plan = planStatsRules(rules, { analysis });
  // This thread describes the templates (and waits less for the analysis thread, which has more to do).
  const fields = fieldsToShip(rules, plan, { describesTemplates: true });
  const workerPath = options.analysis === 'worker' ? defaultAnalysisWorkerPath() : undefined;
  if (fields === undefined || (workerPath === undefined && options.analysis !== 'in-process')) return undefined;
  // This thread also runs some of the prompt-only rules, so that neither thread waits long for the other.
  const contentRules = orderedContentRules(plan, ORDERED_CONTENT_SHARE);
  const job = {
    rules: [...rules],
    analysis,
    ...(options.fieldMap ? { fieldMap: options.fieldMap } : {}),
    logs: [...options.logs],
    chunkBytes,
    locate,
    fields,
    describesTemplates: false,
    leavesToOrdered: contentRules,
  };
  return { source: startAnalysis(job, workerPath), plan, fields, contentRules };
}

/** The first pass: when the logs start, when each model and account first appears. */
function readContext(builder: LogContextBuilder, logs: StatsPassOptions['logs'], files: StatsRunFile[], fieldMap: CompiledFieldMap, chunkBytes: number, advance: (phase: StatsRunProgress['phase'], bytes: number) => void): void {
  logs.forEach((log, index) => {
    const scanner = createLogContextScanner(builder, { name: log.path, fieldMap });
    const error = readInChunks(log.path, chunkBytes, (chunk, bytes) => {
      scanner.push(chunk);
      advance('context', bytes);
    });
    if (error === undefined) scanner.end();
    else (files[index] as StatsRunFile).error = error;
  });
}

/**
 * The second pass on this thread, every record through the whole pipeline; `onProblem` is given
 * each log problem, located, until it answers false.
 */
function readRecords(
  pipeline: StatsPipeline,
  logs: StatsPassOptions['logs'],
  files: StatsRunFile[],
  fieldMap: CompiledFieldMap,
  chunkBytes: number,
  advance: (phase: StatsRunProgress['phase'], bytes: number) => void,
  onProblem: (problem: LocatedProblem) => boolean,
): void {
  let isLocating = true;
  logs.forEach((log, index) => {
    const file = files[index] as StatsRunFile;
    if (file.error !== undefined) return;
    const window = createRawWindow();
    let reader: LogReader | undefined;
    const take = (items: Iterable<LogRecord | Problem>): void => {
      for (const item of items) {
        if (isProblem(item)) {
          file.problems++;
          if (isLocating) isLocating = onProblem(window.locate({ ...item, source: log.name }));
        } else {
          file.records++;
          pipeline.add(item, log.name);
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

