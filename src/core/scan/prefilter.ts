// A multi-literal search over raw UTF-8 bytes: an Aho–Corasick automaton turned into a dense DFA
// over byte classes, with ASCII case folding. The hot loop is one table load and one compare per
// byte: states are numbered so that every state needing attention (a literal ends there, or the
// byte was a newline or a control character) is at or above `specialStart`. Rows are padded to a
// power of two and entries are 16-bit when the states fit, so the hot rows stay in the L1 cache.

/** The compiled automaton; plain typed arrays, so a worker can rebuild or receive it cheaply. */
export interface Prefilter {
  /** Byte → class. */
  readonly classOf: Uint8Array;
  readonly classCount: number;
  /** The next state is `transitions[(state << shift) | classOf[byte]]`. */
  readonly transitions: Uint16Array | Uint32Array;
  readonly shift: number;
  /** The start state. */
  readonly start: number;
  /** States from this one on need attention. */
  readonly specialStart: number;
  /** The state reached after a `\n` (behaves as the start state). */
  readonly newline: number;
  /** The state reached after a control character other than tab, CR and LF (behaves as the start state). */
  readonly control: number;
  /** Literal ids ending at a state: `outputs[outputStart[s] … outputStart[s + 1])`, by state index. */
  readonly outputStart: Int32Array;
  readonly outputs: Int32Array;
  readonly literals: readonly string[];
}

const NEWLINE = 10;

function isControl(byte: number): boolean {
  return byte < 32 && byte !== 9 && byte !== 10 && byte !== 13;
}

function fold(byte: number): number {
  return byte >= 65 && byte <= 90 ? byte + 32 : byte;
}

/**
 * Builds the automaton for `literals`, byte strings (one character per byte, no control bytes)
 * matched with ASCII case folding. Literal ids are indexes into `literals`. Throws on a character
 * outside 0x20–0xFF: the callers only pass safe pieces, so that would be our bug.
 */
export function buildPrefilter(literals: readonly string[]): Prefilter {
  // Classes: 0 other bytes, 1 newline, 2 control characters, then one per folded literal byte.
  const classOf = new Uint8Array(256);
  const classByFolded = new Map<number, number>();
  let classCount = 3;
  for (const literal of literals) {
    for (let i = 0; i < literal.length; i++) {
      const code = literal.charCodeAt(i);
      if (code < 32 || code > 255) throw new Error(`prefilter literal ${JSON.stringify(literal)} is not a byte string without control bytes`);
      const folded = fold(code);
      if (!classByFolded.has(folded)) classByFolded.set(folded, classCount++);
    }
  }
  for (let byte = 0; byte < 256; byte++) {
    classOf[byte] = byte === NEWLINE ? 1 : isControl(byte) ? 2 : (classByFolded.get(fold(byte)) ?? 0);
  }
  const trie = buildTrie(literals, (code) => classByFolded.get(fold(code)) as number, classCount);
  return layOut(trie, classOf, classCount, literals);
}

interface Trie {
  /** next[state * classCount + class]: the next state (the DFA, once buildTrie is done). */
  next: Int32Array;
  /** Literal ids ending at each state, failure outputs included (filled by buildTrie); empty when none. */
  out: number[][];
  count: number;
}

const NO_OUTPUT: number[] = [];

function buildTrie(literals: readonly string[], classOfCode: (code: number) => number, classCount: number): Trie {
  const capacity = 1 + literals.reduce((sum, literal) => sum + literal.length, 0);
  const next = new Int32Array(capacity * classCount).fill(-1);
  const out: number[][] = [NO_OUTPUT];
  let count = 1;
  literals.forEach((literal, id) => {
    let state = 0;
    for (let i = 0; i < literal.length; i++) {
      const index = state * classCount + classOfCode(literal.charCodeAt(i));
      let target = next[index] as number;
      if (target < 0) {
        target = count++;
        out.push(NO_OUTPUT);
        next[index] = target;
      }
      state = target;
    }
    out[state] = out[state] === NO_OUTPUT ? [id] : [...(out[state] as number[]), id];
  });
  // Breadth-first: failure links, inherited outputs, and missing edges filled in (the DFA).
  const fail = new Int32Array(count);
  const queue = new Int32Array(count);
  let tail = 0;
  for (let cls = 0; cls < classCount; cls++) {
    const target = next[cls] as number;
    if (target > 0) queue[tail++] = target;
    else next[cls] = 0;
  }
  for (let head = 0; head < tail; head++) {
    const state = queue[head] as number;
    const failState = fail[state] as number;
    const inherited = out[failState] as number[];
    if (inherited.length > 0) out[state] = [...(out[state] as number[]), ...inherited];
    const row = state * classCount;
    const failRow = failState * classCount;
    for (let cls = 0; cls < classCount; cls++) {
      const target = next[row + cls] as number;
      const viaFail = next[failRow + cls] as number;
      if (target < 0) {
        next[row + cls] = viaFail;
      } else {
        fail[target] = viaFail;
        queue[tail++] = target;
      }
    }
  }
  return { next, out, count };
}

/** Renumbers states (plain ones first, then those with outputs, then newline and control) into typed arrays. */
function layOut(trie: Trie, classOf: Uint8Array, classCount: number, literals: readonly string[]): Prefilter {
  const plain: number[] = [];
  const matching: number[] = [];
  for (let state = 0; state < trie.count; state++) ((trie.out[state] as number[]).length > 0 ? matching : plain).push(state);
  const order = [...plain, ...matching];
  const newIndex = new Int32Array(trie.count);
  order.forEach((state, index) => (newIndex[state] = index));
  const newlineIndex = order.length;
  const controlIndex = order.length + 1;
  const total = order.length + 2;
  const shift = Math.ceil(Math.log2(classCount));
  const transitions = total < 0x10000 ? new Uint16Array(total << shift) : new Uint32Array(total << shift);
  const fillRow = (index: number, oldState: number): void => {
    for (let cls = 0; cls < classCount; cls++) transitions[(index << shift) | cls] = newIndex[trie.next[oldState * classCount + cls] as number] as number;
    transitions[(index << shift) | 1] = newlineIndex;
    transitions[(index << shift) | 2] = controlIndex;
  };
  order.forEach((oldState, index) => fillRow(index, oldState));
  fillRow(newlineIndex, 0);
  fillRow(controlIndex, 0);
  const outputStart = new Int32Array(total + 1);
  const flat: number[] = [];
  order.forEach((oldState, index) => {
    outputStart[index] = flat.length;
    flat.push(...new Set(trie.out[oldState] as number[]));
  });
  outputStart[newlineIndex] = outputStart[controlIndex] = outputStart[total] = flat.length;
  return {
    classOf,
    classCount,
    transitions,
    shift,
    start: newIndex[0] as number,
    specialStart: plain.length,
    newline: newlineIndex,
    control: controlIndex,
    outputStart,
    outputs: Int32Array.from(flat),
    literals,
  };
}

/** Ids of the literals found in `bytes[start, end)`, each once, in the order first found. */
export function findLiteralsInBytes(prefilter: Prefilter, bytes: Uint8Array, start = 0, end = bytes.length): number[] {
  const { transitions, classOf, specialStart, outputStart, outputs, shift } = prefilter;
  const found: number[] = [];
  const seen = new Set<number>();
  let state = prefilter.start;
  for (let i = start; i < end; i++) {
    state = transitions[(state << shift) | (classOf[bytes[i] as number] as number)] as number;
    if (state < specialStart) continue;
    collect(state, seen, found, outputStart, outputs);
  }
  return found;
}

function collect(state: number, seen: Set<number>, found: number[], outputStart: Int32Array, outputs: Int32Array): void {
  for (let o = outputStart[state] as number; o < (outputStart[state + 1] as number); o++) {
    const id = outputs[o] as number;
    if (!seen.has(id)) {
      seen.add(id);
      found.push(id);
    }
  }
}
