// How each sub-pattern behaves on a long run of one repeated character c, the attack strings the
// backtracking analysis considers: how many ways it can match c^k, and which unbounded loops can
// share such a run with their neighbours.
import type { CharAtom, Group, Lookaround, Quantifier, RegexFlags, RegexNode, Sequence } from './ast';
import { ONE_CHAR_WAYS, UNIT_WAYS, type Ways, ZERO_WAYS, addWays, convolve, isWindowAmbiguous, repeatWays } from './run-ways';

/** A finite repetition this large is treated like an unbounded one when it repeats ambiguity. */
export const LARGE_REPEAT = 10;
/** Chains are not counted past this many loops; the degree is already absurd. */
const MAX_DEGREE = 32;

/** What one node does with runs of c. */
export interface PumpInfo {
  ways: Ways;
  /** Whether it can match a non-empty run of c. */
  isNonEmpty: boolean;
  /** Whether some non-empty run of c has two or more matches. */
  isAmbiguous: boolean;
  /** Whether it, or a node inside it, matches some string in two or more ways. */
  hasAmbiguity: boolean;
  /** Whether an exponential loop was already found inside it. */
  hasExponential: boolean;
  /** Unbounded loops that all consume c when the node matches c only; undefined if it cannot. */
  full?: Quantifier[];
  /** Unbounded loops that can share a run of c at the node's start (resp. end). */
  head: Quantifier[];
  tail: Quantifier[];
}

/** Two or more unbounded loops that can split one run of c between them. */
export interface Chain {
  loops: Quantifier[];
  /** Where the chain lies: a sequence, or a loop whose consecutive iterations form it. */
  node: Sequence | Quantifier;
  /** Whether something that cannot match c must follow the chain inside `node`. */
  isClosed: boolean;
}

/** Inputs and outputs of one walk over the tree for one pump character. */
export interface PumpWalk {
  flags: RegexFlags;
  /** Whether the atom matches the pump character. */
  matches(atom: CharAtom): boolean;
  isLineTerminator: boolean;
  /** Capturing groups, for backreferences. */
  groups: Group[];
  /** A summary known without a walk (see run-plan.ts), or undefined for parts that need one. */
  shortcut(node: RegexNode): PumpInfo | undefined;
  infos: Map<RegexNode, PumpInfo>;
  exponential: Quantifier[];
  chains: Chain[];
}

/** Loop lists are never mutated, so empty ones can be shared. */
const NO_LOOPS: Quantifier[] = Object.freeze([]) as unknown as Quantifier[];
/** Summaries are never mutated, so the two facts of every zero-width or non-matching part are shared. */
const PASSING: PumpInfo = Object.freeze({
  ways: UNIT_WAYS, isNonEmpty: false, isAmbiguous: false, hasAmbiguity: false, hasExponential: false, full: [], head: [], tail: [],
});
const BLOCKING: PumpInfo = Object.freeze({ ...PASSING, ways: ZERO_WAYS, full: undefined });
const ONE_CHAR: PumpInfo = Object.freeze({ ...BLOCKING, ways: ONE_CHAR_WAYS, isNonEmpty: true, full: [] });

function zeroWidth(isPassable: boolean): PumpInfo {
  return isPassable ? PASSING : BLOCKING;
}

/** The summary of a part that can only match "" in a run (`isPassable`) or nothing at all. */
export const staticInfo = zeroWidth;

/** Summarises `node` for the walk's pump character, recording loops and chains on the way. */
export function summarize(node: RegexNode, walk: PumpWalk): PumpInfo {
  const cheap = cheapInfo(node, walk);
  if (cheap) return cheap;
  const known = walk.infos.get(node);
  if (known) return known;
  const info = summarizeNew(node, walk);
  walk.infos.set(node, info);
  return info;
}

/** The summary of a node that this walk has visited, or undefined if it has not. */
export function knownInfo(node: RegexNode, walk: PumpWalk): PumpInfo | undefined {
  return cheapInfo(node, walk) ?? walk.infos.get(node);
}

/**
 * Summaries that cost less to recompute than to remember: one-character atoms, anchors, and
 * parts whose summary the walk knows in advance. Nothing is recorded inside them.
 */
function cheapInfo(node: RegexNode, walk: PumpWalk): PumpInfo | undefined {
  switch (node.type) {
    case 'char':
    case 'class':
    case 'class-escape':
    case 'dot':
      return walk.matches(node) ? ONE_CHAR : BLOCKING;
    case 'assertion':
      // Inside a run, both neighbours are c: `\b` never holds there, `\B` always does, and `^`/`$`
      // hold only in multiline mode around line terminators.
      if (node.kind === 'word-boundary' || node.kind === 'not-word-boundary') return zeroWidth(node.kind === 'not-word-boundary');
      return zeroWidth(walk.flags.multiline && walk.isLineTerminator);
    default:
      return walk.shortcut(node);
  }
}

function summarizeNew(node: RegexNode, walk: PumpWalk): PumpInfo {
  switch (node.type) {
    case 'backreference': {
      // A backreference repeats what its group matched, so it fits in a run of c only when the group
      // can; one that refers forward or into its own group is still empty when it runs.
      const group = walk.groups.find((g) => (typeof node.ref === 'number' ? g.index === node.ref : g.name === node.ref));
      const isEarlier = group !== undefined && group.span.end <= node.span.start;
      return zeroWidth(!isEarlier || summarize(group, walk).full !== undefined);
    }
    case 'lookaround':
      return summarizeLookaround(node, walk);
    case 'quantifier':
      return summarizeQuantifier(node, walk);
    case 'sequence':
      return summarizeSequence(node, walk);
    case 'group':
    case 'pattern':
      return summarizeAlternatives(node.alternatives.map((alt) => summarize(alt, walk)));
    default:
      throw new Error(`no walk summary for ${node.type}`);
  }
}

function summarizeLookaround(node: Lookaround, walk: PumpWalk): PumpInfo {
  // V8 never backtracks into a finished lookaround, so ambiguity inside it stays inside it.
  const body = summarizeAlternatives(node.alternatives.map((alt) => summarize(alt, walk)));
  return zeroWidth((body.full !== undefined) !== node.negate);
}

function summarizeAlternatives(infos: PumpInfo[]): PumpInfo {
  if (infos.length === 1) return infos[0]!;
  let ways = ZERO_WAYS;
  let full: Quantifier[] | undefined;
  let head: Quantifier[] | undefined;
  let tail: Quantifier[] | undefined;
  let isNonEmpty = false;
  let isAmbiguous = false;
  let hasAmbiguity = false;
  let hasExponential = false;
  // Of several alternatives, the first one with the most loops stands for them.
  for (const info of infos) {
    ways = addWays(ways, info.ways);
    isNonEmpty ||= info.isNonEmpty;
    isAmbiguous ||= info.isAmbiguous;
    hasAmbiguity ||= info.hasAmbiguity;
    hasExponential ||= info.hasExponential;
    if (info.full && (!full || info.full.length > full.length)) full = info.full;
    if (!head || info.head.length > head.length) head = info.head;
    if (!tail || info.tail.length > tail.length) tail = info.tail;
  }
  const isWindowAmbiguousWays = isWindowAmbiguous(ways);
  return {
    ways,
    isNonEmpty,
    isAmbiguous: isAmbiguous || isWindowAmbiguousWays,
    hasAmbiguity: hasAmbiguity || isWindowAmbiguousWays,
    hasExponential,
    full,
    head: head ?? NO_LOOPS,
    tail: tail ?? NO_LOOPS,
  };
}

function summarizeSequence(node: Sequence, walk: PumpWalk): PumpInfo {
  const items: PumpInfo[] = [];
  let ways = UNIT_WAYS;
  let firstBlock = -1;
  let lastBlock = -1;
  let isAnyAmbiguous = false;
  let hasAmbiguity = false;
  let hasExponential = false;
  let isNonEmpty = false;
  for (const item of node.items) {
    const info = summarize(item, walk);
    if (info.full === undefined) {
      if (firstBlock < 0) firstBlock = items.length;
      lastBlock = items.length;
    }
    items.push(info);
    ways = convolve(ways, info.ways);
    isAnyAmbiguous ||= info.isAmbiguous;
    hasAmbiguity ||= info.hasAmbiguity;
    hasExponential ||= info.hasExponential;
    isNonEmpty ||= info.isNonEmpty;
  }
  const chainsBefore = walk.chains.length;
  recordChains(node, items, walk);
  const isPassable = firstBlock < 0;
  const fullsOf = (from: number, to: number): Quantifier[] => {
    let loops = NO_LOOPS;
    for (let i = from; i < to; i++) loops = joinLoops(loops, items[i]!.full!);
    return loops;
  };
  const isAmbiguous = isPassable && (isAnyAmbiguous || isWindowAmbiguous(ways));
  const all = isPassable ? fullsOf(0, items.length) : undefined;
  return {
    ways,
    isNonEmpty: isPassable && isNonEmpty,
    isAmbiguous,
    // A chain recorded just now lies in this sequence.
    hasAmbiguity: isAmbiguous || hasAmbiguity || walk.chains.length > chainsBefore,
    hasExponential,
    full: all,
    head: all ?? joinLoops(fullsOf(0, firstBlock), items[firstBlock]!.head),
    tail: all ?? joinLoops(items[lastBlock]!.tail, fullsOf(lastBlock + 1, items.length)),
  };
}

/**
 * Records the runs of items whose unbounded loops can share one run of c, when there are two or
 * more. A maximal run starts at the sequence start or at the tail of an item that cannot match c
 * only, and ends at the head of the next such item (closed) or at the sequence end (open).
 */
function recordChains(node: Sequence, items: PumpInfo[], walk: PumpWalk): void {
  let loops = NO_LOOPS;
  for (const item of items) {
    if (item.full === undefined) {
      if (loops.length + item.head.length >= 2) walk.chains.push({ loops: [...loops, ...item.head], node, isClosed: true });
      loops = item.tail;
    } else if (item.full.length > 0) {
      loops = [...loops, ...item.full];
    }
  }
  if (loops.length >= 2) walk.chains.push({ loops, node, isClosed: false });
}

function summarizeQuantifier(node: Quantifier, walk: PumpWalk): PumpInfo {
  const body = summarize(node.body, walk);
  const ways = repeatWays(body.ways, node.min, node.max);
  const isLarge = node.max >= LARGE_REPEAT;
  const acrossIterations = body.full === undefined && node.max >= 2 ? joinLoops(body.tail, body.head) : NO_LOOPS;
  const isExponential = isLarge && !body.hasExponential
    && (body.hasAmbiguity || isWindowAmbiguous(ways) || acrossIterations.length >= 2);
  if (isExponential) walk.exponential.push(node);
  else if (acrossIterations.length >= 2) walk.chains.push({ loops: acrossIterations, node, isClosed: true });
  const isUnboundedLoop = node.max === Infinity && body.isNonEmpty;
  const repeats = Math.min(node.max, LARGE_REPEAT);
  // Loops repeated by a bounded quantifier count once per repetition; the quantifier stands in
  // for them so that a report points at the whole repeated group.
  const repeat = (loops: Quantifier[], times: number): Quantifier[] =>
    loops.length === 0 ? NO_LOOPS : times <= 1 ? loops.slice(0, loops.length * times)
      : new Array<Quantifier>(Math.min(loops.length * times, MAX_DEGREE)).fill(node);
  const itself = isUnboundedLoop ? [node] : undefined;
  return {
    ways,
    isNonEmpty: node.max > 0 && body.isNonEmpty,
    isAmbiguous: node.max > 0 && body.isNonEmpty && (body.isAmbiguous || isWindowAmbiguous(ways)),
    hasAmbiguity: body.hasAmbiguity || isWindowAmbiguous(ways) || isExponential,
    hasExponential: body.hasExponential || isExponential,
    full: itself ?? (body.full ? repeat(body.full, repeats) : node.min === 0 ? NO_LOOPS : undefined),
    head: itself ?? (body.full ? joinLoops(repeat(body.full, repeats - 1), body.head) : body.head),
    tail: itself ?? (body.full ? joinLoops(body.tail, repeat(body.full, repeats - 1)) : body.tail),
  };
}

/** `a` then `b`, without copying when one is empty (loop lists are never modified). */
function joinLoops(a: Quantifier[], b: Quantifier[]): Quantifier[] {
  return a.length === 0 ? b : b.length === 0 ? a : [...a, ...b];
}
