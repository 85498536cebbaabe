// Reads the `yaml` package's AST: spans of nodes and keys, lookups by path, scalar values.

import { isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Located, Span } from '../model';

export type YamlPath = readonly (string | number)[];

/** The span of a node's value, without trailing comments; an empty span at `fallback` otherwise. */
export function nodeSpan(node: unknown, fallback = 0): Span {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  if (!range) return { start: fallback, end: fallback };
  return { start: range[0], end: Math.max(range[0], range[1]) };
}

/** The pairs of a mapping node; empty for anything else. */
export function pairsOf(node: unknown): Pair<unknown, unknown>[] {
  return isMap(node) ? (node as YAMLMap<unknown, unknown>).items : [];
}

/** The string form of a pair's key (`null` keys and composite keys become ''). */
export function keyText(pair: Pair<unknown, unknown>): string {
  const key = pair.key;
  if (isScalar(key)) return key.value === null || key.value === undefined ? '' : String(key.value);
  return typeof key === 'string' ? key : '';
}

/** The pair of `map` whose key is `key`, when there is one. */
export function pairAt(map: unknown, key: string): Pair<unknown, unknown> | undefined {
  return pairsOf(map).find((pair) => keyText(pair) === key);
}

/** The node at `path` under `root` (map keys and sequence indexes). */
export function nodeAt(root: unknown, path: YamlPath): unknown {
  let node: unknown = root;
  for (const step of path) {
    if (typeof step === 'number' && isSeq(node)) node = node.items[step];
    else if (isMap(node)) node = pairAt(node, String(step))?.value;
    else return undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

/**
 * The span that best names what sits at `path`: the value's node, or the key when the value is
 * empty, or the nearest ancestor that exists. Used to place schema errors on YAML.
 */
export function spanAt(doc: Document, path: YamlPath): Span {
  const fallback = nodeSpan(doc.contents, doc.range?.[0] ?? 0);
  let node: unknown = doc.contents;
  let best = fallback;
  for (const step of path) {
    if (typeof step === 'number' && isSeq(node)) {
      node = node.items[step];
    } else if (isMap(node)) {
      const pair = pairAt(node, String(step));
      if (!pair) return best;
      best = pair.value ? nodeSpan(pair.value, best.start) : nodeSpan(pair.key, best.start);
      node = pair.value;
      continue;
    } else {
      return best;
    }
    if (node === undefined) return best;
    best = nodeSpan(node, best.start);
  }
  return best;
}

/** The span of the key of the pair at `path` (e.g. to point at `field|modifier`). */
export function keySpanAt(doc: Document, path: YamlPath): Span | undefined {
  if (path.length === 0) return undefined;
  const parent = nodeAt(doc.contents, path.slice(0, -1));
  const pair = pairAt(parent, String(path[path.length - 1]));
  return pair ? nodeSpan(pair.key) : undefined;
}

/** A scalar string at `key` of `map`, with its span; numbers and booleans are turned to text. */
export function locatedString(map: unknown, key: string): Located<string> | undefined {
  const pair = pairAt(map, key);
  if (!pair || !isScalar(pair.value)) return undefined;
  const value = pair.value.value;
  if (value === null || value === undefined || typeof value === 'object') return undefined;
  return { value: String(value), span: nodeSpan(pair.value) };
}

/** The items of a sequence, or the node itself as a one-item list when it is a scalar. */
export function itemsOf(node: unknown): unknown[] {
  if (isSeq(node)) return node.items;
  if (node === undefined || node === null) return [];
  if (isScalar(node) && (node.value === null || node.value === undefined)) return [];
  return [node];
}

/** Scalar strings of a string-or-list node, each with its span; non-scalars are skipped. */
export function locatedStrings(node: unknown): Located<string>[] {
  const out: Located<string>[] = [];
  for (const item of itemsOf(node)) {
    if (!isScalar(item) || item.value === null || typeof item.value === 'object') continue;
    out.push({ value: String(item.value), span: nodeSpan(item) });
  }
  return out;
}

export function isQuotedScalar(node: unknown): boolean {
  return isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
}

export { isMap, isPair, isScalar, isSeq };
export type { Document, Node, Pair };

/**
 * Maps an index in a scalar's string value to an offset in the YAML text. Exact for plain and
 * quoted scalars written on one line without escapes; anything else (folded, escaped) maps every
 * index to the start of the node, which still points at the right scalar.
 */
export function scalarOffsetMapper(text: string, node: unknown): (index: number) => number {
  const span = nodeSpan(node);
  const value = isScalar(node) ? String(node.value ?? '') : '';
  const quote = isQuotedScalar(node) ? 1 : 0;
  const start = span.start + quote;
  if (text.slice(start, start + value.length) === value) return (index) => start + index;
  return () => span.start;
}
