// The order-independent half of the statistics' work on a record: its template's shape and the
// detection rules that need neither the whole log's context nor the template groups. The answer
// depends on the record alone, so it can be computed anywhere (on another thread, in any order);
// the ordered stage then consumes the answers in reading order.
//
// Prompts repeat (apps, retries, campaigns), so the template shape and the results of the rules
// that read only `prompt` and `system` are remembered per distinct text, in a bounded cache.

import type { MatchTarget } from '../match/fields';
import type { LlmField, LogRecord } from '../model';
import { createRecordGates } from '../scan/item-gates';
import type { StatsRules } from './stats-rules';
import { describeTemplate, type TemplateShape } from './templates';

/** What the analysis of one record gives. */
export interface RecordAnalysis {
  line: number;
  time: number | undefined;
  /** The record's taxonomy fields (all of them in process; those the ordered stage reads when shipped from a worker). */
  fields: Partial<Record<LlmField, string>>;
  shape: TemplateShape | undefined;
  /** Plan indexes of the matching prompt-only rules, ascending (those the analyser runs: see `leavesToOrdered`). */
  contentMatched: readonly number[];
  /** Plan indexes of the other matching rules of the analysis, ascending. */
  otherMatched: readonly number[];
}

export interface RecordAnalyser {
  /** Analyses a record. The answer is reused by the next call: read it before then. */
  analyse(record: LogRecord): RecordAnalysis;
}

/** What a distinct prompt text gives, whatever record carries it. */
interface ContentResult {
  shape: TemplateShape | undefined;
  /** Indexes of the prompt-only rules that match the text. */
  matched: number[];
  /** The presence-keyed rules that match the text, per presence of the fields they test (a bit mask). */
  keyed: { mask: number; matched: number[] }[];
}

/** Longer texts are not cached: they rarely repeat, and the cache stays small. */
const MAX_CACHED_TEXT = 4000;
/** The cache's texts (prompts, and their templates about as long) stay under this many characters. */
const CACHED_CHARACTERS = 24_000_000;
/** Different system prompts remembered per prompt. */
const SYSTEMS_PER_PROMPT = 8;
/** Different field presences remembered per text. */
const MASKS_PER_TEXT = 8;
const NONE: readonly number[] = Object.freeze([]) as readonly number[];

/**
 * Creates an analyser; `cacheSize` distinct texts are remembered (about; 100 000 by default), and
 * no more than about CACHED_CHARACTERS characters of them. Without `describesTemplates` the
 * analyses have no template shape: the ordered stage describes the templates itself
 * (createOrderedPipeline's `describesTemplates`), beside a thread that only analyses. The
 * prompt-only rules in `leavesToOrdered` are not run: the ordered stage runs them
 * (createOrderedPipeline's `contentRules`).
 */
export function createRecordAnalyser(
  rules: StatsRules,
  cacheSize = 100_000,
  { describesTemplates = true, leavesToOrdered = [] }: { describesTemplates?: boolean; leavesToOrdered?: readonly number[] } = {},
): RecordAnalyser {
  const { scan, isPromptOnly, isOrdered, isPresenceKeyed, presenceKeyed, presenceFields, otherAlways, needsPrefilter } = rules;
  /** Per plan index: 1 for the prompt-only rules this analyser runs (the others are left to the ordered stage). */
  const runsContent = Uint8Array.from(isPromptOnly);
  for (const index of leavesToOrdered) runsContent[index] = 0;
  const cache = createTextCache<ContentResult>(cacheSize);
  const target: MatchTarget = { fields: {}, raw: undefined, gates: undefined };
  const otherMatched: number[] = [];
  const out: RecordAnalysis = { line: 0, time: undefined, fields: {}, shape: undefined, contentMatched: [], otherMatched };

  const openGates = createRecordGates(scan.gates);
  /**
   * The rules that may match a record: the item gates are opened from its prompt text (on the
   * target, so that closed items are not tested), and rules whose condition cannot hold with the
   * closed items false are left out.
   */
  const candidates = (fields: LogRecord['fields']): number[] => {
    const gates = openGates(fields);
    target.gates = gates;
    const out: number[] = [];
    for (let index = 0; index < scan.rules.length; index++) {
      if (isPromptOnly[index] && !runsContent[index]) continue;
      if ((scan.rules[index] as StatsRules['scan']['rules'][number]).compiled.mayMatch(gates)) out.push(index);
    }
    return out;
  };
  const matches = (index: number): boolean => (scan.rules[index] as StatsRules['scan']['rules'][number]).compiled.matches(target);
  const isOther = (index: number): boolean => !isPromptOnly[index] && !isOrdered[index] && !isPresenceKeyed[index];
  /** The presence-keyed rules that match the record, remembered with its text. */
  const keyedMatches = (content: ContentResult, fields: LogRecord['fields']): readonly number[] => {
    let mask = 0;
    for (let i = 0; i < presenceFields.length; i++) if (fields[presenceFields[i] as LlmField] !== undefined) mask |= 1 << i;
    for (const entry of content.keyed) if (entry.mask === mask) return entry.matched;
    const matched = presenceKeyed.filter(matches);
    if (content.keyed.length < MASKS_PER_TEXT) content.keyed.push({ mask, matched });
    return matched;
  };

  return {
    analyse(record) {
      const { system, prompt } = record.fields;
      target.fields = record.fields;
      target.raw = record.raw;
      // Gates are opened for this record's text only when its rules are picked (candidates).
      target.gates = undefined;
      let content = cache.get(system, prompt);
      let others: readonly number[] = otherAlways;
      if (!content) {
        const all = candidates(record.fields);
        content = { shape: describesTemplates ? describeTemplate(system, prompt) : undefined, matched: [], keyed: [] };
        for (const index of all) if (runsContent[index] && matches(index)) content.matched.push(index);
        others = all.filter(isOther);
        cache.set(system, prompt, content);
      } else if (needsPrefilter) {
        others = candidates(record.fields).filter(isOther);
      }
      // A presence-keyed rule is tested without the prefilter (which only ever skips rules that
      // cannot match), so that its result holds for every record with the same text and presences.
      const keyed = presenceKeyed.length > 0 ? keyedMatches(content, record.fields) : NONE;
      otherMatched.length = 0;
      let k = 0;
      for (const index of others) {
        while (k < keyed.length && (keyed[k] as number) < index) otherMatched.push(keyed[k++] as number);
        if (matches(index)) otherMatched.push(index);
      }
      while (k < keyed.length) otherMatched.push(keyed[k++] as number);
      out.line = record.line;
      out.time = record.time;
      out.fields = record.fields;
      out.shape = content.shape;
      out.contentMatched = content.matched;
      return out;
    },
  };
}

/**
 * A cache of what a request's text gives, keyed by the prompt, then the system prompt, in two
 * generations: lookups look in both, a hit in the older one moves to the newer, and when the newer
 * one is full (`size` / 2 texts, or CACHED_CHARACTERS / 2 characters) it becomes the older one.
 * Least recently used texts go first, without bookkeeping on each hit. Texts longer than
 * MAX_CACHED_TEXT are not kept: they rarely repeat, and the cache stays small.
 */
export interface TextCache<T> {
  get(system: string | undefined, prompt: string | undefined): T | undefined;
  set(system: string | undefined, prompt: string | undefined, value: T): void;
}

export function createTextCache<T>(size: number): TextCache<T> {
  type Entry = { system: string | undefined; value: T };
  const half = Math.max(1, Math.ceil(size / 2));
  const halfCharacters = CACHED_CHARACTERS / 2;
  let current = new Map<string | undefined, Entry[]>();
  let previous = new Map<string | undefined, Entry[]>();
  let characters = 0;
  const add = (prompt: string | undefined, entry: Entry): void => {
    const entries = current.get(prompt);
    if (entries) {
      if (entries.length < SYSTEMS_PER_PROMPT) {
        entries.push(entry);
        characters += entry.system?.length ?? 0;
      }
      return;
    }
    if (current.size >= half || characters >= halfCharacters) {
      previous = current;
      current = new Map();
      characters = 0;
    }
    current.set(prompt, [entry]);
    characters += (prompt?.length ?? 0) + (entry.system?.length ?? 0);
  };
  const find = (entries: Entry[] | undefined, system: string | undefined): Entry | undefined => {
    if (!entries) return undefined;
    for (const entry of entries) if (entry.system === system) return entry;
    return undefined;
  };
  const isKept = (system: string | undefined, prompt: string | undefined): boolean => (system?.length ?? 0) + (prompt?.length ?? 0) <= MAX_CACHED_TEXT;
  return {
    get(system, prompt) {
      if (!isKept(system, prompt)) return undefined;
      const found = find(current.get(prompt), system);
      if (found) return found.value;
      const old = find(previous.get(prompt), system);
      if (old) add(prompt, old);
      return old?.value;
    },
    set(system, prompt, value) {
      if (isKept(system, prompt)) add(prompt, { system, value });
    },
  };
}
