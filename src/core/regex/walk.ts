// Generic traversal of the regex syntax tree.
import type { RegexNode } from './ast';

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
