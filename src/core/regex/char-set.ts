// Sets of code points as sorted, disjoint, non-adjacent inclusive ranges.

/** A set of code points: sorted, disjoint, non-adjacent `[first, last]` ranges. */
export type CharSet = readonly (readonly [number, number])[];

export const EMPTY_SET: CharSet = [];

/** Sorts and merges arbitrary ranges into a normal CharSet. */
export function makeCharSet(ranges: Iterable<readonly [number, number]>): CharSet {
  const sorted = [...ranges].filter(([first, last]) => first <= last).sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [first, last] of sorted) {
    const top = merged[merged.length - 1];
    if (top && first <= top[1] + 1) top[1] = Math.max(top[1], last);
    else merged.push([first, last]);
  }
  return merged;
}

/** The code points in either set. */
export function unionSets(a: CharSet, b: CharSet): CharSet {
  return makeCharSet([...a, ...b]);
}

/** The code points in both sets. */
export function intersectSets(a: CharSet, b: CharSet): CharSet {
  const out: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [aFirst, aLast] = a[i]!;
    const [bFirst, bLast] = b[j]!;
    const first = Math.max(aFirst, bFirst);
    const last = Math.min(aLast, bLast);
    if (first <= last) out.push([first, last]);
    if (aLast < bLast) i++;
    else j++;
  }
  return out;
}

/** The code points of `0..max` that are not in `set`. */
export function complementSet(set: CharSet, max: number): CharSet {
  const out: [number, number][] = [];
  let next = 0;
  for (const [first, last] of set) {
    if (first > next) out.push([next, first - 1]);
    next = last + 1;
  }
  if (next <= max) out.push([next, max]);
  return out;
}

/** Whether `set` holds `code`. */
export function hasChar(set: CharSet, code: number): boolean {
  return set.some(([first, last]) => first <= code && code <= last);
}

/** How many code points the set holds. */
export function countChars(set: CharSet): number {
  return set.reduce((sum, [first, last]) => sum + last - first + 1, 0);
}

/** Every code point of the set, for sets known to be small. */
export function listChars(set: CharSet): number[] {
  const out: number[] = [];
  for (const [first, last] of set) for (let code = first; code <= last; code++) out.push(code);
  return out;
}
