// Sets of literal strings as the literal analysis combines them: cross products within limits,
// and the choice of the more selective of two sets.

/** A set of literal strings, with what ranking and cross products need to know about it. */
export interface Lits {
  readonly list: readonly string[];
  /** Length of the shortest string (0 when it holds "", Infinity when empty). */
  readonly shortest: number;
  /** Length of the longest string (-Infinity when empty). */
  readonly longest: number;
}

/** Sets grow by cross products; beyond this many strings a set stops being tracked exactly. */
export const SET_LIMIT = 64;
/** Literals stop growing at this length: longer ones add no selectivity, only cost. */
export const LENGTH_LIMIT = 100;

/** A set of the strings of `list`, which holds no duplicates. */
export function makeLits(list: readonly string[]): Lits {
  let shortest = Infinity;
  let longest = -Infinity;
  for (const text of list) {
    if (text.length < shortest) shortest = text.length;
    if (text.length > longest) longest = text.length;
  }
  return { list, shortest, longest };
}

/** Every string of `left` followed by every string of `right`, or undefined past the limits. */
export function cross(left: Lits, right: Lits): Lits | undefined {
  if (left.list.length * right.list.length > SET_LIMIT) return undefined;
  if (left.longest + right.longest > LENGTH_LIMIT) return undefined;
  if (left.list.length === 1 && left.list[0] === '') return right;
  if (right.list.length === 1 && right.list[0] === '') return left;
  const out: string[] = [];
  for (const l of left.list) for (const r of right.list) out.push(l + r);
  // With one side a single string, distinct texts on the other side stay distinct.
  return makeLits(left.list.length === 1 || right.list.length === 1 ? out : [...new Set(out)]);
}

/**
 * Of two candidate sets, the one whose shortest literal is longer (up to 8 characters, beyond
 * which any literal is rare enough), then with fewer literals, then longer ones; a set holding ""
 * requires nothing. On a tie the first one wins.
 */
export function pickBest(first: Lits | undefined, second: Lits | undefined): Lits | undefined {
  if (!isCandidate(second)) return isCandidate(first) ? first : undefined;
  if (!isCandidate(first)) return second;
  return scoreOf(second) > scoreOf(first) ? second : first;
}

function isCandidate(set: Lits | undefined): set is Lits {
  return set !== undefined && set.list.length > 0 && set.shortest > 0;
}

function scoreOf(set: Lits): number {
  return Math.min(set.shortest, 8) * 4 - Math.log2(set.list.length) + Math.min(set.shortest, 99) / 100;
}
