// When the campaign statistics are computed, over what, and where: the chosen pack's rules (as the
// editor has them) over its logs on disk, on a worker thread of their own. A run starts when the
// view is shown and something changed: a pause after rule edits (longer while typing) or after a
// log changed on disk, at once on a refresh. A newer run stops the older one; nothing runs while
// the view is hidden, it only remembers that the figures are stale.
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { computeStats, type ExcludedMatch, type StatsRunResult } from '../runtime/stats-compute';
import type { PanelStatus } from '../shared/messages';
import type { BugReporter } from './errors';
import type { LogScans } from './log-scans';
import { affectsLogDiscovery } from './log-settings';
import type { PackChange, RulePack, RulePacks } from './rule-packs';

/** Records kept per campaign, account, template and rule for stepping through them. */
export const REFS_PER_ITEM = 50;
const TYPING_DELAY_MS = 1500;
const CHANGE_DELAY_MS = 500;
const LOG_DELAY_MS = 1000;

export interface ComputedStats {
  result: StatsRunResult;
  pack: RulePack;
  /** The logs read, by the name the statistics know them by (the URI as a string). */
  logs: ReadonlyMap<string, vscode.Uri>;
  computedAt: number;
}

/** A log line (and rule) a reviewer marked as a false positive; see `excludeMatches`. */
export interface ExcludedLogMatch {
  log: vscode.Uri;
  line: number;
  /** The rule's key (its name, else id, else title); every rule on the line when absent. */
  rule?: string;
}

export class StatsRuns implements vscode.Disposable {
  private status: PanelStatus = { kind: 'waiting' };
  private packKey: string | undefined;
  private computed: ComputedStats | undefined;
  private running: AbortController | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private isVisible = false;
  private isStale = true;
  /** What the last finished run read, so that a change that changes nothing does not run again. */
  private lastSignature = '';
  private excluded: readonly ExcludedLogMatch[] = [];
  private readonly changes = new vscode.EventEmitter<'status' | 'result'>();
  readonly onDidChange = this.changes.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly packs: RulePacks,
    private readonly scans: LogScans,
    private readonly bugs: BugReporter,
    private readonly workerPath = join(__dirname, 'stats-worker.js'),
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.subscriptions = [
      this.changes,
      watcher,
      watcher.onDidChange((uri) => this.onLogChanged(uri)),
      watcher.onDidCreate((uri) => this.onLogChanged(uri)),
      watcher.onDidDelete((uri) => this.onLogChanged(uri)),
      packs.onDidChange((change) => this.onPacksChanged(change)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.markStale(0)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affectsLogDiscovery(event)) this.markStale(CHANGE_DELAY_MS);
      }),
    ];
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.running?.abort();
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  get state(): { status: PanelStatus; packs: RulePack[]; pack: RulePack | undefined; computed: ComputedStats | undefined } {
    return { status: this.status, packs: this.choices(), pack: this.currentPack(), computed: this.computed };
  }

  /** The view was shown or hidden: stale figures are computed again when it is shown. */
  setVisible(isVisible: boolean): void {
    this.isVisible = isVisible;
    if (isVisible && this.isStale && !this.running && this.timer === undefined) this.schedule(0);
  }

  choosePack(index: number): void {
    const pack = this.choices()[index];
    if (!pack || pack.key === this.packKey) return;
    this.packKey = pack.key;
    this.computed = undefined;
    this.lastSignature = '';
    this.changes.fire('result');
    this.markStale(0);
  }

  /**
   * The hook for triage: matches reviewers marked as false positives are taken as no match (their
   * records still count as requests). Setting them computes the figures again.
   */
  excludeMatches(matches: readonly ExcludedLogMatch[]): void {
    this.excluded = [...matches];
    this.markStale(CHANGE_DELAY_MS);
  }

  /** Computes now, even when nothing seems to have changed; resolves when done. */
  refresh(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.lastSignature = '';
    return this.run();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.running) return;
    this.running.abort();
    this.running = undefined;
    this.setStatus({ kind: 'stopped' });
  }

  /** Packs with rule files, in a stable order: the ones a reviewer can choose. */
  private choices(): RulePack[] {
    return this.packs.all().filter((pack) => pack.files.size > 0).sort((a, b) => labelOf(a).localeCompare(labelOf(b)));
  }

  private currentPack(): RulePack | undefined {
    const choices = this.choices();
    return choices.find((pack) => pack.key === this.packKey) ?? choices[0];
  }

  private onPacksChanged(change: PackChange): void {
    const current = this.currentPack();
    const isMine = change.removedKeys.includes(this.packKey ?? '') || current === undefined || change.packs.some((pack) => pack.key === current.key);
    if (isMine) this.markStale(change.isTyping ? TYPING_DELAY_MS : CHANGE_DELAY_MS);
  }

  private onLogChanged(uri: vscode.Uri): void {
    const pack = this.currentPack();
    if (pack && this.scans.packsOf(uri).some((scanner) => scanner.key === pack.key)) this.markStale(LOG_DELAY_MS);
  }

  private markStale(delayMs: number): void {
    this.isStale = true;
    if (this.isVisible) this.schedule(delayMs);
    else if (!this.running) this.setStatus({ kind: 'waiting' });
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    if (this.status.kind !== 'running') this.setStatus({ kind: 'waiting' });
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, delayMs);
  }

  private async run(): Promise<void> {
    this.running?.abort();
    const controller = (this.running = new AbortController());
    this.isStale = false;
    if (!vscode.workspace.isTrusted) {
      this.finish(controller, { kind: 'empty', reason: 'restricted' }, undefined);
      return;
    }
    const pack = this.currentPack();
    if (!pack) {
      this.finish(controller, { kind: 'empty', reason: 'no-pack' }, undefined);
      return;
    }
    this.packKey = pack.key;
    const where = `computing the campaign statistics of ${pack.label}`;
    try {
      const logs = (await this.scans.logsOf(pack)).map((log) => log.uri);
      if (controller.signal.aborted) return;
      if (logs.length === 0) return this.finish(controller, { kind: 'empty', reason: 'no-logs' }, undefined);
      const request = await this.requestFor(pack, logs);
      const signature = JSON.stringify([pack.key, request, await Promise.all(logs.map(stamp))]);
      if (signature === this.lastSignature && this.computed?.pack.key === pack.key) return this.finish(controller, { kind: 'ready' }, this.computed);
      this.setStatus({ kind: 'running', phase: 'context', fraction: 0 });
      const result = await computeStats(request, {
        workerPath: this.workerPath,
        signal: controller.signal,
        onProgress: (progress) => {
          if (this.running === controller) this.setStatus({ kind: 'running', phase: progress.phase, fraction: progress.bytesTotal === 0 ? 1 : progress.bytesDone / progress.bytesTotal });
        },
      });
      if (!result || controller.signal.aborted) return;
      this.lastSignature = signature;
      this.bugs.recovered(where);
      this.finish(controller, { kind: 'ready' }, { result, pack, logs: new Map(logs.map((uri) => [uri.toString(), uri])), computedAt: Date.now() });
    } catch (error) {
      if (controller.signal.aborted) return;
      this.bugs.report(where, error);
      this.finish(controller, { kind: 'failed', message: error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error) }, this.computed);
    }
  }

  private finish(controller: AbortController, status: PanelStatus, computed: ComputedStats | undefined): void {
    if (this.running !== controller) return;
    this.running = undefined;
    const isNew = computed !== this.computed;
    this.computed = computed;
    this.setStatus(status);
    if (isNew) this.changes.fire('result');
  }

  private setStatus(status: PanelStatus): void {
    this.status = status;
    this.changes.fire('status');
  }

  private async requestFor(pack: RulePack, logs: vscode.Uri[]) {
    const documents = new Map(vscode.workspace.textDocuments.map((document) => [document.uri.toString(), document]));
    const rules = [...pack.files.values()].map((file) => this.packs.current(file, documents).parsed).map((parsed) => ({ name: parsed.source, text: parsed.text }));
    const names = new Set(logs.map(String));
    const excluded: ExcludedMatch[] = this.excluded
      .filter((match) => names.has(match.log.toString()))
      .map((match) => ({ source: match.log.toString(), line: match.line, ...(match.rule !== undefined ? { rule: match.rule } : {}) }));
    return {
      rules,
      ...(pack.config.fieldMap ? { fieldMap: pack.config.fieldMap } : {}),
      logs: logs.map((uri) => ({ path: uri.fsPath, name: uri.toString() })),
      flagLevel: 'low' as const,
      refsPerItem: REFS_PER_ITEM,
      ...(excluded.length > 0 ? { excluded } : {}),
    };
  }
}

/** How the pack picker names a pack: its folder below the workspace, or the folder's loose rules. */
export function labelOf(pack: RulePack): string {
  if (!pack.configFile) return `${pack.folder.name}: rules outside packs`;
  const relative = vscode.workspace.asRelativePath(pack.root, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
  return relative === pack.root.fsPath || relative === '' ? pack.folder.name : relative;
}

async function stamp(uri: vscode.Uri): Promise<[number, number]> {
  try {
    const stat = await fs.stat(uri.fsPath);
    return [stat.size, stat.mtimeMs];
  } catch {
    return [-1, -1];
  }
}
