// One log line laid out for reading: JSON pretty-printed two spaces deep, long strings wrapped as
// adjacent string pieces aligned under their opening quote, escapes that only hide text decoded
// (`\u00e9` shows as é) and characters that reorder or hide text escaped (a raw U+202E shows as
// `\u202e`). Keeps where each piece of the raw line went, so that the scanner's spans (columns of
// the raw line) can be marked in the layout. A line that is not JSON (CSV, text, malformed) is
// wrapped as it is. No `vscode` import, so that plain unit tests can check it.

/** 0-based lines and UTF-16 columns of the layout, end exclusive. */
export interface LayoutRange {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface PrettyRecord {
  text: string;
  /** True when the line was laid out as JSON; false when it was wrapped as it is. */
  isJson: boolean;
  /** Where the raw line's characters `start`..`end` (0-based, end exclusive) are in the layout. */
  locate(start: number, end: number): LayoutRange | undefined;
}

/** Longer lines are wrapped as they are: laying them out piece by piece costs too much memory. */
export const MAX_PRETTY_CHARS = 1024 * 1024;
const MAX_DEPTH = 100;
const MIN_STRING_WIDTH = 40;
const HOSTILE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;
const SHORT_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

interface Segment {
  rawStart: number;
  rawEnd: number;
  line: number;
  column: number;
  length: number;
  /** The output is the raw text itself, so offsets inside map one to one. */
  isIdentity: boolean;
}

class Layout {
  readonly lines: string[] = [''];
  readonly segments: Segment[] = [];

  get column(): number {
    return (this.lines.at(-1) as string).length;
  }

  /** Appends `text`, which shows the raw line's `rawStart`..`rawEnd` (nothing of it when `rawStart` < 0). */
  emit(text: string, rawStart: number, rawEnd: number, isIdentity = false): void {
    const line = this.lines.length - 1;
    const column = this.column;
    this.lines[line] += text;
    if (rawStart < 0) return;
    const last = this.segments.at(-1);
    if (isIdentity && last?.isIdentity && last.line === line && last.rawEnd === rawStart && last.column + last.length === column) {
      last.rawEnd = rawEnd;
      last.length += text.length;
    } else {
      this.segments.push({ rawStart, rawEnd, line, column, length: text.length, isIdentity });
    }
  }

  newline(indent: number): void {
    this.lines.push(' '.repeat(indent));
  }
}

class NotJson extends Error {}

/** Lays out one raw log line (without its line break) `width` columns wide. */
export function prettyRecord(raw: string, width = 100): PrettyRecord {
  let layout = new Layout();
  let isJson = raw.length <= MAX_PRETTY_CHARS;
  if (isJson) {
    try {
      const end = new JsonLayout(raw, layout, width).run();
      if (raw.slice(end).trim() !== '') throw new NotJson();
    } catch (error) {
      if (!(error instanceof NotJson)) throw error;
      isJson = false;
    }
  }
  if (!isJson) {
    layout = new Layout();
    wrapAsIs(raw, layout, width);
  }
  return { text: layout.lines.join('\n'), isJson, locate: (start, end) => locate(layout.segments, start, end) };
}

class JsonLayout {
  private at = 0;

  constructor(
    private readonly raw: string,
    private readonly out: Layout,
    private readonly width: number,
  ) {}

  /** Lays out the value at the start; returns where it ended. */
  run(): number {
    this.skipSpace();
    this.value(0, 0);
    return this.at;
  }

  private value(indent: number, depth: number): void {
    if (depth > MAX_DEPTH) throw new NotJson();
    this.skipSpace();
    const char = this.raw[this.at];
    if (char === '{' || char === '[') return this.container(char, indent, depth);
    if (char === '"') return this.string(true);
    const match = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(this.raw.slice(this.at, this.at + 400));
    if (!match) throw new NotJson();
    this.out.emit(match[0], this.at, this.at + match[0].length, true);
    this.at += match[0].length;
  }

  private container(open: '{' | '[', indent: number, depth: number): void {
    const close = open === '{' ? '}' : ']';
    this.out.emit(open, this.at, this.at + 1, true);
    this.at++;
    this.skipSpace();
    if (this.raw[this.at] === close) {
      this.out.emit(close, this.at, this.at + 1, true);
      this.at++;
      return;
    }
    for (;;) {
      this.out.newline(indent + 2);
      if (open === '{') {
        this.skipSpace();
        if (this.raw[this.at] !== '"') throw new NotJson();
        this.string(false);
        this.skipSpace();
        if (this.raw[this.at] !== ':') throw new NotJson();
        this.out.emit(': ', this.at, this.at + 1);
        this.at++;
      }
      this.value(indent + 2, depth + 1);
      this.skipSpace();
      const next = this.raw[this.at];
      if (next === ',') {
        this.out.emit(',', this.at, this.at + 1, true);
        this.at++;
        continue;
      }
      if (next !== close) throw new NotJson();
      this.out.newline(indent);
      this.out.emit(close, this.at, this.at + 1, true);
      this.at++;
      return;
    }
  }

  /** A string, cut into pieces (one character or escape each), wrapped at spaces when `canWrap`. */
  private string(canWrap: boolean): void {
    const open = this.at;
    const pieces: { start: number; end: number; text: string }[] = [];
    let at = open + 1;
    for (;;) {
      const char = this.raw[at];
      if (char === undefined) throw new NotJson();
      if (char === '"') break;
      const piece = readPiece(this.raw, at);
      pieces.push(piece);
      at = piece.end;
    }
    this.at = at + 1;
    const quoteColumn = this.out.column;
    const room = Math.max(MIN_STRING_WIDTH, this.width - quoteColumn - 2);
    const lines = canWrap ? wrapPieces(pieces, room) : [pieces.length];
    let from = 0;
    lines.forEach((to, index) => {
      if (index > 0) this.out.newline(quoteColumn);
      // The quotes a wrap adds stand for nothing in the raw line.
      this.out.emit('"', index === 0 ? open : -1, open + 1);
      for (const piece of pieces.slice(from, to)) this.out.emit(piece.text, piece.start, piece.end, piece.text.length === piece.end - piece.start && piece.text === this.raw.slice(piece.start, piece.end));
      const isLast = index === lines.length - 1;
      this.out.emit('"', isLast ? at : -1, at + 1);
      from = to;
    });
  }

  private skipSpace(): void {
    while (/[ \t\r\n]/.test(this.raw[this.at] ?? '')) this.at++;
  }
}

/** One character (a surrogate pair counts as one) or one escape of a JSON string, and how it is shown. */
function readPiece(raw: string, at: number): { start: number; end: number; text: string } {
  const char = raw[at] as string;
  if (char !== '\\') {
    const code = raw.charCodeAt(at);
    const isPair = code >= 0xd800 && code <= 0xdbff && /[\udc00-\udfff]/.test(raw[at + 1] ?? '');
    const end = at + (isPair ? 2 : 1);
    const text = raw.slice(at, end);
    return { start: at, end, text: HOSTILE.test(text) ? unicodeEscape(text) : text };
  }
  const kind = raw[at + 1];
  if (kind === 'u') {
    const hex = raw.slice(at + 2, at + 6);
    if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new NotJson();
    const decoded = String.fromCharCode(parseInt(hex, 16));
    const code = decoded.charCodeAt(0);
    const isShown = !HOSTILE.test(decoded) && !(code >= 0xd800 && code <= 0xdfff) && decoded !== '"' && decoded !== '\\';
    return { start: at, end: at + 6, text: isShown ? decoded : raw.slice(at, at + 6) };
  }
  if (kind === undefined || !(kind in SHORT_ESCAPES)) throw new NotJson();
  return { start: at, end: at + 2, text: kind === '/' ? '/' : raw.slice(at, at + 2) };
}

function unicodeEscape(text: string): string {
  return [...text].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
}

/** Where each wrapped line of pieces ends (exclusive indexes): after the last space that fits, else where the room ends. */
function wrapPieces(pieces: readonly { text: string }[], room: number): number[] {
  const ends: number[] = [];
  let start = 0;
  while (start < pieces.length) {
    let width = 0;
    let end = start;
    let lastSpace = -1;
    while (end < pieces.length && (end === start || width + (pieces[end] as { text: string }).text.length <= room)) {
      const text = (pieces[end] as { text: string }).text;
      width += text.length;
      if (text === ' ') lastSpace = end;
      end++;
    }
    if (end < pieces.length && lastSpace > start) end = lastSpace + 1;
    ends.push(end);
    start = end;
  }
  return ends.length > 0 ? ends : [0];
}

/** A line that is not JSON, cut every `width` characters (never inside a surrogate pair). */
function wrapAsIs(raw: string, layout: Layout, width: number): void {
  for (let at = 0; at < raw.length || at === 0; ) {
    let end = Math.min(raw.length, at + width);
    if (end < raw.length && /[\udc00-\udfff]/.test(raw[end] ?? '')) end--;
    if (at > 0) layout.newline(0);
    const text = raw.slice(at, end);
    layout.emit(HOSTILE.test(text) ? text.replace(new RegExp(HOSTILE.source, 'g'), '\u00b7') : text, at, end, true);
    if (end === at) break;
    at = end;
  }
}

function locate(segments: readonly Segment[], start: number, end: number): LayoutRange | undefined {
  // Segments are in raw order: the first that ends after `start`, by bisection.
  let low = 0;
  let high = segments.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((segments[middle] as Segment).rawEnd > start) high = middle;
    else low = middle + 1;
  }
  const first = low;
  if (first >= segments.length || end <= start) return undefined;
  let last = first;
  while (last + 1 < segments.length && (segments[last + 1] as Segment).rawStart < end) last++;
  const from = segments[first] as Segment;
  const to = segments[last] as Segment;
  const startColumn = from.isIdentity ? from.column + Math.max(0, start - from.rawStart) : from.column;
  const endColumn = to.isIdentity ? to.column + Math.min(to.length, end - to.rawStart) : to.column + to.length;
  return { startLine: from.line, startColumn, endLine: to.line, endColumn };
}
