// The formats of `promptsift scan`: text, JSON Lines and the findings of JSON stream as the scan
// goes; the rest of JSON, and SARIF, are written at the end from what was kept. Log text is attacker-written: the text format
// quotes it with JSON.stringify (control characters and ANSI escapes come out escaped).

import type { FileFinding, FileNotice, FileProblem, ScanResult } from '../../runtime/index';
import { paint, type Style } from '../output';
import { sarifLog, type SarifItem, type SarifRule } from './sarif';
import { counted } from './text';
import { docsLink } from '../meta';
import type { Severity } from '../../core/model';

const LEVEL_STYLE: Readonly<Record<string, Style>> = { critical: 'red', high: 'red', medium: 'yellow', low: 'cyan', informational: 'cyan' };

/** What the JSON and SARIF formats print; findings beyond the cap are counted, not kept. */
export interface FindingsReport {
  /** Kept for SARIF (JSON writes them as they come: FindingsJsonWriter). */
  findings: FileFinding[];
  problems: FileProblem[];
  notices: FileNotice[];
  result: ScanResult;
  /** Distinct records (file and line) with at least one finding. */
  flaggedRecords: number;
  /** True when findings beyond `--max-findings` were dropped from `findings`. */
  isTruncated: boolean;
  /** Rule metadata by rule id, for SARIF. */
  rules: Map<string, { title: string; description: string; level: string }>;
}

export function findingLine(finding: FileFinding, isColour: boolean): string {
  const where = paint(`${finding.file}:${finding.startLine}:${finding.column}:`, 'bold', isColour);
  const level = paint(finding.level, LEVEL_STYLE[finding.level] ?? 'cyan', isColour);
  const field = finding.field === '' ? '' : ` in ${finding.field}`;
  return `${where} ${level} ${paint(finding.ruleId, 'dim', isColour)} ${finding.title}: ${JSON.stringify(finding.matched)}${field}\n`;
}

export function problemLine(problem: FileProblem, isColour: boolean): string {
  const where = paint(`${problem.file}:${problem.line}:${problem.column}:`, 'bold', isColour);
  return `${where} ${paint(problem.severity, problem.severity === 'error' ? 'red' : 'yellow', isColour)} ${paint(problem.checkId, 'dim', isColour)} ${problem.message}\n`;
}

export function noticeLine(notice: FileNotice): string {
  const where = notice.kind === 'timeout' && notice.file ? ` (${notice.file}:${notice.line})` : '';
  return `promptsift: rule ${notice.ruleId} ${notice.kind === 'timeout' ? 'timed out' : 'not run'}${where}: ${notice.reason}\n`;
}

/** `3 findings in 2 of 10 records (1 malformed line) in 1 file, 0.1 MB in 0.2 s`. */
export function summaryText(report: Pick<FindingsReport, 'result' | 'flaggedRecords'>): string {
  const { counts, seconds, files, cancelled } = report.result;
  const malformed = counts.malformed > 0 ? ` (${counted(counts.malformed, 'malformed line')})` : '';
  const size = (counts.bytes / 1e6).toFixed(1);
  const state = cancelled ? ' (cancelled)' : '';
  return `${counted(counts.findings, 'finding')} in ${report.flaggedRecords} of ${counted(counts.records, 'record')}${malformed} in ${counted(files.length, 'file')}, ${size} MB in ${seconds.toFixed(2)} s${state}\n`;
}

/** A finding as the JSON formats print it (the documented keys first). */
export function findingJson(finding: FileFinding): object {
  return {
    file: finding.file,
    line: finding.line,
    column: finding.column,
    endColumn: finding.endColumn,
    ruleId: finding.ruleId,
    title: finding.title,
    level: finding.level,
    field: finding.field,
    account_id: finding.account_id ?? null,
    timestamp: finding.timestamp ?? null,
    startLine: finding.startLine,
    endLine: finding.endLine,
    selection: finding.selection,
    modifiers: finding.modifiers,
    value: finding.value,
    matched: finding.matched,
    recordKey: finding.recordKey,
  };
}

export function problemJson(problem: FileProblem): object {
  return { file: problem.file, line: problem.line, message: problem.message, column: problem.column, severity: problem.severity, checkId: problem.checkId, messageId: problem.messageId };
}

export function summaryJson(report: Pick<FindingsReport, 'result' | 'flaggedRecords' | 'isTruncated'>): object {
  const { counts, seconds, files, cancelled } = report.result;
  return {
    records: counts.records,
    findings: counts.findings,
    malformed: counts.malformed,
    bytes: counts.bytes,
    seconds: Number(seconds.toFixed(3)),
    flaggedRecords: report.flaggedRecords,
    lines: counts.lines,
    parsed: counts.parsed,
    withoutPrompt: counts.withoutPrompt,
    warnings: counts.warnings,
    files: files.length,
    truncated: report.isTruncated,
    cancelled,
  };
}

/** How the JSON report starts: the findings come first, so that they can be written as they come. */
const JSON_HEAD = '{\n  "findings": ';

/**
 * Writes the JSON report in pieces: the findings as they come (each on a line of its own, in
 * batches of about 64 kB), then the rest at `finish`. A large report is never held whole.
 */
export class FindingsJsonWriter {
  private count = 0;
  private pending: string[] = [];
  private pendingLength = 0;

  constructor(private readonly write: (text: string) => void) {}

  get written(): number {
    return this.count;
  }

  /** Adds a finding, as `JSON.stringify(findingJson(finding))`. */
  add(findingText: string): void {
    const piece = this.count === 0 ? `${JSON_HEAD}[\n    ${findingText}` : `,\n    ${findingText}`;
    this.count++;
    this.pending.push(piece);
    this.pendingLength += piece.length;
    if (this.pendingLength >= 64 * 1024) this.flush();
  }

  /** Writes the end of the findings and everything after them. */
  finish(report: Pick<FindingsReport, 'problems' | 'notices' | 'result' | 'flaggedRecords' | 'isTruncated'>): void {
    const placeholder = '"\u0000findings"';
    const json = {
      findings: placeholder,
      errors: report.problems.filter((problem) => problem.severity === 'error').map(problemJson),
      warnings: report.problems.filter((problem) => problem.severity !== 'error').map(problemJson),
      notices: report.notices,
      summary: summaryJson(report),
    };
    const text = JSON.stringify(json, null, 2);
    const at = text.indexOf(JSON.stringify(placeholder));
    if (text.slice(0, at) !== JSON_HEAD) throw new Error('the JSON report no longer starts with its findings');
    this.pending.push(this.count === 0 ? `${JSON_HEAD}[]` : '\n  ]', `${text.slice(at + JSON.stringify(placeholder).length)}\n`);
    this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.write(this.pending.join(''));
    this.pending = [];
    this.pendingLength = 0;
  }
}

/** Sigma levels as SARIF severities: high and critical are errors, medium warnings, the rest notes. */
export function levelSeverity(level: string): Severity {
  return level === 'critical' || level === 'high' ? 'error' : level === 'medium' ? 'warning' : 'info';
}

export function formatFindingsSarif(report: FindingsReport): string {
  const ids = [...new Set(report.findings.map((finding) => finding.ruleId))];
  const rules = ids.map((id): SarifRule => {
    const meta = report.rules.get(id);
    const level = meta?.level ?? 'informational';
    return { id, description: meta?.description || meta?.title || id, defaultSeverity: levelSeverity(level), docs: docsLink('rules.md', 'rules') };
  });
  const items = report.findings.map(
    (finding): SarifItem => ({
      ruleId: finding.ruleId,
      severity: levelSeverity(finding.level),
      message: `${finding.title}: ${JSON.stringify(finding.matched)}${finding.field ? ` in ${finding.field}` : ''} (record ${finding.recordKey})`,
      file: finding.file,
      line: finding.startLine,
      column: finding.column,
      endLine: finding.endLine,
      endColumn: finding.endColumn,
    }),
  );
  return `${JSON.stringify(sarifLog(rules, items), null, 2)}\n`;
}
