// Dotted source paths (`request.body.messages.content`) resolved against a parsed record, the way
// plain Sigma rules and the field map see it.

import type { PathSegment } from './json-spans';

/** A dotted path split once, with the keys that join several segments precomputed. */
export interface CompiledPath {
  text: string;
  segments: readonly string[];
  /** `joined[i][k]` is segments i..i+k joined with '.', for keys that themselves contain dots. */
  joined: readonly (readonly string[])[];
  /** `index[i]` is segment i as an array index, or -1 when it is not a canonical integer. */
  index: readonly number[];
}

/** A value the path reached, with the concrete path to it (keys and indices). */
export interface PathLeaf {
  value: unknown;
  path: PathSegment[];
}

/** Splits a dotted path; empty segments (`a..b`, a trailing dot) are dropped. */
export function compilePath(text: string): CompiledPath {
  const segments = text.split('.').filter((s) => s.length > 0);
  const joined = segments.map((_, i) => segments.slice(i).map((__, k) => segments.slice(i, i + k + 1).join('.')));
  const index = segments.map((s) => (/^(0|[1-9]\d{0,8})$/.test(s) ? Number(s) : -1));
  return { text, segments, joined, index };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own property only: a record key named `constructor` must not find Object.prototype's. */
export function ownValue(object: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

interface Pending {
  value: unknown;
  at: number;
  path: PathSegment[] | undefined;
  /** Lists entered without a segment naming them (flattening); bounded by MAX_UNNAMED_LISTS. */
  lists: number;
}

// Flattening copies the path once per level, so hostile nesting (`[[[[…` 100000 deep) would
// cost quadratic time; real logs never nest lists this deep, and the matcher stops at 64 too.
const MAX_UNNAMED_LISTS = 64;

/**
 * Resolves `path` against `root`. At an object the longest run of segments that is a key wins,
 * so `{"metadata.user_id": …}` answers `metadata.user_id` (as `match/fields.ts` does). At an
 * array a numeric segment picks that element and any other segment applies to every element
 * ("any element" in Sigma).
 * Arrays reached at the end are flattened into their elements, up to 64 levels of lists. Returns
 * leaves in document order; `path` on each leaf is filled only when `withPaths` is set.
 */
export function resolvePath(root: unknown, path: CompiledPath, withPaths = false): PathLeaf[] {
  const leaves: PathLeaf[] = [];
  const stack: Pending[] = [{ value: root, at: 0, path: withPaths ? [] : undefined, lists: 0 }];
  const n = path.segments.length;
  while (stack.length > 0) {
    const { value, at, path: here, lists } = stack.pop() as Pending;
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      const pick = at < n ? (path.index[at] as number) : -1;
      if (pick >= 0) {
        if (pick < value.length) stack.push({ value: value[pick], at: at + 1, path: here && [...here, pick], lists });
        continue;
      }
      if (lists >= MAX_UNNAMED_LISTS) continue;
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], at, path: here && [...here, i], lists: lists + 1 });
    } else if (at === n) {
      leaves.push({ value, path: here ?? [] });
    } else if (isPlainObject(value)) {
      const keys = path.joined[at] as readonly string[];
      for (let k = keys.length - 1; k >= 0; k--) {
        const key = keys[k] as string;
        if (Object.hasOwn(value, key)) {
          stack.push({ value: value[key], at: at + k + 1, path: here && [...here, key], lists });
          break;
        }
      }
    }
  }
  return leaves;
}

/** Like `resolvePath(...)[0]` but without allocating when the path is missing, the common case. */
export function firstLeaf(root: unknown, path: CompiledPath): unknown {
  let value = root;
  let at = 0;
  const n = path.segments.length;
  while (at < n && isPlainObject(value)) {
    const keys = path.joined[at] as readonly string[];
    let k = keys.length - 1;
    while (k >= 0 && !Object.hasOwn(value, keys[k] as string)) k--;
    if (k < 0) return undefined;
    value = value[keys[k] as string];
    at += k + 1;
  }
  if (!Array.isArray(value)) return at === n ? value : undefined;
  // An array on the way: take the general walk, which knows about "any element".
  const leaves = resolvePath(root, path);
  return leaves.length > 0 ? leaves[0]?.value : undefined;
}

/** Values that `path` (dotted, Sigma style) reaches in a record's `raw`, arrays flattened. */
export function rawPathValues(raw: unknown, path: string | CompiledPath): unknown[] {
  return resolvePath(raw, typeof path === 'string' ? compilePath(path) : path).map((leaf) => leaf.value);
}

/**
 * Values with the concrete dotted path of each (`messages.2.content`); pass that path to
 * `LogRecord.locate` to locate inside that very value.
 */
export function rawPathLeaves(raw: unknown, path: string | CompiledPath): { value: unknown; path: string }[] {
  const compiled = typeof path === 'string' ? compilePath(path) : path;
  return resolvePath(raw, compiled, true).map((leaf) => ({ value: leaf.value, path: leaf.path.join('.') }));
}
