// Reads chosen lines of a log file from disk, for logs VS Code does not hand to extensions: one
// pass with a fixed buffer, stopping after the last line asked for, each line cut at a length. The
// file is opened read-only. Lines are decoded as UTF-8 like the scanner reads them (a byte-order
// mark and a trailing `\r` are not part of the line), so the scanner's columns apply to them.
import { open } from 'node:fs/promises';
import type { FilteredLine } from './filtered-text';

const BUFFER_BYTES = 1024 * 1024;

/** The lines `wanted` (1-based) of the file, each cut at `maxChars`; lines past the end are absent. */
export async function readLogLines(path: string, wanted: Iterable<number>, maxChars: number): Promise<Map<number, FilteredLine>> {
  const lines = [...new Set(wanted)].filter((line) => Number.isInteger(line) && line >= 1).sort((a, b) => a - b);
  const found = new Map<number, FilteredLine>();
  if (lines.length === 0) return found;
  // UTF-8 needs at most 3 bytes per UTF-16 code unit: enough bytes for `maxChars` characters, plus one to tell a cut.
  const maxBytes = maxChars * 3 + 1;
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(BUFFER_BYTES);
    let line = 1;
    let next = 0;
    let parts: Buffer[] = [];
    let kept = 0;
    let total = 0;
    const finish = () => {
      found.set(line, decodeLine(Buffer.concat(parts), line, total, maxChars));
      parts = [];
      kept = 0;
      total = 0;
      next++;
    };
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, BUFFER_BYTES, null);
      if (bytesRead === 0) break;
      let start = 0;
      while (start < bytesRead && next < lines.length) {
        const newline = buffer.indexOf(10, start);
        const end = newline < 0 || newline >= bytesRead ? bytesRead : newline;
        if (line === lines[next]) {
          total += end - start;
          const take = Math.min(end - start, maxBytes - kept);
          if (take > 0) {
            parts.push(Buffer.from(buffer.subarray(start, start + take)));
            kept += take;
          }
          if (end < bytesRead) finish();
        }
        if (end >= bytesRead) break;
        line++;
        start = end + 1;
      }
      if (next >= lines.length) break;
    }
    if (next < lines.length && line === lines[next] && total > 0) finish();
  } finally {
    await file.close();
  }
  return found;
}

function decodeLine(bytes: Buffer, line: number, totalBytes: number, maxChars: number): FilteredLine {
  let text = bytes.toString('utf8');
  if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const isWhole = bytes.length === totalBytes;
  if (isWhole && text.endsWith('\r')) text = text.slice(0, -1);
  if (isWhole && text.length <= maxChars) return { line, text, cut: 0 };
  const kept = text.slice(0, maxChars);
  // The characters past the cut, counted in bytes where the rest was never read.
  const unread = totalBytes - bytes.length;
  return { line, text: kept, cut: text.length - kept.length + unread };
}
