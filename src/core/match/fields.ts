// Resolves rule field names against an event: LLM taxonomy names for `product: llm` rules, dotted
// JSON paths otherwise (and for LLM rules that name a field outside the taxonomy).

import { DERIVED_FIELDS, LLM_FIELDS } from '../model';

/** What a rule is matched against: a log record, or an example from a rule's inline tests. */
export interface MatchTarget {
  /** LLM taxonomy and derived fields. */
  fields: Readonly<Record<string, unknown>>;
  /** The record as parsed, for dotted paths. */
  raw: unknown;
}

export interface FieldLeaf {
  value: unknown;
  /** The concrete field: the taxonomy name, or the dotted raw path with array indexes. */
  path: string;
}

export interface FieldLookup {
  /** True when the field exists in the event (even when its value is null or empty). */
  isPresent: boolean;
  /** The field's values; arrays are flattened so that any element can match. */
  leaves: FieldLeaf[];
  isRawPath: boolean;
}

const TAXONOMY = new Set<string>([...LLM_FIELDS, ...DERIVED_FIELDS]);
/** Bounds the walk of hostile, deeply nested records. */
const MAX_DEPTH = 64;

export function isTaxonomyField(name: string): boolean {
  return TAXONOMY.has(name);
}

/** Looks a field up the way the rule's logsource says to. */
export function lookupField(target: MatchTarget, name: string, isLlm: boolean): FieldLookup {
  if (isLlm && TAXONOMY.has(name)) {
    const value = target.fields[name];
    const leaves = value === undefined ? [] : flatten({ value, path: name });
    return { isPresent: value !== undefined, leaves, isRawPath: false };
  }
  const found: FieldLeaf[] = [];
  const isPresent = walkPath(target.raw, name.split('.'), '', found);
  return { isPresent, leaves: found.flatMap(flatten), isRawPath: true };
}

/** Every string the keyword search of a rule looks at, with the field it came from. */
export function* stringLeaves(target: MatchTarget, isLlm: boolean): Generator<{ field: string; value: string; isRawPath: boolean }> {
  if (isLlm) {
    for (const [field, value] of Object.entries(target.fields)) {
      if (typeof value === 'string') yield { field, value, isRawPath: false };
    }
    return;
  }
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: target.raw, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop() as { value: unknown; path: string; depth: number };
    if (typeof value === 'string') {
      yield { field: path, value, isRawPath: true };
    } else if (value !== null && typeof value === 'object' && depth < MAX_DEPTH) {
      const entries = Array.isArray(value) ? value.map((item, i) => [String(i), item] as const) : Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i] as readonly [string, unknown];
        stack.push({ value: child, path: path === '' ? key : `${path}.${key}`, depth: depth + 1 });
      }
    }
  }
}

/**
 * Collects the values at a dotted path. A key that itself contains dots wins over walking (so
 * `{"a.b": 1}` answers `a.b`), and arrays are walked into element by element.
 */
function walkPath(node: unknown, parts: string[], path: string, out: FieldLeaf[], depth = 0): boolean {
  if (parts.length === 0) {
    out.push({ value: node, path });
    return true;
  }
  if (depth > MAX_DEPTH || node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) {
    const index = Number(parts[0]);
    if (Number.isInteger(index) && String(index) === parts[0]) {
      return index < node.length && walkPath(node[index], parts.slice(1), join(path, parts[0] as string), out, depth + 1);
    }
    let found = false;
    node.forEach((item, i) => {
      found = walkPath(item, parts, join(path, String(i)), out, depth + 1) || found;
    });
    return found;
  }
  const record = node as Record<string, unknown>;
  for (let take = parts.length; take >= 1; take--) {
    const key = parts.slice(0, take).join('.');
    if (Object.prototype.hasOwnProperty.call(record, key)) {
      return walkPath(record[key], parts.slice(take), join(path, key), out, depth + 1);
    }
  }
  return false;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** Expands array values into one leaf per element, with the element's index in its path. */
function flatten(leaf: FieldLeaf): FieldLeaf[] {
  if (!Array.isArray(leaf.value)) return [leaf];
  const out: FieldLeaf[] = [];
  const stack: FieldLeaf[] = [leaf];
  while (stack.length > 0) {
    const item = stack.pop() as FieldLeaf;
    if (Array.isArray(item.value)) {
      for (let i = item.value.length - 1; i >= 0; i--) stack.push({ value: item.value[i], path: join(item.path, String(i)) });
    } else {
      out.push(item);
    }
  }
  return out;
}
