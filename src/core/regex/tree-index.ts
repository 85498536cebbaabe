// The parts of a regex tree that the backtracking analysis asks about, collected in one walk.
import type { CharAtom, Group, Quantifier, RegexNode, RegexPattern } from './ast';
import { childrenOf } from './walk';

/** The nodes of a tree that every analysis step asks about, collected in one pass. */
export interface TreeIndex {
  /** One-character atoms, in pattern order. */
  atoms: CharAtom[];
  /** Every quantifier, inner ones before the ones that contain them. */
  loops: Quantifier[];
  /** Unbounded loops inside a quantifier that repeats them: their runs can meet the next copy's. */
  repeatedLoops: Set<Quantifier>;
  /** Capturing groups, for backreferences. */
  groups: Group[];
}

/** Collects the atoms, loops and capturing groups of a tree. */
export function indexTree(ast: RegexPattern): TreeIndex {
  const index: TreeIndex = { atoms: [], loops: [], repeatedLoops: new Set(), groups: [] };
  const visit = (node: RegexNode, isRepeated: boolean): void => {
    if (isCharAtom(node)) {
      index.atoms.push(node);
      return;
    }
    if (node.type === 'group' && node.capturing) index.groups.push(node);
    const isLoop = node.type === 'quantifier';
    const children = childrenOf(node);
    for (let i = 0; i < children.length; i++) visit(children[i]!, isRepeated || (isLoop && node.max >= 2));
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
    const children = childrenOf(node);
    for (let i = 0; i < children.length; i++) {
      parents.set(children[i]!, node);
      visit(children[i]!);
    }
  };
  visit(ast);
  return parents;
}

/** Whether a node consumes exactly one character. */
export function isCharAtom(node: RegexNode): node is CharAtom {
  return node.type === 'char' || node.type === 'class' || node.type === 'class-escape' || node.type === 'dot';
}
