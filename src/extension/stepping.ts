// Next and previous finding, across logs, in the findings tree's order. A step goes on from the
// hit the last step showed while its selection is still there; otherwise from the cursor in a log
// (the nearest hit of that log after or before it), else from the start. The tree follows along.
import * as vscode from 'vscode';
import type { FindingsTree } from './findings-tree';
import { logOfFiltered } from './filtered-view';
import { recordTarget } from './record-view';
import type { Revealer, RevealOptions } from './reveal';
import { stepIndex, type ReviewHit, type StepAnchor } from './review-hits';
import type { WorkspaceFindings } from './workspace-findings';

interface LastStep {
  hitId: string;
  /** The document the step showed the hit in, and the selection it set there. */
  document: string;
  selection: vscode.Range;
}

export class Stepper {
  private last: LastStep | undefined;

  constructor(
    private readonly findings: WorkspaceFindings,
    private readonly tree: FindingsTree,
    private readonly revealer: Revealer,
  ) {}

  /** Shows the next (1) or previous (-1) hit; resolves with it, or undefined when there is none. */
  async step(direction: 1 | -1): Promise<ReviewHit | undefined> {
    if (!this.findings.state.hasStarted || this.findings.state.isScanning) {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'PromptSift: scanning the logs' }, () => this.findings.start());
    }
    const order = this.tree.order();
    const found = stepIndex(order, this.anchor(), direction);
    const hit = found && order[found.index];
    if (!found || !hit) {
      const restricted = this.findings.state.isRestricted ? ' (Restricted Mode: no rule runs over logs)' : '';
      void vscode.window.showInformationMessage(`PromptSift has no findings to step through${restricted}.`);
      return undefined;
    }
    return this.showStep(hit, found.index, order.length, found.hasWrapped);
  }

  /** Shows `hit` as a step would, so that the next step goes on from it (a click in the tree uses this). */
  async show(hit: ReviewHit, options: RevealOptions = {}): Promise<ReviewHit> {
    const editor = await this.revealer.reveal(hit, options);
    this.last = { hitId: hit.id, document: editor.document.uri.toString(), selection: editor.selection };
    return hit;
  }

  private async showStep(hit: ReviewHit, index: number, total: number, hasWrapped: boolean): Promise<ReviewHit> {
    await this.show(hit);
    void this.tree.reveal(hit);
    const wrapped = hasWrapped ? ` (wrapped to the ${index === 0 ? 'first' : 'last'})` : '';
    vscode.window.setStatusBarMessage(`PromptSift: finding ${index + 1} of ${total}${wrapped}`, 4000);
    return hit;
  }

  private anchor(): StepAnchor {
    const editor = vscode.window.activeTextEditor;
    const last = this.last;
    if (!editor) return last && { hitId: last.hitId };
    const uri = editor.document.uri;
    if (last && uri.toString() === last.document && editor.selection.isEqual(last.selection)) return { hitId: last.hitId };
    // Moved on in a view of ours, or in a file without hits: go on from the hit shown last; in a log: from the cursor.
    const key = uri.toString();
    if (logOfFiltered(uri) || recordTarget(uri) || !this.findings.hits().some((hit) => hit.log === key)) return last && { hitId: last.hitId };
    const position = editor.selection.active;
    return { log: key, line: position.line + 1, column: position.character + 1 };
  }
}
