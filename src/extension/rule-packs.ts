// The rule packs of the workspace and their rule files, kept current with the disk (a file watcher)
// and with open editors, whose unsaved text counts. A pack is a folder with a promptsift.yaml; in
// each workspace folder, the files no pack governs that `promptsift.rules.include` selects form one
// more, loose pack. Consumers learn through `onDidChange` which packs changed, and how urgently.
import * as vscode from 'vscode';
import { DEFAULT_CONFIG, PACK_CONFIG_FILE, parseRuleText, type RuleFile } from '../core/engine';
import type { BugReporter } from './errors';
import { findFilesBelow, findPackConfigs, isDirectory } from './pack-discovery';
import { pathBelow } from './pack-globs';
import type { TextSnapshot } from './positions';
import { collectFiles, loadPack, loosePack, ownerOf, readFileInto, sourceIn, type PackFile, type RulePack } from './rule-pack';
import { affectsRuleDiscovery } from './settings';

export type { PackFile, RulePack } from './rule-pack';

export interface PackChange {
  packs: readonly RulePack[];
  /** Keys of packs that no longer exist. */
  removedKeys: readonly string[];
  /** True while the author types, when more changes are likely to follow at once. */
  isTyping: boolean;
}

const CONFIG_TYPING_DELAY_MS = 250;

export class RulePacks implements vscode.Disposable {
  private packs = new Map<string, RulePack>();
  private readonly changes = new vscode.EventEmitter<PackChange>();
  readonly onDidChange = this.changes.event;
  /** Updates run one at a time, so that a rediscovery never interleaves with a file update. */
  private queue: Promise<void> = Promise.resolve();
  private readonly configTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly bugs: BugReporter,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.subscriptions = [
      this.changes,
      watcher,
      watcher.onDidCreate((uri) => this.enqueue(() => this.onCreated(uri))),
      watcher.onDidChange((uri) => this.enqueue(() => this.onChangedOnDisk(uri))),
      watcher.onDidDelete((uri) => this.enqueue(() => this.onDeleted(uri))),
      vscode.workspace.onDidOpenTextDocument((document) => this.onOpened(document)),
      vscode.workspace.onDidChangeTextDocument((event) => this.onEdited(event)),
      vscode.workspace.onDidSaveTextDocument((document) => this.onSaved(document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.enqueue(() => this.onChangedOnDisk(document.uri))),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.reload()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affectsRuleDiscovery(event)) void this.reload();
      }),
    ];
  }

  dispose(): void {
    for (const timer of this.configTimers.values()) clearTimeout(timer);
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  all(): RulePack[] {
    return [...this.packs.values()];
  }

  get(key: string): RulePack | undefined {
    return this.packs.get(key);
  }

  /** Finds every pack and reads every rule file again; resolves when the new state is in place. */
  reload(): Promise<void> {
    return this.enqueue(() => this.discover());
  }

  /** The rule file at `uri` and its pack, if `uri` is a rule file of a pack. */
  fileAt(uri: vscode.Uri): { pack: RulePack; file: PackFile } | undefined {
    const pack = ownerOf(this.packs, uri);
    const file = pack?.files.get(uri.toString());
    return pack && file ? { pack, file } : undefined;
  }

  /** The file's text as the editor has it now (unsaved edits count), parsed when it changed. */
  current(file: PackFile, documents: ReadonlyMap<string, vscode.TextDocument>): { snapshot: TextSnapshot; parsed: RuleFile } {
    const document = documents.get(file.uri.toString());
    const snapshot: TextSnapshot = document
      ? { text: document.getText(), document, version: document.version }
      : { text: file.diskText };
    if (file.parsed?.text !== snapshot.text) file.parsed = parseRuleText(file.source, snapshot.text);
    return { snapshot, parsed: file.parsed };
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(task).catch((error: unknown) => this.bugs.report('updating the rule packs', error));
    return this.queue;
  }

  private emit(packs: readonly RulePack[], options: { isTyping?: boolean; removedKeys?: string[] } = {}): void {
    this.changes.fire({ packs, removedKeys: options.removedKeys ?? [], isTyping: options.isTyping ?? false });
  }

  private async discover(): Promise<void> {
    const configs = await findPackConfigs();
    const explicit = await Promise.all(configs.map((uri) => loadPack(uri)));
    const loose = (vscode.workspace.workspaceFolders ?? []).map((folder) => loosePack(folder));
    const packs = new Map<string, RulePack>();
    for (const pack of [...explicit, ...loose]) if (pack) packs.set(pack.key, pack);
    await Promise.all([...packs.values()].map((pack) => collectFiles(pack, packs, this.log)));
    const removedKeys = [...this.packs.keys()].filter((key) => !packs.has(key));
    this.packs = packs;
    for (const pack of packs.values()) {
      if (pack.configFile || pack.files.size > 0) this.log.info(`${pack.label}: ${pack.files.size} rule file(s)`);
    }
    this.emit([...packs.values()], { removedKeys });
  }

  private configPack(uri: vscode.Uri): RulePack | undefined {
    const pack = this.packs.get(uri.toString());
    return pack?.configFile ? pack : undefined;
  }

  private onOpened(document: vscode.TextDocument): void {
    const found = this.fileAt(document.uri);
    if (found) this.emit([found.pack]);
    // A rule file the search did not report (it was created a moment ago, say) is read now.
    else if (this.isNewRuleFile(document.uri)) void this.enqueue(() => this.onCreated(document.uri));
  }

  private onEdited(event: vscode.TextDocumentChangeEvent): void {
    if (event.contentChanges.length === 0) return;
    const { uri } = event.document;
    const found = this.fileAt(uri);
    if (found) return this.emit([found.pack], { isTyping: true });
    if (!this.configPack(uri)) return;
    clearTimeout(this.configTimers.get(uri.toString()));
    this.configTimers.set(
      uri.toString(),
      setTimeout(() => void this.enqueue(() => this.reloadPack(uri)), CONFIG_TYPING_DELAY_MS),
    );
  }

  private onSaved(document: vscode.TextDocument): void {
    const found = this.fileAt(document.uri);
    if (found) {
      found.file.diskText = document.getText();
      this.emit([found.pack]);
    } else if (this.configPack(document.uri)) {
      clearTimeout(this.configTimers.get(document.uri.toString()));
      void this.enqueue(() => this.reloadPack(document.uri));
    }
  }

  private isNewRuleFile(uri: vscode.Uri): boolean {
    const pack = ownerOf(this.packs, uri);
    return pack !== undefined && !pack.files.has(uri.toString()) && sourceIn(pack, uri) !== undefined;
  }

  private async onCreated(uri: vscode.Uri): Promise<void> {
    if (uri.path.endsWith(`/${PACK_CONFIG_FILE}`)) return this.discover();
    const pack = ownerOf(this.packs, uri);
    if (!pack) return;
    if (sourceIn(pack, uri) === undefined) {
      if (await isDirectory(uri)) await this.onDirectoryCreated(uri);
    } else if (!pack.files.has(uri.toString()) && (await readFileInto(pack, uri, this.log))) {
      this.emit([pack]);
    }
  }

  /** A folder moved or copied in is one event, for the folder: look inside it. */
  private async onDirectoryCreated(uri: vscode.Uri): Promise<void> {
    if ((await findFilesBelow(uri, [`**/${PACK_CONFIG_FILE}`], DEFAULT_CONFIG.exclude)).length > 0) return this.discover();
    const changed = new Set<RulePack>();
    for (const file of await findFilesBelow(uri, ['**/*'], DEFAULT_CONFIG.exclude)) {
      const pack = ownerOf(this.packs, file);
      if (pack && !pack.files.has(file.toString()) && (await readFileInto(pack, file, this.log))) changed.add(pack);
    }
    if (changed.size > 0) this.emit([...changed]);
  }

  private async onChangedOnDisk(uri: vscode.Uri): Promise<void> {
    if (this.configPack(uri)) return this.reloadPack(uri);
    const found = this.fileAt(uri);
    if (found) {
      await readFileInto(found.pack, uri, this.log);
      this.emit([found.pack]);
    }
  }

  private async onDeleted(uri: vscode.Uri): Promise<void> {
    // A deleted folder is one event, for the folder: drop everything below it.
    const isGone = (other: vscode.Uri) => other.toString() === uri.toString() || pathBelow(uri.path, other.path) !== undefined;
    if (this.all().some((pack) => pack.configFile && isGone(pack.configFile.uri))) return this.discover();
    const changed = this.all().filter((pack) => {
      const gone = [...pack.files.values()].filter((file) => isGone(file.uri));
      for (const file of gone) pack.files.delete(file.uri.toString());
      return gone.length > 0;
    });
    if (changed.length > 0) this.emit(changed);
  }

  /** Reads a pack's configuration again; its rule files are collected again when its globs changed. */
  private async reloadPack(configUri: vscode.Uri): Promise<void> {
    const old = this.configPack(configUri);
    const pack = await loadPack(configUri);
    if (!old || !pack) return this.discover();
    const sameGlobs = JSON.stringify([old.config.rules, old.config.exclude]) === JSON.stringify([pack.config.rules, pack.config.exclude]);
    const packs = new Map(this.packs).set(pack.key, pack);
    if (sameGlobs) for (const [key, file] of old.files) pack.files.set(key, file);
    else await collectFiles(pack, packs, this.log);
    this.packs = packs;
    this.emit([pack]);
  }
}
