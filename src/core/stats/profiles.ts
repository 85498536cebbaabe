// Groups suspicious accounts that send the same kinds of prompts, even without shared
// infrastructure: each group of already-linked accounts has a profile (how often its suspicious
// accounts sent each distinctive template line), and groups join the most similar cluster when
// the cosine similarity of their profiles is high enough.
//
// Similarity, not a single shared line: published extraction templates are used by more than one
// operator, so two campaigns may share a line; they rarely share their whole mix. A small group
// (a lone account behind an aggregator) joins at a lower similarity than two established groups
// with infrastructure of their own need to merge.

import type { AccountState } from './accounts';
import type { AccountGroups } from './linking';

export interface ProfileOptions {
  /** Cosine similarity at which a group of at most `smallGroup` accounts joins a cluster. */
  joinSimilarity: number;
  /** Cosine similarity at which a larger group merges into a cluster. */
  mergeSimilarity: number;
  smallGroup: number;
}

export interface ProfileLink {
  /** Account indexes of the group that joined. */
  joined: number[];
  /** An account index of the cluster it joined. */
  cluster: number;
  similarity: number;
}

interface Cluster {
  root: number;
  /** Line key → summed count over the cluster's suspicious accounts. */
  vector: Map<number, number>;
  /** Sum of the counts: the squared norm of the square-rooted vector. */
  mass: number;
}

/** How many candidate clusters a group is compared with (the ones sharing its heaviest lines first). */
const MAX_CANDIDATES = 64;

/**
 * Clusters the groups of `groups` that hold a suspicious account, largest first, and unions each
 * group into the cluster it joins. `isDistinctive(line)` says which lines may count.
 */
export function clusterByProfile(
  groups: AccountGroups,
  accounts: readonly AccountState[],
  suspicious: Uint8Array,
  isDistinctive: (line: number) => boolean,
  options: ProfileOptions,
): ProfileLink[] {
  const members = new Map<number, number[]>();
  accounts.forEach((_, i) => {
    if (!suspicious[i]) return;
    const root = groups.find(i);
    const list = members.get(root);
    if (list) list.push(i);
    else members.set(root, [i]);
  });
  const candidates = [...members.entries()]
    .map(([root, suspects]) => ({ root, suspects, vector: profileOf(accounts, suspects, isDistinctive), size: groupSize(groups, accounts, root) }))
    .filter((group) => group.vector.size > 0)
    .sort((a, b) => b.suspects.length - a.suspects.length || b.size - a.size || a.root - b.root);
  const clusters: Cluster[] = [];
  const byLine = new Map<number, number[]>();
  const links: ProfileLink[] = [];
  for (const group of candidates) {
    const mass = massOf(group.vector);
    let best: { cluster: Cluster; similarity: number } | undefined;
    for (const c of nearbyClusters(group.vector, byLine)) {
      const cluster = clusters[c] as Cluster;
      const similarity = cosine(group.vector, mass, cluster);
      if (!best || similarity > best.similarity) best = { cluster, similarity };
    }
    const threshold = group.size <= options.smallGroup ? options.joinSimilarity : options.mergeSimilarity;
    if (best && best.similarity >= threshold) {
      groups.union(best.cluster.root, group.root);
      links.push({ joined: group.suspects, cluster: best.cluster.root, similarity: best.similarity });
      addInto(best.cluster, group.vector, clusters.indexOf(best.cluster), byLine);
      continue;
    }
    const cluster: Cluster = { root: group.root, vector: new Map(), mass: 0 };
    clusters.push(cluster);
    addInto(cluster, group.vector, clusters.length - 1, byLine);
  }
  return links;
}

function profileOf(accounts: readonly AccountState[], suspects: readonly number[], isDistinctive: (line: number) => boolean): Map<number, number> {
  const vector = new Map<number, number>();
  for (const i of suspects) {
    const slots = (accounts[i] as AccountState).lines;
    for (let s = 0; s < slots.length; s += 3) {
      const key = slots[s] as number;
      if (isDistinctive(key)) vector.set(key, (vector.get(key) ?? 0) + (slots[s + 1] as number));
    }
  }
  return vector;
}

function groupSize(groups: AccountGroups, accounts: readonly AccountState[], root: number): number {
  return groups.sizeOf(root) ?? accounts.length;
}

function massOf(vector: Map<number, number>): number {
  let mass = 0;
  for (const count of vector.values()) mass += count;
  return mass;
}

/** Cosine similarity of the square-rooted counts (damping the volume of the busiest lines). */
function cosine(vector: Map<number, number>, mass: number, cluster: Cluster): number {
  if (mass === 0 || cluster.mass === 0) return 0;
  let dot = 0;
  for (const [key, count] of vector) {
    const other = cluster.vector.get(key);
    if (other !== undefined) dot += Math.sqrt(count * other);
  }
  return dot / Math.sqrt(mass * cluster.mass);
}

/** Clusters sharing a line with the vector, those sharing its heaviest lines first. */
function nearbyClusters(vector: Map<number, number>, byLine: Map<number, number[]>): number[] {
  const seen = new Set<number>();
  const lines = [...vector.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  for (const [key] of lines) {
    for (const c of byLine.get(key) ?? []) {
      seen.add(c);
      if (seen.size >= MAX_CANDIDATES) return [...seen];
    }
  }
  return [...seen];
}

function addInto(cluster: Cluster, vector: Map<number, number>, index: number, byLine: Map<number, number[]>): void {
  for (const [key, count] of vector) {
    const before = cluster.vector.get(key);
    cluster.vector.set(key, (before ?? 0) + count);
    cluster.mass += count;
    if (before !== undefined) continue;
    const list = byLine.get(key);
    if (!list) byLine.set(key, [index]);
    else if (list.length < MAX_CANDIDATES) list.push(index);
  }
}
