// Whether anything after a construct can make the match fail, which is what turns ambiguity into
// backtracking time: a pattern that cannot fail after its ambiguous part succeeds on the first try.
import type { CharAtom, Quantifier, RegexFlags, RegexNode, Term } from './ast';
import { type CharSet, EMPTY_SET, complementSet, unionSets } from './char-set';
import { maxChar } from './atom-set';
import { type PumpWalk, knownInfo } from './pump';
import { childrenOf } from './walk';

/** Whether, after `node` matched a run of the pump character, something mandatory can still fail. */
export function canFailAfter(node: RegexNode, parents: Map<RegexNode, RegexNode>, walk: PumpWalk): boolean {
  const isBlocking = (n: RegexNode): boolean => knownInfo(n, walk)?.full === undefined;
  for (let current = node, parent = parents.get(node); parent; current = parent, parent = parents.get(parent)) {
    if (parent.type === 'pattern' || parent.type === 'lookaround') return false;
    if (parent.type === 'sequence' && parent.items.slice(parent.items.indexOf(current as Term) + 1).some(isBlocking)) return true;
    if (parent.type === 'quantifier' && parent.min >= 2 && isBlocking(parent.body)) return true;
  }
  return false;
}

/**
 * Whether `loop` can swallow any text up to the end of the input (every character is one
 * iteration) and what follows it then matches at the end: `(.|\s)*$` can never be made to fail,
 * whatever the attacker appends, while `(.|\s)*x` fails at the end of any text without an `x`.
 */
export function canAbsorbAnySuffix(loop: Quantifier, parents: Map<RegexNode, RegexNode>, setOf: (atom: CharAtom) => CharSet, flags: RegexFlags): boolean {
  if (loop.max !== Infinity || complementSet(singleChars(loop.body, setOf), maxChar(flags)).length > 0) return false;
  for (let current: RegexNode = loop, parent = parents.get(loop); parent; current = parent, parent = parents.get(parent)) {
    if (parent.type === 'pattern' || parent.type === 'lookaround') return true;
    if (parent.type === 'sequence' && !parent.items.slice(parent.items.indexOf(current as Term) + 1).every(matchesAtEnd)) return false;
  }
  return true;
}

/** The characters `node` matches as a one-character string. */
function singleChars(node: RegexNode, setOf: (atom: CharAtom) => CharSet): CharSet {
  switch (node.type) {
    case 'char':
    case 'class':
    case 'class-escape':
    case 'dot':
      return setOf(node);
    case 'quantifier':
      return node.max >= 1 ? singleChars(node.body, setOf) : EMPTY_SET;
    case 'sequence':
      return node.items
        .filter((_item, i) => node.items.every((other, j) => j === i || matchesAtEnd(other)))
        .map((item) => singleChars(item, setOf))
        .reduce(unionSets, EMPTY_SET);
    case 'group':
    case 'pattern':
      return node.alternatives.map((alt) => singleChars(alt, setOf)).reduce(unionSets, EMPTY_SET);
    default:
      return EMPTY_SET;
  }
}

/** Whether `node` can match the empty string at the end of the input (roughly: zero-width parts pass). */
function matchesAtEnd(node: RegexNode): boolean {
  switch (node.type) {
    case 'char':
    case 'class':
    case 'class-escape':
    case 'dot':
      return false;
    case 'assertion':
      return node.kind !== 'start';
    case 'lookaround':
      return node.negate || node.alternatives.some(matchesAtEnd);
    case 'quantifier':
      return node.min === 0 || matchesAtEnd(node.body);
    case 'sequence':
      return node.items.every(matchesAtEnd);
    default:
      return childrenOf(node).some(matchesAtEnd) || node.type === 'backreference';
  }
}
