// Runs the prefilter automaton over two stretches of bytes at once, in a tiny WebAssembly function.
// A byte loop over a DFA waits on one table load per byte; two independent streams interleaved
// keep the CPU busy during that wait (about 1.4 times the bytes per second of one stream here).
// WebAssembly is part of JavaScript (Node, browsers), so the core stays free of native code; where
// it is missing, or the table needs 32-bit entries, the caller keeps to its one-stream loop.

import type { Prefilter } from './prefilter';

/** Bytes the input region holds: callers hand over at most this much at a time. */
export const PAIRED_INPUT_BYTES = 1 << 20;

const CLASSES_AT = 16;
const TABLE_AT = 512;

/** LEB128 of a non-negative integer. */
function leb(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  do {
    let byte = rest & 0x7f;
    rest >>>= 7;
    if (rest !== 0) byte |= 0x80;
    out.push(byte);
  } while (rest !== 0);
  return out;
}

const ascii = (text: string): number[] => [...text].map((ch) => ch.charCodeAt(0));

/**
 * The module: `run(a, b, n, sa, sb, shift, special, table, classes) → k` steps stream A from byte
 * `a` and stream B from byte `b` together, for at most `n` steps, and stops after the first step
 * in which either reaches a state at or above `special`. It returns that step's index (or `n`)
 * and leaves the two states at memory[0] and memory[4]. Memory is imported as env.mem.
 */
function moduleBytes(): Uint8Array<ArrayBuffer> {
  const [A, B, N, SA, SB, SHIFT, SPECIAL, TABLE, CLASSES, K] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const get = (local: number): number[] => [0x20, local];
  // state = u16 table[(state << shift) | classes[bytes[ptr + k]]]
  const step = (ptr: number, state: number): number[] => [
    ...get(TABLE), ...get(state), ...get(SHIFT), 0x74,
    ...get(CLASSES), ...get(ptr), ...get(K), 0x6a, 0x2d, 0, 0, 0x6a, 0x2d, 0, 0,
    0x72, 0x41, 1, 0x74, 0x6a, 0x2f, 1, 0, 0x21, state,
  ];
  const body = [
    1, 1, 0x7f, // one i32 local: k
    0x02, 0x40, 0x03, 0x40, // block, loop
    ...get(K), ...get(N), 0x4f, 0x0d, 1, // k >= n: leave
    ...step(A, SA), ...step(B, SB),
    ...get(SA), ...get(SPECIAL), 0x4f, ...get(SB), ...get(SPECIAL), 0x4f, 0x72, 0x0d, 1, // either special: leave
    ...get(K), 0x41, 1, 0x6a, 0x21, K, // k++
    0x0c, 0, 0x0b, 0x0b, // continue; end loop, block
    0x41, 0, ...get(SA), 0x36, 2, 0, // memory[0] = sa
    0x41, 4, ...get(SB), 0x36, 2, 0, // memory[4] = sb
    ...get(K), 0x0b,
  ];
  const section = (id: number, content: number[]): number[] => [id, ...leb(content.length), ...content];
  return Uint8Array.from([
    0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, [1, 0x60, 9, ...new Array<number>(9).fill(0x7f), 1, 0x7f]),
    ...section(2, [1, 3, ...ascii('env'), 3, ...ascii('mem'), 0x02, 0x00, 1]),
    ...section(3, [1, 0]),
    ...section(7, [1, 3, ...ascii('run'), 0x00, 0]),
    ...section(10, [1, ...leb(body.length), ...body]),
  ]);
}

/** The automaton copied into WebAssembly memory, with a region for input bytes. */
export interface PairedDfa {
  /** Where input goes: copy bytes here, then pass offsets into it. */
  readonly input: Uint8Array;
  /**
   * Steps from input offsets `a` and `b` (states `sa`, `sb`) for at most `n` bytes each; returns
   * the number of steps before the one that reached a special state (or `n`), and the states.
   */
  run(a: number, b: number, n: number, sa: number, sb: number): { steps: number; sa: number; sb: number };
}

/** Builds the paired runner for a prefilter, or undefined where it cannot run. */
export function createPairedDfa(prefilter: Prefilter): PairedDfa | undefined {
  if (typeof WebAssembly !== 'object' || !(prefilter.transitions instanceof Uint16Array)) return undefined;
  try {
    const inputAt = TABLE_AT + prefilter.transitions.length * 2;
    const memory = new WebAssembly.Memory({ initial: Math.ceil((inputAt + PAIRED_INPUT_BYTES) / 65536) });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(moduleBytes()), { env: { mem: memory } });
    const run = instance.exports.run as (...args: number[]) => number;
    new Uint8Array(memory.buffer, CLASSES_AT, 256).set(prefilter.classOf);
    new Uint16Array(memory.buffer, TABLE_AT, prefilter.transitions.length).set(prefilter.transitions);
    const states = new Int32Array(memory.buffer, 0, 2);
    const input = new Uint8Array(memory.buffer, inputAt, PAIRED_INPUT_BYTES);
    const result = { steps: 0, sa: 0, sb: 0 };
    const { shift, specialStart } = prefilter;
    return {
      input,
      run(a, b, n, sa, sb) {
        result.steps = run(inputAt + a, inputAt + b, n, sa, sb, shift, specialStart, TABLE_AT, CLASSES_AT);
        result.sa = states[0] as number;
        result.sb = states[1] as number;
        return result;
      },
    };
  } catch {
    return undefined;
  }
}
