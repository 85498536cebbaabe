// Generic traversal of the regex syntax tree.
import type { CharAtom, Quantifier, RegexNode } from './ast';

/** The direct children of a node (class items are part of their class, not children). */
export function childrenOf(node: RegexNode): RegexNode[] {
  switch (node.type) {
    case 'pattern':
    case 'group':
    case 'lookaround':
      return node.alternatives;
    case 'sequence':
      return node.items;
    case 'quantifier':
      return [node.body];
    default:
      return [];
  }
}

/** Every one-character atom in the tree, optionally only those inside a loop that `isLoop` accepts. */
export function collectCharAtoms(root: RegexNode, isLoop?: (q: Quantifier) => boolean): CharAtom[] {
  const atoms: CharAtom[] = [];
  const visit = (node: RegexNode, isInLoop: boolean): void => {
    if (node.type === 'char' || node.type === 'class' || node.type === 'class-escape' || node.type === 'dot') {
      if (isInLoop) atoms.push(node);
      return;
    }
    const entersLoop = node.type === 'quantifier' && isLoop !== undefined && isLoop(node);
    for (const child of childrenOf(node)) visit(child, isInLoop || entersLoop);
  };
  visit(root, isLoop === undefined);
  return atoms;
}
