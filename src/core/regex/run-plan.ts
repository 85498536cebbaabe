// Plans the run analysis of one pattern: which pump characters to try, and for each of them which
// parts of the tree need a walk at all. Most of a rule regex is literal text that a given pump
// character never touches, and most pump characters reach fewer than two loops.
import type { CharAtom, Quantifier, RegexNode, RegexPattern } from './ast';
import { partitionAlphabet } from './alphabet';
import type { CharSet } from './char-set';
import { LARGE_REPEAT, type PumpInfo, staticInfo } from './pump';
import { type TreeIndex, isCharAtom } from './tree-index';
import { childrenOf } from './walk';

/** One pump character, and the question the walk for it asks of each node. */
export interface RunClass {
  char: number;
  matches(atom: CharAtom): boolean;
  /** A summary known without walking the node (a part this character never touches), or undefined. */
  shortcut(node: RegexNode): PumpInfo | undefined;
}

/**
 * Per node, as sets of classes (at most 64, see alphabet.ts; bit i of `…Low` is class i, bit i of
 * `…High` class 32 + i): which classes its atoms match, and what it does in runs of the others.
 */
interface NodeFacts {
  /** Some atom inside matches the class. */
  liveLow: number;
  liveHigh: number;
  /** Whether it can match "" when no atom inside matches (undefined when it holds an assertion). */
  canBeEmpty: boolean | undefined;
  /**
   * Whether it can then match "" in two ways (`(|x)`, `(a?|b?)+`). The summary given for a part
   * that no atom of the class reaches counts one way only, as it always has: for such parts the
   * plan must not assume that a summary depends on the atoms' membership alone.
   */
  hasTwoEmptyWays: boolean;
  /**
   * Runs of the class cannot enter the node at all, and nothing inside it would be recorded:
   * literal text with a character outside the class, alternatives of such text, and sequences or
   * mandatory repetitions with such a part and otherwise only atoms, anchors or optional parts.
   */
  blocksLow: number;
  blocksHigh: number;
  /** The node can only match "", in one way, in runs of the class: an optional part that blocks. */
  passesLow: number;
  passesHigh: number;
}

function hasClass(low: number, high: number, c: number): boolean {
  return (((c < 32 ? low : high) >>> (c & 31)) & 1) === 1;
}

/**
 * The pump classes whose walk can find something: those matched inside at least two unbounded
 * loops, inside an unbounded loop that a quantifier repeats, or inside a large repetition of
 * more than one atom. A walk for any other class records no chain (it needs two loops) and no
 * exponential loop (it needs ambiguity inside a large repetition), so it is skipped.
 */
export function planRunClasses(ast: RegexPattern, index: TreeIndex, setOf: (atom: CharAtom) => CharSet): RunClass[] {
  const isOneAtom = (q: Quantifier): boolean => isCharAtom(q.body);
  const unbounded = index.loops.filter((loop) => loop.max === Infinity);
  const isLargeRepeat = (loop: Quantifier): boolean => loop.max >= LARGE_REPEAT && !isOneAtom(loop);
  if (unbounded.length < 2 && index.repeatedLoops.size === 0 && !index.loops.some(isLargeRepeat)) return [];
  const { sets, indexOf } = distinctSets(index.atoms, setOf);
  const looped = new Set<number>();
  for (const loop of index.loops) {
    if (loop.max === Infinity || isLargeRepeat(loop)) {
      for (const atom of atomsIn(loop)) looped.add(indexOf(atom));
    }
  }
  const pumps = partitionAlphabet(sets, [...looped].sort((a, b) => a - b).map((i) => sets[i]!));
  // The facts of an atom are those of its set: its classes, and blocking all the others.
  const setFacts = sets.map((): NodeFacts => ({
    liveLow: 0, liveHigh: 0, canBeEmpty: false, hasTwoEmptyWays: false, blocksLow: -1, blocksHigh: -1, passesLow: 0, passesHigh: 0,
  }));
  pumps.forEach((pump, c) => {
    for (const member of pump.members) {
      const fact = setFacts[member]!;
      if (c < 32) fact.liveLow |= 1 << c;
      else fact.liveHigh |= 1 << (c - 32);
    }
  });
  for (const fact of setFacts) {
    fact.blocksLow = ~fact.liveLow;
    fact.blocksHigh = ~fact.liveHigh;
  }
  const factsOfAtom = (atom: CharAtom): NodeFacts => setFacts[indexOf(atom)]!;
  const isRelevant = new Uint8Array(sets.length);
  const facts = collectFacts(ast, factsOfAtom, (atom) => (isRelevant[indexOf(atom)] = 1));
  const isUseful = usefulClasses(index, facts, pumps.length);
  // A walk depends on the pump character only through the atoms that match it, whether it ends a
  // line (for `^` and `$`), and which parts that match "" in two ways it reaches (see
  // hasTwoEmptyWays): classes alike in all of them find the same things, and the first of them is
  // the one whose findings were kept, so the others are not walked.
  const twoWayParts = [...facts.values()].filter((fact) => fact.hasTwoEmptyWays);
  const signatures = new Set<string>();
  const classes: RunClass[] = [];
  pumps.forEach((pump, c) => {
    if (!isUseful[c]) return;
    let signature = isLineTerminator(pump.char) ? 'line' : '';
    for (let i = 0; i < sets.length; i++) if (isRelevant[i]) signature += hasClass(setFacts[i]!.liveLow, setFacts[i]!.liveHigh, c) ? '1' : '0';
    for (const fact of twoWayParts) signature += hasClass(fact.liveLow, fact.liveHigh, c) ? 'r' : 'n';
    if (signatures.has(signature)) return;
    signatures.add(signature);
    classes.push({
      char: pump.char,
      matches: (atom) => {
        const fact = factsOfAtom(atom);
        return hasClass(fact.liveLow, fact.liveHigh, c);
      },
      shortcut(node) {
        const fact = facts.get(node)!;
        if (!hasClass(fact.liveLow, fact.liveHigh, c)) return fact.canBeEmpty === undefined ? undefined : staticInfo(fact.canBeEmpty);
        return hasClass(fact.blocksLow, fact.blocksHigh, c) ? staticInfo(false)
          : hasClass(fact.passesLow, fact.passesHigh, c) ? staticInfo(true) : undefined;
      },
    });
  });
  return classes;
}

/**
 * The distinct sets of the atoms, and each atom's index among them. A set of one character's
 * case variants is named by its smallest member; other sets by object, then by content. A set
 * listed twice would only cost time: the partition treats copies alike.
 */
function distinctSets(atoms: CharAtom[], setOf: (atom: CharAtom) => CharSet): { sets: CharSet[]; indexOf: (atom: CharAtom) => number } {
  const sets: CharSet[] = [];
  const byCode = new Map<number, number>();
  const bySmallest = new Map<number, number>();
  const byObject = new Map<CharSet, number>();
  const byContent = new Map<string, number>();
  const byAtom = new Map<CharAtom, number>();
  for (let a = 0; a < atoms.length; a++) {
    const atom = atoms[a]!;
    if (atom.type === 'char') {
      if (byCode.has(atom.value)) continue;
      const set = setOf(atom);
      const i = bySmallest.get(set[0]![0]) ?? sets.push(set) - 1;
      bySmallest.set(set[0]![0], i);
      byCode.set(atom.value, i);
      continue;
    }
    const set = setOf(atom);
    let i = byObject.get(set);
    if (i === undefined) {
      const key = set.join(';');
      i = byContent.get(key) ?? sets.push(set) - 1;
      byContent.set(key, i);
      byObject.set(set, i);
    }
    byAtom.set(atom, i);
  }
  return { sets, indexOf: (atom) => (atom.type === 'char' ? byCode.get(atom.value)! : byAtom.get(atom)!) };
}

function atomsIn(node: RegexNode): CharAtom[] {
  if (isCharAtom(node)) return [node];
  return childrenOf(node).flatMap(atomsIn);
}

/**
 * The facts of every node but the atoms. `markRelevant` receives the atoms whose membership can
 * change a summary: all but those of literal text in a sequence that no run can cross (two
 * characters that no class shares). Such text blocks every run, and which of its characters
 * blocks first changes nothing: characters add no loops to a chain, a head or a tail.
 */
function collectFacts(ast: RegexPattern, factsOfAtom: (atom: CharAtom) => NodeFacts, markRelevant: (atom: CharAtom) => void): Map<RegexNode, NodeFacts> {
  const facts = new Map<RegexNode, NodeFacts>();
  const visit = (node: RegexNode): NodeFacts => {
    if (isCharAtom(node)) return factsOfAtom(node);
    const isSequence = node.type === 'sequence';
    let liveLow = 0;
    let liveHigh = 0;
    let anyLow = 0;
    let anyHigh = 0;
    let allLow = -1;
    let allHigh = -1;
    // Where the current stretch of characters in a sequence began, and the classes all of them match.
    let stretchStart = -1;
    let sharedLow = -1;
    let sharedHigh = -1;
    let hasAssertion = node.type === 'assertion' || node.type === 'lookaround' || node.type === 'backreference';
    let isEveryEmptyable = true;
    let emptyableCount = 0;
    let hasTwoEmptyWays = false;
    const children = childrenOf(node);
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      const fact = visit(child);
      liveLow |= fact.liveLow;
      liveHigh |= fact.liveHigh;
      anyLow |= fact.blocksLow;
      anyHigh |= fact.blocksHigh;
      // A sequence is blocked by one item when every other one is quiet; alternatives must all block.
      const isQuiet = isSequence && (isCharAtom(child) || child.type === 'assertion');
      allLow &= isQuiet ? -1 : isSequence ? fact.blocksLow | fact.passesLow : fact.blocksLow;
      allHigh &= isQuiet ? -1 : isSequence ? fact.blocksHigh | fact.passesHigh : fact.blocksHigh;
      if (isSequence && isCharAtom(child)) {
        sharedLow = (stretchStart < 0 ? -1 : sharedLow) & fact.liveLow;
        sharedHigh = (stretchStart < 0 ? -1 : sharedHigh) & fact.liveHigh;
        if (stretchStart < 0) stretchStart = i;
      } else {
        if (stretchStart >= 0) markStretch(children, stretchStart, i, sharedLow | sharedHigh, markRelevant);
        stretchStart = -1;
        if (isCharAtom(child)) markRelevant(child);
      }
      hasAssertion ||= fact.canBeEmpty === undefined;
      isEveryEmptyable &&= fact.canBeEmpty === true;
      if (fact.canBeEmpty === true) emptyableCount++;
      hasTwoEmptyWays ||= fact.canBeEmpty === true && fact.hasTwoEmptyWays;
    }
    if (stretchStart >= 0) markStretch(children, stretchStart, children.length, sharedLow | sharedHigh, markRelevant);
    // Without its atoms, a node can match "" when all its items, or one of its alternatives, can.
    const canBeEmpty = hasAssertion ? undefined
      : node.type === 'quantifier' ? node.min === 0 || isEveryEmptyable
        : isSequence ? isEveryEmptyable : emptyableCount > 0;
    // Iterations after the minimum may not be empty, so only mandatory ones repeat two empty ways.
    hasTwoEmptyWays = canBeEmpty === true && (node.type === 'quantifier' ? node.min > 0 && hasTwoEmptyWays
      : isSequence ? hasTwoEmptyWays : emptyableCount >= 2 || hasTwoEmptyWays);
    const fact: NodeFacts = { liveLow, liveHigh, canBeEmpty, hasTwoEmptyWays, blocksLow: 0, blocksHigh: 0, passesLow: 0, passesHigh: 0 };
    if (isSequence && children.length > 0) {
      fact.blocksLow = anyLow & allLow;
      fact.blocksHigh = anyHigh & allHigh;
    } else if (node.type === 'group' || node.type === 'pattern') {
      fact.blocksLow = allLow;
      fact.blocksHigh = allHigh;
    } else if (node.type === 'quantifier' && node.min > 0) {
      fact.blocksLow = anyLow;
      fact.blocksHigh = anyHigh;
    } else if (node.type === 'quantifier') {
      fact.passesLow = anyLow;
      fact.passesHigh = anyHigh;
    }
    facts.set(node, fact);
    return fact;
  };
  visit(ast);
  return facts;
}

/** Marks the characters `from..to` of a sequence unless no run can cross them (`shared`: the classes all of them match). */
function markStretch(items: readonly RegexNode[], from: number, to: number, shared: number, markRelevant: (atom: CharAtom) => void): void {
  if (to - from >= 2 && shared === 0) return;
  for (let i = from; i < to; i++) markRelevant(items[i] as CharAtom);
}

/** Per class: whether a walk for it can record a chain or an exponential loop (see planRunClasses). */
function usefulClasses(index: TreeIndex, facts: Map<RegexNode, NodeFacts>, count: number): boolean[] {
  const unbounded = new Array<number>(count).fill(0);
  const isUseful = new Array<boolean>(count).fill(false);
  const each = (fact: NodeFacts, apply: (c: number) => void): void => {
    for (let c = 0; c < count; c++) if (hasClass(fact.liveLow, fact.liveHigh, c)) apply(c);
  };
  for (const loop of index.loops) {
    const live = facts.get(loop)!;
    const isOneAtom = isCharAtom(loop.body);
    if (loop.max >= LARGE_REPEAT && !isOneAtom) each(live, (c) => (isUseful[c] = true));
    if (loop.max !== Infinity) continue;
    const isRepeated = index.repeatedLoops.has(loop);
    each(live, (c) => {
      unbounded[c]!++;
      if (isRepeated || unbounded[c]! >= 2) isUseful[c] = true;
    });
  }
  return isUseful;
}

function isLineTerminator(code: number): boolean {
  return code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;
}
