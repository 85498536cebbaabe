// Small, fast, deterministic string hashes for template keys and near-duplicate sketches.

/** FNV-1a over UTF-16 code units, 32 bits, with a seed so that two independent hashes can be made. */
export function fnv1a32(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return mix32(hash);
}

/** A finaliser (murmur3's fmix32) so that nearby inputs spread over all bits. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A 48-bit key of a text as a safe integer (two independent 32-bit hashes combined). Collisions
 * are negligible for the millions of distinct templates a log can hold (birthday bound ~2^24).
 */
export function key48(text: string): number {
  const high = fnv1a32(text, 0x811c9dc5) & 0xffff;
  const low = fnv1a32(text, 0x9747b28c);
  return high * 0x1_0000_0000 + low;
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** A 48-bit key as 12 lowercase hex digits (byte by byte: a double's toString(16) is slow, and this runs per record). */
export function keyHex(key: number): string {
  const high = Math.floor(key / 0x1_0000_0000);
  const low = key >>> 0;
  return (
    (HEX[(high >>> 8) & 0xff] as string) +
    (HEX[high & 0xff] as string) +
    (HEX[low >>> 24] as string) +
    (HEX[(low >>> 16) & 0xff] as string) +
    (HEX[(low >>> 8) & 0xff] as string) +
    (HEX[low & 0xff] as string)
  );
}
