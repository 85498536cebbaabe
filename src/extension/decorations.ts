// Marks the matches in the logs shown in editors: one decoration type per rule level (an underline,
// a background or both, in theme colours) with marks in the overview ruler. Only visible editors
// are decorated, and at most `promptsift.decorations.maxPerEditor` matches each: those nearest the
// lines on screen, picked again as the user scrolls away from them.
import * as vscode from 'vscode';
import { LEVELS, type Level } from '../core/model';
import { COLORS } from './ids';
import type { LogScans, ScanChange } from './log-scans';
import { affectsDecorations, readDecorationSettings, type DecorationSettings, type DecorationStyle } from './log-settings';
import { lineColumnRange } from './positions';

/** While a long scan streams in, an editor is decorated again at most this often. */
const BATCH_REFRESH_MS = 250;
const SCROLL_REFRESH_MS = 100;

/** What was last set on an editor. */
export interface EditorDecorations {
  uri: string;
  version: number;
  ranges: Record<Level, vscode.Range[]>;
  /** Matches decorated, and matches there were to choose from. */
  shown: number;
  available: number;
  cap: number;
  /** 0-based lines of the first and last decorated match, to tell when scrolling leaves them. */
  firstLine: number;
  lastLine: number;
  /** The findings they were picked from, and the line they were picked around. */
  source?: object;
  center: number;
}

export class FindingDecorations implements vscode.Disposable {
  private settings: DecorationSettings = readDecorationSettings();
  private types = createTypes(this.settings.style);
  private readonly last = new Map<vscode.TextEditor, EditorDecorations>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly refreshes = new vscode.EventEmitter<vscode.TextEditor>();
  /** Fires after an editor's decorations were set. */
  readonly onDidRefresh = this.refreshes.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly scans: LogScans) {
    this.subscriptions = [
      this.refreshes,
      scans.onDidChange((change) => this.onScanChange(change)),
      vscode.window.onDidChangeVisibleTextEditors((editors) => {
        for (const editor of this.last.keys()) if (!editors.includes(editor)) this.last.delete(editor);
        editors.forEach((editor) => this.refresh(editor));
      }),
      vscode.window.onDidChangeTextEditorVisibleRanges(({ textEditor }) => this.onScroll(textEditor)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!affectsDecorations(event)) return;
        this.settings = readDecorationSettings();
        this.disposeTypes();
        this.types = createTypes(this.settings.style);
        this.last.clear();
        vscode.window.visibleTextEditors.forEach((editor) => this.refresh(editor));
      }),
    ];
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.disposeTypes();
  }

  /** What was last set on the visible editors of `uri` (every visible log when undefined). */
  decorationsOf(uri?: string): EditorDecorations[] {
    return [...this.last.values()].filter((entry) => uri === undefined || entry.uri === uri);
  }

  get style(): DecorationStyle {
    return this.settings.style;
  }

  /** Sets every type on `editor`, empty ones included, so that old marks disappear. */
  refresh(editor: vscode.TextEditor): void {
    const view = this.scans.view(editor.document);
    // After an edit, VS Code moves the marks along with the text until the new scan's findings come.
    if (view.kind === 'stale') return;
    if (view.kind === 'none' && !this.last.has(editor)) return;
    const cap = this.settings.maxPerEditor;
    const center = middleLine(editor);
    const source = view.kind === 'current' ? view.findings : undefined;
    const available = source?.available ?? 0;
    const previous = this.last.get(editor);
    const isSame = previous && previous.source === source && previous.available === available && previous.cap === cap;
    if (isSame && (available <= cap || previous.center === center)) return;
    const ranges = emptyRanges();
    let firstLine = Infinity;
    let lastLine = -Infinity;
    const picked = view.kind === 'current' ? view.findings.around(center + 1, cap) : [];
    for (const finding of picked) {
      if (!LEVELS.includes(finding.level as Level)) continue;
      const range = lineColumnRange(finding, editor.document);
      ranges[finding.level as Level].push(range);
      firstLine = Math.min(firstLine, range.start.line);
      lastLine = Math.max(lastLine, range.end.line);
    }
    for (const level of LEVELS) editor.setDecorations(this.types.get(level) as vscode.TextEditorDecorationType, ranges[level]);
    const uri = editor.document.uri.toString();
    const entry = { uri, version: editor.document.version, ranges, shown: picked.length, available, cap, firstLine, lastLine, source, center };
    this.last.set(editor, entry);
    this.refreshes.fire(editor);
  }

  private onScanChange(change: ScanChange): void {
    const editors = vscode.window.visibleTextEditors.filter((editor) => editor.document.uri.toString() === change.uri);
    if (change.kind !== 'batch') {
      clearTimeout(this.timers.get(change.uri));
      this.timers.delete(change.uri);
      return editors.forEach((editor) => this.refresh(editor));
    }
    if (this.timers.has(change.uri)) return;
    this.timers.set(change.uri, setTimeout(() => {
      this.timers.delete(change.uri);
      vscode.window.visibleTextEditors.filter((editor) => editor.document.uri.toString() === change.uri).forEach((editor) => this.refresh(editor));
    }, BATCH_REFRESH_MS));
  }

  private onScroll(editor: vscode.TextEditor): void {
    if (!this.last.has(editor)) return;
    const key = `scroll:${editor.document.uri.toString()}`;
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.scans.requestWindow(editor);
      const entry = this.last.get(editor);
      const visible = editor.visibleRanges;
      const first = visible[0]?.start.line ?? 0;
      const last = visible.at(-1)?.end.line ?? first;
      // Capped: pick the matches again once the screen nears the edge of those decorated.
      if (entry && entry.shown < entry.available && (first < entry.firstLine || last > entry.lastLine)) this.refresh(editor);
    }, SCROLL_REFRESH_MS));
  }

  private disposeTypes(): void {
    for (const type of this.types.values()) type.dispose();
  }
}

function createTypes(style: DecorationStyle): Map<Level, vscode.TextEditorDecorationType> {
  return new Map(
    LEVELS.map((level) => {
      const colors = COLORS[level];
      const underline = { borderStyle: 'none none solid none', borderWidth: '0 0 2px 0', borderColor: new vscode.ThemeColor(colors.border) };
      const type = vscode.window.createTextEditorDecorationType({
        ...(style === 'background' ? {} : underline),
        ...(style === 'underline' ? {} : { backgroundColor: new vscode.ThemeColor(colors.background) }),
        overviewRulerColor: new vscode.ThemeColor(colors.border),
        overviewRulerLane: vscode.OverviewRulerLane.Center,
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      });
      return [level, type];
    }),
  );
}

function emptyRanges(): Record<Level, vscode.Range[]> {
  return { informational: [], low: [], medium: [], high: [], critical: [] };
}

/** The 0-based line in the middle of what the editor shows. */
function middleLine(editor: vscode.TextEditor): number {
  const first = editor.visibleRanges[0]?.start.line ?? 0;
  const last = editor.visibleRanges.at(-1)?.end.line ?? first;
  return Math.floor((first + last) / 2);
}
