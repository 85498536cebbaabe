// The workspace's findings for review: every log of every pack, scanned from disk on the runtime's
// worker threads whatever its size (logs over 50 MB included), and for a log open in an editor the
// editor's own scan once it is complete (it counts unsaved edits and its lines are the editor's).
// Starts on first use (the findings view shown, a review command, a triage file in the folder),
// then follows changes: an edited rule file is scanned again over every log with its own rules, a
// log that changed on disk with every rule. Bounded: at most MAX_LISTED_HITS hits are kept, the
// rest only counted. Nothing runs in Restricted Mode.
import * as vscode from 'vscode';
import { LEVELS, type Level, type SourceText } from '../core/model';
import type { RuleAnalysis } from '../core/scan/index';
import { scanLogs } from '../runtime/index';
import type { BugReporter } from './errors';
import type { DocumentFindings } from './findings-store';
import type { LogFinding } from './log-scan-protocol';
import type { LogScans } from './log-scans';
import { affectsLogDiscovery, affectsMinimumLevel, readMinimumLevel } from './log-settings';
import { CHANGE_DELAY_MS, PackScanScheduler, type PackScanState } from './pack-scan-scheduler';
import { hitId, MAX_SPANS_PER_HIT, type ReviewHit } from './review-hits';
import type { RulePack, RulePacks } from './rule-packs';
import { relativeFile } from './triage';

/** Hits kept over the workspace; past it they are counted, and the tree says so. */
export const MAX_LISTED_HITS = 100_000;

export interface FindingsState {
  hasStarted: boolean;
  isRestricted: boolean;
  isScanning: boolean;
  bytesDone: number;
  bytesTotal: number;
  logs: number;
  /** Hits found but not kept (the cap). */
  leftOut: number;
  /** The last scan was stopped before it was done: hits are missing until the next. */
  wasStopped: boolean;
}

interface PackState extends PackScanState {
  logs: { uri: vscode.Uri; size: number }[];
  /** Per log URI, per rule file: the hits of that file's rules in that log, in line order. */
  byLog: Map<string, Map<string, ReviewHit[]>>;
  scannedText: Map<string, string>;
  progress: { done: number; total: number };
}

export class WorkspaceFindings extends PackScanScheduler<PackState> {
  private readonly changes = new vscode.EventEmitter<void>();
  /** Fires when the hits or the scan state changed. */
  readonly onDidChange = this.changes.event;
  private readonly progress = new vscode.EventEmitter<void>();
  /** Fires while scans run, at most every 200 ms. */
  readonly onDidProgress = this.progress.event;
  private hasStarted = false;
  private wasStopped = false;
  private kept = 0;
  private leftOut = 0;
  private memo: ReviewHit[] | undefined;
  private readonly editorHits = new WeakMap<DocumentFindings, ReviewHit[]>();

  constructor(
    packs: RulePacks,
    scans: LogScans,
    private readonly bugs: BugReporter,
  ) {
    super(packs, scans);
    this.subscriptions.push(
      this.changes,
      this.progress,
      scans.onDidChange((change) => change.kind !== 'window' && change.kind !== 'batch' && this.changed()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!affectsLogDiscovery(event) && !affectsMinimumLevel(event)) return;
        for (const state of this.states.values()) state.scannedText.clear();
        this.scheduleAll(CHANGE_DELAY_MS, true);
      }),
    );
  }

  /** Starts scanning the workspace's logs, unless it has; resolves when the scans in progress are done. */
  async start(): Promise<void> {
    if (!this.hasStarted) {
      this.hasStarted = true;
      this.changed();
      await Promise.all(this.packs.all().map((pack) => this.update(pack.key, true)));
    }
    await this.whenIdle();
  }

  /** Scans every log again with every rule; resolves when done. */
  async rescan(): Promise<void> {
    this.hasStarted = true;
    for (const state of this.states.values()) {
      state.scannedText.clear();
      state.needsDiscovery = true;
    }
    await Promise.all(this.packs.all().map((pack) => this.update(pack.key, true)));
  }

  /** Resolves once no scan is queued or running. */
  async whenIdle(): Promise<void> {
    for (;;) {
      const queues = [...this.states.values()].map((state) => state.queue);
      await Promise.all(queues);
      if (this.hasScheduled) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      const now = [...this.states.values()].map((state) => state.queue);
      if (now.length === queues.length && now.every((queue, index) => queue === queues[index])) return;
    }
  }

  /** Stops the scans in progress; says whether one ran. What they found so far is dropped, the rest stays until the next scan. */
  stop(): boolean {
    let stopped = false;
    for (const state of this.states.values()) {
      if (state.running) stopped = true;
      state.running?.abort();
    }
    if (stopped) this.wasStopped = true;
    return stopped;
  }

  get state(): FindingsState {
    const running = [...this.states.values()].filter((state) => state.running);
    return {
      hasStarted: this.hasStarted,
      isRestricted: !vscode.workspace.isTrusted,
      isScanning: running.length > 0,
      bytesDone: running.reduce((sum, state) => sum + state.progress.done, 0),
      bytesTotal: running.reduce((sum, state) => sum + state.progress.total, 0),
      logs: new Set([...this.states.values()].flatMap((state) => state.logs.map((log) => log.uri.toString()))).size,
      leftOut: this.leftOut,
      wasStopped: this.wasStopped,
    };
  }

  /** The size on disk of a log the scans know, in bytes. */
  sizeOf(log: string): number | undefined {
    for (const state of this.states.values()) for (const entry of state.logs) if (entry.uri.toString() === log) return entry.size;
    return undefined;
  }

  /** Every hit, a log open in an editor with the editor's findings once its scan is complete. */
  hits(): readonly ReviewHit[] {
    if (this.memo) return this.memo;
    const open = new Map(vscode.workspace.textDocuments.map((document) => [document.uri.toString(), document]));
    const logs = new Set([...this.states.values()].flatMap((state) => [...state.byLog.keys()]));
    // A log whose unsaved edits added its first match is in no scan from disk yet.
    for (const [key, document] of open) if (!logs.has(key) && this.scans.packsOf(document.uri).some((pack) => this.states.has(pack.key))) logs.add(key);
    const all: ReviewHit[] = [];
    for (const log of logs) {
      const fromEditor = this.fromEditor(open.get(log));
      if (fromEditor) all.push(...fromEditor);
      else for (const state of this.states.values()) for (const hits of state.byLog.get(log)?.values() ?? []) all.push(...hits);
    }
    this.memo = all;
    return all;
  }

  private fromEditor(document: vscode.TextDocument | undefined): ReviewHit[] | undefined {
    const view = document && this.scans.view(document);
    if (!document || view?.kind !== 'current' || !view.findings.isComplete || view.findings.isTruncated) return undefined;
    let hits = this.editorHits.get(view.findings);
    if (!hits) {
      hits = [];
      const minimum = LEVELS.indexOf(readMinimumLevel(document.uri));
      for (const finding of view.findings.fullScan) addHit(hits, document.uri, finding, minimum);
      this.editorHits.set(view.findings, hits);
    }
    return hits;
  }

  private changed(): void {
    this.memo = undefined;
    this.changes.fire();
  }

  protected isOn(): boolean {
    return this.hasStarted;
  }

  protected createState(): PackState {
    return { logs: [], byLog: new Map(), scannedText: new Map(), dirtyLogs: new Set(), needsDiscovery: true, progress: { done: 0, total: 0 }, queue: Promise.resolve() };
  }

  protected forgotten(): void {
    this.recount();
    this.changed();
  }

  /** For one pack: the changed rule files over every log, and every rule file over the changed logs. */
  protected async scanChanges(key: string, state: PackState): Promise<void> {
    const pack = this.packOf(key, state);
    if (!pack) return;
    const controller = (state.running = new AbortController());
    state.progress = { done: 0, total: 0 };
    this.wasStopped = false;
    // Past the cap, which hits were left out depends on the order they came in: only a scan of everything counts them right.
    if (this.leftOut > 0) this.resetAll(key);
    this.changed();
    const where = `scanning the logs of ${pack.label} for review`;
    try {
      if (state.needsDiscovery) await this.discover(pack, state);
      const rules = this.scans.rulesOf(pack);
      const names = new Set(rules.map((rule) => rule.name));
      for (const source of state.scannedText.keys()) if (!names.has(source)) this.dropRules(state, source);
      const changed = rules.filter((rule) => state.scannedText.get(rule.name) !== rule.text);
      const dirty = state.dirtyLogs;
      state.dirtyLogs = new Set();
      for (const log of dirty) this.dropLog(state, log);
      for (const rule of changed) this.dropRules(state, rule.name);
      this.recount();
      const clean = state.logs.filter((log) => !dirty.has(log.uri.toString()));
      const found = new Map<string, Map<string, ReviewHit[]>>();
      await this.scan(pack, state, changed.map((rule) => rule.name), clean, found, controller.signal);
      await this.scan(pack, state, [...names], state.logs.filter((log) => dirty.has(log.uri.toString())), found, controller.signal);
      if (controller.signal.aborted) {
        for (const log of dirty) state.dirtyLogs.add(log);
        return;
      }
      for (const [log, files] of found) {
        const into = state.byLog.get(log) ?? new Map<string, ReviewHit[]>();
        for (const [source, hits] of files) into.set(source, hits);
        state.byLog.set(log, into);
      }
      for (const rule of rules) state.scannedText.set(rule.name, rule.text);
      this.bugs.recovered(where);
    } catch (error) {
      this.bugs.report(where, error);
    } finally {
      if (state.running === controller) state.running = undefined;
      this.recount();
      this.changed();
    }
  }

  private async scan(pack: RulePack, state: PackState, sources: string[], logs: PackState['logs'], found: Map<string, Map<string, ReviewHit[]>>, signal: AbortSignal): Promise<void> {
    if (sources.length === 0 || logs.length === 0 || signal.aborted) return;
    const { rules, analysis } = await this.rulesToRun(pack, new Set(sources));
    if (rules.length === 0) return;
    const minimum = LEVELS.indexOf(readMinimumLevel(pack.folder));
    const base = { ...state.progress };
    await scanLogs(
      { rules, fieldMap: pack.config.fieldMap, sources: logs.map(({ uri }) => ({ kind: 'file', path: uri.fsPath, name: uri.toString() })), signal, ...(analysis ? { analysis } : {}) },
      {
        onFinding: (finding) => {
          const files = found.get(finding.file) ?? new Map<string, ReviewHit[]>();
          found.set(finding.file, files);
          const hits = files.get(finding.ruleSource) ?? [];
          files.set(finding.ruleSource, hits);
          const before = hits.length;
          if (this.kept >= MAX_LISTED_HITS) {
            if (LEVELS.indexOf(finding.level as Level) >= minimum) this.leftOut++;
            return;
          }
          addHit(hits, vscode.Uri.parse(finding.file), { ...finding, pack: pack.key }, minimum);
          this.kept += hits.length - before;
        },
        onProgress: ({ bytesDone, bytesTotal }) => {
          state.progress = { done: base.done + bytesDone, total: base.total + bytesTotal };
          this.progress.fire();
        },
      },
    );
    state.progress = { done: state.progress.total, total: state.progress.total };
  }

  /** The pack's rule files among `sources` that hold a rule at or above the least level, with the editor worker's regex analysis. */
  private async rulesToRun(pack: RulePack, sources: ReadonlySet<string>): Promise<{ rules: SourceText[]; analysis?: RuleAnalysis[] }> {
    this.scans.sendRules(pack);
    const all = this.scans.rulesOf(pack);
    const files = await this.scans.worker.analysis(pack.key);
    if (!files || files.length !== all.length || files.some((file, index) => file.name !== all[index]?.name)) return { rules: all.filter((rule) => sources.has(rule.name)) };
    const chosen = all.map((rule, index) => ({ rule, file: files[index] })).filter(({ rule, file }) => sources.has(rule.name) && file?.hasKeptRule);
    return { rules: chosen.map(({ rule }) => rule), analysis: chosen.flatMap(({ file }) => file?.analysis ?? []) };
  }

  /** The logs the pack's rules scan, with their sizes. */
  private async discover(pack: RulePack, state: PackState): Promise<void> {
    const logs = await this.scans.logsOf(pack);
    const known = new Map(state.logs.map((log) => [log.uri.toString(), log.size]));
    state.logs = logs;
    state.needsDiscovery = false;
    for (const log of [...state.byLog.keys()]) if (!logs.some((entry) => entry.uri.toString() === log)) this.dropLog(state, log);
    for (const log of logs) if (known.get(log.uri.toString()) !== log.size) state.dirtyLogs.add(log.uri.toString());
  }

  private dropLog(state: PackState, log: string): void {
    state.byLog.delete(log);
  }

  private dropRules(state: PackState, source: string): void {
    for (const files of state.byLog.values()) files.delete(source);
    state.scannedText.delete(source);
  }

  private recount(): void {
    let kept = 0;
    for (const state of this.states.values()) for (const files of state.byLog.values()) for (const hits of files.values()) kept += hits.length;
    this.kept = kept;
  }

  /** Drops every hit, so that every pack scans everything again (`key`'s pack is being scanned now). */
  private resetAll(key: string): void {
    this.leftOut = 0;
    for (const [other, state] of this.states) {
      state.byLog.clear();
      state.scannedText.clear();
      if (other !== key) this.schedule(other, 0, false);
    }
    this.recount();
  }
}

/** Adds a finding to `hits` (in line order): to the last hit when it is the same rule on the same record, else as a new hit. */
function addHit(hits: ReviewHit[], log: vscode.Uri, finding: LogFinding, minimumLevel: number): void {
  if (LEVELS.indexOf(finding.level as Level) < minimumLevel) return;
  const span = { startLine: finding.startLine, column: finding.column, endLine: finding.endLine, endColumn: finding.endColumn };
  const last = hits.at(-1);
  if (last && last.line === finding.line && last.ruleId === finding.ruleId && last.ruleSource === finding.ruleSource && last.pack === finding.pack) {
    if (last.spans.length < MAX_SPANS_PER_HIT) last.spans.push(span);
    return;
  }
  const key = log.toString();
  hits.push({
    id: hitId(key, finding.line, finding.pack, finding.ruleSource, finding.ruleId),
    log: key,
    file: relativeFile(log),
    line: finding.line,
    spans: [span],
    pack: finding.pack,
    ruleSource: finding.ruleSource,
    ruleOffset: finding.ruleOffset,
    ruleId: finding.ruleId,
    title: finding.title,
    level: finding.level,
    field: finding.field,
    matched: finding.matched,
    ...(finding.account_id ? { account: finding.account_id } : {}),
    ...(finding.timestamp ? { timestamp: finding.timestamp } : {}),
    recordKey: finding.recordKey,
  });
}
