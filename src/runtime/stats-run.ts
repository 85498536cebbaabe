// The campaign statistics of a set of logs, read from disk in two passes of 4 MB pieces, as
// `promptsift stats` reads them: the log context first, then every record through the stats
// pipeline. Synchronous; the stats worker runs it off the extension host's thread and reports its
// progress. A log that cannot be read is counted as such, and the others are still read.

import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { createLogContextScanner } from '../core/correlate/context-scan';
import { createLogContextBuilder } from '../core/correlate/derived';
import { compileFieldMap, createLogReader, detectLogFormat, isProblem, type FieldMap, type LogReader } from '../core/logs/index';
import type { Level, LogRecord, Problem, SourceText, Span } from '../core/model';
import { parseRuleText } from '../core/rules/load';
import { createStatsPipeline } from '../core/stats/pipeline';
import type { CampaignStats, EventRef } from '../core/stats/types';

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
  request.logs.forEach((log, index) => {
    const scanner = createLogContextScanner(builder, { name: log.path, fieldMap });
    const error = readInChunks(log.path, chunkBytes, (chunk, bytes) => {
      scanner.push(chunk);
      advance('context', bytes);
    });
    if (error === undefined) scanner.end();
    else (files[index] as StatsRunFile).error = error;
  });

  const excluded = new Set((request.excluded ?? []).map((match) => `${match.line}\u0000${match.source}\u0000${match.rule ?? ''}`));
  const pipeline = createStatsPipeline({
    rules,
    context: builder.finish(),
    campaign: { flagLevel: request.flagLevel, refsPerItem: request.refsPerItem },
    ...(excluded.size > 0
      ? { isExcluded: (source: string, line: number, rule: string) => excluded.has(`${line}\u0000${source}\u0000`) || excluded.has(`${line}\u0000${source}\u0000${rule}`) }
      : {}),
  });
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
  return {
    stats: pipeline.finish(),
    files,
    brokenRules: [...pipeline.brokenRules],
    ruleProblems: parsed.reduce((sum, file) => sum + file.problems.length, 0),
    rules: rules.filter((rule) => rule.kind !== 'filter').length,
  };
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** Calls `onChunk` with a file's text in pieces (UTF-8, BOM dropped, invalid bytes as U+FFFD); returns why it could not read, if so. */
function readInChunks(path: string, chunkBytes: number, onChunk: (text: string, bytes: number) => void): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    return reasonOf(error);
  }
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
      onChunk(text, bytes);
      bytes = 0;
    }
    const rest = decoder.decode();
    if (rest !== '' || bytes > 0) onChunk(rest, bytes);
    return undefined;
  } catch (error) {
    return reasonOf(error);
  } finally {
    closeSync(fd);
  }
}

/**
 * The last two pieces of a log and where they start in it: a record yielded while a piece is read
 * lies in them (the reader carries only an unfinished line over), so its raw text can be cut out.
 */
function createRawWindow(): { advance(chunk: string): void; slice(span: Span): string | undefined } {
  let previous = '';
  let text = '';
  let base = 0;
  let next = 0;
  return {
    advance(chunk) {
      base = next - previous.length;
      text = previous + chunk;
      next += chunk.length;
      previous = chunk;
    },
    slice: (span) => (span.start >= base && span.end <= base + text.length ? text.slice(span.start - base, span.end - base) : undefined),
  };
}

function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
}
