// What the workspace-wide scans of logs share (the Findings view's, and the CodeLens hit counts'):
// a state per pack that remembers what was scanned; a pack change, a trust grant or a log changed,
// created or deleted on disk schedules an update of the packs concerned after a pause; the updates
// of a pack run one after the other, and a newer one stops the older, which hands back the work it
// was given. Subclasses say when they are on, build their state and scan what changed.
import * as vscode from 'vscode';
import type { LogScans } from './log-scans';
import type { PackChange, RulePack, RulePacks } from './rule-packs';

/** After a keystroke in a rule file: long enough that typing does not scan at every pause. */
export const TYPING_DELAY_MS = 1500;
/** After a save, a log changed on disk or a setting. */
export const CHANGE_DELAY_MS = 300;

export interface PackScanState {
  /** Logs to scan again with every rule (changed on disk, or new). */
  dirtyLogs: Set<string>;
  /** Set when the log list must be found again (a log created or deleted, the pack reloaded). */
  needsDiscovery: boolean;
  running?: AbortController;
  /** Updates run one after the other. */
  queue: Promise<void>;
}

export abstract class PackScanScheduler<S extends PackScanState> implements vscode.Disposable {
  protected readonly states = new Map<string, S>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  protected readonly subscriptions: vscode.Disposable[];

  constructor(
    protected readonly packs: RulePacks,
    protected readonly scans: LogScans,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.subscriptions = [
      watcher,
      watcher.onDidChange((uri) => this.onLogChanged(uri, false)),
      watcher.onDidCreate((uri) => this.onLogChanged(uri, true)),
      watcher.onDidDelete((uri) => this.onLogChanged(uri, true)),
      packs.onDidChange((change) => this.onPacksChanged(change)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.scheduleAll(0, true)),
    ];
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const state of this.states.values()) state.running?.abort();
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  /** True while updates are wanted (the view has started, the setting is on). */
  protected abstract isOn(): boolean;
  /** A fresh state for a pack seen for the first time. */
  protected abstract createState(): S;
  /** Scans what changed in one pack; `state` is the pack's current state. */
  protected abstract scanChanges(key: string, state: S): Promise<void>;
  /** Called when a pack's state was dropped. */
  protected abstract forgotten(key: string): void;

  /** True while an update waits for its pause to end. */
  protected get hasScheduled(): boolean {
    return this.timers.size > 0;
  }

  protected scheduleAll(delayMs: number, rediscover: boolean): void {
    this.packs.all().forEach((pack) => this.schedule(pack.key, delayMs, rediscover));
  }

  protected schedule(key: string, delayMs: number, rediscover: boolean): void {
    if (!this.isOn()) return this.forget(key);
    const state = this.states.get(key);
    if (state && rediscover) state.needsDiscovery = true;
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void this.update(key, rediscover);
    }, delayMs));
  }

  /** Queues an update of the pack; resolves when it is done. Nothing runs in Restricted Mode. */
  protected update(key: string, rediscover: boolean): Promise<void> {
    const pack = this.packs.get(key);
    if (!pack || pack.files.size === 0 || !this.isOn() || !vscode.workspace.isTrusted) {
      this.forget(key);
      return Promise.resolve();
    }
    let state = this.states.get(key);
    if (!state) {
      state = this.createState();
      this.states.set(key, state);
    }
    if (rediscover) state.needsDiscovery = true;
    const current = state;
    current.running?.abort();
    current.queue = current.queue.then(() => this.scanChanges(key, current));
    return current.queue;
  }

  protected forget(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    const state = this.states.get(key);
    state?.running?.abort();
    if (state && this.states.delete(key)) this.forgotten(key);
  }

  /** The pack, if it is still the one `state` belongs to. */
  protected packOf(key: string, state: S): RulePack | undefined {
    return this.states.get(key) === state ? this.packs.get(key) : undefined;
  }

  private onPacksChanged(change: PackChange): void {
    for (const key of change.removedKeys) this.forget(key);
    if (!this.isOn()) return;
    for (const pack of change.packs) this.schedule(pack.key, change.isTyping ? TYPING_DELAY_MS : CHANGE_DELAY_MS, !change.isTyping);
  }

  private onLogChanged(uri: vscode.Uri, isCreatedOrDeleted: boolean): void {
    if (!this.isOn()) return;
    for (const pack of this.scans.packsOf(uri)) {
      const state = this.states.get(pack.key);
      if (!state) continue;
      if (isCreatedOrDeleted) state.needsDiscovery = true;
      state.dirtyLogs.add(uri.toString());
      this.schedule(pack.key, CHANGE_DELAY_MS, false);
    }
  }
}
