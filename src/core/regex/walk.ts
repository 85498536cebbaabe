// Generic traversal of the regex syntax tree.
import type { RegexNode } from './ast';

const NO_CHILDREN: readonly RegexNode[] = Object.freeze([]);

/** The direct children of a node (class items are part of their class, not children); do not modify the array. */
export function childrenOf(node: RegexNode): readonly RegexNode[] {
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
      return NO_CHILDREN;
  }
}
