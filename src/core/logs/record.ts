// A parsed record: taxonomy fields read through the field plan, the timestamp, and `locate`.

import { LLM_FIELDS, type FieldRef, type LlmField, type LogRecord, type Problem, type Span } from '../model';
import { readField, viewRecord, type FieldPlan } from './field-map';
import { locateValueSpan, type RecordSource } from './locate';
import { compilePath, resolvePath } from './paths';
import { logProblem } from './problems';
import type { Piece } from './shapes';
import { parseTimestamp } from './time';

/** A value's length and the raw pieces it was assembled from. */
interface Assembled {
  length: number;
  pieces: Piece[];
}

const LLM_FIELD_SET: ReadonlySet<string> = new Set(LLM_FIELDS);

/**
 * A log record. It keeps a reference to the text it was read from, for `locate`: copy what you
 * keep for long (a record held on to keeps its whole chunk of text alive).
 */
export class ParsedLogRecord implements LogRecord {
  readonly line: number;
  readonly span: Span;
  readonly fields: Partial<Record<LlmField, string>>;
  readonly raw: Record<string, unknown>;
  readonly time: number | undefined;
  private readonly source: RecordSource;
  private readonly plan: FieldPlan;

  constructor(init: {
    line: number;
    raw: Record<string, unknown>;
    fields: Partial<Record<LlmField, string>>;
    time: number | undefined;
    source: RecordSource;
    plan: FieldPlan;
  }) {
    this.line = init.line;
    this.span = { start: init.source.base + init.source.start, end: init.source.base + init.source.end };
    this.fields = init.fields;
    this.raw = init.raw;
    this.time = init.time;
    this.source = init.source;
    this.plan = init.plan;
  }

  /**
   * Maps `span`, inside the value of `field` (a taxonomy field, or a raw dotted path whose first
   * string leaf is the value; pass a concrete path such as `messages.2.content` for another leaf),
   * to spans of the raw text: one per raw string the span touches. The "\n" that joins pieces
   * maps to nothing. Returns [] for an unknown field or a span outside the value.
   */
  locate(field: FieldRef, span: Span): Span[] {
    const found = field.isRawPath ? this.rawLeaf(field.name) : this.taxonomyPieces(field.name);
    if (!found || span.start < 0 || span.start > span.end || span.end > found.length) return [];
    const spans: Span[] = [];
    for (const piece of found.pieces) {
      const pieceEnd = piece.start + piece.length;
      const start = Math.max(span.start, piece.start);
      const end = Math.min(span.end, pieceEnd);
      const isEmptyHit = span.start === span.end && start === end && spans.length === 0;
      if (start > end || (start === end && !isEmptyHit)) continue;
      const local = { start: start - piece.start, end: end - piece.start };
      const located = locateValueSpan(this.source, piece.path, local, piece.length);
      if (located) spans.push(located);
    }
    return spans;
  }

  private taxonomyPieces(name: string): Assembled | undefined {
    if (!LLM_FIELD_SET.has(name)) return undefined;
    const read = readField(viewRecord(this.raw), this.plan, name as LlmField, true);
    return read && { length: read.value.length, pieces: read.pieces };
  }

  private rawLeaf(name: string): Assembled | undefined {
    for (const leaf of resolvePath(this.raw, compilePath(name), true)) {
      const { value } = leaf;
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue;
      const length = String(value).length;
      return { length, pieces: [{ path: leaf.path, start: 0, length }] };
    }
    return undefined;
  }
}

/** Reads the taxonomy fields and the time of `raw`; a timestamp that does not parse is a problem. */
export function buildRecord(raw: Record<string, unknown>, line: number, source: RecordSource, plan: FieldPlan): (LogRecord | Problem)[] {
  const view = viewRecord(raw);
  const fields: Partial<Record<LlmField, string>> = {};
  let time: number | undefined;
  let timestampLeaf: unknown;
  for (const field of LLM_FIELDS) {
    const read = readField(view, plan, field, false);
    if (!read) continue;
    fields[field] = read.value;
    if (field === 'timestamp') timestampLeaf = read.leaf;
  }
  if (timestampLeaf !== undefined) time = parseTimestamp(timestampLeaf);
  const record = new ParsedLogRecord({ line, raw, fields, time, source, plan });
  if (timestampLeaf === undefined || time !== undefined) return [record];
  const value = fields.timestamp ?? '';
  const spans = record.locate({ name: 'timestamp', isRawPath: false }, { start: 0, end: value.length });
  const span = spans[0] ?? record.span;
  return [record, logProblem('unparsedTimestamp', { value: JSON.stringify(value), line: String(line) }, span)];
}

