// Item gates: the literal prefilter one level down. The scan's prefilter picks the rules that may
// match a line from one literal set per rule; a rule whose set holds a common word ("answer",
// "data") then runs every regex of every selection on most records. A gate belongs to one selection
// item whose values need literal text (literals.ts itemNeed): when the record's raw line holds none
// of the item's pieces, the item cannot hold on the record, and its test answers "no" without
// running a regex. The answer is the one the regex would give, so a gate never changes a match,
// also under `not`; it only saves the work. Lines that spell a piece in `\u00XX` escapes open every gate.

import { DERIVED_FIELDS, type SelectionItem } from '../model';
import { detectionItems, indexPieces, type LiteralNeed } from './literals';
import type { Prefilter } from './prefilter';

export interface ItemGatePlan {
  /** The gate of each gated item (items whose need is `any`); items without one always run. */
  idOf: ReadonlyMap<SelectionItem, number>;
  count: number;
  prefilter: Prefilter;
  /** For each literal id below `triggerStart`: the gates it opens. */
  gatesByLiteral: number[][];
  triggerStart: number;
}

const DERIVED: ReadonlySet<string> = new Set(DERIVED_FIELDS);
/** Pieces are cut to this many characters. */
const MAX_PIECE = 16;

/**
 * Plans the gates of the items of `rules`, given each rule's item needs (ruleLiteralNeeds'
 * `items`). With `fields`, only the items of LLM rules on those taxonomy fields are gated, and the
 * gates may be opened from those fields' decoded text instead of the raw line.
 */
export function planItemGates(
  rules: readonly { detection: Parameters<typeof detectionItems>[0]; isLlm: boolean; items: readonly LiteralNeed[] | undefined }[],
  fields?: ReadonlySet<string>,
): ItemGatePlan {
  const idOf = new Map<SelectionItem, number>();
  const gated: { pieces: string[]; target: number }[] = [];
  for (const rule of rules) {
    if (!rule.items) continue;
    const items = detectionItems(rule.detection);
    if (items.length !== rule.items.length) continue;
    items.forEach((item, index) => {
      const need = rule.items?.[index] as LiteralNeed;
      // A derived field (template, hour…) is computed, not read from the line: its item is never gated.
      if (need.kind !== 'any' || idOf.has(item) || (item.field !== undefined && DERIVED.has(item.field.value))) return;
      if (fields && !(rule.isLlm && item.field !== undefined && fields.has(item.field.value))) return;
      const gate = idOf.size;
      idOf.set(item, gate);
      // A line holding a piece holds its start: shorter literals keep the automaton small enough
      // for the CPU's caches, and sixteen characters select about as well.
      gated.push({ pieces: need.pieces.map((piece) => piece.slice(0, MAX_PIECE)), target: gate });
    });
  }
  const { prefilter, targets, triggerStart } = indexPieces(gated);
  return { idOf, count: idOf.size, prefilter, gatesByLiteral: targets, triggerStart };
}

/**
 * Creates the function that sets `gates` (length `plan.count`) for a record whose raw line is
 * `bytes`: 1 for the gates of the items that may hold, 0 for those that cannot.
 */
export function createGateOpener(plan: ItemGatePlan): (bytes: Uint8Array, gates: Uint8Array) => void {
  const { transitions, classOf, specialStart, outputStart, outputs, shift, start } = plan.prefilter;
  const { gatesByLiteral, triggerStart } = plan;
  // A literal is handled once per line, however often it occurs: the line it was last seen on.
  const seenOn = new Uint32Array(triggerStart);
  let line = 0;
  return (bytes, gates) => {
    gates.fill(0);
    if (++line === 0xffffffff) {
      seenOn.fill(0);
      line = 1;
    }
    let state = start;
    for (let i = 0; i < bytes.length; i++) {
      state = transitions[(state << shift) | (classOf[bytes[i] as number] as number)] as number;
      if (state < specialStart) continue;
      for (let o = outputStart[state] as number; o < (outputStart[state + 1] as number); o++) {
        const id = outputs[o] as number;
        if (id >= triggerStart) {
          gates.fill(1);
          return;
        }
        if (seenOn[id] === line) continue;
        seenOn[id] = line;
        for (const gate of gatesByLiteral[id] as number[]) gates[gate] = 1;
      }
    }
  };
}

/** The taxonomy fields whose items plans gate (GATED_FIELDS), opened from gateText. */
export const GATED_FIELDS: ReadonlySet<string> = new Set(['prompt', 'system']);

/**
 * The text the gates of GATED_FIELDS are opened from: the system prompt and the prompt as decoded,
 * so that no raw spelling (escapes, CSV quoting) can hide a literal.
 */
export function gateText(fields: { readonly system?: string | undefined; readonly prompt?: string | undefined }): string {
  return `${fields.system ?? ''}\n${fields.prompt ?? ''}`;
}

/** Opens a record's gates (from its gateText) into one array, reused for every record: read it before the next call. */
export function createRecordGates(plan: ItemGatePlan): (fields: { readonly system?: string | undefined; readonly prompt?: string | undefined }) => Uint8Array {
  const open = createGateOpener(plan);
  const gates = new Uint8Array(plan.count);
  const encoder = new TextEncoder();
  return (fields) => {
    open(encoder.encode(gateText(fields)), gates);
    return gates;
  };
}
