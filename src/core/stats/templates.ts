// Prompt templates: a key per normalised template, with near-duplicates grouped under the key of
// the first template of their group (one-permutation MinHash over word 3-shingles, LSH bands).

import { fnv1a32, key48, keyHex, mix32 } from './hash';
import { MAX_TEMPLATE_TEXT, normaliseLines, wordCount } from './normalise';

/** The template of one request. */
export interface TemplateRef {
  /** Key of the near-duplicate group (the key of its first template); 48-bit integer. */
  key: number;
  /** `key` as 12 hex digits: the value of the derived field `template`. */
  id: string;
  /** The normalised text of this request's own template (lowercase, slots masked). */
  text: string;
  /** The request's substantial lines (four words or more besides slots), for account profiles. */
  lines: { key: number; text: string }[];
}

export interface TemplateIndexOptions {
  /** Jaccard similarity (estimated) at which two templates count as near-duplicates; 0.7 by default. */
  similarity?: number;
  /** Distinct templates remembered for exact lookups; later ones are keyed but not remembered. */
  maxExact?: number;
  /** Group representatives kept in the near-duplicate index. */
  maxIndexed?: number;
}

export interface TemplateIndex {
  /** The template of a request (system prompt first, then the user turns); undefined for no text. */
  templateOf(system: string | undefined, prompt: string | undefined): TemplateRef | undefined;
  /** Templates remembered so far (for tests and memory reports). */
  readonly size: number;
}

const BUCKETS = 24;
const BANDS = 6;
const ROWS = BUCKETS / BANDS;
/** Shingles looked at per template: bounded work for very long prompts. */
const MAX_SHINGLES = 400;
/** Templates shorter than this many words are grouped only when identical. */
const MIN_WORDS = 6;
/** Representatives kept per LSH bucket; a crowded bucket stops growing. */
const MAX_PER_BAND = 16;
/** A system prompt this long is the template when the user turns are short: they are the per-request task. */
const SYSTEM_TEMPLATE_WORDS = 8;
const SHORT_PROMPT_WORDS = 40;
const LINE_FEATURE_WORDS = 4;

/**
 * What a request's text alone says about its template: the order-independent half of the work
 * (normalising, hashing, the MinHash signature), which can run anywhere, even on another thread.
 */
export interface TemplateShape {
  /** Key of this request's own normalised template (48-bit integer). */
  own: number;
  /** The normalised text, cut at MAX_TEMPLATE_TEXT. */
  text: string;
  lines: TemplateRef['lines'];
  /**
   * MinHash signature of `text`, needed only for a key not grouped yet: null for texts too short
   * to group by similarity, undefined while not computed (groupOf computes it when it needs it).
   */
  signature?: Uint32Array | null;
}

/** The shape of the template of a request (system prompt first, then the user turns); undefined for no text. */
export function describeTemplate(system: string | undefined, prompt: string | undefined): TemplateShape | undefined {
  const systemLines = system ? normaliseLines(system) : [];
  const promptLines = prompt ? normaliseLines(prompt) : [];
  if (systemLines.length === 0 && promptLines.length === 0) return undefined;
  const isSystemTemplate = wordCount(systemLines.join(' ')) >= SYSTEM_TEMPLATE_WORDS && wordCount(promptLines.join(' ')) <= SHORT_PROMPT_WORDS;
  const joined = [...systemLines, ...(isSystemTemplate ? ['{prompt}'] : promptLines)].join(' ');
  const text = joined.length > MAX_TEMPLATE_TEXT ? joined.slice(0, MAX_TEMPLATE_TEXT) : joined;
  return { own: key48(text), text, lines: lineFeatures([...systemLines, ...promptLines]) };
}

/** The order-dependent half: which group a template joins. */
export interface TemplateGroups {
  /** The key of the group of a template (its own key, or the key of an earlier near-duplicate group). */
  groupOf(shape: Pick<TemplateShape, 'own' | 'text' | 'signature'>): number;
  readonly size: number;
}

/** Creates the groups; the grouping depends on the order of the calls, as a stream's would. */
export function createTemplateGroups(options: TemplateIndexOptions = {}): TemplateGroups {
  const needed = Math.ceil((options.similarity ?? 0.7) * BUCKETS);
  const maxExact = options.maxExact ?? 200_000;
  const maxIndexed = options.maxIndexed ?? 50_000;
  const exact = new Map<number, number>();
  const bands = Array.from({ length: BANDS }, () => new Map<number, number[]>());
  const signatures: Uint32Array[] = [];
  const groupKeys: number[] = [];
  const bandKeys = new Uint32Array(BANDS);

  const findSimilar = (signature: Uint32Array): number | undefined => {
    for (let band = 0; band < BANDS; band++) {
      for (const candidate of bands[band]?.get(bandKeys[band] as number) ?? []) {
        if (agreement(signature, signatures[candidate] as Uint32Array) >= needed) return groupKeys[candidate];
      }
    }
    return undefined;
  };
  const remember = (signature: Uint32Array, key: number): void => {
    if (signatures.length >= maxIndexed) return;
    const index = signatures.length;
    signatures.push(signature);
    groupKeys.push(key);
    for (let band = 0; band < BANDS; band++) {
      const map = bands[band] as Map<number, number[]>;
      const list = map.get(bandKeys[band] as number);
      if (!list) map.set(bandKeys[band] as number, [index]);
      else if (list.length < MAX_PER_BAND) list.push(index);
    }
  };

  return {
    groupOf(shape) {
      const { own } = shape;
      let key = exact.get(own);
      if (key !== undefined) return key;
      const signature = shape.signature === undefined ? signatureOf(shape.text) : (shape.signature ?? undefined);
      if (signature) fillBandKeys(signature, bandKeys);
      key = (signature && findSimilar(signature)) ?? own;
      if (exact.size < maxExact) exact.set(own, key);
      if (signature && key === own) remember(signature, own);
      return key;
    },
    get size() {
      return exact.size;
    },
  };
}

/** Creates an index; the grouping depends on the order of the calls, as a stream's would. */
export function createTemplateIndex(options: TemplateIndexOptions = {}): TemplateIndex {
  const groups = createTemplateGroups(options);
  return {
    templateOf(system, prompt) {
      const shape = describeTemplate(system, prompt);
      if (!shape) return undefined;
      const key = groups.groupOf(shape);
      return { key, id: keyHex(key), text: shape.text, lines: shape.lines };
    },
    get size() {
      return groups.size;
    },
  };
}

/** Distinct keys of the lines with enough words of their own (placeholders such as {task} do not count). */
function lineFeatures(lines: readonly string[]): TemplateRef['lines'] {
  const out: TemplateRef['lines'] = [];
  for (const text of lines) {
    if (wordCount(text.replace(/\{\w+\}/g, ' ')) < LINE_FEATURE_WORDS) continue;
    const key = key48(text);
    if (!out.some((line) => line.key === key)) out.push({ key, text });
  }
  return out;
}

/** One-permutation MinHash of the word 3-shingles, densified; undefined for very short texts. */
export function signatureOf(text: string): Uint32Array | undefined {
  const words = text.match(/[\p{L}\p{N}_{}]+/gu);
  if (!words || words.length < MIN_WORDS) return undefined;
  const hashes = words.slice(0, MAX_SHINGLES + 2).map((word) => fnv1a32(word));
  const signature = new Uint32Array(BUCKETS).fill(0xffffffff);
  const filled = new Uint8Array(BUCKETS);
  for (let i = 0; i + 2 < hashes.length; i++) {
    const shingle = mix32((hashes[i] as number) ^ Math.imul(hashes[i + 1] as number, 0x9e3779b1) ^ Math.imul(hashes[i + 2] as number, 0x85ebca77));
    const bucket = mix32(shingle ^ 0x27d4eb2f) % BUCKETS;
    if (shingle < (signature[bucket] as number)) signature[bucket] = shingle;
    filled[bucket] = 1;
  }
  // Rotation densification: an empty bucket borrows from the next filled one, salted by distance.
  for (let bucket = 0; bucket < BUCKETS; bucket++) {
    if (filled[bucket]) continue;
    for (let distance = 1; distance < BUCKETS; distance++) {
      const from = (bucket + distance) % BUCKETS;
      if (!filled[from]) continue;
      signature[bucket] = mix32((signature[from] as number) ^ Math.imul(distance, 0x9e3779b9));
      break;
    }
  }
  return signature;
}

/** How many buckets two signatures agree on (an estimate of Jaccard similarity × BUCKETS). */
export function agreement(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < BUCKETS; i++) if (a[i] === b[i]) same++;
  return same;
}

function fillBandKeys(signature: Uint32Array, keys: Uint32Array): void {
  for (let band = 0; band < BANDS; band++) {
    let hash = band;
    for (let row = 0; row < ROWS; row++) hash = mix32(hash ^ Math.imul(signature[band * ROWS + row] as number, 0xcc9e2d51));
    keys[band] = hash;
  }
}
