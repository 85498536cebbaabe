// Finds values (ids, names, titles) that more than one document of the loaded set uses.

import type { Located, Rule } from '../model';

export interface Duplicate {
  rule: Rule;
  value: Located<string>;
  /** The first rule, in load order, with the same value. */
  first: Rule;
}

/** Every rule whose `valueOf` equals (after `normalise`) that of an earlier rule. */
export function findDuplicates(
  rules: readonly Rule[],
  valueOf: (rule: Rule) => Located<string> | undefined,
  normalise: (value: string) => string = (value) => value,
): Duplicate[] {
  const first = new Map<string, Rule>();
  const out: Duplicate[] = [];
  for (const rule of rules) {
    const value = valueOf(rule);
    if (!value) continue;
    const key = normalise(value.value);
    const earlier = first.get(key);
    if (earlier) out.push({ rule, value, first: earlier });
    else first.set(key, rule);
  }
  return out;
}
