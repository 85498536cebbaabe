// Bytes in, lines worth reading out. Runs the prefilter over chunks cut anywhere (mid-line,
// mid-character), counts lines, carries the unfinished line to the next chunk, and hands on only
// the lines that hold a literal or look malformed; every other non-blank line is counted as a
// record without being decoded.

import { hasJsonShape, isBlankLine, isShapeFast, isUtf8ByDecoder, runToSpecial } from './line-checks';
import { createPairedDfa, PAIRED_INPUT_BYTES, type PairedDfa } from './paired-dfa';
import type { Prefilter } from './prefilter';

/** Why a line is handed on besides its literals. */
export const LINE_CONTROL = 1;
export const LINE_BAD_UTF8 = 2;
export const LINE_BAD_SHAPE = 4;

export interface LineSink {
  /**
   * A line to read: `bytes[start, end)` without its `\n`; `found` holds the ids of the literals in
   * it (valid only during the call); `flags` the LINE_* reasons. The bytes are reused afterwards.
   */
  line(bytes: Uint8Array, start: number, end: number, line: number, found: readonly number[], flags: number): void;
  /** A line longer than the limit: it is skipped; `head` is its first bytes, for the report. */
  tooLong(line: number, head: Uint8Array): void;
}

export interface ChunkScannerOptions {
  prefilter: Prefilter;
  sink: LineSink;
  /** 'json': a line must look like `{…}` to be skipped unread; 'text': any line may be. */
  shape: 'json' | 'text';
  /** Hand on every non-blank line (some rule needs no literal). */
  readEveryLine: boolean;
  /** Longest line read, in bytes; longer ones are reported and skipped. */
  maxLineBytes: number;
  /** 1-based number of the first line. */
  firstLine?: number;
  /** A UTF-8 validator; Node's `buffer.isUtf8` is much faster than the default. */
  isUtf8?: (bytes: Uint8Array) => boolean;
  /** False keeps to the one-stream JavaScript loop (tests compare both). */
  isPaired?: boolean;
}

/** Where the scan of one piece stands: the line being read starts at `lineStart` (-1: in the carry). */
interface Cursor {
  piece: Uint8Array;
  isValid: boolean;
  lineStart: number;
}

/** Pieces shorter than this are not worth two streams. */
const PAIRED_MINIMUM = 4096;

const NEWLINE = 10;
const INITIAL_CARRY = 64 * 1024;

/** A streaming line scanner; `push` chunks in order, then `end`. */
export class ChunkScanner {
  /** Lines seen so far (blank ones included). */
  lines = 0;
  /** Non-blank lines skipped unread because nothing in them can match and they look well formed. */
  skippedRecords = 0;
  bytes = 0;
  private state: number;
  private readonly found: number[] = [];
  private readonly seen: Uint8Array;
  private flags = 0;
  private carry = new Uint8Array(INITIAL_CARRY);
  private carryLength = 0;
  /** True while the current line started in an earlier chunk. */
  private isCarrying = false;
  /** True while dropping the rest of a line that is too long. */
  private isSkipping = false;
  private readonly isUtf8: (bytes: Uint8Array) => boolean;
  /** The automaton state runToSpecial stopped in. */
  private readonly stateOut = new Int32Array(1);
  /** The two-stream runner, when WebAssembly is there; and stream B's events (offset, state) pairs. */
  private readonly paired: PairedDfa | undefined;
  private readonly deferred: number[] = [];

  constructor(private readonly options: ChunkScannerOptions) {
    this.state = options.prefilter.start;
    this.seen = new Uint8Array(options.prefilter.literals.length);
    this.lines = (options.firstLine ?? 1) - 1;
    this.isUtf8 = options.isUtf8 ?? isUtf8ByDecoder;
    this.paired = options.isPaired === false ? undefined : createPairedDfa(options.prefilter);
  }

  /** Scans `chunk`; the sink sees every line that ends in it. The chunk may be reused afterwards. */
  push(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    if (!this.paired) {
      this.pushPiece(chunk);
      return;
    }
    for (let from = 0; from < chunk.length; from += PAIRED_INPUT_BYTES) this.pushPiece(chunk.subarray(from, from + PAIRED_INPUT_BYTES));
  }

  private pushPiece(piece: Uint8Array): void {
    const n = piece.length;
    const firstNewline = piece.indexOf(NEWLINE);
    const lastNewline = piece.lastIndexOf(NEWLINE);
    // Complete lines inside the piece are valid UTF-8 together in the common case: one check.
    const isValid = firstNewline < 0 || this.isUtf8(piece.subarray(firstNewline + 1, lastNewline + 1));
    const at: Cursor = { piece, isValid, lineStart: this.isCarrying || this.isSkipping ? -1 : 0 };
    const mid = n >= PAIRED_MINIMUM ? piece.indexOf(NEWLINE, n >> 1) : -1;
    let state = this.state;
    if (this.paired && mid >= 0 && mid < n - 1) {
      state = this.runPaired(at, mid);
    } else {
      state = this.runOne(at, 0, n, state);
    }
    this.state = state;
    if (at.lineStart < 0) this.extendCarry(piece, 0, n);
    else if (at.lineStart < n) this.startCarry(piece, at.lineStart, n);
  }

  /** One stream over piece[from, to) from `state`, handling each event as it comes. */
  private runOne(at: Cursor, from: number, to: number, state: number): number {
    const { transitions, classOf, specialStart, shift } = this.options.prefilter;
    const out = this.stateOut;
    let s = state;
    for (let i = runToSpecial(at.piece, from, to, s, transitions, shift, classOf, specialStart, out); i < to; i = runToSpecial(at.piece, i + 1, to, s, transitions, shift, classOf, specialStart, out)) {
      s = out[0] as number;
      this.event(at, i, s);
    }
    return to > from ? (out[0] as number) : s;
  }

  /**
   * Two streams: A over [0, mid] (its last byte is a newline) from the carried state, B over
   * (mid, n) from the start state. A's events are handled at once; B's are kept and handled
   * after A is done, so lines are still seen in order.
   */
  private runPaired(at: Cursor, mid: number): number {
    const paired = this.paired as PairedDfa;
    const n = at.piece.length;
    paired.input.set(at.piece);
    const deferred = this.deferred;
    deferred.length = 0;
    const special = this.options.prefilter.specialStart;
    let a = 0;
    let b = mid + 1;
    let sa = this.state;
    let sb = this.options.prefilter.start;
    for (;;) {
      const left = Math.min(mid + 1 - a, n - b);
      if (left <= 0) break;
      const result = paired.run(a, b, left, sa, sb);
      sa = result.sa;
      sb = result.sb;
      if (result.steps >= left) {
        a += left;
        b += left;
        break;
      }
      a += result.steps;
      b += result.steps;
      if (sa >= special) this.event(at, a, sa);
      if (sb >= special) deferred.push(b, sb);
      a++;
      b++;
    }
    if (a <= mid) sa = this.runOne(at, a, mid + 1, sa);
    // A ended on its newline: B's lines start at mid + 1.
    at.lineStart = mid + 1;
    for (let i = 0; i < deferred.length; i += 2) this.event(at, deferred[i] as number, deferred[i + 1] as number);
    return b < n ? this.runOne(at, b, n, sb) : sb;
  }

  /** What a special state means at byte `i`: the end of a line, a control byte, or literals. */
  private event(at: Cursor, i: number, state: number): void {
    const { newline, control } = this.options.prefilter;
    if (state === newline) {
      this.endLine(at.piece, at.lineStart, i, at.isValid);
      at.lineStart = i + 1;
    } else if (state === control) {
      this.flags |= LINE_CONTROL;
    } else {
      this.collect(state);
    }
  }

  /** Reads the last line when the input does not end with `\n`. */
  end(): void {
    if (this.isCarrying || this.isSkipping) this.lines++;
    if (this.isCarrying && !this.isSkipping) {
      const length = this.carryLength;
      this.finishLine(this.carry, 0, length, this.isUtf8(this.carry.subarray(0, length)));
    }
    this.isCarrying = false;
    this.isSkipping = false;
    this.carryLength = 0;
  }

  private collect(state: number): void {
    const { outputStart, outputs } = this.options.prefilter;
    for (let o = outputStart[state] as number; o < (outputStart[state + 1] as number); o++) {
      const id = outputs[o] as number;
      if (this.seen[id] === 0) {
        this.seen[id] = 1;
        this.found.push(id);
      }
    }
  }

  private endLine(chunk: Uint8Array, lineStart: number, end: number, isChunkValid: boolean): void {
    // Extending the carry first may find the line too long (and report it under its own number).
    if (lineStart < 0 && !this.isSkipping) this.extendCarry(chunk, 0, end);
    this.lines++;
    if (this.isSkipping) {
      this.isSkipping = false;
      this.isCarrying = false;
      this.carryLength = 0;
      this.resetLine();
      return;
    }
    if (lineStart < 0) {
      this.isCarrying = false;
      const length = this.carryLength;
      this.carryLength = 0;
      this.finishLine(this.carry, 0, length, this.isUtf8(this.carry.subarray(0, length)));
      return;
    }
    if (end - lineStart > this.options.maxLineBytes) {
      this.options.sink.tooLong(this.lines, chunk.subarray(lineStart, lineStart + 256));
      this.resetLine();
      return;
    }
    this.finishLine(chunk, lineStart, end, isChunkValid || this.isUtf8(chunk.subarray(lineStart, end)));
  }

  /** Decides whether the complete line bytes[start, end) is read, and resets the per-line state. */
  private finishLine(bytes: Uint8Array, start: number, end: number, isValid: boolean): void {
    let flags = this.flags | (isValid ? 0 : LINE_BAD_UTF8);
    const isFast = start < end && isShapeFast(bytes, start, end, this.options.shape);
    const isBlank = !isFast && isBlankLine(bytes, start, end);
    if (!isFast && !isBlank && this.options.shape === 'json' && !hasJsonShape(bytes, start, end)) flags |= LINE_BAD_SHAPE;
    if (!isBlank && (flags !== 0 || this.found.length > 0 || this.options.readEveryLine)) {
      this.options.sink.line(bytes, start, end, this.lines, this.found, flags);
    } else if (!isBlank) {
      this.skippedRecords++;
    }
    this.resetLine();
  }

  private resetLine(): void {
    for (const id of this.found) this.seen[id] = 0;
    this.found.length = 0;
    this.flags = 0;
  }

  private startCarry(chunk: Uint8Array, from: number, to: number): void {
    this.carryLength = 0;
    this.isCarrying = true;
    this.extendCarry(chunk, from, to);
  }

  /** Appends to the unfinished line; past the limit the line is reported once and dropped. */
  private extendCarry(chunk: Uint8Array, from: number, to: number): void {
    if (this.isSkipping) return;
    this.isCarrying = true;
    const length = this.carryLength + (to - from);
    if (length > this.options.maxLineBytes) {
      const head = new Uint8Array(Math.min(256, length));
      head.set(this.carry.subarray(0, Math.min(this.carryLength, head.length)));
      if (this.carryLength < head.length) head.set(chunk.subarray(from, from + head.length - this.carryLength), this.carryLength);
      this.options.sink.tooLong(this.lines + 1, head);
      this.isSkipping = true;
      this.carryLength = 0;
      return;
    }
    if (length > this.carry.length) {
      const grown = new Uint8Array(Math.max(length, this.carry.length * 2));
      grown.set(this.carry.subarray(0, this.carryLength));
      this.carry = grown;
    }
    this.carry.set(chunk.subarray(from, to), this.carryLength);
    this.carryLength = length;
  }
}
