// The automaton of the fast pass over whole lines: it only answers "every line so far needs no
// look" until it falls into a sink state it never leaves. It is the prefilter automaton with the
// line checks folded in, so that a clean line costs one table step per byte and nothing else:
// a line that starts with anything but `{` (JSONL) or with white space (text), that ends with
// anything but `}` (`}\r` too), that holds a control byte or that holds a literal sinks. The chunk
// scanner then reads that stretch again with the exact automaton (prefilter.ts), which decides.

import type { Prefilter } from './prefilter';

/** The fast pass's automaton; plain typed arrays. */
export interface SkipTable {
  /** Byte → class (the prefilter's classes, with `{`, `}`, CR, tab and space set apart). */
  readonly classOf: Uint8Array;
  readonly classCount: number;
  /**
   * Next state: `transitions[(state + classOf[byte] * 4) / 4]`. States are byte offsets of their
   * rows (premultiplied by `classCount * 4`), so that a step needs no multiplication.
   */
  readonly transitions: Uint32Array;
  /** The state at the start of a line. */
  readonly lineStart: number;
  /** The prefilter state each state stands for, by row (state / (classCount * 4)); -1 for the sink. */
  readonly exactStates: Int32Array;
  /** The sink: offset 0, its row all zeros. */
  readonly sink: 0;
}

const NEWLINE = 10;
const CR = 13;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const SET_APART = [OPEN_BRACE, CLOSE_BRACE, CR, 9, 32];

/** What the last bytes of the line were, as far as the end-of-line check cares. */
const TAIL_NONE = 0;
const TAIL_BRACE = 1;
const TAIL_BRACE_CR = 2;

const KIND_PLAIN = 0;
const KIND_NEWLINE = 1;
const KIND_CONTROL = 2;
const KIND_BRACE = 3;
const KIND_CR = 4;

/** Builds the fast pass's automaton for a prefilter and a line shape. */
export function buildSkipTable(prefilter: Prefilter, shape: 'json' | 'text'): SkipTable {
  const { classOf: exactClassOf, transitions: exact, shift, specialStart, start } = prefilter;
  // Refined classes: the set-apart bytes get a class of their own unless a literal already gave one.
  const classOf = new Uint8Array(256);
  const representative: number[] = [];
  const classByKey = new Map<string, number>();
  for (let byte = 0; byte < 256; byte++) {
    const exactClass = exactClassOf[byte] as number;
    const key = SET_APART.includes(byte) && exactClass === 0 ? `byte ${byte}` : `class ${exactClass}`;
    let refined = classByKey.get(key);
    if (refined === undefined) {
      classByKey.set(key, (refined = representative.length));
      representative.push(byte);
    }
    classOf[byte] = refined;
  }
  const classCount = representative.length;
  const isWhitespace = (byte: number): boolean => byte === 32 || byte === 9 || byte === CR;
  const isControl = (byte: number): boolean => byte < 32 && byte !== 9 && byte !== NEWLINE && byte !== CR;

  // States are (exact plain state, tail) pairs reached from the line start; 0 is the sink, 1 the line start.
  const SINK = 0;
  const LINE_START = 1;
  const rowBytes = classCount * 4;
  const rows = new Uint32Array((2 + 3 * specialStart) * classCount);
  const exactOf: number[] = [-1, -1];
  const tailOf: number[] = [TAIL_NONE, TAIL_NONE];
  const indexByKey = new Int32Array(3 * specialStart).fill(-1);
  const stateOf = (exactState: number, tail: number): number => {
    const key = exactState * 3 + tail;
    let index = indexByKey[key] as number;
    if (index < 0) {
      indexByKey[key] = index = exactOf.length;
      exactOf.push(exactState);
      tailOf.push(tail);
    }
    return index;
  };
  // What each class does, worked out once: its exact class, and whether it ends a line, is a
  // control byte, or sets the tail.
  const exactClass = Int32Array.from(representative, (byte) => exactClassOf[byte] as number);
  const kind = Uint8Array.from(representative, (byte) => (byte === NEWLINE ? KIND_NEWLINE : isControl(byte) ? KIND_CONTROL : byte === CLOSE_BRACE ? KIND_BRACE : byte === CR ? KIND_CR : KIND_PLAIN));
  /** Where class `cls` leads from exact state `state` with `tail`, or the sink. */
  const stepFrom = (state: number, tail: number, cls: number): number => {
    const what = kind[cls] as number;
    if (what === KIND_NEWLINE) return shape === 'text' || tail !== TAIL_NONE ? LINE_START : SINK;
    if (what === KIND_CONTROL) return SINK;
    const next = exact[(state << shift) | (exactClass[cls] as number)] as number;
    if (next >= specialStart) return SINK;
    return stateOf(next, what === KIND_BRACE ? TAIL_BRACE : what === KIND_CR && tail === TAIL_BRACE ? TAIL_BRACE_CR : TAIL_NONE);
  };
  for (let cls = 0; cls < classCount; cls++) {
    const byte = representative[cls] as number;
    const isBad = shape === 'json' ? byte !== OPEN_BRACE : byte === NEWLINE || isWhitespace(byte);
    rows[classCount + cls] = (isBad ? SINK : stepFrom(start, TAIL_NONE, cls)) * rowBytes;
  }
  for (let index = 2; index < exactOf.length; index++) {
    const state = exactOf[index] as number;
    const tail = tailOf[index] as number;
    for (let cls = 0; cls < classCount; cls++) rows[index * classCount + cls] = stepFrom(state, tail, cls) * rowBytes;
  }
  const transitions = rows.slice(0, exactOf.length * classCount);
  const exactStates = Int32Array.from(exactOf);
  exactStates[LINE_START] = start;
  return { classOf, classCount, transitions, lineStart: LINE_START * rowBytes, exactStates, sink: SINK };
}
