// The status bar item of the review: the workspace's findings and their triage (flagged, confirmed,
// false positives, to review), the progress of a scan of the logs (click to stop it), and in
// Restricted Mode, that no rule runs over logs (click to manage trust).
import * as vscode from 'vscode';
import { COMMANDS, INTERNAL_IDS, NAMES, VIEWS } from './ids';
import type { Triage } from './triage';
import type { WorkspaceFindings } from './workspace-findings';

const RENDER_MS = 200;

export class ReviewStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(INTERNAL_IDS.reviewStatusItem, vscode.StatusBarAlignment.Right, 98);
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly findings: WorkspaceFindings,
    private readonly triage: Triage,
    private readonly hasPacks: () => boolean,
  ) {
    this.item.name = NAMES.reviewStatusItem;
    this.subscriptions = [
      this.item,
      findings.onDidChange(() => this.renderSoon()),
      findings.onDidProgress(() => this.renderSoon()),
      triage.onDidChange(() => this.renderSoon()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.render()),
    ];
    this.render();
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  /** What the item shows, for tests. */
  get shown(): { text: string; tooltip: string; isVisible: boolean } {
    return { text: this.item.text, tooltip: typeof this.item.tooltip === 'string' ? this.item.tooltip : '', isVisible: this.isVisible };
  }

  private isVisible = false;

  renderSoon(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.render();
    }, RENDER_MS);
  }

  private render(): void {
    const state = this.findings.state;
    if (state.isRestricted) {
      if (!this.hasPacks()) return this.hide();
      return this.show('$(workspace-untrusted) PromptSift: rules not run', 'workbench.trust.manage',
        'Restricted Mode: PromptSift lints the rules of this workspace but runs none of them (no matches in logs, no findings, no hit counts, no inline tests), ' +
        'since a rule pack is code from the workspace. Click to manage workspace trust.');
    }
    if (!state.hasStarted) return this.hide();
    if (state.isScanning) {
      const percent = state.bytesTotal > 0 ? ` ${Math.floor((100 * state.bytesDone) / state.bytesTotal)}%` : '';
      return this.show(`$(sync~spin) PromptSift review${percent}`, COMMANDS.stopLogScans, `Scanning ${state.logs} log(s) for the findings view.\nClick to stop.`);
    }
    const counts = this.triage.counts(this.findings.hits());
    const text = `$(checklist) ${counts.flagged} flagged \u00b7 ${counts.confirmed} confirmed \u00b7 ${counts.falsePositive} FP \u00b7 ${counts.toReview} to review`;
    const capped = state.leftOut > 0 ? `\n${state.leftOut.toLocaleString('en-US')} more findings were found but not listed.` : '';
    const stopped = state.wasStopped ? '\nThe last scan was stopped: some findings are missing.' : '';
    this.show(text, `${VIEWS.findings}.focus`,
      `Findings in ${state.logs} log(s): ${counts.flagged} flagged, ${counts.confirmed} confirmed, ${counts.falsePositive} false positive(s), ${counts.toReview} to review (not marked yet, or marked as needing review).${capped}${stopped}\nClick to show the findings.`);
  }

  private show(text: string, command: string, tooltip: string): void {
    this.item.text = text;
    this.item.command = command;
    this.item.tooltip = tooltip;
    this.item.show();
    this.isVisible = true;
  }

  private hide(): void {
    this.item.hide();
    this.isVisible = false;
  }
}
