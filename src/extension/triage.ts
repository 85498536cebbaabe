// Reviewers' verdicts on hits, kept in `.promptsift/triage.jsonl` in each workspace folder (format:
// triage-file.ts), which teams commit. Marks are keyed on the record (its key, the log's path in the
// folder, the rule), not on a line, so they survive re-scans, edits of rules and lines moving. The
// file is read again when it changes on disk (a pull, a checkout) and before every write, written
// atomically (a temporary file renamed over it), and never while it has lines that would be lost:
// those are listed in the Problems panel. Logs are never written.
import { execFile } from 'node:child_process';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { INTERNAL_IDS, NAMES, SETTINGS } from './ids';
import type { ReviewHit } from './review-hits';
import { formatTriage, isSafeToRewrite, markKey, MAX_NOTE_CHARS, parseTriage, withChange, type TriageMark, type TriageProblem, type Verdict } from './triage-file';

export const TRIAGE_FILE = '.promptsift/triage.jsonl';

interface FolderMarks {
  marks: Map<string, TriageMark>;
  problems: TriageProblem[];
}

export interface TriageCounts {
  flagged: number;
  confirmed: number;
  falsePositive: number;
  /** Not marked yet, or marked as needing review. */
  toReview: number;
}

export class Triage implements vscode.Disposable {
  private readonly folders = new Map<string, FolderMarks>();
  private readonly collection = vscode.languages.createDiagnosticCollection(INTERNAL_IDS.triageCollection);
  private readonly changes = new vscode.EventEmitter<void>();
  /** Fires when marks were read or written. */
  readonly onDidChange = this.changes.event;
  private writes: Promise<unknown> = Promise.resolve();
  private readonly authors = new Map<string, Promise<string | undefined>>();
  private readonly subscriptions: vscode.Disposable[];
  /** Resolves once every folder's file has been read. */
  readonly ready: Promise<void>;

  constructor(private readonly log: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${TRIAGE_FILE}`);
    const reload = (uri: vscode.Uri) => {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (folder && uri.toString() === fileOf(folder).toString()) void this.read(folder);
    };
    this.subscriptions = [
      this.collection,
      this.changes,
      watcher,
      watcher.onDidChange(reload),
      watcher.onDidCreate(reload),
      watcher.onDidDelete(reload),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.readAll()),
    ];
    this.ready = this.readAll();
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  /** True when some folder has a triage file with marks: a review is under way there. */
  get hasMarks(): boolean {
    return [...this.folders.values()].some((folder) => folder.marks.size > 0);
  }

  markOf(hit: ReviewHit): TriageMark | undefined {
    const folder = folderOfLog(hit.log);
    return folder && this.folders.get(folder.uri.toString())?.marks.get(markKey({ file: hit.file, recordKey: hit.recordKey, ruleId: hit.ruleId }));
  }

  /** The mark of a record of the log at `log` for a rule, as a finding names them. */
  markFor(log: vscode.Uri, recordKey: string, ruleId: string): TriageMark | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(log);
    return folder && this.folders.get(folder.uri.toString())?.marks.get(markKey({ file: relativeFile(log), recordKey, ruleId }));
  }

  counts(hits: readonly ReviewHit[]): TriageCounts {
    const counts: TriageCounts = { flagged: hits.length, confirmed: 0, falsePositive: 0, toReview: 0 };
    for (const hit of hits) {
      const verdict = this.markOf(hit)?.verdict;
      if (verdict === 'confirmed') counts.confirmed++;
      else if (verdict === 'false_positive') counts.falsePositive++;
      else counts.toReview++;
    }
    return counts;
  }

  /**
   * The hits marked as false positives: the hook for figures that leave them out (the campaign
   * statistics take them as no match of that rule on that record; review-campaigns.ts sends them).
   */
  falsePositives(hits: readonly ReviewHit[]): ReviewHit[] {
    return hits.filter((hit) => this.markOf(hit)?.verdict === 'false_positive');
  }

  /** Sets `verdict` on each hit's record and rule; resolves with whether the file was written. */
  async mark(hits: readonly ReviewHit[], verdict: Verdict, note?: string): Promise<boolean> {
    const byFolder = groupByFolder(hits);
    let isWritten = true;
    for (const [folder, folderHits] of byFolder) {
      const by = await this.author(folder);
      const at = new Date().toISOString();
      isWritten = (await this.write(folder, (marks) =>
        folderHits.reduce((next, hit) => {
          const mark: TriageMark = { file: hit.file, recordKey: hit.recordKey, ruleId: hit.ruleId, verdict, at };
          const kept = note ?? marks.get(markKey(mark))?.note;
          if (kept) mark.note = kept.slice(0, MAX_NOTE_CHARS);
          if (by) mark.by = by;
          return withChange(next, { set: mark });
        }, new Map(marks)),
      )) && isWritten;
    }
    return isWritten;
  }

  /** Removes the marks of the hits' records and rules. */
  async clear(hits: readonly ReviewHit[]): Promise<boolean> {
    let isWritten = true;
    for (const [folder, folderHits] of groupByFolder(hits)) {
      isWritten = (await this.write(folder, (marks) => folderHits.reduce((next, hit) => withChange(next, { clear: markKey(hit) }), new Map(marks)))) && isWritten;
    }
    return isWritten;
  }

  /** The triage file of the folder that holds `log`. */
  fileFor(log: string): vscode.Uri | undefined {
    const folder = folderOfLog(log);
    return folder && fileOf(folder);
  }

  private async readAll(): Promise<void> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    for (const key of [...this.folders.keys()]) if (!folders.some((folder) => folder.uri.toString() === key)) this.folders.delete(key);
    await Promise.all(folders.map((folder) => this.read(folder)));
  }

  private async read(folder: vscode.WorkspaceFolder): Promise<FolderMarks> {
    const uri = fileOf(folder);
    const text = await readFile(uri.fsPath, 'utf8').catch(() => '');
    const parsed = parseTriage(text);
    this.folders.set(folder.uri.toString(), parsed);
    this.collection.set(uri, parsed.problems.map((problem) => toDiagnostic(problem)));
    this.changes.fire();
    return parsed;
  }

  /** Reads the file again, applies `change`, and writes it atomically; one write at a time. */
  private write(folder: vscode.WorkspaceFolder, change: (marks: ReadonlyMap<string, TriageMark>) => Map<string, TriageMark>): Promise<boolean> {
    const task = this.writes.then(async () => {
      const uri = fileOf(folder);
      if (vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString() && document.isDirty)) {
        void vscode.window.showWarningMessage(`${TRIAGE_FILE} has unsaved changes in an editor; save or revert them, then mark again.`);
        return false;
      }
      let current = await this.read(folder);
      if (!isSafeToRewrite(current.problems)) {
        if (!(await this.offerMerge(uri, current.problems))) return false;
        current = { marks: current.marks, problems: [] };
      }
      const text = formatTriage(change(current.marks).values());
      await mkdir(path.dirname(uri.fsPath), { recursive: true });
      const temporary = `${uri.fsPath}.${process.pid}.tmp`;
      await writeFile(temporary, text, 'utf8');
      await rename(temporary, uri.fsPath);
      await this.read(folder);
      return true;
    });
    this.writes = task.catch(() => undefined);
    return task;
  }

  /** A file with conflict markers only can be merged (the later mark of a record wins); other problems must be fixed by hand. */
  private async offerMerge(uri: vscode.Uri, problems: readonly TriageProblem[]): Promise<boolean> {
    const hasBadLines = problems.some((problem) => problem.kind === 'not-json' || problem.kind === 'not-a-mark');
    const open = 'Open triage.jsonl';
    if (hasBadLines) {
      const choice = await vscode.window.showWarningMessage(`${TRIAGE_FILE} has lines that are not marks (see the Problems panel); PromptSift writes it only once they are fixed, so that nothing is lost.`, open);
      if (choice === open) await vscode.window.showTextDocument(uri);
      return false;
    }
    const merge = 'Merge Both Sides';
    const choice = await vscode.window.showWarningMessage(
      `${TRIAGE_FILE} has merge-conflict markers. Merge both sides (where both marked a record, the later mark wins), then mark?`,
      merge,
      open,
    );
    if (choice === open) await vscode.window.showTextDocument(uri);
    if (choice === merge) this.log.info(`Merged the two sides of the conflict in ${vscode.workspace.asRelativePath(uri)}`);
    return choice === merge;
  }

  /** `promptsift.triage.author`, else git's user.name in the folder, else nobody. */
  private author(folder: vscode.WorkspaceFolder): Promise<string | undefined> {
    const configured = vscode.workspace.getConfiguration(undefined, folder).get<unknown>(SETTINGS.triageAuthor);
    if (typeof configured === 'string' && configured.trim() !== '') return Promise.resolve(configured.trim());
    const key = folder.uri.toString();
    let found = this.authors.get(key);
    if (!found) {
      found = new Promise((resolve) =>
        execFile('git', ['config', 'user.name'], { cwd: folder.uri.fsPath, timeout: 2000 }, (error, stdout) => resolve(error ? undefined : stdout.trim() || undefined)),
      );
      this.authors.set(key, found);
    }
    return found;
  }
}

/** A log's path in its workspace folder, with `/` separators: the triage file's `file`. */
export function relativeFile(log: vscode.Uri): string {
  return vscode.workspace.asRelativePath(log, false).replace(/\\/g, '/');
}

export function fileOf(folder: vscode.WorkspaceFolder): vscode.Uri {
  return vscode.Uri.joinPath(folder.uri, ...TRIAGE_FILE.split('/'));
}

function folderOfLog(log: string): vscode.WorkspaceFolder | undefined {
  return vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(log));
}

function groupByFolder(hits: readonly ReviewHit[]): Map<vscode.WorkspaceFolder, ReviewHit[]> {
  const byFolder = new Map<vscode.WorkspaceFolder, ReviewHit[]>();
  for (const hit of hits) {
    const folder = folderOfLog(hit.log);
    if (!folder) continue;
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), hit]);
  }
  return byFolder;
}

function toDiagnostic(problem: TriageProblem): vscode.Diagnostic {
  const severity = problem.kind === 'duplicate' ? vscode.DiagnosticSeverity.Information : problem.kind === 'conflict-marker' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error;
  const diagnostic = new vscode.Diagnostic(new vscode.Range(problem.line - 1, 0, problem.line - 1, Number.MAX_SAFE_INTEGER), problem.message, severity);
  diagnostic.source = NAMES.diagnosticSource;
  diagnostic.code = `triage-${problem.kind}`;
  return diagnostic;
}
