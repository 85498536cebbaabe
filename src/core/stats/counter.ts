// A compact map from integer keys to counts: key/count pairs in a plain array while small (most
// accounts send few requests), a Map once it grows.

export type CountTable = number[] | Map<number, number>;

const UPGRADE_AT = 48;
/**
 * Below this length a small array grows by an exact copy instead of push: push reserves room for
 * 16 more values (about 150 bytes), and a log with millions of accounts holds several such arrays
 * per account, most of them with one or two entries.
 */
const EXACT_UNTIL = 16;

/** The empty table or slot list every account starts with, shared (frozen: the functions here never write to it). */
export const NO_ENTRIES: number[] = Object.freeze([]) as unknown as number[];

/** `list` with `values` appended: a new array of exactly that length while short, else `list` itself grown by push. */
export function appended(list: number[], ...values: number[]): number[] {
  const length = list.length;
  if (length >= EXACT_UNTIL) {
    list.push(...values);
    return list;
  }
  // An array made at its length holds exactly that many values (concat does too, but is several times slower).
  const next = new Array<number>(length + values.length);
  for (let i = 0; i < length; i++) next[i] = list[i] as number;
  for (let i = 0; i < values.length; i++) next[length + i] = values[i] as number;
  return next;
}

/** Adds `n` to `key`; returns the table to keep (the same one, or its Map upgrade). */
export function addCount(table: CountTable, key: number, n = 1): CountTable {
  if (table instanceof Map) {
    table.set(key, (table.get(key) ?? 0) + n);
    return table;
  }
  // Logs are mostly in time order, so the key just used is usually the last one.
  for (let i = table.length - 2; i >= 0; i -= 2) {
    if (table[i] === key) {
      table[i + 1] = (table[i + 1] as number) + n;
      return table;
    }
  }
  const grown = appended(table, key, n);
  if (grown.length < UPGRADE_AT * 2) return grown;
  const map = new Map<number, number>();
  for (let i = 0; i < grown.length; i += 2) map.set(grown[i] as number, grown[i + 1] as number);
  return map;
}

/** Calls `visit` for every key with its count, in no particular order. */
export function forEachCount(table: CountTable, visit: (key: number, count: number) => void): void {
  if (table instanceof Map) {
    for (const [key, count] of table) visit(key, count);
    return;
  }
  for (let i = 0; i < table.length; i += 2) visit(table[i] as number, table[i + 1] as number);
}

/** The table as a record of names → counts, largest first. */
export function namedCounts(table: CountTable, nameOf: (key: number) => string): Record<string, number> {
  const sums = new Map<string, number>();
  forEachCount(table, (key, count) => {
    const name = nameOf(key);
    sums.set(name, (sums.get(name) ?? 0) + count);
  });
  const entries = [...sums];
  entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return Object.fromEntries(entries);
}
