// The filtered view of a log: a read-only virtual document (`promptsift-filtered:`) that lists only
// the lines of its flagged records, each after its line number in the log, with the matches
// underlined and the triage verdicts in the gutter. The log itself is only read. F12 on a line, or
// a click on its number, opens the log there; for a log over 50 MB, which extensions cannot open,
// the record view of that line instead. Up to MAX_LISTED_RECORDS records, lines cut at
// MAX_LINE_CHARS, and the header says when either applies.
import * as vscode from 'vscode';
import { LEVELS, type Level } from '../core/model';
import { filteredRange, filteredText, logLineAt, viewLineOf, type FilteredView } from './filtered-text';
import { INTERNAL_IDS } from './ids';
import { recordUri } from './record-view';
import type { ReviewHit } from './review-hits';
import { isTooLargeForExtensions, logLines } from './review-lines';
import { addMark, emptyMarks, type SpanMarks } from './span-marks';
import type { Triage } from './triage';
import type { WorkspaceFindings } from './workspace-findings';

export const MAX_LISTED_RECORDS = 5000;
export const MAX_LINE_CHARS = 100_000;
const REFRESH_MS = 300;

/** The filtered view of `log`. */
export function filteredUri(log: vscode.Uri): vscode.Uri {
  return vscode.Uri.from({ scheme: INTERNAL_IDS.filteredScheme, path: `${log.path} (flagged)`, query: log.toString() });
}

/** The log a filtered view shows; undefined for anything but a file URI. */
export function logOfFiltered(uri: vscode.Uri): vscode.Uri | undefined {
  if (uri.scheme !== INTERNAL_IDS.filteredScheme) return undefined;
  try {
    const log = vscode.Uri.parse(uri.query, true);
    return log.scheme === 'file' ? log : undefined;
  } catch {
    return undefined;
  }
}

export class FilteredViews implements vscode.TextDocumentContentProvider, vscode.DocumentLinkProvider, vscode.DefinitionProvider, vscode.Disposable {
  private readonly views = new Map<string, { view: FilteredView; isLarge: boolean }>();
  private readonly changes = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changes.event;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly findings: WorkspaceFindings,
    private readonly triage: Triage,
    private readonly marks: SpanMarks,
  ) {
    const selector = { scheme: INTERNAL_IDS.filteredScheme };
    this.subscriptions = [
      this.changes,
      vscode.workspace.registerTextDocumentContentProvider(INTERNAL_IDS.filteredScheme, this),
      vscode.languages.registerDocumentLinkProvider(selector, this),
      vscode.languages.registerDefinitionProvider(selector, this),
      findings.onDidChange(() => this.refreshSoon()),
      triage.onDidChange(() => this.decorateVisible()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.decorateVisible()),
      vscode.workspace.onDidChangeTextDocument((event) => event.document.uri.scheme === INTERNAL_IDS.filteredScheme && this.decorateVisible()),
      vscode.workspace.onDidCloseTextDocument((document) => this.views.delete(document.uri.toString())),
    ];
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const log = logOfFiltered(uri);
    if (!log) return '# PromptSift: this is not the filtered view of a log file.';
    const hits = this.hitsOf(log);
    const recordLines = [...new Set(hits.map((hit) => hit.line))].sort((a, b) => a - b);
    const listed = recordLines.slice(0, MAX_LISTED_RECORDS);
    const wanted = new Set<number>();
    const lastListed = listed.at(-1) ?? 0;
    for (const hit of hits) {
      if (hit.line > lastListed) continue;
      for (const span of hit.spans) for (let line = span.startLine; line <= span.endLine; line++) wanted.add(line);
    }
    const texts = await logLines(log, wanted, MAX_LINE_CHARS);
    const isLarge = isTooLargeForExtensions(this.findings.sizeOf(log.toString()));
    const view = filteredText(
      { file: vscode.workspace.asRelativePath(log), records: recordLines.length, leftOut: recordLines.length - listed.length, isLarge },
      [...texts.values()].sort((a, b) => a.line - b.line),
    );
    this.views.set(uri.toString(), { view, isLarge });
    return view.text;
  }

  /** Opens the filtered view of `log`, with `hit`'s first span selected when given. */
  async show(log: vscode.Uri, hit?: ReviewHit, options: { preview?: boolean; preserveFocus?: boolean } = {}): Promise<vscode.TextEditor> {
    const uri = filteredUri(log);
    const document = await vscode.workspace.openTextDocument(uri);
    if (!this.views.has(uri.toString())) await this.provideTextDocumentContent(uri);
    const range = hit ? this.rangeOf(uri, hit) : undefined;
    const editor = await vscode.window.showTextDocument(document, { preview: options.preview ?? true, preserveFocus: options.preserveFocus ?? false, ...(range ? { selection: range } : {}) });
    if (range) editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    this.decorate(editor);
    return editor;
  }

  /** Where `hit`'s first span is in the filtered view at `uri`, once that view has been built. */
  rangeOf(uri: vscode.Uri, hit: ReviewHit): vscode.Range | undefined {
    const entry = this.views.get(uri.toString());
    const span = hit.spans[0];
    const range = entry && span ? filteredRange(entry.view, span) : undefined;
    return range && new vscode.Range(range.startLine, range.startColumn, range.endLine, range.endColumn);
  }

  /** The 1-based log line a filtered view shows on 0-based `viewLine`. */
  logLineAt(uri: vscode.Uri, viewLine: number): number | undefined {
    const entry = this.views.get(uri.toString());
    return entry && logLineAt(entry.view, viewLine);
  }

  /** The view as built last, for tests: its text's listed log lines. */
  listedLines(uri: vscode.Uri): number[] | undefined {
    return this.views.get(uri.toString())?.view.lines.map((line) => line.line);
  }

  provideDocumentLinks(document: vscode.TextDocument): vscode.DocumentLink[] {
    const entry = this.views.get(document.uri.toString());
    const log = logOfFiltered(document.uri);
    if (!entry || !log) return [];
    return entry.view.lines.map((line, index) => {
      const viewLine = entry.view.headerLines + index;
      const link = new vscode.DocumentLink(new vscode.Range(viewLine, 0, viewLine, entry.view.prefixLength - 3), this.targetOf(log, line.line, entry.isLarge));
      link.tooltip = entry.isLarge ? `Show the record of line ${line.line}` : `Open the log at line ${line.line}`;
      return link;
    });
  }

  provideDefinition(document: vscode.TextDocument, position: vscode.Position): vscode.Location | undefined {
    const entry = this.views.get(document.uri.toString());
    const log = logOfFiltered(document.uri);
    const line = entry && logLineAt(entry.view, position.line);
    if (!entry || !log || line === undefined) return undefined;
    if (entry.isLarge) return new vscode.Location(recordUri(log, line), new vscode.Position(0, 0));
    const column = Math.max(0, position.character - entry.view.prefixLength);
    return new vscode.Location(log, new vscode.Position(line - 1, column));
  }

  private targetOf(log: vscode.Uri, line: number, isLarge: boolean): vscode.Uri {
    return isLarge ? recordUri(log, line) : log.with({ fragment: `L${line}` });
  }

  private hitsOf(log: vscode.Uri): ReviewHit[] {
    const key = log.toString();
    return this.findings.hits().filter((hit) => hit.log === key);
  }

  private refreshSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      for (const document of vscode.workspace.textDocuments) if (document.uri.scheme === INTERNAL_IDS.filteredScheme) this.changes.fire(document.uri);
    }, REFRESH_MS);
  }

  private decorateVisible(): void {
    for (const editor of vscode.window.visibleTextEditors) if (editor.document.uri.scheme === INTERNAL_IDS.filteredScheme) this.decorate(editor);
  }

  private decorate(editor: vscode.TextEditor): void {
    const entry = this.views.get(editor.document.uri.toString());
    const log = logOfFiltered(editor.document.uri);
    if (!entry || !log) return;
    const marks = emptyMarks();
    for (const hit of this.hitsOf(log)) {
      const viewLine = viewLineOf(entry.view, hit.line);
      if (viewLine === undefined) continue;
      if (LEVELS.includes(hit.level as Level)) {
        for (const span of hit.spans) {
          const range = filteredRange(entry.view, span);
          if (range) addMark(marks.spans, hit.level as Level, new vscode.Range(range.startLine, range.startColumn, range.endLine, range.endColumn));
        }
      }
      const verdict = this.triage.markOf(hit)?.verdict;
      if (verdict) addMark(marks.verdicts, verdict, new vscode.Range(viewLine, 0, viewLine, 0));
    }
    this.marks.set(editor, marks);
  }
}
