// Matches in logs, and the problems of log lines, as diagnostics in a collection of their own, so
// that the Problems panel and Error Lens show them: source PromptSift, code = the rule id (linking
// to the line of the rule value that matched), message = the rule title and the matched text.
// `promptsift.findings.diagnostics` turns them off; `promptsift.findings.minimumLevel` applies here
// as everywhere, since lower levels are not scanned for.
import * as vscode from 'vscode';
import { LEVELS, type Level } from '../core/model';
import type { LineProblem } from '../core/scan/index';
import { quoteExcerpt } from './hover-content';
import { INTERNAL_IDS, NAMES } from './ids';
import type { LogFinding } from './log-scan-protocol';
import type { LogScans, ScanChange } from './log-scans';
import { affectsFindingDiagnostics, isShowingFindingDiagnostics } from './log-settings';
import { lineColumnRange } from './positions';
import { findingRule, type FindingRule } from './rule-lookup';
import type { RulePacks } from './rule-packs';

/** VS Code lists at most 1000 diagnostics of a file; we choose which: the most severe first. */
export const MAX_DIAGNOSTICS_PER_FILE = 1000;
const BATCH_REFRESH_MS = 1000;

const SEVERITY_OF_LEVEL: Record<Level, vscode.DiagnosticSeverity> = {
  critical: vscode.DiagnosticSeverity.Error,
  high: vscode.DiagnosticSeverity.Error,
  medium: vscode.DiagnosticSeverity.Warning,
  low: vscode.DiagnosticSeverity.Information,
  informational: vscode.DiagnosticSeverity.Hint,
};

export class LogDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(INTERNAL_IDS.findingsCollection);
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly packs: RulePacks,
    private readonly scans: LogScans,
  ) {
    this.subscriptions = [
      this.collection,
      scans.onDidChange((change) => this.onScanChange(change)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affectsFindingDiagnostics(event)) vscode.workspace.textDocuments.forEach((document) => this.refresh(document.uri.toString()));
      }),
    ];
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  /** Shows `findings` and `problems` for the file at `uri`, whether or not an editor has it open. */
  show(uri: vscode.Uri, findings: readonly LogFinding[], problems: readonly LineProblem[], document?: vscode.TextDocument): number {
    if (!isShowingFindingDiagnostics(uri)) {
      this.collection.delete(uri);
      return 0;
    }
    const rules = new Map<string, FindingRule | undefined>();
    const ruleOf = (finding: LogFinding) => {
      const key = `${finding.pack}\n${finding.ruleSource}\n${finding.ruleId}\n${finding.ruleOffset}`;
      if (!rules.has(key)) rules.set(key, findingRule(this.packs, finding));
      return rules.get(key);
    };
    const diagnostics: vscode.Diagnostic[] = problems.slice(0, MAX_DIAGNOSTICS_PER_FILE).map((problem) => problemDiagnostic(problem, document));
    for (const level of [...LEVELS].reverse()) {
      for (const finding of findings) {
        if (diagnostics.length >= MAX_DIAGNOSTICS_PER_FILE) break;
        if (finding.level === level) diagnostics.push(findingDiagnostic(finding, ruleOf(finding), document));
      }
    }
    this.collection.set(uri, diagnostics);
    return diagnostics.length;
  }

  clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
  }

  private onScanChange(change: ScanChange): void {
    if (change.kind === 'window') return;
    if (change.kind !== 'batch') {
      clearTimeout(this.timers.get(change.uri));
      this.timers.delete(change.uri);
      return this.refresh(change.uri);
    }
    if (this.timers.has(change.uri)) return;
    this.timers.set(change.uri, setTimeout(() => {
      this.timers.delete(change.uri);
      this.refresh(change.uri);
    }, BATCH_REFRESH_MS));
  }

  private refresh(key: string): void {
    const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === key);
    const view = document ? this.scans.view(document) : { kind: 'none' as const };
    if (view.kind === 'stale') return;
    const uri = document?.uri ?? vscode.Uri.parse(key);
    if (view.kind === 'none') this.collection.delete(uri);
    else this.show(uri, view.findings.fullScan, view.findings.problems, document);
  }
}

function findingDiagnostic(finding: LogFinding, rule: FindingRule | undefined, document: vscode.TextDocument | undefined): vscode.Diagnostic {
  const excerpt = finding.matched === '' ? '' : `: ${quoteExcerpt(finding.matched)}`;
  const severity = SEVERITY_OF_LEVEL[finding.level as Level] ?? vscode.DiagnosticSeverity.Warning;
  const diagnostic = new vscode.Diagnostic(lineColumnRange(finding, document), `${finding.title}${excerpt}`, severity);
  diagnostic.source = NAMES.diagnosticSource;
  diagnostic.code = rule ? { value: finding.ruleId, target: rule.fileUri.with({ fragment: `L${rule.line}` }) } : finding.ruleId;
  return diagnostic;
}

function problemDiagnostic(problem: LineProblem, document: vscode.TextDocument | undefined): vscode.Diagnostic {
  const range = lineColumnRange({ startLine: problem.line, column: problem.column, endLine: problem.line, endColumn: problem.column + 1 }, document);
  const severity = problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
  const diagnostic = new vscode.Diagnostic(range, problem.message, severity);
  diagnostic.source = NAMES.diagnosticSource;
  diagnostic.code = problem.checkId;
  return diagnostic;
}
