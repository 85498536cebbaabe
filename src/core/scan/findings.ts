// What a scan reports: findings, problems of log lines, rules it could not run, and its counts.
// Plain data only (no class instances, no functions), so that it crosses worker boundaries as is.
// Nothing here names a file: the runtime and the shells attach it.

import type { Severity } from '../model';

/**
 * One underlined range of one rule's match in one record. A match whose text spans several raw
 * pieces (turns joined into `prompt`, say) gives one finding per piece. Lines and columns are
 * 1-based; columns count UTF-16 code units of the raw line (a byte-order mark is not counted);
 * `endColumn` is exclusive, as in SARIF.
 */
export interface Finding {
  /** Line where the record starts. */
  line: number;
  /** Line and column of the range; `startLine` differs from `line` only in multi-line CSV records. */
  startLine: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The rule's `id`, else its `name`, else its title. */
  ruleId: string;
  title: string;
  level: string;
  /** Where the rule source file put the rule, for links back to it. */
  ruleSource: string;
  ruleOffset: number;
  /** The evidence path: a taxonomy field (`prompt`) or a raw dotted path (`body.messages.0.content`). */
  field: string;
  selection: string;
  modifiers: string[];
  /** The rule value (pattern) that matched, as written in the rule. */
  value: string;
  /** The matched text as decoded (at most MATCHED_TEXT_LIMIT characters). Attacker-written: escape it. */
  matched: string;
  account_id?: string;
  timestamp?: string;
  /** `request_id` of the record, else `line:` and a hash of the raw line: stable across re-scans. */
  recordKey: string;
}

export const MATCHED_TEXT_LIMIT = 200;

/** A problem of a log line, by line and column instead of offsets. */
export interface LineProblem {
  line: number;
  column: number;
  checkId: string;
  messageId: string;
  severity: Severity;
  message: string;
  data?: Record<string, string>;
}

/** A rule the scan does not run (or stopped running), and why. */
export interface RuleNotice {
  ruleId: string;
  title: string;
  ruleSource: string;
  kind: 'not-compiled' | 'refused' | 'timeout';
  reason: string;
  /** For a timeout: the record's line (the runtime adds the file). */
  line?: number;
}

/** Counts of one scan (or one part of one, to be added up). */
export interface ScanCounts {
  bytes: number;
  lines: number;
  /** Non-blank lines read as records (CSV rows count once). */
  records: number;
  /** Records decoded and parsed in full (the prefilter let the others through unread). */
  parsed: number;
  /** Parsed records without a prompt. */
  withoutPrompt: number;
  findings: number;
  /** Lines (or CSV records) that could not be read: errors of the `log-malformed` check. */
  malformed: number;
  /** Warnings about records that were read (encoding, timestamps, CSV field counts). */
  warnings: number;
}

export function emptyCounts(): ScanCounts {
  return { bytes: 0, lines: 0, records: 0, parsed: 0, withoutPrompt: 0, findings: 0, malformed: 0, warnings: 0 };
}

/** Adds `more` into `into`. */
export function addCounts(into: ScanCounts, more: ScanCounts): void {
  for (const key of Object.keys(into) as (keyof ScanCounts)[]) into[key] += more[key];
}

/** Where a scan sends what it finds, as it finds it. */
export interface ScanSink {
  finding(finding: Finding): void;
  problem(problem: LineProblem): void;
  notice?(notice: RuleNotice): void;
}
