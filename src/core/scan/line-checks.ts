// The chunk scanner's inner pieces: the hot automaton loop, and the cheap checks that decide
// whether a line may be skipped unread.

const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/**
 * The hot loop, kept small and monomorphic so that V8 optimises it early: steps the automaton
 * from `state` over `bytes[from, n)` and stops at the first byte that leads to a state needing
 * attention. Returns that byte's index (or `n`); the state it reached is left in `out[0]`.
 */
export function runToSpecial(
  bytes: Uint8Array,
  from: number,
  n: number,
  state: number,
  transitions: Uint16Array | Uint32Array,
  shift: number,
  classOf: Uint8Array,
  specialStart: number,
  out: Int32Array,
): number {
  let s = state;
  let i = from;
  for (; i < n; i++) {
    s = transitions[(s << shift) | (classOf[bytes[i] as number] as number)] as number;
    if (s >= specialStart) break;
  }
  out[0] = s;
  return i;
}

/** The common well-formed case, decided from the first and last bytes alone. */
export function isShapeFast(bytes: Uint8Array, start: number, end: number, shape: 'json' | 'text'): boolean {
  if (shape === 'json') return bytes[start] === OPEN_BRACE && bytes[end - 1] === CLOSE_BRACE;
  return !isWhitespace(bytes[start] as number);
}

function isWhitespace(byte: number): boolean {
  return byte === 32 || byte === 9 || byte === 13 || byte === 10;
}

export function isBlankLine(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isWhitespace(bytes[i] as number)) return false;
  return true;
}

/** `{…}` after an optional byte-order mark and whitespace (the parser decides the rest). */
export function hasJsonShape(bytes: Uint8Array, start: number, end: number): boolean {
  let from = start;
  if (bytes[from] === 0xef && bytes[from + 1] === 0xbb && bytes[from + 2] === 0xbf) from += 3;
  while (from < end && isWhitespace(bytes[from] as number)) from++;
  let to = end;
  while (to > from && isWhitespace(bytes[to - 1] as number)) to--;
  return to - from >= 2 && bytes[from] === OPEN_BRACE && bytes[to - 1] === CLOSE_BRACE;
}

const strictDecoder = new TextDecoder('utf-8', { fatal: true });

export function isUtf8ByDecoder(bytes: Uint8Array): boolean {
  try {
    strictDecoder.decode(bytes);
    return true;
  } catch {
    return false;
  }
}
