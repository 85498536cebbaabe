// One JSONL line → a record (or the problem that stops it), for readers and streaming scanners.

import type { LogRecord, Problem, Span } from '../model';
import type { FieldPlan } from './field-map';
import { findJsonError } from './json-errors';
import { skipWhitespace } from './json-spans';
import type { RecordSource } from './locate';
import { isPlainObject } from './paths';
import { excerpt, logProblem } from './problems';
import { buildRecord } from './record';
import { expandEmbeddedJson } from './embedded-json';

/** Where a line sits in the caller's document, and the field plan to read it with. */
export interface LineContext {
  /** 1-based line number of the line. */
  line: number;
  /** Offset of the line's first character in the caller's document; added to every span. */
  offset: number;
  plan: FieldPlan;
}

/**
 * Parses one line (without its `\n`; a trailing `\r` and a leading byte-order mark are ignored).
 * Returns [] for a blank line, else the record followed by any warnings about it, or the one
 * problem that made the line unreadable. Never throws.
 */
export function parseJsonlLine(text: string, ctx: LineContext): (LogRecord | Problem)[] {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const end = text.length > start && text.charCodeAt(text.length - 1) === 13 ? text.length - 1 : text.length;
  if (skipWhitespace(text, start, end) === end) return [];
  let value: unknown;
  try {
    value = JSON.parse(start === 0 && end === text.length ? text : text.slice(start, end));
  } catch {
    return [unparsedLine(text, start, end, ctx)];
  }
  if (!isPlainObject(value)) {
    const kind = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
    const data = { line: String(ctx.line), kind, excerpt: excerpt(text, start, end) };
    return [logProblem('notObject', data, at(ctx, start, Math.min(end, start + 1)))];
  }
  expandEmbeddedJson(value, false);
  const source: RecordSource = { kind: 'json', text, start, end, base: ctx.offset };
  const out = buildRecord(value, ctx.line, source, ctx.plan);
  const bad = text.indexOf('\uFFFD', start);
  if (bad >= 0 && bad < end) {
    const data = { line: String(ctx.line), excerpt: excerpt(text, Math.max(start, bad - 20), end) };
    out.push(logProblem('replacementCharacter', data, at(ctx, bad, bad + 1)));
  }
  return out;
}

function at(ctx: LineContext, start: number, end: number): Span {
  return { start: ctx.offset + start, end: ctx.offset + end };
}

/** The problem for a line JSON.parse rejected: binary data, or the first syntax error. */
function unparsedLine(text: string, start: number, end: number, ctx: LineContext): Problem {
  const line = String(ctx.line);
  const nul = text.indexOf('\u0000', start);
  if (nul >= 0 && nul < end) {
    return logProblem('binaryData', { line, excerpt: excerpt(text, start, end) }, at(ctx, nul, nul + 1));
  }
  const error = findJsonError(text, start, end) ?? { offset: start, reason: 'unexpected character' };
  const offset = Math.max(start, Math.min(error.offset, end - 1));
  const from = error.offset >= end ? Math.max(start, end - 30) : offset;
  const data = { line, reason: error.reason, excerpt: excerpt(text, from, end) };
  return logProblem('invalidJson', data, at(ctx, offset, offset + 1));
}
