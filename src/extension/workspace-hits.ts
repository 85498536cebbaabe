// How often each detection rule matches the workspace's logs, for the CodeLens on its title: every
// log file a pack scans (on disk, below a size limit), scanned on the runtime's worker threads.
// Work follows what changed: an edited rule file is scanned again over the logs with its own
// rules only (after a pause in typing), and a log that changed on disk is scanned again with all
// rules. The extension host only counts findings and keeps a few per rule for the list of hits.
import * as vscode from 'vscode';
import type { RuleFile } from '../core/model';
import type { Finding } from '../core/scan/index';
import { scanLogs } from '../runtime/index';
import type { BugReporter } from './errors';
import type { LogScans } from './log-scans';
import { affectsLogDiscovery } from './log-settings';
import type { PackChange, RulePack, RulePacks } from './rule-packs';
import { affectsCodeLens, readCodeLensSettings } from './settings';

/** Larger logs are left to "Scan a Log File from Disk…": the lens is a quick count. */
export const MAX_LOG_BYTES = 64 * 1024 * 1024;
/** Findings kept per rule for the list of hits; the rest are only counted. */
export const MAX_KEPT_HITS = 200;
const TYPING_DELAY_MS = 1500;
const CHANGE_DELAY_MS = 300;

export interface RuleHits {
  count: number;
  /** Hits by log URI. */
  logs: Map<string, number>;
  /** The first hits, in log and line order. */
  kept: (Finding & { log: string })[];
}

export interface PackHitsView {
  /** Logs scanned, and logs left out for their size. */
  logs: number;
  tooLarge: number;
  /** True during the first scan, before any count is known. */
  isScanning: boolean;
  /** Hits of the rule whose finding key is `ruleId` in the file `ruleSource`; undefined when it has none. */
  hitsOf(ruleSource: string, ruleId: string): RuleHits | undefined;
}

interface PackState {
  logs: vscode.Uri[];
  tooLarge: number;
  /** Per log URI, per `source\0ruleId`: that log's hits of that rule. */
  byLog: Map<string, Map<string, RuleHits>>;
  /** The rule text each file was last scanned with. */
  scannedText: Map<string, string>;
  /** Logs to scan again with every rule (changed on disk, or new). */
  dirtyLogs: Set<string>;
  running?: AbortController;
  /** Updates run one after the other: a newer one stops the older, which hands back its work first. */
  queue: Promise<void>;
  /** Set when the log list must be found again (a log created, deleted, or a pack reloaded). */
  needsDiscovery: boolean;
}

export class WorkspaceHits implements vscode.Disposable {
  private readonly states = new Map<string, PackState>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly changes = new vscode.EventEmitter<string>();
  /** Fires with a pack key when that pack's counts changed. */
  readonly onDidChange = this.changes.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly packs: RulePacks,
    private readonly scans: LogScans,
    private readonly bugs: BugReporter,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.subscriptions = [
      this.changes,
      watcher,
      watcher.onDidChange((uri) => this.onLogChanged(uri, false)),
      watcher.onDidCreate((uri) => this.onLogChanged(uri, true)),
      watcher.onDidDelete((uri) => this.onLogChanged(uri, true)),
      packs.onDidChange((change) => this.onPacksChanged(change)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affectsLogDiscovery(event) || affectsCodeLens(event)) this.packs.all().forEach((pack) => this.schedule(pack.key, CHANGE_DELAY_MS, true));
      }),
    ];
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const state of this.states.values()) state.running?.abort();
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  view(packKey: string): PackHitsView | undefined {
    const state = this.states.get(packKey);
    if (!state) return undefined;
    return {
      logs: state.logs.length,
      tooLarge: state.tooLarge,
      isScanning: state.running !== undefined && state.scannedText.size === 0,
      hitsOf: (ruleSource, ruleId) => mergeHits(state, `${ruleSource}\u0000${ruleId}`),
    };
  }

  /** Scans what changed in every pack now; resolves when done (for the command and tests). */
  async refreshAll(): Promise<void> {
    await Promise.all(this.packs.all().map((pack) => this.update(pack.key)));
  }

  private onPacksChanged(change: PackChange): void {
    for (const key of change.removedKeys) this.forget(key);
    for (const pack of change.packs) this.schedule(pack.key, change.isTyping ? TYPING_DELAY_MS : CHANGE_DELAY_MS, !change.isTyping);
  }

  private onLogChanged(uri: vscode.Uri, isCreatedOrDeleted: boolean): void {
    for (const pack of this.scans.packsOf(uri)) {
      const state = this.states.get(pack.key);
      if (!state) continue;
      if (isCreatedOrDeleted) state.needsDiscovery = true;
      state.dirtyLogs.add(uri.toString());
      this.schedule(pack.key, CHANGE_DELAY_MS, false);
    }
  }

  private schedule(key: string, delayMs: number, rediscover: boolean): void {
    if (!readCodeLensSettings().showHits) return this.forget(key);
    const state = this.states.get(key);
    if (state && rediscover) state.needsDiscovery = true;
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void this.update(key);
    }, delayMs));
  }

  private forget(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.states.get(key)?.running?.abort();
    if (this.states.delete(key)) this.changes.fire(key);
  }

  private update(key: string): Promise<void> {
    const pack = this.packs.get(key);
    if (!pack || pack.files.size === 0 || !readCodeLensSettings().showHits) {
      this.forget(key);
      return Promise.resolve();
    }
    let state = this.states.get(key);
    if (!state) {
      state = { logs: [], tooLarge: 0, byLog: new Map(), scannedText: new Map(), dirtyLogs: new Set(), needsDiscovery: true, queue: Promise.resolve() };
      this.states.set(key, state);
    }
    const current = state;
    current.running?.abort();
    current.queue = current.queue.then(() => this.scanChanges(key, current));
    return current.queue;
  }

  /** Scans, for one pack, the changed rule files over every log and every rule over the changed logs. */
  private async scanChanges(key: string, state: PackState): Promise<void> {
    const pack = this.packs.get(key);
    if (!pack || this.states.get(key) !== state) return;
    const controller = (state.running = new AbortController());
    const where = `counting the hits of ${pack.label}`;
    try {
      if (state.needsDiscovery) await this.discover(pack, state);
      const documents = new Map(vscode.workspace.textDocuments.map((document) => [document.uri.toString(), document]));
      const current = [...pack.files.values()].map((file) => this.packs.current(file, documents));
      const sources = new Set(current.map(({ parsed }) => parsed.source));
      const changed = current.filter(({ parsed }) => state.scannedText.get(parsed.source) !== parsed.text).map(({ parsed }) => parsed);
      for (const source of state.scannedText.keys()) if (!sources.has(source)) dropRules(state, source);
      const dirtyLogs = state.dirtyLogs;
      state.dirtyLogs = new Set();
      const logs = state.logs.filter((uri) => !dirtyLogs.has(uri.toString()));
      for (const file of changed) dropRules(state, file.source);
      for (const log of dirtyLogs) state.byLog.delete(log);
      const found = new Map<string, Map<string, RuleHits>>();
      // Changed rules over the logs that are not scanned again anyway, then every rule over the changed logs.
      await this.scan(pack, changed, logs, found, controller.signal);
      await this.scan(pack, current.map(({ parsed }) => parsed), state.logs.filter((uri) => dirtyLogs.has(uri.toString())), found, controller.signal);
      if (controller.signal.aborted) {
        // A newer update takes over; what this one was asked to do is still to be done.
        for (const log of dirtyLogs) state.dirtyLogs.add(log);
        return;
      }
      for (const [log, rules] of found) {
        const into = state.byLog.get(log) ?? new Map<string, RuleHits>();
        for (const [rule, hits] of rules) into.set(rule, hits);
        state.byLog.set(log, into);
      }
      for (const { parsed } of current) state.scannedText.set(parsed.source, parsed.text);
      this.bugs.recovered(where);
    } catch (error) {
      this.bugs.report(where, error);
    } finally {
      if (state.running === controller) state.running = undefined;
      this.changes.fire(key);
    }
  }

  private async scan(pack: RulePack, ruleFiles: RuleFile[], logs: vscode.Uri[], found: Map<string, Map<string, RuleHits>>, signal: AbortSignal): Promise<void> {
    if (ruleFiles.length === 0 || logs.length === 0 || signal.aborted) return;
    await scanLogs(
      {
        rules: ruleFiles.map((file) => ({ name: file.source, text: file.text })),
        ruleFiles,
        ...(pack.config.fieldMap ? { fieldMap: pack.config.fieldMap } : {}),
        sources: logs.map((uri) => ({ kind: 'file', path: uri.fsPath, name: uri.toString() })),
        signal,
      },
      { onFinding: (finding) => addHit(found, finding.file, finding) },
    );
  }

  /** The logs the pack's rules scan, minus those too large. */
  private async discover(pack: RulePack, state: PackState): Promise<void> {
    const all = await this.scans.logsOf(pack);
    const logs = all.filter((log) => log.size <= MAX_LOG_BYTES).map((log) => log.uri);
    const known = new Set(state.logs.map(String));
    state.tooLarge = all.length - logs.length;
    state.logs = logs;
    state.needsDiscovery = false;
    for (const log of state.byLog.keys()) if (!logs.some((uri) => uri.toString() === log)) state.byLog.delete(log);
    for (const uri of logs) if (!known.has(uri.toString())) state.dirtyLogs.add(uri.toString());
  }
}

function addHit(found: Map<string, Map<string, RuleHits>>, log: string, finding: Finding): void {
  const rules = found.get(log) ?? new Map<string, RuleHits>();
  found.set(log, rules);
  const key = `${finding.ruleSource}\u0000${finding.ruleId}`;
  const hits = rules.get(key) ?? { count: 0, logs: new Map([[log, 0]]), kept: [] };
  rules.set(key, hits);
  hits.count++;
  hits.logs.set(log, hits.count);
  if (hits.kept.length < MAX_KEPT_HITS) hits.kept.push({ ...finding, log });
}

function dropRules(state: PackState, source: string): void {
  const prefix = `${source}\u0000`;
  for (const rules of state.byLog.values()) for (const key of [...rules.keys()]) if (key.startsWith(prefix)) rules.delete(key);
  state.scannedText.delete(source);
}

/** One rule's hits over every log, in log order. */
function mergeHits(state: PackState, key: string): RuleHits | undefined {
  const merged: RuleHits = { count: 0, logs: new Map(), kept: [] };
  for (const log of [...state.byLog.keys()].sort()) {
    const hits = state.byLog.get(log)?.get(key);
    if (!hits) continue;
    merged.count += hits.count;
    merged.logs.set(log, hits.count);
    for (const hit of hits.kept) if (merged.kept.length < MAX_KEPT_HITS) merged.kept.push(hit);
  }
  return merged.count > 0 ? merged : undefined;
}
