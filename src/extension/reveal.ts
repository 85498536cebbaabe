// Shows a hit: the log in an editor with the hit's first span selected, when extensions can open the log; for a log over 50 MB, which VS Code does not
// hand to extensions, the filtered view of the log at the hit instead, or the record view on
// request.
import * as vscode from 'vscode';
import type { FilteredViews } from './filtered-view';
import { lineColumnRange } from './positions';
import type { RecordViews } from './record-view';
import type { ReviewHit } from './review-hits';
import { isTooLargeForExtensions } from './review-lines';
import type { WorkspaceFindings } from './workspace-findings';

export interface RevealOptions {
  /** Where to show it: the log (the filtered view when the log is too large), or the record view. */
  in?: 'log' | 'filtered' | 'record';
  preview?: boolean;
  preserveFocus?: boolean;
}

export class Revealer {
  constructor(
    private readonly findings: WorkspaceFindings,
    private readonly filtered: FilteredViews,
    private readonly records: RecordViews,
  ) {}

  /** True when the hit's log is shown in the filtered view rather than opened. */
  isLarge(hit: ReviewHit): boolean {
    return isTooLargeForExtensions(this.findings.sizeOf(hit.log));
  }

  async reveal(hit: ReviewHit, options: RevealOptions = {}): Promise<vscode.TextEditor> {
    const where = options.in === 'record' ? 'record' : options.in === 'filtered' || this.isLarge(hit) ? 'filtered' : 'log';
    const show = { preview: options.preview ?? true, preserveFocus: options.preserveFocus ?? false };
    if (where === 'record') return this.records.show(hit, show);
    if (where === 'filtered') return this.filtered.show(vscode.Uri.parse(hit.log), hit, show);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(hit.log));
    const span = hit.spans[0];
    const selection = span ? lineColumnRange(span, document) : new vscode.Range(hit.line - 1, 0, hit.line - 1, 0);
    const editor = await vscode.window.showTextDocument(document, { ...show, selection });
    editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return editor;
  }
}
