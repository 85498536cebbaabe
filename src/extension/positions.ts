// The one place where the core's offsets become editor positions. An open document converts its own
// offsets; text read from disk goes through the core's line table. The log scanner reports lines and
// columns instead of offsets; they become ranges here too.
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

/** A position as the log scanner reports it: 1-based line, 1-based column in UTF-16 code units of the raw line. */
export interface LineColumnSpan {
  startLine: number;
  column: number;
  endLine: number;
  /** Exclusive. */
  endColumn: number;
}

/**
 * The range of a scanner position. Columns need no line text: the scanner counts UTF-16 code units
 * of the line without its byte-order mark, as the editor does. With a document, the range is clipped
 * to its text, in case the document changed since the scan.
 */
export function lineColumnRange(span: LineColumnSpan, document?: vscode.TextDocument): vscode.Range {
  const range = new vscode.Range(
    Math.max(0, span.startLine - 1),
    Math.max(0, span.column - 1),
    Math.max(0, span.endLine - 1),
    Math.max(0, span.endColumn - 1),
  );
  return document ? document.validateRange(range) : range;
}
