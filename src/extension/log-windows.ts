// The lines to scan ahead of the rest of a log: those on screen first, then as many again above
// and below, so that scrolling a little finds them decorated already.
import * as vscode from 'vscode';
import type { ScanWindow } from './log-scan-protocol';

/** Window text beyond this is left to the full scan (a few very long lines fill the screen). */
const MAX_WINDOW_CHARS = 4 * 1024 * 1024;

/**
 * The lines on screen in `editor`, with as many again above and below (`withMargin`), as a window
 * to scan ahead of the rest; undefined when they hold too much text.
 */
export function windowOf(editor: vscode.TextEditor, { withMargin = true } = {}): (ScanWindow & { lineCount: number }) | undefined {
  const { document, visibleRanges } = editor;
  const first = visibleRanges[0]?.start.line ?? 0;
  const last = visibleRanges.at(-1)?.end.line ?? Math.min(document.lineCount - 1, 60);
  const margin = withMargin ? Math.max(20, last - first + 1) : 0;
  const from = Math.max(0, first - margin);
  const to = Math.min(document.lineCount - 1, last + margin);
  const range = new vscode.Range(from, 0, to, document.lineAt(to).text.length);
  if (document.offsetAt(range.end) - document.offsetAt(range.start) > MAX_WINDOW_CHARS) return undefined;
  return { firstLine: from + 1, text: document.getText(range), lineCount: to - from + 1 };
}

/** The windows a scan of `document` starts with: what each editor shows, then the margins around it. */
export function firstWindows(document: vscode.TextDocument): ScanWindow[] {
  const editors = vscode.window.visibleTextEditors.filter((editor) => editor.document === document);
  const windows = [...editors.map((editor) => windowOf(editor, { withMargin: false })), ...editors.map((editor) => windowOf(editor))];
  return windows.flatMap((window) => (window ? [{ firstLine: window.firstLine, text: window.text }] : []));
}
