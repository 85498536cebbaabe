// How each sub-pattern behaves on a long run of one repeated character c, the attack strings the
// backtracking analysis considers: how many ways it can match c^k, and which unbounded loops can
// share such a run with their neighbours.
import type { CharAtom, Group, Lookaround, Quantifier, RegexFlags, RegexNode, Sequence } from './ast';

/** Runs of c up to this length are counted exactly; enough to expose collisions of short loops. */
const WINDOW = 24;
/** A finite repetition this large is treated like an unbounded one when it repeats ambiguity. */
export const LARGE_REPEAT = 10;
/** Chains are not counted past this many loops; the degree is already absurd. */
const MAX_DEGREE = 32;

/** What one node does with runs of c. */
export interface PumpInfo {
  /** `ways[k]`: how many ways the node matches c^k, counting only 0, 1 and "2 or more". */
  ways: number[];
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
  /**
   * For a part with no atom that matches c and no assertion inside, whether it can match the
   * empty string (all it can do in a run of c); undefined for parts that need a full summary.
   */
  shortcut(node: RegexNode): boolean | undefined;
  infos: Map<RegexNode, PumpInfo>;
  exponential: Quantifier[];
  chains: Chain[];
}

const zeroWays = (): number[] => new Array<number>(WINDOW + 1).fill(0);
const unitWays = (): number[] => [1, ...new Array<number>(WINDOW).fill(0)];
const isWindowAmbiguous = (ways: number[]): boolean => ways.some((w, k) => k > 0 && w > 1);

function convolve(a: number[], b: number[]): number[] {
  if (a === ZERO_WAYS || b === ZERO_WAYS) return ZERO_WAYS as number[];
  const out = zeroWays();
  for (let i = 0; i <= WINDOW; i++) {
    if (a[i] === 0) continue;
    for (let j = 0; i + j <= WINDOW; j++) out[i + j] = Math.min(2, out[i + j]! + a[i]! * b[j]!);
  }
  return out;
}

function addWays(a: number[], b: number[]): number[] {
  return a.map((w, k) => Math.min(2, w + b[k]!));
}

const ZERO_WAYS: readonly number[] = Object.freeze(zeroWays());
/** Summaries are never mutated, so the two facts of every zero-width or non-matching part are shared. */
const PASSING: PumpInfo = Object.freeze({
  ways: unitWays(), isNonEmpty: false, isAmbiguous: false, hasAmbiguity: false, hasExponential: false, full: [], head: [], tail: [],
});
const BLOCKING: PumpInfo = Object.freeze({ ...PASSING, ways: ZERO_WAYS as number[], full: undefined });

function zeroWidth(isPassable: boolean): PumpInfo {
  return isPassable ? PASSING : BLOCKING;
}

/** Summarises `node` for the walk's pump character, recording loops and chains on the way. */
export function summarize(node: RegexNode, walk: PumpWalk): PumpInfo {
  const known = walk.infos.get(node);
  if (known) return known;
  const shortcut = walk.shortcut(node);
  const info = shortcut === undefined ? summarizeNew(node, walk) : zeroWidth(shortcut);
  walk.infos.set(node, info);
  return info;
}

function summarizeNew(node: RegexNode, walk: PumpWalk): PumpInfo {
  switch (node.type) {
    case 'char':
    case 'class':
    case 'class-escape':
    case 'dot': {
      if (!walk.matches(node)) return zeroWidth(false);
      const ways = zeroWays();
      ways[1] = 1;
      return { ...zeroWidth(false), ways, isNonEmpty: true, full: [] };
    }
    case 'assertion':
      // Inside a run, both neighbours are c: `\b` never holds there, `\B` always does, and `^`/`$`
      // hold only in multiline mode around line terminators.
      if (node.kind === 'word-boundary' || node.kind === 'not-word-boundary') return zeroWidth(node.kind === 'not-word-boundary');
      return zeroWidth(walk.flags.multiline && walk.isLineTerminator);
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
  }
}

function summarizeLookaround(node: Lookaround, walk: PumpWalk): PumpInfo {
  // V8 never backtracks into a finished lookaround, so ambiguity inside it stays inside it.
  const body = summarizeAlternatives(node.alternatives.map((alt) => summarize(alt, walk)));
  return zeroWidth((body.full !== undefined) !== node.negate);
}

function summarizeAlternatives(infos: PumpInfo[]): PumpInfo {
  const longest = (pick: (info: PumpInfo) => Quantifier[] | undefined): Quantifier[] | undefined =>
    infos.map(pick).reduce<Quantifier[] | undefined>((best, loops) => (loops && (!best || loops.length > best.length) ? loops : best), undefined);
  const ways = infos.map((i) => i.ways).reduce(addWays, zeroWays());
  return {
    ways,
    isNonEmpty: infos.some((i) => i.isNonEmpty),
    isAmbiguous: infos.some((i) => i.isAmbiguous) || isWindowAmbiguous(ways),
    hasAmbiguity: infos.some((i) => i.hasAmbiguity) || isWindowAmbiguous(ways),
    hasExponential: infos.some((i) => i.hasExponential),
    full: longest((i) => i.full),
    head: longest((i) => i.head) ?? [],
    tail: longest((i) => i.tail) ?? [],
  };
}

function summarizeSequence(node: Sequence, walk: PumpWalk): PumpInfo {
  const items = node.items.map((item) => summarize(item, walk));
  recordChains(node, items, walk);
  const ways = items.map((i) => i.ways).reduce(convolve, unitWays());
  const isPassable = items.every((i) => i.full !== undefined);
  const firstBlock = items.findIndex((i) => i.full === undefined);
  const lastBlock = items.map((i) => i.full === undefined).lastIndexOf(true);
  const fullsOf = (from: number, to: number): Quantifier[] => items.slice(from, to).flatMap((i) => i.full!);
  const isAmbiguous = isPassable && (items.some((i) => i.isAmbiguous) || isWindowAmbiguous(ways));
  return {
    ways,
    isNonEmpty: isPassable && items.some((i) => i.isNonEmpty),
    isAmbiguous,
    hasAmbiguity: isAmbiguous || items.some((i) => i.hasAmbiguity) || walk.chains.some((c) => c.node === node),
    hasExponential: items.some((i) => i.hasExponential),
    full: isPassable ? fullsOf(0, items.length) : undefined,
    head: isPassable ? fullsOf(0, items.length) : [...fullsOf(0, firstBlock), ...items[firstBlock]!.head],
    tail: isPassable ? fullsOf(0, items.length) : [...items[lastBlock]!.tail, ...fullsOf(lastBlock + 1, items.length)],
  };
}

/**
 * Records the runs of items whose unbounded loops can share one run of c, when there are two or
 * more. A maximal run starts at the sequence start or at the tail of an item that cannot match c
 * only, and ends at the head of the next such item (closed) or at the sequence end (open).
 */
function recordChains(node: Sequence, items: PumpInfo[], walk: PumpWalk): void {
  let loops: Quantifier[] = [];
  for (const item of items) {
    if (item.full === undefined) {
      const chain = [...loops, ...item.head];
      if (chain.length >= 2) walk.chains.push({ loops: chain, node, isClosed: true });
      loops = item.tail;
    } else if (item.full.length > 0) {
      loops = [...loops, ...item.full];
    }
  }
  if (loops.length >= 2) walk.chains.push({ loops, node, isClosed: false });
}

/** How many ways `min` to `max` iterations match c^k, given how one iteration does. */
function repeatWays(body: number[], min: number, max: number): number[] {
  if (body === ZERO_WAYS) return min === 0 ? unitWays() : (ZERO_WAYS as number[]);
  // The common case, one character per iteration (`.{0,40}`, `\w*`), has exactly one way per length.
  if (body[1] === 1 && body.every((w, k) => k === 1 || w === 0)) return body.map((_, k) => (k >= min && k <= max ? 1 : 0));
  // V8 rejects an empty iteration once the minimum is met, so only the mandatory ones may be empty.
  let ways = unitWays();
  for (let n = 0; n < Math.min(min, WINDOW + 2); n++) ways = convolve(ways, body);
  const nonEmptyBody = [0, ...body.slice(1)];
  let current = ways;
  for (let n = min; n < Math.min(max, min + WINDOW + 1) && current !== ZERO_WAYS; n++) {
    current = convolve(current, nonEmptyBody);
    ways = addWays(ways, current);
  }
  return ways;
}

function summarizeQuantifier(node: Quantifier, walk: PumpWalk): PumpInfo {
  const body = summarize(node.body, walk);
  const ways = repeatWays(body.ways, node.min, node.max);
  const isLarge = node.max >= LARGE_REPEAT;
  const acrossIterations = body.full === undefined && node.max >= 2 ? [...body.tail, ...body.head] : [];
  const isExponential = isLarge && !body.hasExponential
    && (body.hasAmbiguity || isWindowAmbiguous(ways) || acrossIterations.length >= 2);
  if (isExponential) walk.exponential.push(node);
  else if (acrossIterations.length >= 2) walk.chains.push({ loops: acrossIterations, node, isClosed: true });
  const isUnboundedLoop = node.max === Infinity && body.isNonEmpty;
  const repeats = Math.min(node.max, LARGE_REPEAT);
  // Loops repeated by a bounded quantifier count once per repetition; the quantifier stands in
  // for them so that a report points at the whole repeated group.
  const repeat = (loops: Quantifier[], times: number): Quantifier[] =>
    times <= 1 ? loops.slice(0, loops.length * times) : new Array<Quantifier>(Math.min(loops.length * times, MAX_DEGREE)).fill(node);
  return {
    ways,
    isNonEmpty: node.max > 0 && body.isNonEmpty,
    isAmbiguous: node.max > 0 && body.isNonEmpty && (body.isAmbiguous || isWindowAmbiguous(ways)),
    hasAmbiguity: body.hasAmbiguity || isWindowAmbiguous(ways) || isExponential,
    hasExponential: body.hasExponential || isExponential,
    full: isUnboundedLoop ? [node] : body.full ? repeat(body.full, repeats) : node.min === 0 ? [] : undefined,
    head: isUnboundedLoop ? [node] : body.full ? [...repeat(body.full, repeats - 1), ...body.head] : body.head,
    tail: isUnboundedLoop ? [node] : body.full ? [...body.tail, ...repeat(body.full, repeats - 1)] : body.tail,
  };
}
