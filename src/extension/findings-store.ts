// The findings of one scan of one version of a log document, as they arrive: windows (lines on
// screen, scanned first) and the full scan's batches, in line order. Answers what the editor asks:
// the findings at a position (hover), the ones nearest the lines on screen up to a cap
// (decorations), and the counts by level (status). No `vscode` import; lines and columns are the
// scanner's (1-based, UTF-16 columns, end exclusive).
import { LEVELS, type Level } from '../core/model';
import type { LineProblem, ScanCounts } from '../core/scan/index';
import type { LogFinding } from './log-scan-protocol';

/** Findings kept per document; past this the scan only counts, and windows serve the lines on screen. */
export const MAX_KEPT_FINDINGS = 200_000;
/** A finding spanning more lines than this (a CSV record) is found from its first lines only. */
const MAX_INDEXED_LINES = 50;

export type LevelCounts = Record<Level, number>;

export class DocumentFindings {
  /** The full scan's findings, in line order: every one of them is on a line up to `coveredLines`. */
  private readonly findings: LogFinding[] = [];
  private readonly byLine = new Map<number, LogFinding[]>();
  /** Findings of windows on lines the full scan has not reached, in line order. */
  private windowFindings: LogFinding[] = [];
  private windowByLine = new Map<number, LogFinding[]>();
  private windows: { from: number; to: number }[] = [];
  private coveredLines = 0;
  /** The line of the first finding dropped because of the cap on kept findings, if any. */
  private truncatedAt: number | undefined;
  readonly counts: LevelCounts = emptyLevelCounts();
  readonly problems: LineProblem[] = [];
  bytesDone = 0;
  bytesTotal = 0;
  isComplete = false;
  isCancelled = false;
  failure: string | undefined;
  totals: ScanCounts | undefined;

  constructor(
    /** The document version scanned. */
    readonly version: number,
    private readonly maxKept = MAX_KEPT_FINDINGS,
  ) {}

  /** Findings of lines `from`..`to`, scanned ahead of the full scan. */
  addWindow(from: number, to: number, findings: readonly LogFinding[]): void {
    if (to <= this.coveredLines) return;
    // Lines an earlier window already scanned keep that window's findings.
    const fresh = findings.filter((finding) => finding.startLine > this.coveredLines && !this.isInWindow(finding.startLine));
    this.windows.push({ from, to });
    this.windowFindings = [...this.windowFindings, ...fresh].sort(byPosition);
    for (const finding of fresh) index(this.windowByLine, finding);
  }

  /** A batch of the full scan, whose findings all lie on its first `lines` lines. */
  addBatch(findings: readonly LogFinding[], problems: readonly LineProblem[], lines: number): void {
    for (const finding of findings) {
      if (LEVELS.includes(finding.level as Level)) this.counts[finding.level as Level]++;
      if (this.truncatedAt !== undefined) continue;
      if (this.findings.length >= this.maxKept) {
        this.truncatedAt = finding.startLine;
        continue;
      }
      this.findings.push(finding);
      index(this.byLine, finding);
    }
    for (const problem of problems) this.problems.push(problem);
    // Past the cap, the kept findings are complete up to the line before the first dropped one.
    this.cover(this.truncatedAt === undefined ? lines : this.truncatedAt - 1);
  }

  finish(totals: ScanCounts, isCancelled: boolean): void {
    this.totals = totals;
    this.isCancelled = isCancelled;
    this.isComplete = !isCancelled;
    if (this.isComplete && this.truncatedAt === undefined) this.cover(Infinity);
  }

  /** True when every line of `from`..`to` has its findings here. */
  isCovered(from: number, to: number): boolean {
    if (to <= this.coveredLines) return true;
    const start = Math.max(from, this.coveredLines + 1);
    return this.windows.some((window) => window.from <= start && window.to >= to);
  }

  /** True when findings beyond the kept ones were dropped. */
  get isTruncated(): boolean {
    return this.truncatedAt !== undefined;
  }

  /** Lines the full scan has finished (Infinity once it is complete). */
  get linesDone(): number {
    return this.coveredLines;
  }

  /** The full scan's findings kept so far, in line order. */
  get fullScan(): readonly LogFinding[] {
    return this.findings;
  }

  /** How many findings the decorations can choose from now. */
  get available(): number {
    return this.findings.length + this.windowFindings.length;
  }

  /** The findings whose range holds the 1-based `line` and `column`. */
  at(line: number, column: number): LogFinding[] {
    const lines = line <= this.coveredLines ? this.byLine : this.windowByLine;
    return (lines.get(line) ?? []).filter(
      (finding) => (line > finding.startLine || column >= finding.column) && (line < finding.endLine || column < finding.endColumn),
    );
  }

  /** Every available finding, or the `cap` whose lines are nearest to `centerLine` when there are more. */
  around(centerLine: number, cap: number): LogFinding[] {
    const total = this.available;
    const item = (at: number): LogFinding =>
      (at < this.findings.length ? this.findings[at] : this.windowFindings[at - this.findings.length]) as LogFinding;
    if (total <= cap) return Array.from({ length: total }, (_, at) => item(at));
    let low = 0;
    let high = total;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (item(middle).startLine < centerLine) low = middle + 1;
      else high = middle;
    }
    const picked: LogFinding[] = [];
    let before = low - 1;
    let after = low;
    while (picked.length < cap && (before >= 0 || after < total)) {
      const isAfterNearer = after < total && (before < 0 || item(after).startLine - centerLine <= centerLine - item(before).startLine);
      picked.push(isAfterNearer ? item(after++) : item(before--));
    }
    return picked;
  }

  private isInWindow(line: number): boolean {
    return this.windows.some((window) => window.from <= line && line <= window.to);
  }

  /** The full scan has every line up to `lines`: windows there are no longer needed. */
  private cover(lines: number): void {
    if (lines <= this.coveredLines) return;
    this.coveredLines = lines;
    if (this.windows.length === 0) return;
    this.windows = this.windows.filter((window) => window.to > lines);
    this.windowFindings = this.windowFindings.filter((finding) => finding.startLine > lines);
    this.windowByLine = new Map();
    for (const finding of this.windowFindings) index(this.windowByLine, finding);
  }
}

function index(byLine: Map<number, LogFinding[]>, finding: LogFinding): void {
  const last = Math.min(finding.endLine, finding.startLine + MAX_INDEXED_LINES - 1);
  for (let line = finding.startLine; line <= last; line++) {
    const list = byLine.get(line);
    if (list) list.push(finding);
    else byLine.set(line, [finding]);
  }
}

export function emptyLevelCounts(): LevelCounts {
  return { informational: 0, low: 0, medium: 0, high: 0, critical: 0 };
}

function byPosition(a: LogFinding, b: LogFinding): number {
  return a.startLine - b.startLine || a.column - b.column;
}
