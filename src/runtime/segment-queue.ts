// The order of a scan: hands segments to workers (retries first), keeps each segment's results
// until every earlier segment is done, then flushes them in order. A segment whose worker was
// stopped by the watchdog is run again from its start with the stuck rule switched off from the
// stuck record on; the results of the stopped attempt are dropped, so nothing is reported twice.

import { emptyCounts, type Finding, type LineProblem, type RuleNotice, type ScanCounts } from '../core/scan/index';
import type { BatchMessage, DoneMessage } from './protocol';
import type { Segment } from './segments';

export interface SegmentResult {
  attempt: number;
  findings: Finding[];
  problems: LineProblem[];
  notices: RuleNotice[];
  counts?: ScanCounts;
  bytesDone: number;
}

export class SegmentQueue {
  /** Lines flushed so far per source: the line offset of the next segment of that source. */
  readonly lineBase = new Map<number, number>();
  noticesSent = false;
  onFlush: (segment: Segment, result: SegmentResult & { counts: ScanCounts }) => void = () => undefined;
  private nextIndex = 0;
  private flushed = 0;
  private flushedBytes = 0;
  private readonly retries: { segment: Segment; attempt: number }[] = [];
  private readonly results = new Map<number, SegmentResult>();
  /** Per segment: rules switched off from a line on. */
  private readonly disabled = new Map<number, { rule: number; fromLine: number }[]>();
  /** Rules switched off for every segment after the one where they timed out. */
  private readonly offAfter: { rule: number; afterSegment: number }[] = [];

  constructor(
    private readonly segments: readonly Segment[],
    /** How many segments may be started ahead of the oldest unflushed one. */
    private readonly window: number,
  ) {}

  next(): { segment: Segment; attempt: number } | undefined {
    const retry = this.retries.shift();
    if (retry) return retry;
    if (this.nextIndex >= this.segments.length || this.nextIndex - this.flushed >= this.window) return undefined;
    const segment = this.segments[this.nextIndex++] as Segment;
    this.results.set(segment.index, { attempt: 0, findings: [], problems: [], notices: [], bytesDone: 0 });
    return { segment, attempt: 0 };
  }

  disabledFor(segment: Segment): { rule: number; fromLine: number }[] {
    const global = this.offAfter.filter((entry) => segment.index > entry.afterSegment).map((entry) => ({ rule: entry.rule, fromLine: 0 }));
    return [...(this.disabled.get(segment.index) ?? []), ...global];
  }

  /** Takes a worker's message; false when it belongs to a dropped attempt. */
  accept(message: BatchMessage | DoneMessage): boolean {
    const result = this.results.get(message.id);
    if (!result || result.attempt !== message.attempt) return false;
    if (message.type === 'batch') {
      result.findings.push(...message.findings);
      result.problems.push(...message.problems);
      result.bytesDone = message.bytesDone;
    } else {
      result.counts = message.counts;
      this.flush();
    }
    return true;
  }

  timedOut(segment: Segment, attempt: number, rule: number, line: number, notice: RuleNotice): void {
    const result = this.results.get(segment.index);
    if (!result || result.attempt !== attempt) return;
    const list = this.disabled.get(segment.index) ?? [];
    list.push({ rule, fromLine: line });
    this.disabled.set(segment.index, list);
    this.offAfter.push({ rule, afterSegment: segment.index });
    this.results.set(segment.index, { attempt: attempt + 1, findings: [], problems: [], notices: [...result.notices, notice], bytesDone: 0 });
    this.retries.unshift({ segment, attempt: attempt + 1 });
  }

  /** Hands out again, as it was, a task a stopped worker had not started. */
  requeue(segment: Segment, attempt: number): void {
    const result = this.results.get(segment.index);
    if (result && result.attempt === attempt) this.retries.push({ segment, attempt });
  }

  isDone(): boolean {
    return this.flushed >= this.segments.length;
  }

  bytesDone(): number {
    let sum = this.flushedBytes;
    for (const result of this.results.values()) sum += result.bytesDone;
    return sum;
  }

  private flush(): void {
    for (;;) {
      const segment = this.segments[this.flushed];
      const result = segment && this.results.get(segment.index);
      if (!segment || !result?.counts) return;
      this.results.delete(segment.index);
      this.flushed++;
      this.flushedBytes += segment.end - segment.start;
      this.onFlush(segment, { ...result, counts: result.counts ?? emptyCounts() });
    }
  }
}
