// The WebAssembly module of the fast pass, written out as bytes by a small assembler (no tool, no
// download, nothing binary in the repository). It holds two kinds of functions:
//
//   skip1 … skip4 (blocks) → blocks done: steps 1–4 streams of the skip automaton (skip-table.ts)
//     together, BLOCK bytes at a time, and stops after the first block at whose end a stream is in
//     the sink. Each stream's pointer and state are read from STREAMS_AT + 16 × stream and written
//     back there, with the state the stream had at the start of the last block (at + 8).
//     Several independent streams keep the CPU busy while each waits on its table load.
//   count (pointer, vectors) → the number of newline bytes in `vectors` 16-byte vectors (SIMD).
//
// Memory (imported as env.mem): streams at 0, the class table (u16: class × 4) at CLASSES_AT, the
// transition table (u32 byte offsets) at TABLE_AT, input bytes after it.

/** Bytes each stream steps between two looks at the sink. */
export const BLOCK = 16;
export const MAX_STREAMS = 4;
export const STREAMS_AT = 0;
/** Bytes of memory per stream: pointer, state, state at the start of the last block, unused. */
export const STREAM_SLOT_BYTES = 16;
export const CLASSES_AT = 64;
export const TABLE_AT = 1024;

const I32 = 0x7f;
const V128 = 0x7b;
const VOID = 0x40;
const op = {
  block: 0x02,
  loop: 0x03,
  br: 0x0c,
  brIf: 0x0d,
  end: 0x0b,
  localGet: 0x20,
  localSet: 0x21,
  i32Load: 0x28,
  i32Load8u: 0x2d,
  i32Load16u: 0x2f,
  i32Store: 0x36,
  i32Const: 0x41,
  i32Eqz: 0x45,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Or: 0x72,
  i32Shl: 0x74,
  select: 0x1b,
} as const;
const SIMD = 0xfd;
const simd = { load: 0x00, splat8: 0x0f, extract32: 0x1b, eq8: 0x23, sub8: 0x71, pairs8to16: 0x7d, pairs16to32: 0x7f } as const;

/** Unsigned LEB128. */
function leb(value: number): number[] {
  const out: number[] = [];
  let rest = value >>> 0;
  do {
    let byte = rest & 0x7f;
    rest >>>= 7;
    if (rest !== 0) byte |= 0x80;
    out.push(byte);
  } while (rest !== 0);
  return out;
}

/** Signed LEB128 (for i32.const). */
function sleb(value: number): number[] {
  const out: number[] = [];
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    if ((rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const get = (local: number): number[] => [op.localGet, ...leb(local)];
const set = (local: number): number[] => [op.localSet, ...leb(local)];
const i32 = (value: number): number[] => [op.i32Const, ...sleb(value)];
/** A load or store with its alignment (log2) and constant offset. */
const mem = (code: number, align: number, offset: number): number[] => [code, align, ...leb(offset)];
const simdOp = (code: number): number[] => [SIMD, ...leb(code)];

/** Body of skipN: locals are blocks (param 0), k, then pointers, states and block-start states. */
function skipBody(streams: number): number[] {
  const BLOCKS = 0;
  const K = 1;
  const ptr = (j: number): number => 2 + j;
  const state = (j: number): number => 2 + streams + j;
  const blockState = (j: number): number => 2 + 2 * streams + j;
  const slot = (j: number, field: number): number => STREAMS_AT + STREAM_SLOT_BYTES * j + 4 * field;
  const code: number[] = [];
  for (let j = 0; j < streams; j++) {
    code.push(...i32(0), ...mem(op.i32Load, 2, slot(j, 0)), ...set(ptr(j)));
    code.push(...i32(0), ...mem(op.i32Load, 2, slot(j, 1)), ...set(state(j)));
  }
  code.push(op.block, VOID, op.loop, VOID);
  code.push(...get(K), ...get(BLOCKS), op.i32GeU, op.brIf, 1);
  for (let j = 0; j < streams; j++) code.push(...get(state(j)), ...set(blockState(j)));
  for (let step = 0; step < BLOCK; step++) {
    for (let j = 0; j < streams; j++) {
      // state = table[state + classes[byte]]: the class is premultiplied, the state a row offset.
      code.push(...get(state(j)), ...get(ptr(j)), ...mem(op.i32Load8u, 0, step), ...i32(1), op.i32Shl);
      code.push(...mem(op.i32Load16u, 1, CLASSES_AT), op.i32Add, ...mem(op.i32Load, 2, TABLE_AT), ...set(state(j)));
    }
  }
  for (let j = 0; j < streams; j++) code.push(...get(ptr(j)), ...i32(BLOCK), op.i32Add, ...set(ptr(j)));
  code.push(...get(K), ...i32(1), op.i32Add, ...set(K));
  // Leave when a stream is in the sink (state 0).
  code.push(...get(state(0)), op.i32Eqz);
  for (let j = 1; j < streams; j++) code.push(...get(state(j)), op.i32Eqz, op.i32Or);
  code.push(op.brIf, 1, op.br, 0, op.end, op.end);
  for (let j = 0; j < streams; j++) {
    code.push(...i32(0), ...get(ptr(j)), ...mem(op.i32Store, 2, slot(j, 0)));
    code.push(...i32(0), ...get(state(j)), ...mem(op.i32Store, 2, slot(j, 1)));
    code.push(...i32(0), ...get(blockState(j)), ...mem(op.i32Store, 2, slot(j, 2)));
  }
  code.push(...get(K), op.end);
  return [1, ...leb(1 + 3 * streams), I32, ...code];
}

/** Body of count: params pointer (0) and vectors (1); locals total, m (i32), acc, newlines (v128). */
function countBody(): number[] {
  const [PTR, VECTORS, TOTAL, M, ACC, NEWLINES] = [0, 1, 2, 3, 4, 5];
  const code: number[] = [...i32(10), ...simdOp(simd.splat8), ...set(NEWLINES)];
  code.push(op.block, VOID, op.loop, VOID);
  code.push(...get(VECTORS), op.i32Eqz, op.brIf, 1);
  // Byte lanes count at most 255 newlines: add them up after every 255 vectors.
  code.push(...i32(255), ...get(VECTORS), ...get(VECTORS), ...i32(255), op.i32GeU, op.select, ...set(M));
  code.push(...get(VECTORS), ...get(M), op.i32Sub, ...set(VECTORS));
  code.push(...i32(0), ...simdOp(simd.splat8), ...set(ACC));
  code.push(op.loop, VOID);
  code.push(...get(ACC), ...get(PTR), ...simdOp(simd.load), 0, 0, ...get(NEWLINES), ...simdOp(simd.eq8), ...simdOp(simd.sub8), ...set(ACC));
  code.push(...get(PTR), ...i32(16), op.i32Add, ...set(PTR));
  code.push(...get(M), ...i32(1), op.i32Sub, ...set(M), ...get(M), op.brIf, 0, op.end);
  code.push(...get(ACC), ...simdOp(simd.pairs8to16), ...simdOp(simd.pairs16to32), ...set(ACC));
  for (let lane = 0; lane < 4; lane++) code.push(...get(ACC), ...simdOp(simd.extract32), lane, ...get(TOTAL), op.i32Add, ...set(TOTAL));
  code.push(op.br, 0, op.end, op.end, ...get(TOTAL), op.end);
  return [2, 2, I32, 2, V128, ...code];
}

const ascii = (text: string): number[] => [...text].map((ch) => ch.charCodeAt(0));
const section = (id: number, content: number[]): number[] => [id, ...leb(content.length), ...content];
const vector = (items: number[][]): number[] => [...leb(items.length), ...items.flat()];

/** The module's bytes: skip1 … skip4 and count, over an imported memory. */
export function skipModuleBytes(): Uint8Array<ArrayBuffer> {
  const skipCount = MAX_STREAMS;
  const bodies = [...Array.from({ length: skipCount }, (_, i) => skipBody(i + 1)), countBody()];
  const names = [...Array.from({ length: skipCount }, (_, i) => `skip${i + 1}`), 'count'];
  return Uint8Array.from([
    0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, vector([[0x60, 1, I32, 1, I32], [0x60, 2, I32, I32, 1, I32]])),
    ...section(2, vector([[...leb(3), ...ascii('env'), ...leb(3), ...ascii('mem'), 0x02, 0x00, 1]])),
    ...section(3, vector([...Array.from({ length: skipCount }, () => [0]), [1]])),
    ...section(7, vector(names.map((name, index) => [...leb(name.length), ...ascii(name), 0x00, ...leb(index)]))),
    ...section(10, vector(bodies.map((body) => [...leb(body.length), ...body]))),
  ]);
}
