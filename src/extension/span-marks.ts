// Marks for the review's read-only views (the filtered view, the record view): the matched spans
// underlined in their rule level's theme colour, as in logs, and the triage verdicts as gutter
// icons. One decoration type per kind, created once; every type is set on each refresh, empty ones
// included, so that old marks disappear.
import * as vscode from 'vscode';
import { LEVELS, type Level } from '../core/model';
import { COLORS, VERDICT_ICONS } from './ids';
import type { Verdict } from './triage-file';

export interface ViewMarks {
  spans: Map<Level, vscode.Range[]>;
  verdicts: Map<Verdict, vscode.Range[]>;
}

export class SpanMarks implements vscode.Disposable {
  private readonly levels = new Map<Level, vscode.TextEditorDecorationType>();
  private readonly verdicts = new Map<Verdict, vscode.TextEditorDecorationType>();

  constructor(extensionUri: vscode.Uri) {
    for (const level of LEVELS) {
      const colors = COLORS[level];
      this.levels.set(level, vscode.window.createTextEditorDecorationType({
        borderStyle: 'none none solid none',
        borderWidth: '0 0 2px 0',
        borderColor: new vscode.ThemeColor(colors.border),
        backgroundColor: new vscode.ThemeColor(colors.background),
        overviewRulerColor: new vscode.ThemeColor(colors.border),
        overviewRulerLane: vscode.OverviewRulerLane.Center,
      }));
    }
    for (const [verdict, icon] of Object.entries(VERDICT_ICONS) as [Verdict, string][]) {
      this.verdicts.set(verdict, vscode.window.createTextEditorDecorationType({ gutterIconPath: vscode.Uri.joinPath(extensionUri, icon), gutterIconSize: '80%' }));
    }
  }

  dispose(): void {
    for (const type of [...this.levels.values(), ...this.verdicts.values()]) type.dispose();
  }

  /** Sets the span marks and the verdict icons on `editor`: every type of each kind given; a kind left out stays as it was. */
  set(editor: vscode.TextEditor, marks: Partial<ViewMarks>): void {
    if (marks.spans) for (const [level, type] of this.levels) editor.setDecorations(type, marks.spans.get(level) ?? []);
    if (marks.verdicts) for (const [verdict, type] of this.verdicts) editor.setDecorations(type, marks.verdicts.get(verdict) ?? []);
  }
}

export function emptyMarks(): ViewMarks {
  return { spans: new Map(), verdicts: new Map() };
}

export function addMark<K>(marks: Map<K, vscode.Range[]>, key: K, range: vscode.Range): void {
  const list = marks.get(key);
  if (list) list.push(range);
  else marks.set(key, [range]);
}
