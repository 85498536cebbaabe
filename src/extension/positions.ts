// The one place where the core's offsets become editor positions. An open document converts its own
// offsets; text read from disk goes through the core's line table.
import * as vscode from 'vscode';
import { lineStarts, toLineColumn, type Span } from '../core/engine';

/** A text as it was given to the core: from an open document at some version, or from disk. */
export interface TextSnapshot {
  text: string;
  /** The open document the text came from, and its version at the time. */
  document?: vscode.TextDocument;
  version?: number;
}

export type SpanToRange = (span: Span) => vscode.Range;

/** A converter for spans into `snapshot.text`. */
export function rangeConverter(snapshot: TextSnapshot): SpanToRange {
  const { document } = snapshot;
  // A document that changed since the snapshot no longer has the snapshot's offsets.
  if (document && !document.isClosed && document.version === snapshot.version) {
    return (span) => new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));
  }
  let starts: number[] | undefined;
  const toPosition = (offset: number): vscode.Position => {
    starts ??= lineStarts(snapshot.text);
    const { line, column } = toLineColumn(starts, Math.min(Math.max(offset, 0), snapshot.text.length));
    return new vscode.Position(line - 1, column - 1);
  };
  return (span) => new vscode.Range(toPosition(span.start), toPosition(span.end));
}
