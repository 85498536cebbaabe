// Compiles one selection item (`field|modifiers: values`, or a keyword entry) into a test.

import type { MatchEvidence, SelectionItem, Span } from '../model';
import { isKnownModifier } from '../rules/modifiers';
import { fieldAccessor, lookupField, stringLeaves, taxonomyValue, type FieldAccessor, type FieldLeaf, type MatchTarget } from './fields';
import { compileRegex } from './regex';
import { compileValue, leafText, NO_SPANS, type LeafTest } from './value';

export interface CompileIssue {
  reason: string;
  span: Span;
}

export interface CompiledItem {
  /**
   * Whether the item holds; with `explain`, also the evidence of every value that matched.
   * `isKnownToHold` (an exact item gate's answer) skips the yes/no test before the evidence.
   */
  test(target: MatchTarget, explain: boolean, isKnownToHold?: boolean): MatchEvidence[] | undefined;
}

/** The answer of a test that holds when no evidence was asked for. */
const HOLDS: MatchEvidence[] = [];

interface CompiledValue {
  test: LeafTest;
  display: string;
  span: Span;
  regex?: RegExp;
}

/** Compiles an item; undefined (with an issue) when it cannot run, so the rule is skipped. */
export function compileItem(item: SelectionItem, selection: string, isLlm: boolean, issues: CompileIssue[]): CompiledItem | undefined {
  const modifiers = item.modifiers.map((m) => m.value);
  for (const modifier of item.modifiers) {
    if (!isKnownModifier(modifier.value)) {
      issues.push({ reason: `unknown modifier "${modifier.value}"`, span: modifier.span });
      return undefined;
    }
  }
  if (modifiers.includes('expand')) {
    issues.push({ reason: 'placeholders (expand) are not resolved by PromptSift', span: item.keySpan });
    return undefined;
  }
  const field = item.field?.value;
  if (modifiers.includes('exists')) return compileExists(item, selection, isLlm, issues);
  const values: CompiledValue[] = [];
  for (const value of item.values) {
    if (value.isComposite) {
      issues.push({ reason: 'a value must be a single string, number, boolean or null', span: value.span });
      return undefined;
    }
    const compiled = compileValue(value, modifiers, field === undefined);
    if (!compiled.test) {
      issues.push({ reason: compiled.reason, span: value.span });
      return undefined;
    }
    const display = value.value === null ? 'null' : String(value.value);
    values.push(compiled.regex ? { test: compiled.test, display, span: value.span, regex: compiled.regex } : { test: compiled.test, display, span: value.span });
  }
  const isAll = modifiers.includes('all');
  // One value holds exactly when its own test does, `all` or not.
  const combined = values.length === 1 ? (values[0] as CompiledValue).test : isAll ? undefined : combineRegexes(values);
  const context: ItemContext = { item, selection, modifiers, isLlm, values, isAll, usesOtherFields: modifiers.includes('fieldref') };
  if (combined) context.anyValue = combined;
  if (field === undefined) return { test: (target, explain) => testKeywords(context, target, explain) };
  const accessor = fieldAccessor(field, isLlm);
  if (modifiers.includes('neq')) return { test: (target) => testNotEqual(context, accessor, target) };
  return { test: (target, explain, isKnownToHold) => testField(context, accessor, target, explain, isKnownToHold) };
}

interface ItemContext {
  item: SelectionItem;
  selection: string;
  modifiers: string[];
  isLlm: boolean;
  values: CompiledValue[];
  isAll: boolean;
  /** One yes/no test for the item's values: its only value's, or an alternation of regexes with the same flags. */
  anyValue?: LeafTest;
  /** Whether values compare with other fields (`fieldref`), which needs a lookup per test. */
  usesOtherFields: boolean;
}

/**
 * ORs the values' regexes into one alternation, so that a yes/no test scans each leaf once
 * instead of once per value. Only when every value is a plain regex test with the same flags
 * and the alternation compiles (numbered backreferences would change meaning, so none allowed).
 */
function combineRegexes(values: readonly CompiledValue[]): LeafTest | undefined {
  if (values.length < 2) return undefined;
  const first = values[0]?.regex;
  if (!first) return undefined;
  const sources: string[] = [];
  for (const value of values) {
    if (!value.regex || value.regex.flags !== first.flags || /\\[1-9]|\\k</.test(value.regex.source)) return undefined;
    sources.push(`(?:${value.regex.source})`);
  }
  const combined = compileRegex(sources.join('|'), first.flags.replace('g', ''));
  const regex = combined.regex;
  if (!regex) return undefined;
  return (leaf) => {
    const text = leafText(leaf);
    return text !== undefined && regex.test(text) ? NO_SPANS : undefined;
  };
}

function compileExists(item: SelectionItem, selection: string, isLlm: boolean, issues: CompileIssue[]): CompiledItem | undefined {
  const expected = item.values[0]?.value;
  const field = item.field?.value;
  if (field === undefined || item.values.length !== 1 || typeof expected !== 'boolean') {
    issues.push({ reason: 'exists needs a field and the single value true or false', span: item.span });
    return undefined;
  }
  const accessor = fieldAccessor(field, isLlm);
  return {
    test(target) {
      const lookup = lookupField(target, accessor);
      if (lookup.isPresent !== expected) return undefined;
      const context: ItemContext = { item, selection, modifiers: ['exists'], isLlm, values: [], isAll: false, usesOtherFields: false };
      return [evidence(context, String(expected), item.span, undefined, [])];
    },
  };
}

function testField(context: ItemContext, field: FieldAccessor, target: MatchTarget, explain: boolean, isKnownToHold = false): MatchEvidence[] | undefined {
  const lookupOther = context.usesOtherFields ? otherFieldLookup(context, target) : NO_OTHER_FIELDS;
  if (!field.isRawPath) {
    // The common case (a taxonomy field holding one string) is tested without building leaves.
    const value = taxonomyValue(target.fields, field.name);
    if (!Array.isArray(value)) {
      if (!explain && context.anyValue) return context.anyValue(value, lookupOther, false) ? HOLDS : undefined;
      return testValues(context, [{ value, path: field.name }], false, lookupOther, explain, isKnownToHold);
    }
  }
  const lookup = lookupField(target, field);
  // A field that is absent behaves as null, so that `Field: null` matches it.
  const leaves: FieldLeaf[] = lookup.isPresent ? lookup.leaves : [{ value: undefined, path: field.name }];
  return testValues(context, leaves, lookup.isRawPath, lookupOther, explain, isKnownToHold);
}

/** Keywords search every string of the event; with `all`, each keyword must be found somewhere. */
function testKeywords(context: ItemContext, target: MatchTarget, explain: boolean): MatchEvidence[] | undefined {
  const leaves: FieldLeaf[] = [];
  for (const leaf of stringLeaves(target, context.isLlm)) leaves.push({ value: leaf.value, path: leaf.field });
  // LLM rules search the taxonomy fields, other rules the raw record.
  return testValues(context, leaves, !context.isLlm, NO_OTHER_FIELDS, explain);
}

const NO_OTHER_FIELDS = (): unknown[] => [];

/**
 * The list semantics of Sigma: any value (or, with `all`, every value) must match some leaf.
 * Without `explain` it stops at the first answer; with it, it gathers evidence of every value.
 */
function testValues(
  context: ItemContext,
  leaves: readonly FieldLeaf[],
  isRawPath: boolean,
  lookupOther: (name: string) => unknown[],
  explain: boolean,
  isKnownToHold = false,
): MatchEvidence[] | undefined {
  // One test answers for every value; with `explain`, the values then gather their evidence
  // one by one, only when it holds (most items do not hold on most records). An item known to
  // hold goes straight to its evidence.
  if (context.anyValue && (!explain || !context.isAll) && !(explain && isKnownToHold)) {
    const anyValue = context.anyValue;
    let holds = false;
    for (const leaf of leaves) {
      if (anyValue(leaf.value, lookupOther, false)) {
        holds = true;
        break;
      }
    }
    // With `explain`, every value runs on its own for its evidence: only when one of them holds.
    if (!explain || !holds) return holds ? HOLDS : undefined;
  }
  const found: MatchEvidence[] = [];
  let matched = 0;
  for (const value of context.values) {
    let hit: { leaf: FieldLeaf; spans: Span[] } | undefined;
    for (const leaf of leaves) {
      const spans = value.test(leaf.value, lookupOther, explain);
      if (spans) {
        hit = { leaf, spans };
        break;
      }
    }
    if (!hit) {
      if (context.isAll) return undefined;
      continue;
    }
    matched++;
    if (!explain && !context.isAll) return HOLDS;
    if (explain) found.push(evidence(context, value.display, value.span, hit.leaf.path, hit.spans, isRawPath));
  }
  if (matched === 0) return undefined;
  return explain ? found : HOLDS;
}

function otherFieldLookup(context: ItemContext, target: MatchTarget): (name: string) => unknown[] {
  return (name) => lookupField(target, fieldAccessor(name, context.isLlm)).leaves.map((leaf) => leaf.value);
}

/** `neq`: the field is present and equals none of the values. */
function testNotEqual(context: ItemContext, field: FieldAccessor, target: MatchTarget): MatchEvidence[] | undefined {
  const lookup = lookupField(target, field);
  if (!lookup.isPresent) return undefined;
  const lookupOther = otherFieldLookup(context, target);
  for (const value of context.values) {
    if (lookup.leaves.some((leaf) => value.test(leaf.value, lookupOther, false))) return undefined;
  }
  const display = context.values.map((value) => value.display).join(', ');
  return [evidence(context, display, context.item.span, lookup.leaves[0]?.path ?? field.name, [], lookup.isRawPath)];
}

function evidence(context: ItemContext, value: string, ruleSpan: Span, path: string | undefined, spans: Span[], isRawPath = false): MatchEvidence {
  const out: MatchEvidence = { selection: context.selection, modifiers: context.modifiers, value, spans, ruleSpan, isRawPath };
  if (context.item.field) out.field = context.item.field.value;
  if (path !== undefined) out.path = path;
  return out;
}
