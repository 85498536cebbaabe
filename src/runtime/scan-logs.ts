// Scans logs on worker threads: files are cut into segments, the workers take them in order, and
// results are handed on in file order with absolute line numbers as soon as every earlier segment
// is done. Progress, cancellation (AbortSignal) and a watchdog for rules stuck on one record.

import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FieldMap, LogFormat } from '../core/logs/index';
import type { RuleFile, SourceText } from '../core/model';
import { parseRuleText } from '../core/rules/load';
import { addCounts, DEFAULT_MAX_LINE_BYTES, emptyCounts, type Finding, type LineProblem, type RuleAnalysis, type RuleNotice, type ScanCounts } from '../core/scan/index';
import { enableLinearRegexFallback } from './regex-fallback';
import { readScanCache, scanCacheKey, writeScanCache } from './scan-cache';
import { planSegments, type ScanSource } from './segments';
import { SegmentQueue } from './segment-queue';
import type { InitMessage, ReadyMessage, WorkerMessage } from './protocol';
import { WorkerSlot } from './worker-slot';

export type { ScanSource };

/** Tasks a worker holds at once: the one it runs and the next. */
const TASKS_PER_WORKER = 2;

export interface ScanRequest {
  /** Rule files as text, with the names findings refer to. */
  rules: SourceText[];
  fieldMap?: FieldMap;
  sources: ScanSource[];
  /** Worker threads (default: 2, or 1 on a one-core machine). */
  workers?: number;
  /** Size of the parts a file is cut into (default 32 MiB). */
  segmentBytes?: number;
  maxLineBytes?: number;
  /** 'full' parses every line (slower): every malformed line and record without a prompt is reported. */
  validate?: 'fast' | 'full';
  /** How long one rule may run on one record before its worker is stopped (default 10 s). */
  ruleTimeoutMs?: number;
  /** Run rules whose regexes may backtrack without bound (default false: they are refused). */
  allowSuperLinear?: boolean;
  /**
   * analyzeRules' answer for `rules`, when the caller has it already (computed with the same
   * `allowSuperLinear`). Without it the workers compute it, each a share, before they plan; the
   * calling thread never runs the (slow) regex analysis.
   */
  analysis?: RuleAnalysis[];
  /**
   * `rules` already parsed (parseRuleText), when the caller has them: parsing a large pack takes a
   * while. A function is called once the worker threads are starting, so that both overlap.
   */
  ruleFiles?: RuleFile[] | (() => RuleFile[]);
  /**
   * Keep the parsed rules and the analysis of each pack in this directory, and take them from it
   * when the same rules were scanned before by the same build (scan-cache.ts): then neither
   * `ruleFiles` nor the analysis is computed. Default: no cache.
   */
  cacheDir?: string;
  /** What else a `ruleFiles` function's answer depends on (options that drop rules), for the cache. */
  cacheVariant?: string;
  signal?: AbortSignal;
  /** The bundled worker script (default: scan-worker.js beside the running bundle). */
  workerPath?: string;
}

/** Results carry the display name of their log. */
export type FileFinding = Finding & { file: string };
export type FileProblem = LineProblem & { file: string };
export type FileNotice = RuleNotice & { file?: string };

export interface ScanProgress {
  bytesDone: number;
  bytesTotal: number;
  findings: number;
}

export interface ScanHandlers {
  onFinding?(finding: FileFinding): void;
  onProblem?(problem: FileProblem): void;
  /** Rules not run (not compiled, refused) once at the start; timeouts as they happen. */
  onNotice?(notice: FileNotice): void;
  /** At most every 200 ms, and once at the end. */
  onProgress?(progress: ScanProgress): void;
  /** The parsed rule files the scan runs (given, parsed, or from the cache), once at the start. */
  onRuleFiles?(files: readonly RuleFile[]): void;
}

export interface ScanResult {
  counts: ScanCounts;
  files: { name: string; format: LogFormat; counts: ScanCounts }[];
  seconds: number;
  cancelled: boolean;
}

/** Scans `request.sources`; resolves when done or cancelled, rejects only on a bug or an unreadable file. */
export async function scanLogs(request: ScanRequest, handlers: ScanHandlers = {}): Promise<ScanResult> {
  const started = performance.now();
  const hasLinearFallback = enableLinearRegexFallback();
  const { segments, totalBytes, formats } = planSegments(request.sources, request.segmentBytes ?? 32 * 1024 * 1024);
  const files = request.sources.map((source, index) => ({
    name: source.kind === 'file' ? (source.name ?? source.path) : source.name,
    format: formats[index] as LogFormat,
    counts: emptyCounts(),
  }));
  const total = emptyCounts();
  const count = Math.max(1, Math.min(request.workers ?? Math.min(2, availableParallelism()), segments.length));
  const queue = new SegmentQueue(segments, count * (TASKS_PER_WORKER + 1));
  let findings = 0;
  let lastProgress = 0;
  const progress = (isFinal: boolean): void => {
    const now = performance.now();
    if (!isFinal && now - lastProgress < 200) return;
    lastProgress = now;
    handlers.onProgress?.({ bytesDone: Math.min(totalBytes, queue.bytesDone()), bytesTotal: totalBytes, findings });
  };
  queue.onFlush = (segment, result) => {
    const offset = queue.lineBase.get(segment.source) ?? 0;
    // Both lists are in line order; hand them on merged, so that reports read top to bottom. The
    // objects came from the worker and are handed on once: they get their file and absolute lines
    // in place (a copy of each cost as much as reading it from the message).
    let p = 0;
    const problemsUpTo = (line: number): void => {
      for (; p < result.problems.length && (result.problems[p] as LineProblem).line <= line; p++) {
        const problem = result.problems[p] as FileProblem;
        problem.line += offset;
        problem.file = segment.name;
        handlers.onProblem?.(problem);
      }
    };
    for (const each of result.findings) {
      problemsUpTo(each.line);
      findings++;
      const finding = each as FileFinding;
      finding.line += offset;
      finding.startLine += offset;
      finding.endLine += offset;
      finding.file = segment.name;
      handlers.onFinding?.(finding);
    }
    problemsUpTo(Infinity);
    for (const notice of result.notices) handlers.onNotice?.({ ...notice, line: (notice.line ?? 0) + offset, file: segment.name });
    addCounts((files[segment.source] as { counts: ScanCounts }).counts, result.counts);
    addCounts(total, result.counts);
    queue.lineBase.set(segment.source, offset + result.counts.lines);
  };

  const workerPath = request.workerPath ?? join(__dirname, 'scan-worker.js');
  let cancelled = false;
  await new Promise<void>((resolve, reject) => {
    const slots: WorkerSlot[] = [];
    let isFinished = false;
    let rules: ReadyMessage['rules'] = [];
    let timer: ReturnType<typeof setInterval> | undefined = undefined;
    const finish = (error?: Error): void => {
      if (isFinished) return;
      isFinished = true;
      clearInterval(timer);
      request.signal?.removeEventListener('abort', abort);
      for (const slot of slots) slot.stop();
      if (error) reject(error);
      else resolve();
    };
    const abort = (): void => {
      cancelled = true;
      finish();
    };
    // Each worker holds the task it runs and the next one, so that it never waits for this thread
    // (busy writing findings, or not scheduled on a loaded machine) between two tasks.
    const dispatch = (slot: WorkerSlot): void => {
      while (slot.tasks.length < TASKS_PER_WORKER) {
        const task = queue.next();
        if (!task) break;
        slot.run(task.segment, task.attempt, queue.disabledFor(task.segment));
      }
      if (queue.isDone()) finish();
    };
    const ready = new Set<WorkerSlot>();
    const shares: RuleAnalysis[] = [];
    let sharesIn = 0;
    const onMessage = (slot: WorkerSlot, message: WorkerMessage): void => {
      if (message.type === 'analysis') {
        for (const [index, analysis] of message.entries) shares[index] = analysis;
        if (++sharesIn < slots.length) return;
        init = { ...init, analysis: shares };
        for (const each of slots) each.plan(shares);
        if (cache) writeScanCache(cache.dir, cache.key, { ruleFiles: init.rules, analysis: shares });
      } else if (message.type === 'ready') {
        if (!queue.noticesSent) {
          rules = message.rules;
          queue.noticesSent = true;
          for (const notice of message.notices) handlers.onNotice?.(notice);
        }
        ready.add(slot);
        dispatch(slot);
      } else if (message.type === 'failed') {
        finish(new Error(`scan worker failed: ${message.message}`));
      } else {
        if (message.type === 'done') slot.taskDone();
        if (!queue.accept(message)) return;
        progress(false);
        // A finished segment may let the window move on: every worker may take more.
        if (message.type === 'done') for (const each of slots) if (ready.has(each)) dispatch(each);
      }
    };
    // A small young generation keeps each thread's garbage (parsed candidate lines) from piling up.
    const spawn = (): WorkerSlot =>
      new WorkerSlot(new Worker(workerPath, { resourceLimits: { maxYoungGenerationSizeMb: 8 } }), (slot, message) => onMessage(slot, message), (error) => finish(error));
    // Threads load their bundle while this one parses and analyses the rules.
    for (let i = 0; i < count; i++) slots.push(spawn());
    let init: Omit<InitMessage, 'type' | 'status'>;
    let cache: { dir: string; key: string } | undefined;
    try {
      const budget = { hasLinearFallback, allowSuperLinear: request.allowSuperLinear ?? false };
      // The cache's entry is for these rules as parsed and analysed by this build (both bundles).
      const key = request.cacheDir !== undefined && !request.analysis ? scanCacheKey(request.rules, { ...budget, variant: request.cacheVariant ?? '' }, [__filename, workerPath]) : undefined;
      const cached = key !== undefined ? readScanCache(request.cacheDir as string, key) : undefined;
      if (key !== undefined && !cached) cache = { dir: request.cacheDir as string, key };
      // A scan runs the rules that load whatever the schema says (lint reports it): no ajv here.
      const given = request.ruleFiles;
      const ruleFiles = cached?.ruleFiles ?? (typeof given === 'function' ? given() : (given ?? request.rules.map((rule) => parseRuleText(rule.name, rule.text, { isSchemaValidated: false }))));
      handlers.onRuleFiles?.(ruleFiles);
      const common = { rules: ruleFiles, fieldMap: request.fieldMap, maxLineBytes: request.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES, validate: request.validate ?? 'fast' } as const;
      const analysis = request.analysis ?? cached?.analysis;
      init = { ...common, analysis: analysis ?? [] };
      if (analysis) {
        for (const slot of slots) slot.start(init);
      } else {
        // The regex analysis takes milliseconds per regex: every worker does a share, then all plan.
        slots.forEach((slot, index) => slot.start({ ...common, analysis: [], share: { index, count: slots.length, ...budget } }));
      }
    } catch (error) {
      finish(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    const deadline = request.ruleTimeoutMs ?? 10_000;
    timer = setInterval(() => {
      slots.forEach((slot, index) => {
        const stuck = slot.stuckFor(deadline);
        const running = slot.tasks[0];
        if (!stuck || !running) return;
        const { segment, attempt } = running;
        slot.stop();
        const rule = rules[stuck.rule];
        const notice: RuleNotice = {
          ruleId: rule?.key ?? String(stuck.rule),
          title: rule?.title ?? '',
          ruleSource: rule?.source ?? '',
          kind: 'timeout',
          reason: `ran for more than ${deadline} ms on one record; switched off from this record on`,
          line: stuck.line,
        };
        queue.timedOut(segment, attempt, stuck.rule, stuck.line, notice);
        for (const waiting of slot.tasks.slice(1)) queue.requeue(waiting.segment, waiting.attempt);
        ready.delete(slot);
        slots[index] = spawn();
        (slots[index] as WorkerSlot).start(init);
      });
    }, Math.max(10, Math.min(250, deadline / 4)));
    if (request.signal?.aborted) abort();
    request.signal?.addEventListener('abort', abort);
  });
  progress(true);
  return { counts: total, files, seconds: (performance.now() - started) / 1000, cancelled };
}
