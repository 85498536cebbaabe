// Plain text logs: each non-blank line is one prompt.

import type { LogRecord, Problem } from '../model';
import type { LineContext } from './jsonl';
import type { RecordSource } from './locate';
import { excerpt, logProblem } from './problems';
import { buildRecord } from './record';

/**
 * Reads one line of a plain-text log as the record `{prompt: line}` (without its `\n`; a trailing
 * `\r` and a leading byte-order mark are ignored). Blank lines give []; a line with NUL
 * characters is binary data, not a prompt, and gives a problem.
 */
export function parseTextLine(text: string, ctx: LineContext): (LogRecord | Problem)[] {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const end = text.length > start && text.charCodeAt(text.length - 1) === 13 ? text.length - 1 : text.length;
  if (text.slice(start, end).trim() === '') return [];
  const nul = text.indexOf('\u0000', start);
  if (nul >= 0 && nul < end) {
    const data = { line: String(ctx.line), excerpt: excerpt(text, start, end) };
    return [logProblem('binaryData', data, { start: ctx.offset + nul, end: ctx.offset + nul + 1 })];
  }
  const source: RecordSource = { kind: 'text', text, start, end, base: ctx.offset };
  return buildRecord({ prompt: text.slice(start, end) }, ctx.line, source, ctx.plan);
}
