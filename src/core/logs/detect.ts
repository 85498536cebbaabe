// Guesses a log's format from its name and the start of its text.

import { DEFAULT_SOURCES } from './field-map';

export const LOG_FORMATS = ['jsonl', 'csv', 'tsv', 'text'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

const BY_EXTENSION: Readonly<Record<string, LogFormat>> = {
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  jsonlines: 'jsonl',
  csv: 'csv',
  tsv: 'tsv',
};

// Column names that mark a header row as a log's: the default source paths and the shape keys.
const KNOWN_COLUMNS: ReadonlySet<string> = new Set([
  ...Object.values(DEFAULT_SOURCES).flat(),
  'prompt', 'completion', 'response', 'output', 'messages', 'input', 'system', 'system_prompt', 'instructions',
]);
const HEADER_CELL = /^"?[A-Za-z_@$][\w.@$-]*"?$/;

/**
 * The format of a log: `.jsonl`, `.ndjson`, `.jsonlines`, `.csv` and `.tsv` go by name (a `.gz`
 * suffix is ignored); any other name goes by content. A first non-blank line that opens with `{`
 * is JSONL; a first line of two or more identifier-like cells, one of them a known column name
 * (`prompt`, `user`, `timestamp`, …), is a CSV (or TSV) header; anything else is plain text.
 */
export function detectLogFormat(name: string, head: string): LogFormat {
  const base = name.toLowerCase().replace(/\.gz$/, '');
  const dot = base.lastIndexOf('.');
  const byName = dot >= 0 ? BY_EXTENSION[base.slice(dot + 1)] : undefined;
  if (byName) return byName;
  const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  const firstLine = /^[ \t\r\n]*([^\r\n]*)/.exec(text)?.[1] ?? '';
  if (firstLine.startsWith('{')) return 'jsonl';
  if (isHeader(firstLine, '\t')) return 'tsv';
  if (isHeader(firstLine, ',')) return 'csv';
  return 'text';
}

function isHeader(line: string, delimiter: string): boolean {
  const cells = line.split(delimiter);
  if (cells.length < 2 || !cells.every((cell) => HEADER_CELL.test(cell))) return false;
  return cells.some((cell) => KNOWN_COLUMNS.has(cell.replace(/"/g, '')));
}
