// Plans the run analysis of one pattern: which pump characters to try, and for each of them which
// parts of the tree need a walk at all. Most of a rule regex is literal text that a given pump
// character never touches, and most pump characters reach fewer than two loops.
import type { CharAtom, Quantifier, RegexNode, RegexPattern } from './ast';
import { partitionAlphabet } from './alphabet';
import type { CharSet } from './char-set';
import { LARGE_REPEAT, type PumpInfo, staticInfo } from './pump';
import { childrenOf } from './walk';

/** The nodes of a tree that every analysis step asks about, collected in one pass. */
export interface TreeIndex {
  /** One-character atoms, in pattern order. */
  atoms: CharAtom[];
  /** Every quantifier, inner ones before the ones that contain them. */
  loops: Quantifier[];
  /** Unbounded loops inside a quantifier that repeats them: their runs can meet the next copy's. */
  repeatedLoops: Set<Quantifier>;
}

/** One pump character, and the question the walk for it asks of each node. */
export interface RunClass {
  char: number;
  matches(atom: CharAtom): boolean;
  /** A summary known without walking the node (a part this character never touches), or undefined. */
  shortcut(node: RegexNode): PumpInfo | undefined;
}

/** A set of classes (at most 64, see alphabet.ts): bit i of `low` is class i, bit i of `high` class 32 + i. */
interface ClassMask {
  low: number;
  high: number;
}

/** Per node: the classes its atoms match, and what it does without them. */
interface NodeFacts {
  /** The classes that some atom inside matches. */
  live: ClassMask;
  /** Whether it can match "" when no atom inside matches (undefined when it holds an assertion). */
  canBeEmpty: boolean | undefined;
  /** For a sequence of one-character atoms only: the classes every item matches. */
  passes?: ClassMask;
}

const NO_CLASS: ClassMask = Object.freeze({ low: 0, high: 0 });

function hasClass(mask: ClassMask, c: number): boolean {
  return (((c < 32 ? mask.low : mask.high) >>> (c & 31)) & 1) === 1;
}

export function indexTree(ast: RegexPattern): TreeIndex {
  const index: TreeIndex = { atoms: [], loops: [], repeatedLoops: new Set() };
  const visit = (node: RegexNode, isRepeated: boolean): void => {
    if (isCharAtom(node)) {
      index.atoms.push(node);
      return;
    }
    const isLoop = node.type === 'quantifier';
    for (const child of childrenOf(node)) visit(child, isRepeated || (isLoop && node.max >= 2));
    if (!isLoop) return;
    index.loops.push(node);
    if (isRepeated && node.max === Infinity) index.repeatedLoops.add(node);
  };
  visit(ast, false);
  return index;
}

/** The parent of every node but the root. */
export function mapParents(ast: RegexPattern): Map<RegexNode, RegexNode> {
  const parents = new Map<RegexNode, RegexNode>();
  const visit = (node: RegexNode): void => {
    for (const child of childrenOf(node)) {
      parents.set(child, node);
      visit(child);
    }
  };
  visit(ast);
  return parents;
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
  const { sets, setIndex } = distinctSets(index.atoms, setOf);
  const looped = new Set<number>();
  for (const loop of index.loops) {
    if (loop.max === Infinity || isLargeRepeat(loop)) {
      for (const atom of atomsIn(loop)) looped.add(setIndex.get(atom)!);
    }
  }
  const pumps = partitionAlphabet(sets, [...looped].sort((a, b) => a - b).map((i) => sets[i]!));
  const setClasses = sets.map((): ClassMask => ({ low: 0, high: 0 }));
  pumps.forEach((pump, c) => {
    for (const member of pump.members) {
      const mask = setClasses[member]!;
      if (c < 32) mask.low |= 1 << c;
      else mask.high |= 1 << (c - 32);
    }
  });
  const facts = collectFacts(ast, (atom) => setClasses[setIndex.get(atom)!]!);
  const isUseful = usefulClasses(index, facts, pumps.length);
  const classes: RunClass[] = [];
  pumps.forEach((pump, c) => {
    if (!isUseful[c]) return;
    const has = (mask: ClassMask): boolean => hasClass(mask, c);
    classes.push({
      char: pump.char,
      matches: (atom) => has(setClasses[setIndex.get(atom)!]!),
      shortcut(node) {
        const fact = facts.get(node)!;
        if (!has(fact.live)) return fact.canBeEmpty === undefined ? undefined : staticInfo(fact.canBeEmpty);
        // A run of c passes literal text only when every character of it matches c.
        return fact.passes && !has(fact.passes) ? staticInfo(false) : undefined;
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
function distinctSets(atoms: CharAtom[], setOf: (atom: CharAtom) => CharSet): { sets: CharSet[]; setIndex: Map<CharAtom, number> } {
  const sets: CharSet[] = [];
  const byChar = new Map<number, number>();
  const byObject = new Map<CharSet, number>();
  const byContent = new Map<string, number>();
  const setIndex = new Map<CharAtom, number>();
  for (const atom of atoms) {
    const set = setOf(atom);
    let i = atom.type === 'char' ? byChar.get(set[0]![0]) : byObject.get(set);
    if (i === undefined) {
      const key = atom.type === 'char' ? undefined : set.join(';');
      i = key === undefined ? undefined : byContent.get(key);
      if (i === undefined) i = sets.push(set) - 1;
      if (key !== undefined) byContent.set(key, i);
      if (atom.type === 'char') byChar.set(set[0]![0], i);
      else byObject.set(set, i);
    }
    setIndex.set(atom, i);
  }
  return { sets, setIndex };
}

function atomsIn(node: RegexNode): CharAtom[] {
  if (isCharAtom(node)) return [node];
  return childrenOf(node).flatMap(atomsIn);
}

function collectFacts(ast: RegexPattern, classesOf: (atom: CharAtom) => ClassMask): Map<RegexNode, NodeFacts> {
  const facts = new Map<RegexNode, NodeFacts>();
  const visit = (node: RegexNode): NodeFacts => {
    let fact: NodeFacts;
    if (isCharAtom(node)) {
      fact = { live: classesOf(node), canBeEmpty: false };
    } else {
      const children = childrenOf(node);
      let low = 0;
      let high = 0;
      let passes: ClassMask | undefined = node.type === 'sequence' && children.length > 0 ? { low: -1, high: -1 } : undefined;
      let some = false;
      let every = true;
      let hasAssertion = node.type === 'assertion' || node.type === 'lookaround' || node.type === 'backreference';
      for (const child of children) {
        const { live, canBeEmpty } = visit(child);
        low |= live.low;
        high |= live.high;
        if (canBeEmpty === undefined) hasAssertion = true;
        some ||= canBeEmpty === true;
        every &&= canBeEmpty === true;
        if (passes && isCharAtom(child)) passes = { low: passes.low & live.low, high: passes.high & live.high };
        else passes = undefined;
      }
      const canBeEmpty = hasAssertion ? undefined
        : node.type === 'quantifier' ? node.min === 0 || every
          : node.type === 'sequence' ? every : some;
      fact = { live: low === 0 && high === 0 ? NO_CLASS : { low, high }, canBeEmpty, passes };
    }
    facts.set(node, fact);
    return fact;
  };
  visit(ast);
  return facts;
}

/** Per class: whether a walk for it can record a chain or an exponential loop (see planRunClasses). */
function usefulClasses(index: TreeIndex, facts: Map<RegexNode, NodeFacts>, count: number): boolean[] {
  const unbounded = new Array<number>(count).fill(0);
  const isUseful = new Array<boolean>(count).fill(false);
  const each = (mask: ClassMask, apply: (c: number) => void): void => {
    for (let c = 0; c < count; c++) if (hasClass(mask, c)) apply(c);
  };
  for (const loop of index.loops) {
    const live = facts.get(loop)!.live;
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

function isCharAtom(node: RegexNode): node is CharAtom {
  return node.type === 'char' || node.type === 'class' || node.type === 'class-escape' || node.type === 'dot';
}
