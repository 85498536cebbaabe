// The scan worker: plans the rule pack once, then scans tasks (parts of files, or in-memory
// texts) with a fixed read buffer, posting findings in batches. The pool's watchdog reads the
// shared status array to tell which rule a stuck worker is running on which line.

import { closeSync, openSync, readSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { parentPort } from 'node:worker_threads';
import { analyzeRules, createLogScanner, planScan, type Finding, type LineProblem, type RuleAnalysis, type ScanPlan } from '../core/scan/index';
import type { BatchMessage, InitMessage, MainMessage, TaskMessage, WorkerMessage } from './protocol';
import { STATUS_IN_RULE, STATUS_LINE, STATUS_RULE, STATUS_SEQUENCE } from './protocol';
import { enableLinearRegexFallback } from './regex-fallback';

/** Bytes read per call: large enough to amortise calls, small enough to stay in cache. */
const READ_BUFFER_BYTES = 1024 * 1024;
/** Findings and problems posted together at most. */
const BATCH_LIMIT = 2000;

let plan: ScanPlan | undefined;
let init: InitMessage | undefined;
let status: Int32Array | undefined;
const buffer = new Uint8Array(READ_BUFFER_BYTES);

function post(message: WorkerMessage): void {
  parentPort?.postMessage(message);
}

function start(message: InitMessage): void {
  enableLinearRegexFallback();
  init = message;
  status = new Int32Array(message.status);
  const share = message.share;
  if (!share) {
    makePlan(message.analysis);
    return;
  }
  const options = { hasLinearFallback: share.hasLinearFallback, allowSuperLinear: share.allowSuperLinear };
  const analysis = analyzeRules(message.rules, { ...options, only: (index) => index % share.count === share.index });
  post({ type: 'analysis', entries: analysis.flatMap((entry, index): [number, RuleAnalysis][] => (entry ? [[index, entry]] : [])) });
}

function makePlan(analysis: RuleAnalysis[]): void {
  if (!init) throw new Error('plan before init');
  plan = planScan(init.rules, { fieldMap: init.fieldMap, analysis });
  const rules = plan.rules.map((rule) => ({ key: rule.key, title: rule.title, source: rule.compiled.rule.source }));
  post({ type: 'ready', notices: plan.notices, rules });
}

function run(task: TaskMessage): void {
  if (!plan || !init || !status) throw new Error('task before init');
  const shared = status;
  const findings: Finding[] = [];
  const problems: LineProblem[] = [];
  let bytesDone = 0;
  const flush = (): void => {
    const message: BatchMessage = { type: 'batch', id: task.id, attempt: task.attempt, findings: findings.splice(0), problems: problems.splice(0), bytesDone };
    post(message);
  };
  const disabled = new Map(task.disabled.map((entry) => [entry.rule, entry.fromLine]));
  const scanner = createLogScanner(
    plan,
    {
      finding: (finding) => findings.push(finding),
      problem: (problem) => problems.push(problem),
    },
    {
      format: task.format,
      maxLineBytes: init.maxLineBytes,
      validate: init.validate,
      isUtf8: (bytes) => isUtf8(bytes),
      hooks: {
        isEnabled: (rule, line) => (disabled.get(rule) ?? Infinity) > line,
        beforeRule(rule, line) {
          Atomics.store(shared, STATUS_RULE, rule);
          Atomics.store(shared, STATUS_LINE, line);
          Atomics.add(shared, STATUS_SEQUENCE, 1);
          Atomics.store(shared, STATUS_IN_RULE, 1);
        },
        afterRule: () => Atomics.store(shared, STATUS_IN_RULE, 0),
      },
    },
  );
  const push = (chunk: Uint8Array): void => {
    scanner.push(chunk);
    bytesDone += chunk.length;
    if (findings.length + problems.length >= BATCH_LIMIT || bytesDone % (16 * READ_BUFFER_BYTES) < chunk.length) flush();
  };
  if (task.bytes) push(task.bytes);
  // Reading straight into the scanner's own region (WebAssembly memory) saves copying every chunk.
  else if (task.path !== undefined) readRange(task.path, task.start, task.end, push, scanner.readRegion?.() ?? buffer);
  const counts = scanner.end();
  flush();
  post({ type: 'done', id: task.id, attempt: task.attempt, counts });
}

/**
 * Feeds `push` the lines that start in [start, end) of the file: from the first line start at or
 * after `start` to the newline that ends the line holding byte `end - 1`. The file is only read.
 */
function readRange(path: string, start: number, end: number, push: (chunk: Uint8Array) => void, into: Uint8Array): void {
  const fd = openSync(path, 'r');
  try {
    let position = start === 0 ? 0 : start - 1;
    let isAligned = start === 0;
    for (;;) {
      const read = readSync(fd, into, 0, into.length, position);
      if (read <= 0) return;
      let from = 0;
      if (!isAligned) {
        const newline = into.subarray(0, read).indexOf(10);
        if (newline < 0) {
          position += read;
          if (position >= end) return;
          continue;
        }
        from = newline + 1;
        isAligned = true;
        if (position + from >= end) return;
      }
      const chunkEnd = position + read;
      if (chunkEnd >= end) {
        const last = into.subarray(0, read).indexOf(10, Math.max(from, end - 1 - position));
        if (last >= 0) {
          push(into.subarray(from, last + 1));
          return;
        }
      }
      push(into.subarray(from, read));
      position = chunkEnd;
    }
  } finally {
    closeSync(fd);
  }
}

parentPort?.on('message', (message: MainMessage) => {
  try {
    if (message.type === 'init') start(message);
    else if (message.type === 'plan') makePlan(message.analysis);
    else run(message);
  } catch (error) {
    const id = message.type === 'task' ? message.id : -1;
    const attempt = message.type === 'task' ? message.attempt : 0;
    post({ type: 'failed', id, attempt, message: error instanceof Error ? error.message : String(error) });
  }
});
