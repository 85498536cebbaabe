// Resolves rule field names against an event: LLM taxonomy names for `product: llm` rules, dotted
// JSON paths otherwise (and for LLM rules that name a field outside the taxonomy).

import { isComputedField, scoreRecordText } from '../classify/shipped';
import { compilePath, rawPathLeaves, type CompiledPath } from '../logs/paths';
import { TAXONOMY_FIELDS } from '../model';

/** What a rule is matched against: a log record, or an example from a rule's inline tests. */
export interface MatchTarget {
  /** LLM taxonomy and derived fields. */
  fields: Readonly<Record<string, unknown>>;
  /** The record as parsed, for dotted paths. */
  raw: unknown;
  /**
   * Per item gate (see scan/item-gates.ts): 0 when the record's text holds none of the literals
   * the item needs, so that the item cannot hold; EXACT_HOLDS when the gate knows that the item
   * holds. Without it every item runs.
   */
  gates?: Uint8Array;
}

/** What an exact item gate reads (MatchTarget.gates) when its item holds on the record. */
export const EXACT_HOLDS = 2;

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

const TAXONOMY: ReadonlySet<string> = new Set(TAXONOMY_FIELDS);
/** Bounds the walk of hostile, deeply nested records. */
const MAX_DEPTH = 64;

export function isTaxonomyField(name: string): boolean {
  return TAXONOMY.has(name);
}

/** A rule field resolved once at compile time: a taxonomy name, or a compiled dotted path. */
export interface FieldAccessor {
  name: string;
  isRawPath: boolean;
  path: CompiledPath;
}

/** Decides once how a rule's field name is looked up (`product: llm` uses the taxonomy). */
export function fieldAccessor(name: string, isLlm: boolean): FieldAccessor {
  return { name, isRawPath: !(isLlm && TAXONOMY.has(name)), path: compilePath(name) };
}

/** The classifier's score of a record's fields, once worked out (`extraction_score`, the one computed field). */
const scores = new WeakMap<object, number>();

/**
 * The value of a taxonomy field: the record's own, else, for the computed field, the value worked
 * out from the record's text (once per record, whichever rules ask).
 */
export function taxonomyValue(fields: Readonly<Record<string, unknown>>, name: string): unknown {
  const own = fields[name];
  if (own !== undefined || !isComputedField(name)) return own;
  let score = scores.get(fields);
  if (score === undefined) {
    score = scoreRecordText(fields).score;
    scores.set(fields, score);
  }
  return score;
}

/** Looks a field up the way the rule's logsource says to. */
export function lookupField(target: MatchTarget, field: FieldAccessor | string, isLlm = false): FieldLookup {
  const accessor = typeof field === 'string' ? fieldAccessor(field, isLlm) : field;
  if (!accessor.isRawPath) {
    const value = taxonomyValue(target.fields, accessor.name);
    if (value === undefined) return { isPresent: false, leaves: [], isRawPath: false };
    const leaves = Array.isArray(value) ? rawPathLeaves({ [accessor.name]: value }, accessor.path) : [{ value, path: accessor.name }];
    return { isPresent: true, leaves, isRawPath: false };
  }
  const leaves = rawPathLeaves(target.raw, accessor.path);
  return { isPresent: leaves.length > 0, leaves, isRawPath: true };
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

