// One scan worker thread: starts it with the rule pack, runs tasks, and tells the watchdog when a
// rule has been running on the same record for too long.

import type { Worker } from 'node:worker_threads';
import type { RuleAnalysis } from '../core/scan/index';
import type { InitMessage, PlanMessage, WorkerMessage } from './protocol';
import { STATUS_IN_RULE, STATUS_LINE, STATUS_RULE, STATUS_SEQUENCE, STATUS_SLOTS } from './protocol';
import type { Segment } from './segments';

export class WorkerSlot {
  /** Tasks handed to the thread and not done yet, in the order it runs them: the first is running. */
  readonly tasks: { segment: Segment; attempt: number }[] = [];
  private readonly status: Int32Array;
  private lastSequence = -1;
  private sinceMs = 0;
  private isStopped = false;

  private readonly shared = new SharedArrayBuffer(STATUS_SLOTS * 4);

  /** Starts the thread at once (loading its bundle takes a while); `start` hands it the rules. */
  constructor(
    private readonly worker: Worker,
    onMessage: (slot: WorkerSlot, message: WorkerMessage) => void,
    onError: (error: Error) => void,
  ) {
    this.status = new Int32Array(this.shared);
    worker.on('message', (message: WorkerMessage) => {
      if (!this.isStopped) onMessage(this, message);
    });
    worker.on('error', (error) => {
      if (!this.isStopped) onError(error);
    });
  }

  start(init: Omit<InitMessage, 'type' | 'status'>): void {
    this.worker.postMessage({ type: 'init', ...init, status: this.shared } satisfies InitMessage);
  }

  /** Hands over the whole analysis after the shares came in. */
  plan(analysis: RuleAnalysis[]): void {
    this.worker.postMessage({ type: 'plan', analysis } satisfies PlanMessage);
  }

  run(segment: Segment, attempt: number, disabled: { rule: number; fromLine: number }[]): void {
    this.tasks.push({ segment, attempt });
    this.worker.postMessage({
      type: 'task',
      id: segment.index,
      attempt,
      format: segment.format,
      path: segment.path,
      bytes: segment.bytes,
      start: segment.start,
      end: segment.end,
      disabled,
    });
  }

  /** The thread finished its first task. */
  taskDone(): void {
    this.tasks.shift();
    this.lastSequence = -1;
  }

  /** The rule and (segment-relative) line when one rule has run on one record for over `deadlineMs`. */
  stuckFor(deadlineMs: number): { rule: number; line: number } | undefined {
    if (this.tasks.length === 0 || Atomics.load(this.status, STATUS_IN_RULE) !== 1) {
      this.lastSequence = -1;
      return undefined;
    }
    const sequence = Atomics.load(this.status, STATUS_SEQUENCE);
    const now = performance.now();
    if (sequence !== this.lastSequence) {
      this.lastSequence = sequence;
      this.sinceMs = now;
      return undefined;
    }
    if (now - this.sinceMs < deadlineMs) return undefined;
    return { rule: Atomics.load(this.status, STATUS_RULE), line: Atomics.load(this.status, STATUS_LINE) };
  }

  stop(): void {
    this.isStopped = true;
    void this.worker.terminate();
  }
}
