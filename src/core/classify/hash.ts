// The hash behind the classifier's feature space. A trained model stores weights by these hash
// values, so any change here (or to stats/hash.ts's mix32, which spreads them into slots) changes
// every model: the unit tests pin a few values.

/** Seeds that keep word unigrams, word bigrams and character n-grams apart in one space. */
export const SEED_WORD = 0x811c9dc5;
export const SEED_BIGRAM = 0x9e3779b1;
export const SEED_CHARS = 0x85ebca6b;

const FNV_PRIME = 16777619;

/** FNV-1a of the UTF-16 code units `text[start..end)`, started from `seed`. */
export function hashRange(text: string, start: number, end: number, seed: number): number {
  let hash = seed;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  return hash >>> 0;
}

/** One more code unit into an FNV-1a hash. */
export function hashStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME) >>> 0;
}

/** Two word hashes into the hash of the bigram they make (order matters). */
export function hashPair(first: number, second: number): number {
  return hashStep(hashStep(Math.imul(first, 31) ^ SEED_BIGRAM, second & 0xffff), second >>> 16);
}
