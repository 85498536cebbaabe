// The text of chosen lines of a log for the review's views: from its editor when VS Code has it
// open (unsaved edits count, as in the editor's scan), else from disk, which is also the only way
// for a log over the 50 MB VS Code hands to extensions.
import * as vscode from 'vscode';
import type { FilteredLine } from './filtered-text';
import { SYNC_LIMIT_BYTES } from './large-logs';
import { readLogLines } from './log-lines';

/** Lines of `log` (1-based), each cut at `maxChars`. */
export async function logLines(log: vscode.Uri, lines: Iterable<number>, maxChars: number): Promise<Map<number, FilteredLine>> {
  const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === log.toString());
  if (!document) return log.scheme === 'file' ? readLogLines(log.fsPath, lines, maxChars) : new Map();
  const found = new Map<number, FilteredLine>();
  for (const line of lines) {
    if (!Number.isInteger(line) || line < 1 || line > document.lineCount) continue;
    const text = document.lineAt(line - 1).text;
    found.set(line, { line, text: text.slice(0, maxChars), cut: Math.max(0, text.length - maxChars) });
  }
  return found;
}

/** True when VS Code would not hand the log to extensions (an editor can show it, but we see no document). */
export function isTooLargeForExtensions(size: number | undefined): boolean {
  return size !== undefined && size > SYNC_LIMIT_BYTES;
}
