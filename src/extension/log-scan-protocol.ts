// Messages between the extension host and its log-scan worker (log-scan-worker.ts). Plain data
// only; no `vscode` import, because the worker bundle must not need one.
import type { FieldMap, LogFormat } from '../core/logs/index';
import type { Level, SourceText } from '../core/model';
import type { Finding, LineProblem, RuleAnalysis, RuleNotice, ScanCounts } from '../core/scan/index';

/** Lines of a log scanned ahead of the rest: the text of the lines from `firstLine` (1-based) on. */
export interface ScanWindow {
  firstLine: number;
  text: string;
}

/** A finding with the key of the pack whose rule made it, so the hover finds the right rule file. */
export type LogFinding = Finding & { pack: string };

/** What to scan: a file the worker reads itself (an open, unmodified document), or the editor's text. */
export type ScanSourceText = { path: string } | { text: string };

export type ToWorker =
  /** The rule files of a pack, with the least level kept: rules below it are left out of the plan. */
  | { type: 'rules'; pack: string; files: SourceText[]; fieldMap?: FieldMap; minimumLevel: Level }
  | { type: 'forget'; pack: string }
  /** Scans `windows` first, then all of `source` (none: the windows only). */
  | { type: 'scan'; id: number; packs: string[]; source?: ScanSourceText; format: LogFormat; windows: ScanWindow[] }
  /** One more window for a scan in progress, e.g. after the user scrolled. */
  | { type: 'window'; id: number; window: ScanWindow }
  | { type: 'cancel'; id: number }
  /** The regex analysis of each rule file of a pack (for the runtime's scanLogs). */
  | { type: 'analysis'; id: number; pack: string };

export type FromWorker =
  /** A pack's plan is ready: how many rules it runs, and the rules it does not run (and why). */
  | { type: 'planned'; pack: string; rules: number; notices: RuleNotice[]; ms: number }
  /** Work goes on (a long plan, say), for the watchdog. */
  | { type: 'alive' }
  /** Every finding of lines `from`..`to` (1-based, inclusive). */
  | { type: 'window'; id: number; from: number; to: number; findings: LogFinding[] }
  /** Findings and problems of the full scan so far, in line order; `lines`: lines done so far. */
  | { type: 'batch'; id: number; findings: LogFinding[]; problems: LineProblem[]; lines: number; bytesDone: number; bytesTotal: number }
  | { type: 'done'; id: number; counts: ScanCounts; isCancelled: boolean }
  | { type: 'failed'; id: number; message: string }
  | { type: 'analysis'; id: number; files?: FileAnalysis[] };

/** A rule file's regex analysis (one per detection rule, in order), and whether it has a rule at or above the least level. */
export interface FileAnalysis {
  name: string;
  analysis: RuleAnalysis[];
  hasKeptRule: boolean;
}
