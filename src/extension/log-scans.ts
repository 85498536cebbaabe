// Scans the log documents shown in editors on the log-scan worker, and keeps each one's findings.
// A log is scanned when an editor first shows it, again after a pause in its edits, and at once when
// its packs' rules change; a newer scan of a document cancels the older one. The lines on screen are
// scanned first (windows), so that they are decorated long before the whole of a large log is read.
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { detectLogFormat, type LogFormat } from '../core/logs/index';
import type { SourceText } from '../core/model';
import type { BugReporter } from './errors';
import { DocumentFindings } from './findings-store';
import { LogFiles } from './log-files';
import { LogScanWorker, type ScanHandle, type ScanOutcome } from './log-scan-client';
import type { ScanSourceText } from './log-scan-protocol';
import { affectsLogDiscovery, affectsMinimumLevel, readLogInclude, readMinimumLevel } from './log-settings';
import { firstWindows, windowOf } from './log-windows';
import { findFilesBelow } from './pack-discovery';
import type { PackChange, RulePack, RulePacks } from './rule-packs';

const EDIT_DELAY_MS = 300;
const TYPING_DELAY_MS = 300;
/** Rules are sent to the worker this long after the packs load, so its plans are ready for the first log. */
const WARM_UP_DELAY_MS = 1500;

export interface ScanChange {
  uri: string;
  kind: 'window' | 'batch' | 'done' | 'cleared';
}

/** What the editor shows for a document: nothing, what it shows now (the text changed since), or these findings. */
export type LogView = { kind: 'none' } | { kind: 'stale' } | { kind: 'current'; findings: DocumentFindings; packs: readonly string[]; format: LogFormat };

interface Scan {
  findings: DocumentFindings;
  packs: string[];
  format: LogFormat;
  handle?: ScanHandle;
  /** Windows asked for, as 1-based [from, to], so scrolling does not ask twice. */
  asked: [number, number][];
}

interface Tracked {
  shown?: Scan;
  running?: Scan;
}

export class LogScans implements vscode.Disposable {
  readonly worker: LogScanWorker;
  private readonly files = new LogFiles();
  private readonly documents = new Map<string, Tracked>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly changes = new vscode.EventEmitter<ScanChange>();
  readonly onDidChange = this.changes.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly packs: RulePacks,
    private readonly bugs: BugReporter,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.worker = new LogScanWorker(join(__dirname, 'log-scan-worker.js'), {
      onPlanned: (pack, rules, notices, ms) => {
        this.log.info(`Log scans: ${this.packs.get(pack)?.label ?? pack} runs ${rules} rule(s), planned in ${Math.round(ms)} ms`);
        for (const notice of notices) this.log.warn(`Log scans skip rule ${notice.ruleId} (${notice.ruleSource}): ${notice.reason}`);
      },
      onFailure: (message) => this.bugs.report('preparing rules for log scans', new Error(message)),
    });
    this.subscriptions = [
      this.changes,
      packs.onDidChange((change) => this.onPacksChanged(change)),
      vscode.window.onDidChangeVisibleTextEditors(() => this.scanVisible()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.scanVisible()),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0 && this.isLog(event.document.uri)) this.schedule(event.document, EDIT_DELAY_MS);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri.toString())),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affectsLogDiscovery(event)) this.files.reset();
        if (affectsMinimumLevel(event)) this.packs.all().forEach((pack) => this.sendRules(pack));
        if (affectsLogDiscovery(event) || affectsMinimumLevel(event)) this.rescanAll();
      }),
    ];
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.worker.dispose();
  }

  isLog(uri: vscode.Uri): boolean {
    return this.packsOf(uri).length > 0;
  }

  /** The packs whose rules scan the log at `uri`. */
  packsOf(uri: vscode.Uri): RulePack[] {
    return this.files.packsOf(this.packs.all(), uri);
  }

  view(document: vscode.TextDocument): LogView {
    const tracked = this.documents.get(document.uri.toString());
    const shown = tracked?.shown;
    if (!shown) return tracked?.running ? { kind: 'stale' } : { kind: 'none' };
    return shown.findings.version === document.version ? { kind: 'current', findings: shown.findings, packs: shown.packs, format: shown.format } : { kind: 'stale' };
  }

  /** Scans every log shown in an editor now; resolves when the scans are done. */
  async rescanVisible(): Promise<{ uri: string; findings: DocumentFindings }[]> {
    if (!vscode.workspace.isTrusted) return [];
    const documents = [...new Set(vscode.window.visibleTextEditors.map((editor) => editor.document))].filter((document) => this.isLog(document.uri));
    return Promise.all(documents.map(async (document) => ({ uri: document.uri.toString(), findings: await this.start(document) })));
  }

  /** Cancels every scan in progress; what they found so far stays. */
  stopAll(): number {
    let stopped = 0;
    for (const tracked of this.documents.values()) {
      if (tracked.running?.handle) {
        tracked.running.handle.cancel();
        stopped++;
      }
    }
    return stopped;
  }

  /** Makes sure the lines on screen in `editor`, and as many around them, have their findings. */
  requestWindow(editor: vscode.TextEditor): void {
    const tracked = this.documents.get(editor.document.uri.toString());
    const scan = tracked?.shown;
    if (!scan || scan.findings.version !== editor.document.version || scan.format === 'csv' || scan.format === 'tsv') return;
    const window = windowOf(editor);
    if (!window) return;
    const to = window.firstLine + window.lineCount - 1;
    if (scan.findings.isCovered(window.firstLine, to) || scan.asked.some(([from, end]) => from <= window.firstLine && end >= to)) return;
    scan.asked.push([window.firstLine, to]);
    const asked = { firstLine: window.firstLine, text: window.text };
    if (tracked.running === scan && scan.handle) return scan.handle.addWindow(asked);
    const handle = this.worker.scan({ packs: scan.packs, format: scan.format, windows: [asked] }, {
      onWindow: (from, end, findings) => this.onWindow(editor.document.uri.toString(), scan, from, end, findings),
    });
    handle.done.catch((error: unknown) => this.bugs.report(`scanning the lines on screen of ${vscode.workspace.asRelativePath(editor.document.uri)}`, error));
  }

  private scanVisible(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const { document } = editor;
      const tracked = this.documents.get(document.uri.toString());
      const isCurrent = [tracked?.shown, tracked?.running].some((scan) => scan?.findings.version === document.version);
      if (!isCurrent && !this.timers.has(document.uri.toString()) && this.isLog(document.uri)) this.schedule(document, 0);
    }
  }

  private rescanAll(delayMs = 0): void {
    const open = new Map(vscode.workspace.textDocuments.map((document) => [document.uri.toString(), document]));
    const visible = new Set(vscode.window.visibleTextEditors.map((editor) => editor.document.uri.toString()));
    for (const [key, document] of open) {
      if (this.documents.has(key) || (visible.has(key) && this.isLog(document.uri))) this.schedule(document, delayMs);
    }
  }

  private schedule(document: vscode.TextDocument, delayMs: number): void {
    // Restricted Mode: the workspace's rules are linted, never run over logs (package.json says so).
    if (!vscode.workspace.isTrusted) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      if (!document.isClosed) void this.start(document);
    }, delayMs));
  }

  private async start(document: vscode.TextDocument): Promise<DocumentFindings> {
    const key = document.uri.toString();
    const packs = this.files.packsOf(this.packs.all(), document.uri);
    const tracked = this.documents.get(key) ?? {};
    tracked.running?.handle?.cancel();
    const findings = new DocumentFindings(document.version);
    if (packs.length === 0) {
      this.forget(key);
      return findings;
    }
    packs.forEach((pack) => this.sendRules(pack));
    const format = detectLogFormat(document.uri.path, document.getText(new vscode.Range(0, 0, 40, 0)).slice(0, 4096));
    const scan: Scan = { findings, packs: packs.map((pack) => pack.key), format, asked: [] };
    // CSV records can span lines and need the header: CSV logs are scanned whole.
    const windows = format === 'csv' || format === 'tsv' ? [] : firstWindows(document);
    // An unmodified file is read by the worker itself, so a large log is not copied across threads.
    const source: ScanSourceText = !document.isDirty && document.uri.scheme === 'file' ? { path: document.uri.fsPath } : { text: document.getText() };
    scan.handle = this.worker.scan({ packs: scan.packs, source, format, windows }, {
      onWindow: (from, to, found) => this.onWindow(key, scan, from, to, found),
      onBatch: (batch) => {
        Object.assign(findings, { bytesDone: batch.bytesDone, bytesTotal: batch.bytesTotal });
        findings.addBatch(batch.findings, batch.problems, batch.lines);
        this.publish(key, scan, 'batch');
      },
    });
    tracked.running = scan;
    this.documents.set(key, tracked);
    await scan.handle.done.then(
      (outcome: ScanOutcome) => findings.finish(outcome.counts, outcome.isCancelled),
      (error: unknown) => {
        findings.failure = error instanceof Error ? error.message : String(error);
        this.bugs.report(`scanning ${vscode.workspace.asRelativePath(document.uri)}`, error);
      },
    );
    // A scan cancelled because a newer one replaced it has nothing more to say.
    if (tracked.running !== scan) return findings;
    tracked.running = undefined;
    scan.handle = undefined;
    this.publish(key, scan, 'done');
    return findings;
  }

  private onWindow(key: string, scan: Scan, from: number, to: number, found: Parameters<DocumentFindings['addWindow']>[2]): void {
    scan.findings.addWindow(from, to, found);
    this.publish(key, scan, 'window');
  }

  /** The scan's findings replace what the editor showed, unless a newer scan replaced the scan. */
  private publish(key: string, scan: Scan, kind: ScanChange['kind']): void {
    const tracked = this.documents.get(key);
    if (!tracked || (tracked.running !== scan && tracked.shown !== scan)) return;
    tracked.shown = scan;
    this.changes.fire({ uri: key, kind });
  }

  private forget(key: string): void {
    const tracked = this.documents.get(key);
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    if (!tracked) return;
    tracked.running?.handle?.cancel();
    this.documents.delete(key);
    this.changes.fire({ uri: key, kind: 'cleared' });
  }

  private onPacksChanged(change: PackChange): void {
    for (const key of change.removedKeys) this.worker.forget(key);
    // A pack also "changes" when one of its rule files is merely opened: rescan only for new rules.
    const send = () => {
      const isChanged = change.packs.filter((pack) => this.sendRules(pack)).length > 0 || change.removedKeys.length > 0;
      // A file that is no longer a log (its pack's globs changed, say) loses its marks.
      for (const [key] of this.documents) if (!this.isLog(vscode.Uri.parse(key))) this.forget(key);
      if (isChanged) this.rescanAll();
      else this.scanVisible();
    };
    if (change.isTyping) {
      clearTimeout(this.timers.get('rules'));
      this.timers.set('rules', setTimeout(send, TYPING_DELAY_MS));
    } else if (this.documents.size === 0 && vscode.window.visibleTextEditors.every((editor) => !this.isLog(editor.document.uri))) {
      // No log is open yet: hand the rules over a little later, so the plans are ready for the first.
      clearTimeout(this.timers.get('warm-up'));
      this.timers.set('warm-up', setTimeout(() => {
        this.packs.all().forEach((pack) => this.sendRules(pack));
        this.worker.warmUp();
      }, WARM_UP_DELAY_MS));
      this.scanVisible();
    } else {
      send();
    }
  }

  /**
   * The log files on disk that the pack's rules scan, with their sizes, in URI order: its own `logs`
   * globs, and the logs of its workspace folder outside every pack. Unreadable files are left out.
   */
  async logsOf(pack: RulePack): Promise<{ uri: vscode.Uri; size: number }[]> {
    const own = await findFilesBelow(pack.root, pack.configFile ? pack.config.logs : readLogInclude(pack.folder), pack.config.exclude);
    const loose = pack.configFile ? await findFilesBelow(pack.folder.uri, readLogInclude(pack.folder), []) : [];
    const unique = new Map([...own, ...loose].map((uri) => [uri.toString(), uri]));
    const mine = [...unique.values()].filter((uri) => uri.scheme === 'file' && this.packsOf(uri).some((scanner) => scanner.key === pack.key));
    const sizes = await Promise.all(mine.map((uri) => fs.stat(uri.fsPath).then((stat) => stat.size, () => -1)));
    return mine
      .map((uri, index) => ({ uri, size: sizes[index] as number }))
      .filter((log) => log.size >= 0)
      .sort((a, b) => (a.uri.toString() < b.uri.toString() ? -1 : 1));
  }

  /** The pack's rule files as the editor has them (unsaved edits count), in the order the worker knows them. */
  rulesOf(pack: RulePack): SourceText[] {
    const open = new Map(vscode.workspace.textDocuments.map((document) => [document.uri.toString(), document]));
    return [...pack.files.values()].map((file) => ({ name: file.source, text: open.get(file.uri.toString())?.getText() ?? file.diskText }));
  }

  /** Sends the worker the pack's rules, unless it has them already; says whether they changed. */
  sendRules(pack: RulePack): boolean {
    if (pack.files.size === 0) return this.worker.forget(pack.key);
    return this.worker.setRules(pack.key, this.rulesOf(pack), pack.config.fieldMap, readMinimumLevel(pack.folder));
  }
}
