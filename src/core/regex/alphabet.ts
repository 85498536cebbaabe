// Splits characters into classes that every atom of a pattern treats alike, so the analysis can
// try one representative character per class instead of every character.
import { type CharSet, intersectSets, makeCharSet } from './char-set';

/** A class of interchangeable characters: a representative and the atoms that match it. */
export interface PumpClass {
  char: number;
  /** Indices (into the sets given to partitionAlphabet) of the sets that hold the class. */
  members: number[];
}

/** More classes than this are cut off, keeping ASCII representatives first. */
const CLASS_LIMIT = 64;

/** The classes of `sets` that intersect one of the `relevant` sets. */
export function partitionAlphabet(sets: CharSet[], relevant: CharSet[]): PumpClass[] {
  const wanted = makeCharSet(relevant.flat());
  if (wanted.length === 0) return [];
  // Only the wanted characters are split into classes: boundaries elsewhere change nothing.
  const clipped = sets.map((set) => intersectSets(set, wanted));
  let count = wanted.length * 2;
  for (const set of clipped) count += set.length * 2;
  const points = new Int32Array(count);
  count = 0;
  for (const set of [...clipped, wanted]) {
    for (const [first, last] of set) {
      points[count++] = first;
      points[count++] = last + 1;
    }
  }
  points.sort();
  const bounds: number[] = [];
  for (let i = 0; i < points.length; i++) if (i === 0 || points[i] !== points[i - 1]) bounds.push(points[i]!);
  // Interval i is [bounds[i], bounds[i + 1]); each set marks the intervals it covers.
  const membersOf: number[][] = bounds.map(() => []);
  for (let index = 0; index < clipped.length; index++) {
    const set = clipped[index]!;
    for (let r = 0, i = 0; r < set.length; r++) {
      i = binarySearch(bounds, set[r]![0], i);
      for (const end = binarySearch(bounds, set[r]![1] + 1, i); i < end; i++) membersOf[i]!.push(index);
    }
  }
  const classes = new Map<string, { ranges: [number, number][]; members: number[] }>();
  for (let r = 0, i = 0; r < wanted.length; r++) {
    i = binarySearch(bounds, wanted[r]![0], i);
    for (const end = binarySearch(bounds, wanted[r]![1] + 1, i); i < end; i++) {
      const key = membersOf[i]!.join(',');
      const entry = classes.get(key) ?? { ranges: [], members: membersOf[i]! };
      entry.ranges.push([bounds[i]!, bounds[i + 1]! - 1]);
      classes.set(key, entry);
    }
  }
  return [...classes.values()]
    .map(({ ranges, members }) => ({ char: pickRepresentative(ranges), members }))
    .sort((a, b) => rankChar(a.char) - rankChar(b.char) || a.char - b.char)
    .slice(0, CLASS_LIMIT);
}

/** Where to look for a representative, best first: letters and digits read best in messages, then other printable ASCII, then space. */
const READABLE = [0x61, 0x7a, 0x41, 0x5a, 0x30, 0x39, 0x21, 0x7e, 0x20, 0x20];

function pickRepresentative(ranges: [number, number][]): number {
  // A class that starts beyond printable ASCII has nothing more readable to offer.
  if (ranges[0]![0] > 0x7e) return ranges[0]![0];
  for (let k = 0; k < READABLE.length; k += 2) {
    const low = READABLE[k]!;
    const high = READABLE[k + 1]!;
    for (let r = 0; r < ranges.length; r++) {
      const [first, last] = ranges[r]!;
      if (last >= low && first <= high) return Math.max(first, low);
    }
  }
  return ranges[0]![0];
}

function rankChar(code: number): number {
  return code >= 0x20 && code < 0x7f ? 0 : 1;
}

/** The first index from `low` on whose value is at least `value`. */
function binarySearch(sorted: number[], value: number, low = 0): number {
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
