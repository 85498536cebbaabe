// The extension host's side of the log-scan worker: starts the worker when first needed, sends it
// the packs' rules (again after a restart), runs scans with handlers, and replaces a worker that
// stops answering. No `vscode` import, so that a unit test can drive a real worker thread.
import { Worker } from 'node:worker_threads';
import type { FieldMap, LogFormat } from '../core/logs/index';
import type { Level, SourceText } from '../core/model';
import type { RuleNotice, ScanCounts } from '../core/scan/index';
import type { FileAnalysis, FromWorker, LogFinding, ScanSourceText, ScanWindow, ToWorker } from './log-scan-protocol';

export interface ScanRequest {
  packs: string[];
  /** What to scan after the windows; none scans the windows only. */
  source?: ScanSourceText;
  format: LogFormat;
  windows: ScanWindow[];
}

export type ScanBatch = Extract<FromWorker, { type: 'batch' }>;

export interface ScanHandlers {
  onWindow?(from: number, to: number, findings: LogFinding[]): void;
  onBatch?(batch: ScanBatch): void;
}

export interface ScanOutcome {
  counts: ScanCounts;
  isCancelled: boolean;
}

export interface ScanHandle {
  readonly id: number;
  /** Resolves when the scan is done or cancelled; rejects when the worker failed. */
  readonly done: Promise<ScanOutcome>;
  /** Scans these lines next, ahead of the rest. */
  addWindow(window: ScanWindow): void;
  cancel(): void;
}

export interface WorkerEvents {
  onPlanned?(pack: string, rules: number, notices: RuleNotice[], ms: number): void;
  /** A failure that belongs to no scan, e.g. while a plan was built ahead of time. */
  onFailure?(message: string): void;
}

interface Pending {
  handlers: ScanHandlers;
  resolve(outcome: ScanOutcome): void;
  reject(error: Error): void;
}

type RulesMessage = Extract<ToWorker, { type: 'rules' }>;

export class LogScanWorker {
  private worker: Worker | undefined;
  /** The last rules of each pack, sent again to a new worker. */
  private readonly rules = new Map<string, { message: RulesMessage; signature: string }>();
  private readonly scans = new Map<number, Pending>();
  private readonly analyses = new Map<number, (files: FileAnalysis[] | undefined) => void>();
  private nextId = 1;
  private lastHeardMs = 0;
  private watchdog: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly workerPath: string,
    private readonly events: WorkerEvents = {},
    /** How long the worker may stay silent while it has work before it is replaced. */
    private readonly stallMs = 30_000,
  ) {}

  dispose(): void {
    this.stop(new Error('the log scanner was shut down'));
  }

  /** Sends a pack's rules to the worker when they differ from the last ones; says whether they did. */
  setRules(pack: string, files: SourceText[], fieldMap: FieldMap | undefined, minimumLevel: Level): boolean {
    const signature = JSON.stringify([files, fieldMap ?? null, minimumLevel]);
    if (this.rules.get(pack)?.signature === signature) return false;
    const message: RulesMessage = { type: 'rules', pack, files, minimumLevel, ...(fieldMap ? { fieldMap } : {}) };
    this.rules.set(pack, { message, signature });
    this.worker?.postMessage(message);
    return true;
  }

  /** Drops a pack's rules; says whether the worker had them. */
  forget(pack: string): boolean {
    if (!this.rules.delete(pack)) return false;
    this.worker?.postMessage({ type: 'forget', pack } satisfies ToWorker);
    return true;
  }

  /** Starts the worker, and with it the plans of the packs it was given, ahead of the first scan. */
  warmUp(): void {
    this.ensureWorker();
  }

  scan(request: ScanRequest, handlers: ScanHandlers = {}): ScanHandle {
    const id = this.nextId++;
    const worker = this.ensureWorker();
    const done = new Promise<ScanOutcome>((resolve, reject) => this.scans.set(id, { handlers, resolve, reject }));
    this.lastHeardMs = performance.now();
    worker.postMessage({ type: 'scan', id, ...request } satisfies ToWorker);
    return {
      id,
      done,
      addWindow: (window) => {
        if (this.scans.has(id)) this.worker?.postMessage({ type: 'window', id, window } satisfies ToWorker);
      },
      cancel: () => {
        if (this.scans.has(id)) this.worker?.postMessage({ type: 'cancel', id } satisfies ToWorker);
      },
    };
  }

  /** The regex analysis of each rule file of `pack`, in file order, for the runtime's scanLogs. */
  analysis(pack: string): Promise<FileAnalysis[] | undefined> {
    const id = this.nextId++;
    const worker = this.ensureWorker();
    this.lastHeardMs = performance.now();
    const answer = new Promise<FileAnalysis[] | undefined>((resolve) => this.analyses.set(id, resolve));
    worker.postMessage({ type: 'analysis', id, pack } satisfies ToWorker);
    return answer;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerPath);
    this.worker = worker;
    worker.on('message', (message: FromWorker) => this.receive(message));
    worker.on('error', (error) => this.stop(error));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.stop(new Error(`the log scan worker exited with code ${code}`));
    });
    for (const { message } of this.rules.values()) worker.postMessage(message);
    this.watchdog = setInterval(() => this.checkStall(), Math.min(1000, this.stallMs / 4));
    return worker;
  }

  private receive(message: FromWorker): void {
    this.lastHeardMs = performance.now();
    switch (message.type) {
      case 'planned':
        return this.events.onPlanned?.(message.pack, message.rules, message.notices, message.ms);
      case 'alive':
        return;
      case 'window':
        return this.scans.get(message.id)?.handlers.onWindow?.(message.from, message.to, message.findings);
      case 'batch':
        return this.scans.get(message.id)?.handlers.onBatch?.(message);
      case 'done': {
        const pending = this.scans.get(message.id);
        this.scans.delete(message.id);
        return pending?.resolve({ counts: message.counts, isCancelled: message.isCancelled });
      }
      case 'failed': {
        const pending = this.scans.get(message.id);
        this.scans.delete(message.id);
        if (pending) return pending.reject(new Error(message.message));
        return this.events.onFailure?.(message.message);
      }
      case 'analysis': {
        const resolve = this.analyses.get(message.id);
        this.analyses.delete(message.id);
        return resolve?.(message.files);
      }
    }
  }

  private checkStall(): void {
    const isWaiting = this.scans.size > 0 || this.analyses.size > 0;
    if (!isWaiting || performance.now() - this.lastHeardMs < this.stallMs) return;
    this.stop(new Error(`the log scan worker did not answer for ${Math.round(this.stallMs / 1000)} s (a rule may be stuck on one record); it was restarted`));
  }

  /** Ends the worker; its scans fail with `reason`, and the next scan starts a new one. */
  private stop(reason: Error): void {
    const worker = this.worker;
    this.worker = undefined;
    clearInterval(this.watchdog);
    if (worker) void worker.terminate();
    for (const pending of this.scans.values()) pending.reject(reason);
    this.scans.clear();
    for (const resolve of this.analyses.values()) resolve(undefined);
    this.analyses.clear();
  }
}
