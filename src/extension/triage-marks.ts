// The triage verdicts in the gutter of log editors: an icon on the line of each marked record
// (confirmed, false positive, needs review), for the visible editors only, set again when marks or
// findings change.
import * as vscode from 'vscode';
import { addMark, emptyMarks, type SpanMarks } from './span-marks';
import type { Triage } from './triage';
import type { WorkspaceFindings } from './workspace-findings';

const REFRESH_MS = 200;

export class TriageMarks implements vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly findings: WorkspaceFindings,
    private readonly triage: Triage,
    private readonly marks: SpanMarks,
  ) {
    this.subscriptions = [
      findings.onDidChange(() => this.refreshSoon()),
      triage.onDidChange(() => this.refreshSoon()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.refresh()),
    ];
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  /** The lines marked in each visible log editor, by verdict (0-based), for tests. */
  verdictLines(uri: string): Record<string, number[]> {
    const lines: Record<string, number[]> = {};
    for (const hit of this.findings.hits()) {
      const verdict = hit.log === uri ? this.triage.markOf(hit)?.verdict : undefined;
      if (verdict) (lines[verdict] ??= []).push(hit.line - 1);
    }
    return lines;
  }

  private refreshSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), REFRESH_MS);
  }

  private refresh(): void {
    const editors = vscode.window.visibleTextEditors.filter((editor) => editor.document.uri.scheme === 'file');
    if (editors.length === 0) return;
    const byLog = new Map<string, ReturnType<typeof emptyMarks>>();
    for (const editor of editors) byLog.set(editor.document.uri.toString(), emptyMarks());
    for (const hit of this.findings.hits()) {
      const marks = byLog.get(hit.log);
      const verdict = marks && this.triage.markOf(hit)?.verdict;
      if (marks && verdict) addMark(marks.verdicts, verdict, new vscode.Range(hit.line - 1, 0, hit.line - 1, 0));
    }
    for (const editor of editors) this.marks.set(editor, { verdicts: (byLog.get(editor.document.uri.toString()) ?? emptyMarks()).verdicts });
  }
}
