// Logs too large for the editor. VS Code hands no file over 50 MB to extensions (no document, no
// events, no decorations), so such a log is scanned from disk on the runtime's worker threads, with
// progress and cancellation, and its most severe matches become diagnostics, which VS Code shows in
// that editor (as squiggles) and in the Problems panel. The status item offers the scan when the
// active tab holds such a log. Any log can be scanned this way, e.g. one that is not open.
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LEVELS, type Level, type SourceText } from '../core/model';
import type { LineProblem, RuleAnalysis } from '../core/scan/index';
import { scanLogs } from '../runtime/index';
import type { BugReporter } from './errors';
import { emptyLevelCounts, MAX_KEPT_FINDINGS } from './findings-store';
import type { DiskScanState, FindingsStatus } from './findings-status';
import { summarise } from './findings-status';
import type { LogDiagnostics } from './log-diagnostics';
import type { LogFinding } from './log-scan-protocol';
import type { LogScans } from './log-scans';
import { readMinimumLevel } from './log-settings';
import type { RulePack, RulePacks } from './rule-packs';

/** `TextModel._MODEL_SYNC_LIMIT` in VS Code: larger files never reach extensions. */
export const SYNC_LIMIT_BYTES = 50 * 1024 * 1024;

export interface DiskScanSummary {
  uri: string;
  counts: DiskScanState['counts'];
  diagnostics: number;
  problems: number;
  seconds: number;
  isCancelled: boolean;
}

export class LargeLogs implements vscode.Disposable {
  private running: AbortController | undefined;
  /** Watchers that drop the diagnostics of a file scanned from disk once it is deleted. */
  private readonly watchers = new Map<string, vscode.Disposable>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly packs: RulePacks,
    private readonly scans: LogScans,
    private readonly diagnostics: LogDiagnostics,
    private readonly status: FindingsStatus,
    private readonly bugs: BugReporter,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions = [
      vscode.window.tabGroups.onDidChangeTabs(() => void this.checkActiveTab()),
      vscode.window.onDidChangeActiveTextEditor(() => void this.checkActiveTab()),
      // A log opened before the packs loaded is known as one only once they have.
      packs.onDidChange(() => void this.checkActiveTab()),
    ];
  }

  dispose(): void {
    this.running?.abort();
    for (const watcher of this.watchers.values()) watcher.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  stop(): boolean {
    const running = this.running;
    running?.abort();
    return running !== undefined;
  }

  /** Scans the log at `target` (a Uri, or asks for one) from disk; resolves with what it found. */
  async scanFromDisk(target: unknown): Promise<DiskScanSummary | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Restricted Mode: PromptSift lints the rules of this workspace but runs none of them over logs. Trust the workspace to scan its logs.');
      return undefined;
    }
    const uri = target instanceof vscode.Uri ? target : await pickLog();
    if (!uri) return undefined;
    const name = path.basename(uri.fsPath);
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    let packs = this.scans.packsOf(uri);
    if (packs.length === 0) packs = this.packs.all().filter((pack) => pack.files.size > 0 && pack.folder.uri.toString() === folder?.uri.toString());
    if (uri.scheme !== 'file' || packs.length === 0) {
      void vscode.window.showWarningMessage(`PromptSift has no rule pack to scan ${name} with: open it in a workspace folder that has rules.`);
      return undefined;
    }
    this.running?.abort();
    const controller = (this.running = new AbortController());
    const minimum = LEVELS.indexOf(readMinimumLevel(folder));
    const state: DiskScanState = { uri, name, counts: emptyLevelCounts(), bytesDone: 0, bytesTotal: 0, isRunning: true };
    const kept: LogFinding[] = [];
    const problems: LineProblem[] = [];
    const started = performance.now();
    let isCancelled = false;
    const where = `scanning ${vscode.workspace.asRelativePath(uri)} from disk`;
    try {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `PromptSift: scanning ${name}`, cancellable: true }, async (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        for (const [index, pack] of packs.entries()) {
          const { rules, analysis } = await this.rulesToRun(pack);
          const result = await scanLogs(
            { rules, fieldMap: pack.config.fieldMap, sources: [{ kind: 'file', path: uri.fsPath, name }], signal: controller.signal, ...(analysis ? { analysis } : {}) },
            {
              onFinding: (finding) => {
                if (LEVELS.indexOf(finding.level as Level) < minimum) return;
                state.counts[finding.level as Level]++;
                if (kept.length < MAX_KEPT_FINDINGS) kept.push({ ...finding, pack: pack.key });
              },
              onProblem: (problem) => {
                if (index === 0) problems.push(problem);
              },
              onProgress: ({ bytesDone, bytesTotal }) => {
                Object.assign(state, { bytesDone: bytesDone + index * bytesTotal, bytesTotal: bytesTotal * packs.length });
                progress.report({ message: `${Math.floor((100 * state.bytesDone) / Math.max(1, state.bytesTotal))}%: ${summarise(state.counts)}` });
                this.status.setDiskScan({ ...state });
              },
            },
          );
          isCancelled ||= result.cancelled;
          if (isCancelled) break;
        }
      });
      this.bugs.recovered(where);
    } catch (error) {
      this.bugs.report(where, error);
      return undefined;
    } finally {
      if (this.running === controller) this.running = undefined;
      this.status.setDiskScan({ ...state, isRunning: false });
    }
    const seconds = (performance.now() - started) / 1000;
    const diagnostics = this.diagnostics.show(uri, kept, problems);
    this.watchDeletion(uri);
    const stopped = isCancelled ? ' (stopped)' : '';
    this.log.info(`Scanned ${vscode.workspace.asRelativePath(uri)} from disk in ${seconds.toFixed(1)} s${stopped}: ${summarise(state.counts)}, ${problems.length} line problem(s)`);
    void vscode.window.showInformationMessage(`PromptSift scanned ${name}${stopped}: ${summarise(state.counts)}. The most severe are in the Problems panel.`);
    return { uri: uri.toString(), counts: state.counts, diagnostics, problems: problems.length, seconds, isCancelled };
  }

  /**
   * The pack's rule files that hold a rule at or above the least level, with the worker's regex
   * analysis of them. Leaving out files of enrichment rules alone matters: such a rule often needs
   * no literal, and one such rule makes the scan parse every line.
   */
  private async rulesToRun(pack: RulePack): Promise<{ rules: SourceText[]; analysis?: RuleAnalysis[] }> {
    this.scans.sendRules(pack);
    const all = this.scans.rulesOf(pack);
    const files = await this.scans.worker.analysis(pack.key);
    if (!files || files.length !== all.length || files.some((file, index) => file.name !== all[index]?.name)) return { rules: all };
    const kept = all.filter((_rule, index) => files[index]?.hasKeptRule);
    return { rules: kept, analysis: files.filter((file) => file.hasKeptRule).flatMap((file) => file.analysis) };
  }

  private watchDeletion(uri: vscode.Uri): void {
    const key = uri.toString();
    if (this.watchers.has(key)) return;
    const pattern = new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), path.posix.basename(uri.path));
    const watcher = vscode.workspace.createFileSystemWatcher(pattern, true, true, false);
    const subscription = watcher.onDidDelete(() => {
      this.diagnostics.clear(uri);
      this.watchers.get(key)?.dispose();
      this.watchers.delete(key);
    });
    this.watchers.set(key, vscode.Disposable.from(subscription, watcher));
  }

  /** Offers the scan from disk in the status bar while the active tab shows a log too large for extensions. */
  private async checkActiveTab(): Promise<void> {
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    const uri = input instanceof vscode.TabInputText ? input.uri : undefined;
    const isSynced = uri && vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString());
    if (!uri || isSynced || uri.scheme !== 'file' || !this.scans.isLog(uri)) return this.status.setTooLarge(undefined);
    const size = await stat(uri.fsPath).then((info) => info.size, () => 0);
    this.status.setTooLarge(size > SYNC_LIMIT_BYTES ? uri : undefined);
  }
}

async function pickLog(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Scan',
    title: 'Scan a prompt log from disk',
    filters: { 'Prompt logs': ['jsonl', 'ndjson', 'jsonlines', 'csv', 'tsv', 'log', 'txt'], 'All files': ['*'] },
    ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
  });
  return picked?.[0];
}
