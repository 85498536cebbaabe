// The fast pass over a stretch of whole lines: the skip automaton (skip-table.ts) runs in
// WebAssembly on up to four streams at once, each a quarter of the stretch cut at a newline, and
// leaves the stream only where it sinks. There the stretch from the start of the line to the end
// of the line in which the stream sank goes to the exact pass; the lines in between are clean and
// only counted (newlines counted with SIMD). Where WebAssembly is missing the caller keeps to the
// exact pass alone.

import type { Prefilter } from './prefilter';
import { buildSkipTable, type SkipTable } from './skip-table';
import { BLOCK, CLASSES_AT, MAX_STREAMS, skipModuleBytes, STREAM_SLOT_BYTES, STREAMS_AT, TABLE_AT } from './wasm-module';

/** Largest stretch the fast pass takes at a time, in bytes. */
export const FAST_PASS_BYTES = 1 << 20;
/** Bytes a stream should have at least: below this, fewer streams. */
const STREAM_MINIMUM = 16 * 1024;

const NEWLINE = 10;

/** What the fast pass tells its caller, in line order. */
export interface FastPassVisitor {
  /** `count` lines (each ending in a newline) need no look: well formed, no literal, no control byte. */
  clean(count: number): void;
  /**
   * The lines from `lineStart` to `end` (which follows a newline) need the exact pass: the first
   * of them is clean up to `from`, where the prefilter automaton is in `state`.
   */
  exact(lineStart: number, from: number, state: number, end: number): void;
}

export interface FastPass {
  /** The region the automaton reads: bytes pushed as a view of it are scanned in place, without a copy. */
  readonly input: Uint8Array;
  /**
   * Scans bytes[from, to): `from` must be a line start and bytes[to - 1] a newline, with at most
   * FAST_PASS_BYTES between them. Calls `visitor` for every line of the stretch, in order.
   */
  scan(bytes: Uint8Array, from: number, to: number, visitor: FastPassVisitor): void;
}

/**
 * What a plan keeps for its scanners: the skip tables by line shape and the compiled module, built
 * on first use (a few milliseconds), so that the many scanners of one plan share them.
 */
export class FastPassSource {
  private readonly tables = new Map<'json' | 'text', SkipTable>();
  private module: WebAssembly.Module | null | undefined;

  constructor(private readonly prefilter: Prefilter) {}

  /** A fast pass of its own for one scanner, or undefined where WebAssembly cannot run it. */
  create(shape: 'json' | 'text'): FastPass | undefined {
    const module = this.compiled();
    if (!module) return undefined;
    let table = this.tables.get(shape);
    if (!table) this.tables.set(shape, (table = buildSkipTable(this.prefilter, shape)));
    const inputAt = (TABLE_AT + table.transitions.byteLength + 15) & ~15;
    const memory = new WebAssembly.Memory({ initial: Math.ceil((inputAt + FAST_PASS_BYTES) / 65536) });
    const exports = new WebAssembly.Instance(module, { env: { mem: memory } }).exports as Record<string, (...args: number[]) => number>;
    const classes = new Uint16Array(memory.buffer, CLASSES_AT, 256);
    for (let byte = 0; byte < 256; byte++) classes[byte] = (table.classOf[byte] as number) * 4;
    new Uint32Array(memory.buffer, TABLE_AT, table.transitions.length).set(table.transitions);
    const runners = Array.from({ length: MAX_STREAMS }, (_, i) => exports[`skip${i + 1}`] as (blocks: number) => number);
    const streamSlots = new Int32Array(memory.buffer, STREAMS_AT, (STREAM_SLOT_BYTES / 4) * MAX_STREAMS);
    return new WasmFastPass(table, new Uint8Array(memory.buffer, inputAt, FAST_PASS_BYTES), streamSlots, inputAt, runners, exports.count as (pointer: number, vectors: number) => number);
  }

  /** The module, or null where WebAssembly (with SIMD) is not there. */
  private compiled(): WebAssembly.Module | null {
    if (this.module === undefined) {
      try {
        this.module = typeof WebAssembly === 'object' ? new WebAssembly.Module(skipModuleBytes()) : null;
      } catch {
        this.module = null;
      }
    }
    return this.module;
  }
}

class WasmFastPass implements FastPass {
  /** Per stream: start, end, pointer, state (input offsets), and where it sank: (line start, from, state, end) fours. */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly pointers: number[] = [];
  private readonly states: number[] = [];
  private readonly ranges: number[][] = Array.from({ length: MAX_STREAMS }, () => []);
  private readonly active: number[] = [];

  constructor(
    private readonly table: SkipTable,
    readonly input: Uint8Array,
    private readonly streamSlots: Int32Array,
    private readonly inputAt: number,
    private readonly runners: readonly ((blocks: number) => number)[],
    private readonly countVectors: (pointer: number, vectors: number) => number,
  ) {}

  scan(bytes: Uint8Array, from: number, to: number, visitor: FastPassVisitor): void {
    if (to - from > FAST_PASS_BYTES) throw new Error('fast pass stretch too long');
    // Positions below are offsets into the input region; `shift` turns them into offsets into `bytes`.
    let first = 0;
    const inPlace = bytes.buffer === this.input.buffer ? bytes.byteOffset - this.input.byteOffset + from : -1;
    if (inPlace >= 0 && inPlace + (to - from) <= FAST_PASS_BYTES) {
      first = inPlace;
    } else {
      this.input.set(bytes.subarray(from, to));
    }
    const shift = from - first;
    const streams = this.split(first, first + (to - from));
    this.runStreams();
    // Replay in order: stream after stream, clean lines counted between the ranges.
    for (let j = 0; j < streams; j++) {
      const ranges = this.ranges[j] as number[];
      let cursor = this.starts[j] as number;
      for (let r = 0; r < ranges.length; r += 4) {
        const lineStart = ranges[r] as number;
        const end = ranges[r + 3] as number;
        if (lineStart > cursor) visitor.clean(this.countNewlines(cursor, lineStart));
        visitor.exact(shift + lineStart, shift + (ranges[r + 1] as number), ranges[r + 2] as number, shift + end);
        cursor = end;
      }
      const end = this.ends[j] as number;
      if (end > cursor) visitor.clean(this.countNewlines(cursor, end));
    }
  }

  /** Cuts [first, last) of the input into streams at newlines; returns how many. */
  private split(first: number, last: number): number {
    const length = last - first;
    const streams = Math.max(1, Math.min(MAX_STREAMS, Math.floor(length / STREAM_MINIMUM)));
    const input = this.input;
    let start = first;
    let count = 0;
    for (let j = 0; j < streams && start < last; j++) {
      const target = first + Math.floor((length * (j + 1)) / streams);
      const end = j === streams - 1 || target >= last ? last : input.indexOf(NEWLINE, target - 1) + 1;
      if (end <= start) continue;
      this.starts[count] = start;
      this.ends[count] = end;
      this.pointers[count] = start;
      this.states[count] = this.table.lineStart;
      (this.ranges[count] as number[]).length = 0;
      count++;
      start = end;
    }
    this.active.length = 0;
    for (let j = 0; j < count; j++) this.active.push(j);
    return count;
  }

  /** Runs the active streams together until each is done, noting where each sank. */
  private runStreams(): void {
    const { active, pointers, states, ends, streamSlots } = this;
    for (;;) {
      // A stream with less than a block left hands the rest of its lines to the exact pass.
      for (let a = active.length - 1; a >= 0; a--) {
        const j = active[a] as number;
        if ((ends[j] as number) - (pointers[j] as number) >= BLOCK) continue;
        if ((pointers[j] as number) < (ends[j] as number)) this.sank(j, pointers[j] as number, ends[j] as number, states[j] as number);
        active.splice(a, 1);
      }
      if (active.length === 0) return;
      let blocks = Infinity;
      for (const j of active) blocks = Math.min(blocks, Math.floor(((ends[j] as number) - (pointers[j] as number)) / BLOCK));
      const words = STREAM_SLOT_BYTES / 4;
      active.forEach((j, slot) => {
        streamSlots[words * slot] = this.inputAt + (pointers[j] as number);
        streamSlots[words * slot + 1] = states[j] as number;
      });
      (this.runners[active.length - 1] as (blocks: number) => number)(blocks);
      active.forEach((j, slot) => {
        pointers[j] = (streamSlots[words * slot] as number) - this.inputAt;
        states[j] = streamSlots[words * slot + 1] as number;
        if (states[j] === this.table.sink) this.sank(j, (pointers[j] as number) - BLOCK, pointers[j] as number, streamSlots[words * slot + 2] as number);
      });
    }
  }

  /**
   * Stream j sank somewhere in [blockStart, blockEnd), or has only that much left, and was in
   * `state` at blockStart: the exact pass takes over there, in the prefilter state that stands for
   * it, and goes on to the end of the line holding blockEnd - 1. The line it starts in was clean
   * up to blockStart.
   */
  private sank(j: number, blockStart: number, blockEnd: number, state: number): void {
    const input = this.input;
    const lineStart = Math.max(this.starts[j] as number, blockStart > 0 ? input.lastIndexOf(NEWLINE, blockStart - 1) + 1 : 0);
    const end = Math.min(this.ends[j] as number, input.indexOf(NEWLINE, blockEnd - 1) + 1);
    const exactState = this.table.exactStates[state / (this.table.classCount * 4)] as number;
    (this.ranges[j] as number[]).push(lineStart, blockStart, exactState, end);
    this.pointers[j] = end;
    this.states[j] = this.table.lineStart;
  }

  /** Newlines in input[from, to). */
  private countNewlines(from: number, to: number): number {
    const vectors = (to - from) >> 4;
    let count = vectors > 0 ? this.countVectors(this.inputAt + from, vectors) : 0;
    const input = this.input;
    for (let i = from + vectors * 16; i < to; i++) if (input[i] === NEWLINE) count++;
    return count;
  }
}
