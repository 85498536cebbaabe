// Decides whether a loop can match some text in two different ways, over texts of any characters,
// by searching the product of its position automaton with itself for two diverging paths.
import type { CharAtom, Quantifier, RegexNode } from './ast';
import { type CharSet, intersectSets } from './char-set';
import { childrenOf } from './walk';

/** Position automata larger than this are not searched (the product grows with the square). */
const POSITION_LIMIT = 150;

/** An edge of the position automaton; `via` tells apart edges made by different constructs. */
interface Edge {
  to: number;
  via: number;
}

interface Fragment {
  first: number[];
  last: number[];
  isNullable: boolean;
}

/** A position automaton: atom per position, typed edges; state 0 is the start. */
interface Automaton {
  sets: CharSet[];
  edges: Edge[][];
  nextVia: number;
}

/**
 * Returns a short text that `loop` (read as `body+`) matches along two different paths, or
 * undefined when there is none, or when the body holds assertions, lookarounds or backreferences
 * (whose effect on paths is not modelled) or is too large to search.
 */
export function findAmbiguousText(loop: Quantifier, setOf: (atom: CharAtom) => CharSet): string | undefined {
  // Two paths can only part at a state with two edges: `x+` has none.
  const { body: node } = loop;
  if (node.type === 'char' || node.type === 'class' || node.type === 'class-escape' || node.type === 'dot') return undefined;
  if (!isRegular(node)) return undefined;
  const automaton: Automaton = { sets: [[]], edges: [[]], nextVia: 0 };
  const body = build(node, automaton, setOf);
  if (body === undefined) return undefined;
  const via = automaton.nextVia++;
  connect(automaton, body.last, body.first, via);
  connect(automaton, [0], body.first, automaton.nextVia++);
  if (automaton.edges.every((edges) => edges.length <= 1)) return undefined;
  return searchProduct(automaton, new Set(body.last));
}

function isRegular(node: RegexNode): boolean {
  if (node.type === 'assertion' || node.type === 'lookaround' || node.type === 'backreference') return false;
  return childrenOf(node).every(isRegular);
}

function connect(automaton: Automaton, from: number[], to: number[], via: number): void {
  for (const source of from) for (const target of to) automaton.edges[source]!.push({ to: target, via });
}

/** Glushkov construction with counted repetitions unrolled; undefined past POSITION_LIMIT. */
function build(node: RegexNode, automaton: Automaton, setOf: (atom: CharAtom) => CharSet): Fragment | undefined {
  switch (node.type) {
    case 'char':
    case 'class':
    case 'class-escape':
    case 'dot': {
      if (automaton.sets.length > POSITION_LIMIT) return undefined;
      const position = automaton.sets.push(setOf(node)) - 1;
      automaton.edges.push([]);
      return { first: [position], last: [position], isNullable: false };
    }
    case 'sequence':
      return buildSequence(node.items.map((item) => () => build(item, automaton, setOf)), automaton);
    case 'group':
    case 'pattern': {
      const parts = node.alternatives.map((alt) => build(alt, automaton, setOf));
      if (parts.some((part) => part === undefined)) return undefined;
      return {
        first: parts.flatMap((p) => p!.first),
        last: parts.flatMap((p) => p!.last),
        isNullable: parts.some((p) => p!.isNullable),
      };
    }
    case 'quantifier':
      return buildQuantifier(node, automaton, setOf);
    default:
      return undefined;
  }
}

function buildSequence(parts: (() => Fragment | undefined)[], automaton: Automaton): Fragment | undefined {
  let acc: Fragment = { first: [], last: [], isNullable: true };
  for (const makePart of parts) {
    const part = makePart();
    if (part === undefined) return undefined;
    connect(automaton, acc.last, part.first, automaton.nextVia++);
    acc = {
      first: acc.isNullable ? [...acc.first, ...part.first] : acc.first,
      last: part.isNullable ? [...acc.last, ...part.last] : part.last,
      isNullable: acc.isNullable && part.isNullable,
    };
  }
  return acc;
}

/** `x{2,4}` becomes `x x (x (x)?)?`: nested, so the unrolling adds no ambiguity of its own. */
function buildQuantifier(node: Quantifier, automaton: Automaton, setOf: (atom: CharAtom) => CharSet): Fragment | undefined {
  const makeBody = (): Fragment | undefined => build(node.body, automaton, setOf);
  const optional = (count: number): Fragment | undefined => {
    if (count === 0) return { first: [], last: [], isNullable: true };
    const inner = buildSequence([makeBody, () => optional(count - 1)], automaton);
    return inner && { ...inner, isNullable: true };
  };
  const star = (): Fragment | undefined => {
    const body = makeBody();
    if (body === undefined) return undefined;
    connect(automaton, body.last, body.first, automaton.nextVia++);
    return { ...body, isNullable: true };
  };
  const mandatory = Array.from({ length: Math.min(node.min, POSITION_LIMIT) }, () => makeBody);
  const rest = node.max === Infinity ? star : () => optional(Math.min(node.max - node.min, POSITION_LIMIT));
  return buildSequence([...mandatory, rest], automaton);
}

/** Breadth-first search of pairs of paths that read the same characters and end together. */
function searchProduct(automaton: Automaton, accepting: Set<number>): string | undefined {
  interface State { left: number; right: number; isSame: boolean; parent?: State }
  const size = automaton.sets.length;
  // Pairs of positions as numbers: whether their sets meet (0 unknown, 1 yes, 2 no), and which
  // (pair, isSame) states the search has reached.
  const meets = new Uint8Array(size * size);
  const seen = new Uint8Array(size * size * 2);
  const queue: State[] = [{ left: 0, right: 0, isSame: true }];
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head]!;
    if (!state.isSame && accepting.has(state.left) && accepting.has(state.right)) return spell(state);
    for (const a of automaton.edges[state.left]!) {
      for (const b of automaton.edges[state.right]!) {
        const pair = a.to * size + b.to;
        if (meets[pair] === 0) meets[pair] = intersectSets(automaton.sets[a.to]!, automaton.sets[b.to]!).length > 0 ? 1 : 2;
        if (meets[pair] === 2) continue;
        const isSame = state.isSame && a.to === b.to && a.via === b.via;
        const key = pair * 2 + (isSame ? 1 : 0);
        if (seen[key]) continue;
        seen[key] = 1;
        queue.push({ left: a.to, right: b.to, isSame, parent: state });
      }
    }
  }
  return undefined;

  function spell(state: State): string {
    let text = '';
    for (let s: State | undefined = state; s?.parent; s = s.parent) {
      text = pickChar(intersectSets(automaton.sets[s.left]!, automaton.sets[s.right]!)) + text;
    }
    return text;
  }
}

/** A readable character of the set: a letter or digit, then other printable ASCII, then any. */
function pickChar(set: CharSet): string {
  for (const [low, high] of [[0x61, 0x7a], [0x41, 0x5a], [0x30, 0x39], [0x21, 0x7e], [0x20, 0x20]] as const) {
    for (const [first, last] of set) if (last >= low && first <= high) return String.fromCodePoint(Math.max(first, low));
  }
  return String.fromCodePoint(set[0]![0]);
}
