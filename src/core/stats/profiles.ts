// Groups suspicious accounts that send the same kinds of prompts, even without shared
// infrastructure: each group of already-linked accounts has a profile (how often its suspicious
// accounts sent each template line that other suspicious accounts send too), and groups join the
// most similar cluster when the cosine similarity of their profiles is high enough.
//
// Similarity, not a single shared line: a published extraction template is used by more than one
// operator, so two campaigns may share a line; they rarely share their whole mix. A small group (a
// lone account behind an aggregator) joins at a lower similarity than two established groups need
// to merge. (Weighting rare lines up, as TF-IDF does, made it worse: the rarest shared lines are
// per-request fragments, which say little about who sent them.)
//
// Similar is not enough on its own: someone who tried a campaign's published template three times
// has the campaign's profile in miniature. A group joins a cluster only when its accounts send
// those lines at a volume comparable to the cluster's accounts, and a larger group only when most
// of its accounts are suspicious (a team whose red-teamer sends extraction prompts is not a
// campaign's account pool). Such groups do not start clusters of their own either, nor do groups
// that send the lines a few times each: people trying published prompts resemble one another.

import type { AccountState } from './accounts';
import type { AccountGroups } from './linking';

export interface ProfileOptions {
  /** Cosine similarity at which a group of at most `smallGroup` accounts joins a cluster. */
  joinSimilarity: number;
  /** Cosine similarity at which a larger group merges into a cluster. */
  mergeSimilarity: number;
  smallGroup: number;
  /** A group's line count per suspicious account, against the cluster's: at least this ratio. */
  minVolumeRatio: number;
  /** A larger group needs at least this share of suspicious accounts to merge. */
  minSuspiciousShare: number;
  /** A group starts a cluster only with at least this many shared-line requests per suspicious account. */
  minSeedVolume: number;
}

export interface ProfileLink {
  /** Account indexes of the group that joined. */
  joined: number[];
  /** An account index of the cluster it joined. */
  cluster: number;
  similarity: number;
}

interface Profile {
  /** Line key → summed count over the suspicious accounts. */
  vector: Map<number, number>;
  /** Sum of the counts (the volume compared between groups). */
  mass: number;
  /** Sum of count × weight²: the squared norm of the weighted, square-rooted vector. */
  norm2: number;
}

interface Cluster extends Profile {
  root: number;
  suspects: number;
}

/** How many candidate clusters a group is compared with (the ones sharing its heaviest lines first). */
const MAX_CANDIDATES = 64;

/**
 * Clusters the groups of `groups` that hold a suspicious account, largest first, and unions each
 * group into the cluster it joins. `weightOf(line)` is a line's weight; 0 leaves it out.
 */
export function clusterByProfile(
  groups: AccountGroups,
  accounts: readonly AccountState[],
  suspicious: Uint8Array,
  weightOf: (line: number) => number,
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
    .map(([root, suspects]) => ({ root, suspects, ...profileOf(accounts, suspects, weightOf), size: groups.sizeOf(root) }))
    .filter((group) => group.vector.size > 0)
    .sort((a, b) => b.suspects.length - a.suspects.length || b.size - a.size || a.root - b.root);
  const clusters: Cluster[] = [];
  const byLine = new Map<number, number[]>();
  const links: ProfileLink[] = [];
  for (const group of candidates) {
    let best: { cluster: Cluster; similarity: number } | undefined;
    for (const c of nearbyClusters(group.vector, byLine)) {
      const cluster = clusters[c] as Cluster;
      const similarity = cosine(group, cluster, weightOf);
      if (!best || similarity > best.similarity) best = { cluster, similarity };
    }
    const isSmall = group.size <= options.smallGroup;
    const isSimilar = best !== undefined && best.similarity >= (isSmall ? options.joinSimilarity : options.mergeSimilarity);
    const isMostlySuspicious = isSmall || group.suspects.length >= options.minSuspiciousShare * group.size;
    const isComparable = best !== undefined && group.mass / group.suspects.length >= options.minVolumeRatio * (best.cluster.mass / best.cluster.suspects);
    if (best && isSimilar && isMostlySuspicious && isComparable) {
      groups.union(best.cluster.root, group.root);
      links.push({ joined: group.suspects, cluster: best.cluster.root, similarity: best.similarity });
      addInto(best.cluster, group, clusters.indexOf(best.cluster), byLine);
      continue;
    }
    const isSeed = isMostlySuspicious && !(isSimilar && !isComparable) && group.mass >= options.minSeedVolume * group.suspects.length;
    if (!isSeed) continue;
    const cluster: Cluster = { root: group.root, vector: new Map(), mass: 0, norm2: 0, suspects: 0 };
    clusters.push(cluster);
    addInto(cluster, group, clusters.length - 1, byLine);
  }
  return links;
}

/** The weighted lines the suspicious accounts sent. */
function profileOf(accounts: readonly AccountState[], suspects: readonly number[], weightOf: (line: number) => number): Profile {
  const profile: Profile = { vector: new Map(), mass: 0, norm2: 0 };
  for (const i of suspects) {
    const slots = (accounts[i] as AccountState).lines;
    for (let s = 0; s < slots.length; s += 3) {
      const key = slots[s] as number;
      const weight = weightOf(key);
      if (weight <= 0) continue;
      const count = slots[s + 1] as number;
      profile.vector.set(key, (profile.vector.get(key) ?? 0) + count);
      profile.mass += count;
      profile.norm2 += count * weight * weight;
    }
  }
  return profile;
}

/** Cosine similarity of the weighted square-rooted counts (damping the volume of the busiest lines). */
function cosine(profile: Profile, cluster: Cluster, weightOf: (line: number) => number): number {
  if (profile.norm2 === 0 || cluster.norm2 === 0) return 0;
  let dot = 0;
  for (const [key, count] of profile.vector) {
    const other = cluster.vector.get(key);
    if (other === undefined) continue;
    const weight = weightOf(key);
    dot += Math.sqrt(count * other) * weight * weight;
  }
  return dot / Math.sqrt(profile.norm2 * cluster.norm2);
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

function addInto(cluster: Cluster, group: Profile & { suspects: readonly number[] }, index: number, byLine: Map<number, number[]>): void {
  cluster.mass += group.mass;
  cluster.norm2 += group.norm2;
  cluster.suspects += group.suspects.length;
  for (const [key, count] of group.vector) {
    const before = cluster.vector.get(key);
    cluster.vector.set(key, (before ?? 0) + count);
    if (before !== undefined) continue;
    const list = byLine.get(key);
    if (!list) byLine.set(key, [index]);
    else if (list.length < MAX_CANDIDATES) list.push(index);
  }
}
