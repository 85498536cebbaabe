// Links accounts into groups with a union-find over shared values, and keeps the evidence of
// every link: which field, which value, and how many accounts share it.
//
// Strong fields (a payment fingerprint, an API key) join every account that shares the value:
// unrelated people do not share a card or a key. Weak fields (an IP address or /24, an org, a
// prompt template) are shared by benign people all the time (office NAT, colleagues, popular
// prompts), so they join only accounts that are suspicious on their own, and only when the value
// is distinctive: few accounts that are not suspicious share it.

import type { LinkField } from './types';

export interface LinkOptions {
  /** A strong value shared by more accounts than this (a reseller, a test card) links nothing. */
  maxStrongShare: number;
  /** A weak value is distinctive while its clean accounts are at most max(cleanAllowance, cleanRatio × suspicious accounts). */
  cleanAllowance: number;
  cleanRatio: number;
}

/** The accounts that share one value of a field, by account index. */
export interface SharedValue {
  field: LinkField;
  value: string;
  accounts: readonly number[];
}

export interface Link {
  field: LinkField;
  value: string;
  strength: 'strong' | 'weak';
  /** The accounts the link joined. */
  joined: number[];
  totalAccounts: number;
}

export const STRONG_FIELDS: ReadonlySet<LinkField> = new Set(['payment_fingerprint', 'api_key_id']);

/** A union-find over account indexes (union by size, path halving). */
export class AccountGroups {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;

  constructor(count: number) {
    this.parent = new Int32Array(count).map((_, i) => i);
    this.size = new Int32Array(count).fill(1);
  }

  find(index: number): number {
    let at = index;
    while (this.parent[at] !== at) {
      const up = this.parent[at] as number;
      this.parent[at] = this.parent[up] as number;
      at = up;
    }
    return at;
  }

  /** Accounts in the group of `index`. */
  sizeOf(index: number): number {
    return this.size[this.find(index)] as number;
  }

  union(a: number, b: number): void {
    let rootA = this.find(a);
    let rootB = this.find(b);
    if (rootA === rootB) return;
    if ((this.size[rootA] as number) < (this.size[rootB] as number)) [rootA, rootB] = [rootB, rootA];
    this.parent[rootB] = rootA;
    this.size[rootA] = (this.size[rootA] as number) + (this.size[rootB] as number);
  }
}

/** Applies every link the shared values allow; returns the links made, with their evidence. */
export function linkAccounts(groups: AccountGroups, shared: Iterable<SharedValue>, isSuspicious: (index: number) => boolean, options: LinkOptions): Link[] {
  const links: Link[] = [];
  for (const { field, value, accounts } of shared) {
    if (accounts.length < 2) continue;
    const joined = linkable(field, accounts, isSuspicious, options);
    if (joined.length < 2) continue;
    for (let i = 1; i < joined.length; i++) groups.union(joined[0] as number, joined[i] as number);
    links.push({ field, value, strength: STRONG_FIELDS.has(field) ? 'strong' : 'weak', joined, totalAccounts: accounts.length });
  }
  return links;
}

/** The accounts a shared value may join: all of them for a strong field, the suspicious ones of a distinctive weak value. */
export function linkable(field: LinkField, accounts: readonly number[], isSuspicious: (index: number) => boolean, options: LinkOptions): number[] {
  if (STRONG_FIELDS.has(field)) return accounts.length <= options.maxStrongShare ? [...accounts] : [];
  const suspicious = accounts.filter(isSuspicious);
  const clean = accounts.length - suspicious.length;
  if (suspicious.length < 2) return [];
  return clean <= Math.max(options.cleanAllowance, options.cleanRatio * suspicious.length) ? suspicious : [];
}
