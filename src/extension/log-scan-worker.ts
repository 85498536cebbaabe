// The extension's log-scan worker thread. It keeps the rule packs' plans (log-scan-plans.ts) between
// scans, scans the lines on screen first (windows), then whole logs in slices, and yields to its
// message queue between slices so that new windows and cancellations are taken while a long scan
// runs. Bundled on its own (dist/log-scan-worker.js); no `vscode` import.
import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { LogFormat } from '../core/logs/index';
import { addCounts, createLogScanner, emptyCounts, type Finding, type LineProblem, type LogScanner, type ScanPlan } from '../core/scan/index';
import { enableLinearRegexFallback } from '../runtime/regex-fallback';
import { PlanCache, type PlanStep } from './log-scan-plans';
import type { FromWorker, LogFinding, ScanSourceText, ScanWindow, ToWorker } from './log-scan-protocol';

/** Bytes scanned between two looks at the message queue: about a tenth of a second of work. */
const SLICE_BYTES = 256 * 1024;
const NEWLINE = 10;

interface Job {
  id: number;
  packs: string[];
  format: LogFormat;
  source?: ScanSourceText;
  windows: ScanWindow[];
  full?: FullScan;
}

interface FullScan {
  scanners: LogScanner[];
  findings: LogFinding[];
  problems: LineProblem[];
  next(): Uint8Array | undefined;
  close(): void;
  bytesDone: number;
  bytesTotal: number;
  lines: number;
}

const cache = new PlanCache({ hasLinearFallback: enableLinearRegexFallback() });
const encoder = new TextEncoder();
const jobs: Job[] = [];
let isPumping = false;

function post(message: FromWorker): void {
  parentPort?.postMessage(message);
}

function kick(): void {
  if (isPumping) return;
  isPumping = true;
  setImmediate(pump);
}

function pump(): void {
  let hasMore = false;
  const job = jobs.find((candidate) => candidate.windows.length > 0) ?? jobs[0];
  try {
    hasMore = step(job);
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    if (job) end(job);
    post({ type: 'failed', id: job?.id ?? -1, message });
    hasMore = jobs.length > 0;
  }
  if (hasMore) setImmediate(pump);
  else isPumping = false;
}

/** Does one slice of work: a plan step, a window, or a slice of a full scan; false when idle. */
function step(job: Job | undefined): boolean {
  if (!job) {
    const unplanned = cache.unplanned()[0];
    if (unplanned !== undefined) planStep(unplanned);
    return unplanned !== undefined;
  }
  const plans = plansOf(job);
  if (!plans) return true;
  const window = job.windows.shift();
  if (window) scanWindow(job, window, plans);
  else if (job.source) scanSlice(job, plans);
  else finish(job, 0);
  return true;
}

function planStep(pack: string): PlanStep {
  const result = cache.step(pack);
  if (result.builtMs !== undefined && result.plan) {
    post({ type: 'planned', pack, rules: result.plan.rules.length, notices: result.plan.notices, ms: result.builtMs });
  } else if (!result.plan) {
    post({ type: 'alive' });
  }
  return result;
}

/** The plans of the job's packs, or undefined after a step towards one that is not ready. */
function plansOf(job: Job): { pack: string; plan: ScanPlan }[] | undefined {
  const plans: { pack: string; plan: ScanPlan }[] = [];
  for (const pack of job.packs) {
    if (!cache.has(pack)) continue;
    const { plan } = planStep(pack);
    if (!plan) return undefined;
    plans.push({ pack, plan });
  }
  return plans;
}

function scannerFor(job: Job, pack: string, plan: ScanPlan, out: { findings: LogFinding[]; problems?: LineProblem[] }, firstLine = 1): LogScanner {
  const sink = {
    finding: (finding: Finding) => out.findings.push({ ...finding, pack }),
    problem: (problem: LineProblem) => out.problems?.push(problem),
  };
  return createLogScanner(plan, sink, { format: job.format, firstLine, isUtf8: (bytes) => isUtf8(bytes) });
}

function scanWindow(job: Job, window: ScanWindow, plans: { pack: string; plan: ScanPlan }[]): void {
  const findings: LogFinding[] = [];
  const bytes = encoder.encode(window.text);
  for (const { pack, plan } of plans) {
    const scanner = scannerFor(job, pack, plan, { findings }, window.firstLine);
    scanner.push(bytes);
    scanner.end();
  }
  const lines = countNewlines(bytes) + (window.text.endsWith('\n') ? 0 : 1);
  post({ type: 'window', id: job.id, from: window.firstLine, to: window.firstLine + lines - 1, findings: inLineOrder(findings, plans.length) });
}

function scanSlice(job: Job, plans: { pack: string; plan: ScanPlan }[]): void {
  const full = (job.full ??= startFull(job, plans));
  const chunk = full.next();
  if (chunk) {
    for (const scanner of full.scanners) scanner.push(chunk);
    full.bytesDone += chunk.length;
    full.lines += countNewlines(chunk);
    postBatch(job, full, plans.length);
    return;
  }
  const counts = emptyCounts();
  full.scanners.forEach((scanner, index) => {
    const own = scanner.end();
    // Each pack's scanner reads the same lines; bytes, lines and line problems count once.
    if (index === 0) addCounts(counts, own);
    else counts.findings += own.findings;
  });
  full.lines = counts.lines;
  postBatch(job, full, plans.length);
  finish(job, counts.findings, counts);
}

function startFull(job: Job, plans: { pack: string; plan: ScanPlan }[]): FullScan {
  const full: FullScan = { scanners: [], findings: [], problems: [], next: () => undefined, close: () => undefined, bytesDone: 0, bytesTotal: 0, lines: 0 };
  full.scanners = plans.map(({ pack, plan }, index) => scannerFor(job, pack, plan, index === 0 ? full : { findings: full.findings }));
  const source = job.source as ScanSourceText;
  if ('text' in source) {
    const bytes = encoder.encode(source.text);
    let offset = 0;
    full.bytesTotal = bytes.length;
    full.next = () => (offset < bytes.length ? bytes.subarray(offset, (offset += SLICE_BYTES)) : undefined);
    return full;
  }
  const fd = openSync(source.path, 'r');
  const buffer = new Uint8Array(SLICE_BYTES);
  let position = 0;
  full.bytesTotal = fstatSync(fd).size;
  full.close = () => closeSync(fd);
  full.next = () => {
    const read = readSync(fd, buffer, 0, buffer.length, position);
    position += read;
    return read > 0 ? buffer.subarray(0, read) : undefined;
  };
  return full;
}

function postBatch(job: Job, full: FullScan, packCount: number): void {
  const findings = inLineOrder(full.findings.splice(0), packCount);
  post({ type: 'batch', id: job.id, findings, problems: full.problems.splice(0), lines: full.lines, bytesDone: full.bytesDone, bytesTotal: full.bytesTotal });
}

function finish(job: Job, findings: number, counts = emptyCounts(), isCancelled = false): void {
  end(job);
  post({ type: 'done', id: job.id, counts: { ...counts, findings }, isCancelled });
}

function end(job: Job): void {
  const index = jobs.indexOf(job);
  if (index >= 0) jobs.splice(index, 1);
  job.full?.close();
}

/** Findings of several packs' scanners come pack by pack; the extension wants them by position. */
function inLineOrder(findings: LogFinding[], packCount: number): LogFinding[] {
  if (packCount > 1) findings.sort((a, b) => a.startLine - b.startLine || a.column - b.column);
  return findings;
}

function countNewlines(bytes: Uint8Array): number {
  let count = 0;
  for (let at = bytes.indexOf(NEWLINE); at >= 0; at = bytes.indexOf(NEWLINE, at + 1)) count++;
  return count;
}

function receive(message: ToWorker): void {
  switch (message.type) {
    case 'rules':
      cache.setRules(message.pack, message.files, message.fieldMap, message.minimumLevel);
      break;
    case 'forget':
      cache.forget(message.pack);
      break;
    case 'scan':
      jobs.push({ id: message.id, packs: message.packs, format: message.format, windows: [...message.windows], ...(message.source ? { source: message.source } : {}) });
      break;
    case 'window':
      jobs.find((job) => job.id === message.id)?.windows.push(message.window);
      break;
    case 'cancel': {
      const job = jobs.find((candidate) => candidate.id === message.id);
      if (job) finish(job, 0, emptyCounts(), true);
      break;
    }
    case 'analysis':
      post({ type: 'analysis', id: message.id, files: cache.analysis(message.pack) });
      break;
  }
  kick();
}

parentPort?.on('message', (message: ToWorker) => {
  try {
    receive(message);
  } catch (error) {
    const id = 'id' in message ? message.id : -1;
    post({ type: 'failed', id, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
