// The status bar item of log matches: the counts by level for the log in the active editor, the
// progress of its scan (click to stop), a note when the decorations are capped, and for a log too
// large for the editor, the offer to scan it from disk (and then that scan's progress and counts).
import * as vscode from 'vscode';
import { LEVELS } from '../core/model';
import type { FindingDecorations } from './decorations';
import type { LevelCounts } from './findings-store';
import { COMMANDS, INTERNAL_IDS, NAMES, SETTINGS } from './ids';
import type { LogScans } from './log-scans';

const RENDER_MS = 200;

/** A scan of a file from disk (large-logs.ts), while it runs and once it is done. */
export interface DiskScanState {
  uri: vscode.Uri;
  name: string;
  counts: LevelCounts;
  bytesDone: number;
  bytesTotal: number;
  isRunning: boolean;
}

export class FindingsStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(INTERNAL_IDS.findingsStatusItem, vscode.StatusBarAlignment.Right, 99);
  private diskScan: DiskScanState | undefined;
  private tooLarge: vscode.Uri | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly scans: LogScans,
    private readonly decorations: FindingDecorations,
  ) {
    this.item.name = NAMES.findingsStatusItem;
    this.subscriptions = [
      this.item,
      scans.onDidChange(() => this.renderSoon()),
      decorations.onDidRefresh(() => this.renderSoon()),
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
    ];
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  setDiskScan(state: DiskScanState | undefined): void {
    this.diskScan = state;
    this.renderSoon();
  }

  /** The active tab shows a log VS Code does not hand to extensions (or no longer does). */
  setTooLarge(uri: vscode.Uri | undefined): void {
    this.tooLarge = uri;
    this.render();
  }

  private renderSoon(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.render();
    }, RENDER_MS);
  }

  private render(): void {
    const disk = this.diskScan;
    if (disk && (disk.isRunning || disk.uri.toString() === this.tooLarge?.toString())) return this.showDiskScan(disk);
    if (this.tooLarge) {
      return this.show('$(file-binary) PromptSift: scan from disk', { command: COMMANDS.scanLogFromDisk, title: 'Scan from disk', arguments: [this.tooLarge] },
        'This log is larger than the 50 MB VS Code hands to extensions, so PromptSift cannot decorate it in the editor. ' +
        'Click to scan it from disk; its matches go to the Problems panel.');
    }
    const editor = vscode.window.activeTextEditor;
    const view = editor ? this.scans.view(editor.document) : undefined;
    if (!editor || view?.kind !== 'current') return this.hide();
    const { findings } = view;
    const summary = summarise(findings.counts);
    const [decorated] = this.decorations.decorationsOf(editor.document.uri.toString());
    const found = LEVELS.reduce((sum, level) => sum + findings.counts[level], 0);
    const capNote = decorated && decorated.shown < found ? ` (${decorated.shown.toLocaleString('en-US')} shown)` : '';
    const capTip = capNote
      ? `\nOnly the ${decorated?.shown.toLocaleString('en-US')} matches nearest the lines on screen are decorated (${SETTINGS.decorationsMaxPerEditor}: ${decorated?.cap}).`
      : '';
    if (findings.failure) return this.show('$(error) PromptSift: scan failed', COMMANDS.showOutput, `The scan of this log failed: ${findings.failure}`);
    if (!findings.isComplete && !findings.isCancelled) {
      const percent = findings.bytesTotal > 0 ? Math.floor((100 * findings.bytesDone) / findings.bytesTotal) : 0;
      return this.show(`$(sync~spin) PromptSift ${percent}%: ${summary}${capNote}`, COMMANDS.stopLogScans, `Scanning this log: ${summary} so far.${capTip}\nClick to stop.`);
    }
    const stopped = findings.isCancelled ? ' (stopped)' : '';
    this.show(`$(shield) PromptSift: ${summary}${capNote}${stopped}`, 'workbench.actions.view.problems', `Matches in this log: ${summary}${stopped}.${capTip}\nClick to show the Problems panel.`);
  }

  private showDiskScan(disk: DiskScanState): void {
    const summary = summarise(disk.counts);
    const percent = disk.bytesTotal > 0 ? Math.floor((100 * disk.bytesDone) / disk.bytesTotal) : 0;
    if (disk.isRunning) return this.show(`$(sync~spin) PromptSift ${disk.name} ${percent}%: ${summary}`, COMMANDS.stopLogScans, `Scanning ${disk.name} from disk: ${summary} so far.\nClick to stop.`);
    this.show(`$(shield) PromptSift: ${summary}`, 'workbench.actions.view.problems', `Matches in ${disk.name}, scanned from disk: ${summary}.\nClick to show the Problems panel.`);
  }

  private show(text: string, command: string | vscode.Command, tooltip: string): void {
    this.item.text = text;
    this.item.command = command;
    this.item.tooltip = tooltip;
    this.item.show();
  }

  private hide(): void {
    this.item.hide();
  }
}

/** "2 critical, 5 high" from the most severe level down; "no matches" when there is none. */
export function summarise(counts: LevelCounts): string {
  const parts = [...LEVELS].reverse().filter((level) => counts[level] > 0).map((level) => `${counts[level].toLocaleString('en-US')} ${level}`);
  return parts.length > 0 ? parts.join(', ') : 'no matches';
}
