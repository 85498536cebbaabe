// Item gates: the literal prefilter one level down. The scan's prefilter picks the rules that may
// match a line from one literal set per rule; a rule whose set holds a common word ("answer",
// "data") then runs every regex of every selection on most records. A gate belongs to one selection
// item whose values need literal text (literals.ts itemNeed): when the record's text holds none of
// the item's pieces, the item cannot hold on the record, and its test answers "no" without running
// a regex. The answer is the one the regex would give, so a gate never changes a match, also under
// `not`; it only saves the work.
//
// Some gates are exact: an item that only asks whether the field contains one (or, with `all`,
// each) of some plain strings is answered by the automaton itself, which sees where each string
// occurs. Its gate then reads EXACT_HOLDS when the item holds and 0 when it does not, and the item's
// regex never runs for a yes/no answer. Only a field's evidence (the spans to underline) still runs it.

import { EXACT_HOLDS } from '../match/fields';
import { hasWildcards, parseSigmaString, partsText } from '../match/sigma-string';
import type { SelectionItem } from '../model';
import { detectionItems, indexPieces, utf8Spelling, type LiteralNeed } from './literals';
import type { Prefilter } from './prefilter';

export interface ItemGatePlan {
  /** The gate of each gated item (items whose need is `any`, and exact items); items without one always run. */
  idOf: ReadonlyMap<SelectionItem, number>;
  count: number;
  /** Searches the decoded text of `system` and `prompt` (createRecordGates) for the gates' pieces. */
  prefilter: Prefilter;
  /** For each literal id: the gates it opens. */
  gatesByLiteral: number[][];
  /** Per gate: 0 for a gate that only opens, else the field of its exact item (SYSTEM or PROMPT). */
  exactField: Uint8Array;
  /** Per exact gate: the bits of its strings that must all be found (1 for an item without `all`: any string will do). */
  required: Uint32Array;
  /** For each literal id: the exact gates it counts for, as gate and bit pairs. */
  exactByLiteral: (number[] | undefined)[];
}

/** The two fields gates are opened from, in the order they are searched; exact gates name theirs. */
const SYSTEM = 1;
const PROMPT = 2;
const FIELD_CODES: ReadonlyMap<string, number> = new Map([
  ['system', SYSTEM],
  ['prompt', PROMPT],
]);

/** Pieces are cut to this many characters. */
const MAX_PIECE = 16;
/** An `all` item with more strings than this has no exact gate (one bit per string). */
const MAX_EXACT_ALL = 31;

/** The taxonomy fields whose items plans gate. */
export const GATED_FIELDS: ReadonlySet<string> = new Set(FIELD_CODES.keys());

/**
 * Plans the gates of the items of `rules` on GATED_FIELDS (items of LLM rules), given each rule's
 * item needs (ruleLiteralNeeds' `items`).
 */
export function planItemGates(rules: readonly { detection: Parameters<typeof detectionItems>[0]; isLlm: boolean; items: readonly LiteralNeed[] | undefined }[]): ItemGatePlan {
  const idOf = new Map<SelectionItem, number>();
  const gated: { pieces: string[]; target: number }[] = [];
  const exactField: number[] = [];
  const required: number[] = [];
  /** Per gate with an exact item: each spelling of its strings (as searched), and the bit it sets. */
  const exactBits = new Map<number, Map<string, number>>();
  for (const rule of rules) {
    if (!rule.items || !rule.isLlm) continue;
    const items = detectionItems(rule.detection);
    if (items.length !== rule.items.length) continue;
    items.forEach((item, index) => {
      const field = item.field?.value;
      if (field === undefined || !GATED_FIELDS.has(field) || idOf.has(item)) return;
      const need = rule.items?.[index] as LiteralNeed;
      const exact = exactSpellingsOf(item);
      if (need.kind !== 'any' && !exact) return;
      const gate = idOf.size;
      idOf.set(item, gate);
      if (exact) {
        // Without `all` any string will do: every spelling sets the one bit required.
        const bits = new Map<string, number>();
        exact.strings.forEach((spellings, index) => {
          for (const spelling of spellings) bits.set(utf8Spelling(spelling), exact.isAll ? 2 ** index : 1);
        });
        exactBits.set(gate, bits);
        exactField.push(FIELD_CODES.get(field) as number);
        required.push(exact.isAll ? 2 ** exact.strings.length - 1 : 1);
        // The whole strings, however long: the automaton answers for the item.
        gated.push({ pieces: exact.strings.flat(), target: gate });
      } else if (need.kind === 'any') {
        exactField.push(0);
        required.push(0);
        // A text holding a piece holds its start: shorter literals keep the automaton small enough
        // for the CPU's caches, and sixteen characters select about as well.
        gated.push({ pieces: need.pieces.map((piece) => piece.slice(0, MAX_PIECE)), target: gate });
      }
    });
  }
  const { prefilter, targets } = indexPieces(gated, { isDecoded: true });
  const exactByLiteral = prefilter.literals.map((literal, id) => {
    const pairs: number[] = [];
    for (const gate of targets[id] as number[]) {
      const bit = exactBits.get(gate)?.get(literal);
      if (bit !== undefined) pairs.push(gate, bit);
    }
    return pairs.length > 0 ? pairs : undefined;
  });
  return {
    idOf,
    count: idOf.size,
    prefilter,
    gatesByLiteral: targets,
    exactField: Uint8Array.from(exactField),
    required: Uint32Array.from(required),
    exactByLiteral,
  };
}

/**
 * The plan's gates for some of its items only: the same gate numbers, so that rules compiled
 * against the plan read the same places, but an automaton that looks only for the kept gates'
 * pieces. The other gates always read 0: only rules whose items are all kept may be run with them.
 */
export function restrictItemGates(plan: ItemGatePlan, kept: ReadonlySet<number>): ItemGatePlan {
  const decoder = new TextDecoder();
  const entries: { pieces: string[]; target: number }[] = [];
  const oldIds = new Map<string, number>();
  plan.prefilter.literals.forEach((literal, id) => {
    const targets = (plan.gatesByLiteral[id] as number[]).filter((gate) => kept.has(gate));
    if (targets.length === 0) return;
    oldIds.set(literal, id);
    // A literal is a piece's UTF-8 bytes, one character per byte.
    const piece = decoder.decode(Uint8Array.from(literal, (ch) => ch.charCodeAt(0)));
    for (const target of targets) entries.push({ pieces: [piece], target });
  });
  const { prefilter, targets } = indexPieces(entries, { isDecoded: true });
  const exactByLiteral = prefilter.literals.map((literal) => {
    const pairs = plan.exactByLiteral[oldIds.get(literal) as number] ?? [];
    const keptPairs: number[] = [];
    for (let k = 0; k < pairs.length; k += 2) if (kept.has(pairs[k] as number)) keptPairs.push(pairs[k] as number, pairs[k + 1] as number);
    return keptPairs.length > 0 ? keptPairs : undefined;
  });
  return { ...plan, prefilter, gatesByLiteral: targets, exactByLiteral };
}

/** A string with more spellings than this (letters with case variants beyond ASCII) has no exact gate. */
const MAX_SPELLINGS = 16;

/**
 * The strings of an item the automaton can answer exactly, each as every spelling the item's
 * regex matches (the automaton folds ASCII letters itself), and whether it needs all of them:
 * `field|contains` (or `contains|all`) with plain strings, no wildcards, not empty, no control
 * characters, no lone surrogates.
 */
function exactSpellingsOf(item: SelectionItem): { strings: string[][]; isAll: boolean } | undefined {
  const modifiers = item.modifiers.map((modifier) => modifier.value);
  const isAll = modifiers.includes('all');
  if (!modifiers.includes('contains') || modifiers.length !== (isAll ? 2 : 1)) return undefined;
  if (item.values.length === 0 || (isAll && item.values.length > MAX_EXACT_ALL)) return undefined;
  const strings: string[][] = [];
  const seen = new Set<string>();
  for (const value of item.values) {
    if (value.isComposite || typeof value.value !== 'string') return undefined;
    const parts = parseSigmaString(value.value);
    if (hasWildcards(parts)) return undefined;
    const spellings = caseSpellings(partsText(parts));
    if (!spellings) return undefined;
    if (seen.has(spellings[0] as string)) continue;
    seen.add(spellings[0] as string);
    strings.push(spellings);
  }
  return { strings, isAll };
}

/**
 * Every spelling of `text` that a case-insensitive regex without the `u` flag matches, with ASCII
 * letters lowercased (the automaton folds those), or undefined when it cannot be searched exactly.
 */
function caseSpellings(text: string): string[] | undefined {
  if (text === '') return undefined;
  let spellings = [''];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f || (code >= 0xd800 && code <= 0xdfff && !isPaired(text, i))) return undefined;
    const variants = code >= 0xd800 && code <= 0xdfff ? [text[i] as string] : caseVariants(code);
    if (spellings.length * variants.length > MAX_SPELLINGS) return undefined;
    spellings = spellings.flatMap((spelling) => variants.map((variant) => spelling + variant));
  }
  return spellings;
}

function isPaired(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code <= 0xdbff) return (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
  return (text.charCodeAt(i - 1) & 0xfc00) === 0xd800;
}

/** Every code unit outside the surrogates, to find a character's case variants with the regex engine itself. */
let codeUnits: string | undefined;
const variantsOf = new Map<number, string[]>();

/**
 * The spellings a case-insensitive regex (no `u` flag) takes as equal to the code unit, with ASCII
 * letters lowercased. Without the `u` flag a character beyond ASCII is never equal to an ASCII one
 * (ECMAScript's Canonicalize), so ASCII characters stand for themselves; for the others the regex
 * engine is asked, over every code unit, once per character.
 */
function caseVariants(code: number): string[] {
  if (code < 0x80) return [String.fromCharCode(code).toLowerCase()];
  const known = variantsOf.get(code);
  if (known) return known;
  if (codeUnits === undefined) {
    const units = new Uint16Array(0x10000 - 0x800);
    for (let i = 0; i < units.length; i++) units[i] = i < 0xd800 ? i : i + 0x800;
    codeUnits = new TextDecoder('utf-16le').decode(units);
  }
  const ch = String.fromCharCode(code);
  const variants = [...codeUnits.matchAll(new RegExp(ch.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&'), 'gi'))].map((match) => match[0]);
  variantsOf.set(code, variants);
  return variants;
}

/**
 * Creates the function that opens a record's gates into one array, reused for every record (read
 * it before the next call): 0 for the items that cannot hold, 1 for those that may, and for exact
 * gates EXACT_HOLDS or 0 as the item holds or not. The gates are opened from the system prompt and
 * the prompt as decoded (UTF-8), each searched on its own, so that no raw spelling (escapes, CSV
 * quoting) can hide a literal and none is found across the two. Fields that are not strings open
 * every gate.
 */
export function createRecordGates(plan: ItemGatePlan): (fields: { readonly system?: unknown; readonly prompt?: unknown }) => Uint8Array {
  const { transitions, classOf, specialStart, outputStart, outputs, shift, start } = plan.prefilter;
  const { gatesByLiteral, exactField, required, exactByLiteral, count } = plan;
  const exactGates: number[] = [];
  for (let gate = 0; gate < count; gate++) if ((exactField[gate] as number) !== 0) exactGates.push(gate);
  const gates = new Uint8Array(count);
  const found = new Uint32Array(count);
  // A literal opens its gates once per text, however often it occurs: `seenOn` holds the text it was last seen in.
  const seenOn = new Uint32Array(gatesByLiteral.length);
  let text = 0;
  const encoder = new TextEncoder();
  const buffers = { system: new Uint8Array(1024), prompt: new Uint8Array(4096) };
  /** The field's UTF-8 bytes, in a buffer reused for that field: its first `length` bytes. */
  const encode = (value: string, name: 'system' | 'prompt'): { bytes: Uint8Array; length: number } => {
    // UTF-8 takes at most three bytes per UTF-16 unit.
    if (buffers[name].length < 3 * value.length) buffers[name] = new Uint8Array(Math.max(3 * value.length, 2 * buffers[name].length));
    const bytes = buffers[name];
    return { bytes, length: encoder.encodeInto(value, bytes).written };
  };
  /** Runs the automaton over one field's bytes, noting for exact gates which field a string was found in. */
  const search = (bytes: Uint8Array, length: number, field: number): void => {
    let state = start;
    for (let i = 0; i < length; i++) {
      state = transitions[(state << shift) | (classOf[bytes[i] as number] as number)] as number;
      if (state < specialStart) continue;
      for (let o = outputStart[state] as number; o < (outputStart[state + 1] as number); o++) {
        const id = outputs[o] as number;
        const exact = exactByLiteral[id];
        if (exact !== undefined) {
          for (let k = 0; k < exact.length; k += 2) {
            const gate = exact[k] as number;
            if (exactField[gate] === field) found[gate] = (found[gate] as number) | (exact[k + 1] as number);
          }
        }
        if (seenOn[id] === text) continue;
        seenOn[id] = text;
        for (const gate of gatesByLiteral[id] as number[]) gates[gate] = 1;
      }
    }
  };
  return (fields) => {
    const { system = '', prompt = '' } = fields;
    if (typeof system !== 'string' || typeof prompt !== 'string') {
      gates.fill(1);
      return gates;
    }
    gates.fill(0);
    found.fill(0);
    if (++text === 0xffffffff) {
      seenOn.fill(0);
      text = 1;
    }
    const systemBytes = encode(system, 'system');
    search(systemBytes.bytes, systemBytes.length, SYSTEM);
    const promptBytes = encode(prompt, 'prompt');
    search(promptBytes.bytes, promptBytes.length, PROMPT);
    for (const gate of exactGates) gates[gate] = found[gate] === required[gate] ? EXACT_HOLDS : 0;
    return gates;
  };
}
