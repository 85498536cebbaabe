// Bytes in, lines worth reading out. Takes chunks cut anywhere (mid-line, mid-character), counts
// lines, carries the unfinished line to the next chunk, and hands on only the lines that hold a
// literal or look malformed; every other non-blank line is counted as a record without being
// decoded. Whole lines go through the fast pass (fast-pass.ts) where WebAssembly is there; what it
// leaves, and everything else, goes through the exact pass here: the prefilter automaton in
// JavaScript, stopping at every newline, control byte and literal.

import { FAST_PASS_BYTES, FastPassSource, type FastPass, type FastPassVisitor } from './fast-pass';
import { hasJsonShape, isBlankLine, isShapeFast, isUtf8ByDecoder, runToSpecial } from './line-checks';
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
  /** False keeps to the exact pass alone (tests compare both). */
  isFast?: boolean;
  /** The plan's shared skip tables and module; default: built for this scanner. */
  fastPass?: FastPassSource;
}

/** Where the scan of one piece stands: the line being read starts at `lineStart` (-1: in the carry). */
interface Cursor {
  piece: Uint8Array;
  isValid: boolean;
  lineStart: number;
}

/** Stretches of whole lines shorter than this are not worth the fast pass. */
const FAST_MINIMUM = 4096;

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
  /** The fast pass, made on first use (undefined: not yet; null: none); the piece it is working on. */
  private fast: FastPass | null | undefined;
  private readonly pieceBytes: number;
  private readonly visitor: FastPassVisitor & { piece: Uint8Array };

  constructor(private readonly options: ChunkScannerOptions) {
    this.state = options.prefilter.start;
    this.seen = new Uint8Array(options.prefilter.literals.length);
    this.lines = (options.firstLine ?? 1) - 1;
    this.isUtf8 = options.isUtf8 ?? isUtf8ByDecoder;
    // A whole line inside a piece is shorter than the piece, so never too long for the fast pass.
    this.pieceBytes = Math.max(1, Math.min(FAST_PASS_BYTES, options.maxLineBytes));
    const exact = (piece: Uint8Array, lineStart: number, from: number, state: number, end: number): void => {
      this.runOne({ piece, isValid: true, lineStart }, from, end, state);
    };
    this.visitor = {
      piece: new Uint8Array(0),
      clean: (count) => {
        this.lines += count;
        this.skippedRecords += count;
      },
      exact(lineStart, from, state, end) {
        exact(this.piece, lineStart, from, state, end);
      },
    };
    if (options.isFast === false || options.readEveryLine) this.fast = null;
  }

  /** Scans `chunk`; the sink sees every line that ends in it. The chunk may be reused afterwards. */
  push(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    if (this.fast === null) {
      this.pushPiece(chunk);
      return;
    }
    for (let from = 0; from < chunk.length; from += this.pieceBytes) this.pushPiece(chunk.subarray(from, from + this.pieceBytes));
  }

  /** The carried line's end, then the whole lines (fast pass or exact), then the start of the next line. */
  private pushPiece(piece: Uint8Array): void {
    const n = piece.length;
    let from = 0;
    if (this.isCarrying || this.isSkipping) {
      const newline = piece.indexOf(NEWLINE);
      const end = newline < 0 ? n : newline + 1;
      this.state = this.runOne({ piece, isValid: true, lineStart: -1 }, 0, end, this.state);
      if (newline < 0) {
        this.extendCarry(piece, 0, n);
        return;
      }
      from = end;
    }
    const lastNewline = piece.lastIndexOf(NEWLINE);
    if (lastNewline >= from) {
      // Whole lines are valid UTF-8 together in the common case: one check.
      const isValid = this.isUtf8(piece.subarray(from, lastNewline + 1));
      const fast = isValid && lastNewline + 1 - from >= FAST_MINIMUM ? this.fastPass() : undefined;
      if (fast) {
        this.visitor.piece = piece;
        fast.scan(piece, from, lastNewline + 1, this.visitor);
        this.state = this.options.prefilter.start;
      } else {
        this.state = this.runOne({ piece, isValid, lineStart: from }, from, lastNewline + 1, this.state);
      }
      from = lastNewline + 1;
    }
    if (from < n) {
      this.state = this.runOne({ piece, isValid: true, lineStart: from }, from, n, this.state);
      this.startCarry(piece, from, n);
    }
  }

  /**
   * Where to read the next chunk, when the fast pass runs: a chunk pushed as a view of this region
   * (at most its length) is scanned where it lies, without a copy. Undefined otherwise.
   */
  readRegion(): Uint8Array | undefined {
    return this.fast === null ? undefined : this.fastPass()?.input.subarray(0, this.pieceBytes);
  }

  private fastPass(): FastPass | undefined {
    if (this.fast === undefined) {
      const source = this.options.fastPass ?? new FastPassSource(this.options.prefilter);
      this.fast = source.create(this.options.shape) ?? null;
    }
    return this.fast ?? undefined;
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
