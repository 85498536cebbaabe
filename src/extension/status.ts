// The status bar item: how much PromptSift lints, and whether it has hit a bug of its own. Clicking
// it shows the output.
import * as vscode from 'vscode';
import { COMMANDS, INTERNAL_IDS, NAMES } from './ids';

export interface LintSummary {
  packs: number;
  files: number;
  errors: number;
  warnings: number;
  infos: number;
}

export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(INTERNAL_IDS.statusItem, vscode.StatusBarAlignment.Right, 100);
  private summary: LintSummary | undefined;
  /** What failed, with the error's message, until it works again. */
  private readonly failures = new Map<string, string>();

  constructor() {
    this.item.name = NAMES.statusItem;
    this.item.command = COMMANDS.showOutput;
  }

  dispose(): void {
    this.item.dispose();
  }

  showSummary(summary: LintSummary): void {
    this.summary = summary;
    this.render();
  }

  setFailure(where: string, message: string): void {
    this.failures.set(where, message);
    this.render();
  }

  clearFailure(where: string): void {
    if (this.failures.delete(where)) this.render();
  }

  private render(): void {
    const [failure] = this.failures;
    if (failure) {
      const [where, message] = failure;
      this.item.text = '$(error) PromptSift';
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      this.item.tooltip = `PromptSift failed while ${where}: ${message}\nClick to show the output.`;
      this.item.show();
      return;
    }
    this.item.backgroundColor = undefined;
    const summary = this.summary;
    if (!summary || summary.files === 0) {
      this.item.hide();
      return;
    }
    this.item.text = '$(shield) PromptSift';
    this.item.tooltip =
      `PromptSift lints ${count(summary.files, 'rule file')} in ${count(summary.packs, 'pack')}: ` +
      `${count(summary.errors, 'error')}, ${count(summary.warnings, 'warning')}, ${count(summary.infos, 'info')}.\n` +
      'Click to show the output.';
    this.item.show();
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 || noun === 'info' ? '' : 's'}`;
}
