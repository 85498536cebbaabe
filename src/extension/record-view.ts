// The record view: one log record as a read-only virtual document (`promptsift-record:`), its JSON
// pretty-printed with long strings (the prompt) wrapped, the matches underlined where they went,
// and a header naming the log, the line, the record key and each rule's match and verdict. It reads
// the line from the editor or from disk, so it works for logs over 50 MB too; the header's link
// (and F12) opens the log at the line when extensions can. Log text is shown as text: hostile
// characters are escaped in the layout and the header.
import * as vscode from 'vscode';
import { LEVELS, type Level } from '../core/model';
import { quoteExcerpt } from './hover-content';
import { INTERNAL_IDS } from './ids';
import { prettyRecord, type PrettyRecord } from './record-pretty';
import type { ReviewHit } from './review-hits';
import { isTooLargeForExtensions, logLines } from './review-lines';
import { addMark, emptyMarks, type SpanMarks } from './span-marks';
import type { Triage } from './triage';
import type { WorkspaceFindings } from './workspace-findings';

/** Longest line shown; a longer one is cut, and the header says so. */
const MAX_RECORD_CHARS = 16 * 1024 * 1024;
const VERDICT_LABELS = { confirmed: 'confirmed', false_positive: 'false positive', needs_review: 'needs review' } as const;

export function recordUri(log: vscode.Uri, line: number): vscode.Uri {
  const query = new URLSearchParams({ line: String(line), log: log.toString() }).toString();
  return vscode.Uri.from({ scheme: INTERNAL_IDS.recordScheme, path: `${log.path} (line ${line})`, query });
}

/** The log and line a record view shows; undefined unless both are well formed. */
export function recordTarget(uri: vscode.Uri): { log: vscode.Uri; line: number } | undefined {
  if (uri.scheme !== INTERNAL_IDS.recordScheme) return undefined;
  const params = new URLSearchParams(uri.query);
  const line = Number(params.get('line'));
  try {
    const log = vscode.Uri.parse(params.get('log') ?? '', true);
    return log.scheme === 'file' && Number.isInteger(line) && line >= 1 ? { log, line } : undefined;
  } catch {
    return undefined;
  }
}

interface Shown {
  pretty: PrettyRecord;
  headerLines: number;
  line: number;
}

export class RecordViews implements vscode.TextDocumentContentProvider, vscode.DocumentLinkProvider, vscode.DefinitionProvider, vscode.Disposable {
  private readonly shown = new Map<string, Shown>();
  private readonly changes = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changes.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly findings: WorkspaceFindings,
    private readonly triage: Triage,
    private readonly marks: SpanMarks,
  ) {
    const selector = { scheme: INTERNAL_IDS.recordScheme };
    const refresh = () => {
      for (const document of vscode.workspace.textDocuments) if (document.uri.scheme === INTERNAL_IDS.recordScheme) this.changes.fire(document.uri);
    };
    this.subscriptions = [
      this.changes,
      vscode.workspace.registerTextDocumentContentProvider(INTERNAL_IDS.recordScheme, this),
      vscode.languages.registerDocumentLinkProvider(selector, this),
      vscode.languages.registerDefinitionProvider(selector, this),
      findings.onDidChange(refresh),
      triage.onDidChange(refresh),
      vscode.window.onDidChangeVisibleTextEditors(() => this.decorateVisible()),
      vscode.workspace.onDidChangeTextDocument((event) => event.document.uri.scheme === INTERNAL_IDS.recordScheme && this.decorateVisible()),
      vscode.workspace.onDidCloseTextDocument((document) => this.shown.delete(document.uri.toString())),
    ];
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const target = recordTarget(uri);
    if (!target) return '# PromptSift: this is not the record view of a log line.';
    const found = (await logLines(target.log, [target.line], MAX_RECORD_CHARS)).get(target.line);
    if (!found) return `# PromptSift: ${vscode.workspace.asRelativePath(target.log)} has no line ${target.line}.`;
    const pretty = prettyRecord(found.text);
    const hits = this.hitsOf(target.log, target.line);
    const header = [
      `# ${vscode.workspace.asRelativePath(target.log)}, line ${target.line}${hits[0] ? `, record ${quoteExcerpt(hits[0].recordKey)}` : ''}. Read-only view of one record; the log is unchanged.`,
      ...hits.map((hit) => this.describe(hit)),
      ...(found.cut > 0 ? [`# The line is cut after ${found.text.length.toLocaleString('en-US')} characters.`] : []),
      ...(pretty.isJson ? [] : ['# Not a JSON object: shown as it is, wrapped.']),
      '',
    ];
    this.shown.set(uri.toString(), { pretty, headerLines: header.length, line: target.line });
    return `${header.join('\n')}\n${pretty.text}\n`;
  }

  /** Opens the record of `hit`, with its first span selected. */
  async show(hit: ReviewHit, options: { preview?: boolean; preserveFocus?: boolean } = {}): Promise<vscode.TextEditor> {
    const uri = recordUri(vscode.Uri.parse(hit.log), hit.line);
    const document = await vscode.workspace.openTextDocument(uri);
    if (!this.shown.has(uri.toString())) await this.provideTextDocumentContent(uri);
    const range = this.rangeOf(uri, hit);
    const editor = await vscode.window.showTextDocument(document, { preview: options.preview ?? true, preserveFocus: options.preserveFocus ?? false, ...(range ? { selection: range } : {}) });
    if (range) editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    this.decorate(editor);
    return editor;
  }

  rangeOf(uri: vscode.Uri, hit: ReviewHit): vscode.Range | undefined {
    const span = hit.spans.find((candidate) => candidate.startLine === hit.line);
    return span && this.locate(uri, span.column, span.startLine === span.endLine ? span.endColumn : Number.MAX_SAFE_INTEGER);
  }

  provideDocumentLinks(document: vscode.TextDocument): vscode.DocumentLink[] {
    const target = recordTarget(document.uri);
    if (!target || isTooLargeForExtensions(this.findings.sizeOf(target.log.toString()))) return [];
    const name = vscode.workspace.asRelativePath(target.log);
    const link = new vscode.DocumentLink(new vscode.Range(0, 2, 0, 2 + `${name}, line ${target.line}`.length), target.log.with({ fragment: `L${target.line}` }));
    link.tooltip = `Open the log at line ${target.line}`;
    return [link];
  }

  provideDefinition(document: vscode.TextDocument): vscode.Location | undefined {
    const target = recordTarget(document.uri);
    if (!target || isTooLargeForExtensions(this.findings.sizeOf(target.log.toString()))) return undefined;
    return new vscode.Location(target.log, new vscode.Position(target.line - 1, 0));
  }

  private describe(hit: ReviewHit): string {
    const mark = this.triage.markOf(hit);
    const verdict = mark ? ` · ${VERDICT_LABELS[mark.verdict]}${mark.by ? ` by ${oneLine(mark.by)}` : ''}${mark.note ? `: ${oneLine(mark.note)}` : ''}` : ' · not triaged';
    const matched = hit.matched === '' ? 'the whole record' : quoteExcerpt(hit.matched);
    return `# ${hit.level} · ${oneLine(hit.title)} (${oneLine(hit.ruleId)}): ${matched} in ${hit.field}${verdict}`;
  }

  private locate(uri: vscode.Uri, column: number, endColumn: number): vscode.Range | undefined {
    const shown = this.shown.get(uri.toString());
    const range = shown?.pretty.locate(column - 1, endColumn - 1);
    if (!shown || !range) return undefined;
    return new vscode.Range(shown.headerLines + range.startLine, range.startColumn, shown.headerLines + range.endLine, range.endColumn);
  }

  private hitsOf(log: vscode.Uri, line: number): ReviewHit[] {
    const key = log.toString();
    return this.findings.hits().filter((hit) => hit.log === key && hit.line === line);
  }

  private decorateVisible(): void {
    for (const editor of vscode.window.visibleTextEditors) if (editor.document.uri.scheme === INTERNAL_IDS.recordScheme) this.decorate(editor);
  }

  private decorate(editor: vscode.TextEditor): void {
    const target = recordTarget(editor.document.uri);
    if (!target || !this.shown.has(editor.document.uri.toString())) return;
    const marks = emptyMarks();
    for (const hit of this.hitsOf(target.log, target.line)) {
      if (!LEVELS.includes(hit.level as Level)) continue;
      for (const span of hit.spans) {
        if (span.startLine !== target.line) continue;
        const range = this.locate(editor.document.uri, span.column, span.startLine === span.endLine ? span.endColumn : Number.MAX_SAFE_INTEGER);
        if (range) addMark(marks.spans, hit.level as Level, range);
      }
    }
    this.marks.set(editor, { spans: marks.spans, verdicts: new Map() });
  }
}

/** Text from a log or a reviewer on one header line: no line breaks, no characters that reorder it. */
function oneLine(text: string): string {
  return quoteExcerpt(text).slice(1, -1);
}
