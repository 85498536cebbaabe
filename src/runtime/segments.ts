// What to scan, cut into tasks: each file's format, and its byte ranges. JSONL and text files are
// cut into ranges that the worker aligns to line starts; CSV records can span lines, so a CSV file
// is one range.

import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { detectLogFormat, type LogFormat } from '../core/logs/index';

/** A log to scan: a file on disk, or a text held in memory (an open document). */
export type ScanSource =
  | { kind: 'file'; path: string; name?: string; format?: LogFormat }
  | { kind: 'text'; text: string; name: string; format?: LogFormat };

export interface Segment {
  /** Index in scan order (by source, then by offset). */
  index: number;
  source: number;
  name: string;
  format: LogFormat;
  path?: string;
  bytes?: Uint8Array;
  start: number;
  end: number;
}

const HEAD_BYTES = 4096;

/** Cuts the sources into segments of about `segmentBytes`; a file that cannot be read throws. */
export function planSegments(sources: readonly ScanSource[], segmentBytes: number): { segments: Segment[]; totalBytes: number; formats: LogFormat[] } {
  const segments: Segment[] = [];
  const formats: LogFormat[] = [];
  let totalBytes = 0;
  sources.forEach((source, index) => {
    if (source.kind === 'text') {
      const bytes = new TextEncoder().encode(source.text);
      const format = source.format ?? detectLogFormat(source.name, source.text.slice(0, HEAD_BYTES));
      formats.push(format);
      segments.push({ index: segments.length, source: index, name: source.name, format, bytes, start: 0, end: bytes.length });
      totalBytes += bytes.length;
      return;
    }
    const size = statSync(source.path).size;
    const name = source.name ?? source.path;
    const format = source.format ?? detectLogFormat(name, readHead(source.path));
    formats.push(format);
    totalBytes += size;
    const step = format === 'csv' || format === 'tsv' ? Math.max(size, 1) : Math.max(segmentBytes, 1);
    for (let start = 0; start < size || start === 0; start += step) {
      segments.push({ index: segments.length, source: index, name, format, path: source.path, start, end: Math.min(size, start + step) });
      if (size === 0) break;
    }
  });
  return { segments, totalBytes, formats };
}

function readHead(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const head = new Uint8Array(HEAD_BYTES);
    const read = readSync(fd, head, 0, HEAD_BYTES, 0);
    return new TextDecoder().decode(head.subarray(0, read));
  } finally {
    closeSync(fd);
  }
}
