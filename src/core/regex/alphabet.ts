// Splits characters into classes that every atom of a pattern treats alike, so the analysis can
// try one representative character per class instead of every character.
import { type CharSet, makeCharSet } from './char-set';

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
  const points = new Set<number>();
  for (const set of [...sets, wanted]) {
    for (const [first, last] of set) {
      points.add(first);
      points.add(last + 1);
    }
  }
  const bounds = [...points].sort((a, b) => a - b);
  const indexOf = (point: number): number => binarySearch(bounds, point);
  const membersOf: number[][] = bounds.map(() => []);
  const isWanted: boolean[] = bounds.map(() => false);
  const mark = (set: CharSet, apply: (interval: number) => void): void => {
    for (const [first, last] of set) for (let i = indexOf(first), end = indexOf(last + 1); i < end; i++) apply(i);
  };
  sets.forEach((set, index) => mark(set, (i) => membersOf[i]!.push(index)));
  mark(wanted, (i) => (isWanted[i] = true));
  const classes = new Map<string, { ranges: [number, number][]; members: number[] }>();
  for (let i = 0; i + 1 < bounds.length; i++) {
    if (!isWanted[i]) continue;
    const key = membersOf[i]!.join(',');
    const entry = classes.get(key) ?? { ranges: [], members: membersOf[i]! };
    entry.ranges.push([bounds[i]!, bounds[i + 1]! - 1]);
    classes.set(key, entry);
  }
  return [...classes.values()]
    .map(({ ranges, members }) => ({ char: pickRepresentative(ranges), members }))
    .sort((a, b) => rankChar(a.char) - rankChar(b.char) || a.char - b.char)
    .slice(0, CLASS_LIMIT);
}

/** Letters and digits read best in messages, then other printable ASCII, then space. */
function pickRepresentative(ranges: [number, number][]): number {
  for (const [low, high] of [[0x61, 0x7a], [0x41, 0x5a], [0x30, 0x39], [0x21, 0x7e], [0x20, 0x20]] as const) {
    for (const [first, last] of ranges) if (last >= low && first <= high) return Math.max(first, low);
  }
  return ranges[0]![0];
}

function rankChar(code: number): number {
  return code >= 0x20 && code < 0x7f ? 0 : 1;
}

function binarySearch(sorted: number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
