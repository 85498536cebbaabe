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
import { CHANGE_DELAY_MS, PackScanScheduler, type PackScanState } from './pack-scan-scheduler';
import type { RulePack, RulePacks } from './rule-packs';
import { affectsCodeLens, readCodeLensSettings } from './settings';

/** Larger logs are left to "Scan a Log File from Disk…": the lens is a quick count. */
export const MAX_LOG_BYTES = 64 * 1024 * 1024;
/** Findings kept per rule for the list of hits; the rest are only counted. */
export const MAX_KEPT_HITS = 200;

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

interface PackState extends PackScanState {
  logs: vscode.Uri[];
  tooLarge: number;
  /** Per log URI, per `source\0ruleId`: that log's hits of that rule. */
  byLog: Map<string, Map<string, RuleHits>>;
  /** The rule text each file was last scanned with. */
  scannedText: Map<string, string>;
}

export class WorkspaceHits extends PackScanScheduler<PackState> {
  private readonly changes = new vscode.EventEmitter<string>();
  /** Fires with a pack key when that pack's counts changed. */
  readonly onDidChange = this.changes.event;

  constructor(
    packs: RulePacks,
    scans: LogScans,
    private readonly bugs: BugReporter,
  ) {
    super(packs, scans);
    this.subscriptions.push(
      this.changes,
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affectsLogDiscovery(event) || affectsCodeLens(event)) this.scheduleAll(CHANGE_DELAY_MS, true);
      }),
    );
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
    await Promise.all(this.packs.all().map((pack) => this.update(pack.key, false)));
  }

  protected isOn(): boolean {
    return readCodeLensSettings().showHits;
  }

  protected createState(): PackState {
    return { logs: [], tooLarge: 0, byLog: new Map(), scannedText: new Map(), dirtyLogs: new Set(), needsDiscovery: true, queue: Promise.resolve() };
  }

  protected forgotten(key: string): void {
    this.changes.fire(key);
  }

  /** Scans, for one pack, the changed rule files over every log and every rule over the changed logs. */
  protected async scanChanges(key: string, state: PackState): Promise<void> {
    const pack = this.packOf(key, state);
    if (!pack) return;
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
