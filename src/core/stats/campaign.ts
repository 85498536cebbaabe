// The campaign accumulator: records stream in (in any order), compact per-account and per-template
// state builds up, and `finish` links accounts into campaigns and returns the plain-data statistics.

import { isNewSince, type LogContext } from '../correlate/derived';
import type { CorrelationResult, EventRef } from '../correlate/types';
import { LEVELS, type Level, type LlmField } from '../model';
import { ALL_MODELS, createAccountState, LINK_FIELDS, MODEL_SLOTS, OTHER_MODEL, recordActivity, recordSlot, recordValue, type AccountState } from './accounts';
import { assembleStats, type AccumulatedState, type ModelState, type RuleState, type TemplateState } from './assemble';
import { addCount, forEachCount, type CountTable } from './counter';
import { resolveCampaignOptions, type CampaignOptionsInput } from './options';
import { BUCKET_MS, type NewModel } from './pivots';
import { createRefKeeper } from './refs';
import type { TemplateRef } from './templates';
import type { CampaignStats } from './types';

/** A detection rule that matched a record, as the statistics need it. */
export interface MatchedRule {
  key: string;
  title?: string;
  level?: Level;
}

/** What the accumulator needs of one record (it keeps none of it). */
export interface StatsRecord {
  time?: number;
  fields: Partial<Record<LlmField, string>>;
  template?: TemplateRef;
  matched: readonly MatchedRule[];
  /** Where the record is; kept for the first records of each item when `refsPerItem` is above 0. */
  ref?: EventRef;
}

export interface CampaignAccumulator {
  add(record: StatsRecord): void;
  /** Links accounts and summarises; correlation findings mark their accounts and are attributed to campaigns. */
  finish(correlations?: CorrelationResult): CampaignStats;
}

const NO_MODEL = '(none)';
/** New models followed for pivots; each costs a little work per record near its release. */
const MAX_NEW_MODELS = 64;

/**
 * Creates an accumulator. `context` (the first pass over the logs) tells which models are new,
 * so that traffic around their release is counted finely enough to time a pivot.
 */
export function createCampaignAccumulator(input: CampaignOptionsInput & { context?: LogContext } = {}): CampaignAccumulator {
  const options = resolveCampaignOptions(input);
  const flagRank = LEVELS.indexOf(options.flagLevel);
  const state: AccumulatedState = {
    options,
    records: 0,
    timed: 0,
    flagged: 0,
    levels: {},
    accounts: [],
    modelNames: [],
    models: [],
    rules: [],
    templates: new Map(),
    templatesPruned: false,
    lineTexts: new Map(),
    valueNames: LINK_FIELDS.map(() => []),
    newModels: [],
    globalFine: new Map(),
  };
  if (options.refsPerItem > 0) state.refs = createRefKeeper(options.refsPerItem);
  const refs = state.refs;
  const accountIds = new Map<string, number>();
  const modelIds = new Map<string, number>();
  const ruleIds = new Map<string, number>();
  const valueIds = LINK_FIELDS.map(() => new Map<string, number>());
  const newModels = new Map<number, NewModel>();
  const horizon = options.pivot.horizonMs;

  const modelId = (name: string): number => {
    const known = modelIds.get(name);
    if (known !== undefined) return known;
    if (modelIds.size >= OTHER_MODEL) {
      if (!state.models[OTHER_MODEL]) addModel(OTHER_MODEL, '(other models)');
      return OTHER_MODEL;
    }
    const id = modelIds.size;
    modelIds.set(name, id);
    addModel(id, name);
    if (isNewModel(name) && newModels.size < MAX_NEW_MODELS) {
      const entry = { model: name, id, firstSeen: input.context?.modelFirstSeen.get(name) as number };
      newModels.set(id, entry);
      state.newModels.push(entry);
    }
    return id;
  };
  function isNewModel(name: string): boolean {
    const first = input.context?.modelFirstSeen.get(name);
    const start = input.context?.start;
    return first !== undefined && start !== undefined && isNewSince(first, start);
  }
  const addModel = (id: number, name: string): void => {
    state.modelNames[id] = name;
    state.models[id] = { requests: 0, flagged: 0, first: Number.POSITIVE_INFINITY, last: Number.NEGATIVE_INFINITY };
  };
  // Models that appear after the logs start are known up front, so that traffic around their
  // release is counted finely even when records arrive out of time order.
  for (const name of input.context?.modelFirstSeen.keys() ?? []) {
    if (isNewModel(name)) modelId(name);
  }
  const ruleId = (rule: MatchedRule): number => {
    let id = ruleIds.get(rule.key);
    if (id === undefined) {
      id = ruleIds.size;
      ruleIds.set(rule.key, id);
      const entry: RuleState = { key: rule.key, count: 0, isFlagging: isFlagging(rule.level) };
      if (rule.title !== undefined) entry.title = rule.title;
      if (rule.level !== undefined) entry.level = rule.level;
      state.rules.push(entry);
    }
    return id;
  };
  const isFlagging = (level: Level | undefined): boolean => level !== undefined && LEVELS.indexOf(level) >= flagRank;
  const accountOf = (id: string): AccountState => {
    let index = accountIds.get(id);
    if (index === undefined) {
      index = state.accounts.length;
      accountIds.set(id, index);
      state.accounts.push(createAccountState(id));
    }
    return state.accounts[index] as AccountState;
  };
  const valueId = (field: number, text: string): number => {
    const ids = valueIds[field] as Map<string, number>;
    let id = ids.get(text);
    if (id === undefined) {
      id = ids.size;
      ids.set(text, id);
      (state.valueNames[field] as string[]).push(text);
    }
    return id;
  };
  const countFine = (table: CountTable | undefined, time: number, model: number): CountTable | undefined => {
    let out = table;
    let isNear = false;
    for (const release of newModels.values()) {
      if (time < release.firstSeen || time > release.firstSeen + horizon) continue;
      isNear = true;
      if (release.id === model) out = addCount(out ?? [], Math.floor(time / BUCKET_MS) * MODEL_SLOTS + model);
    }
    return isNear ? addCount(out ?? [], Math.floor(time / BUCKET_MS) * MODEL_SLOTS + ALL_MODELS) : out;
  };

  return {
    add(record) {
      state.records++;
      const time = record.time !== undefined && Number.isFinite(record.time) ? record.time : undefined;
      if (time !== undefined) state.timed++;
      const place = refs && record.ref ? refs.place(record.ref) : -1;
      let highest = -1;
      const flaggingRules: number[] = [];
      for (const rule of record.matched) {
        const id = ruleId(rule);
        (state.rules[id] as RuleState).count++;
        if (place >= 0) refs?.rule(id, place);
        const rank = rule.level === undefined ? -1 : LEVELS.indexOf(rule.level);
        if (rank >= flagRank) {
          flaggingRules.push(id);
          highest = Math.max(highest, rank);
        }
      }
      const isFlagged = highest >= 0;
      if (isFlagged) {
        state.flagged++;
        const level = LEVELS[highest] as Level;
        state.levels[level] = (state.levels[level] ?? 0) + 1;
      }
      const model = modelId(record.fields.model ?? NO_MODEL);
      countModel(state.models[model] as ModelState, time, isFlagged);
      if (time !== undefined) countGlobalFine(state, countFine(undefined, time, model));
      if (record.template) {
        countTemplate(state, record.template, time, isFlagged, options.maxTemplates);
        if (place >= 0 && state.templates.has(record.template.key)) refs?.template(record.template.key, place);
      }
      const accountName = record.fields.account_id;
      if (accountName === undefined) return;
      const account = accountOf(accountName);
      if (place >= 0) refs?.account(accountIds.get(accountName) as number, place);
      recordActivity(account, time, model);
      if (isFlagged) account.flagged++;
      for (const id of flaggingRules) account.rules = addCount(account.rules, id);
      if (time !== undefined) {
        const fine = countFine(account.fine, time, model);
        if (fine) account.fine = fine;
      }
      if (record.template) {
        account.templates = recordSlot(account.templates, record.template.key, isFlagged, options.templateSlots);
        for (const line of record.template.lines) {
          account.lines = recordSlot(account.lines, line.key, isFlagged, options.lineSlots);
          if (state.lineTexts.size < options.maxTemplates && !state.lineTexts.has(line.key)) state.lineTexts.set(line.key, line.text.slice(0, 240));
        }
      }
      LINK_FIELDS.forEach((field, i) => {
        const text = record.fields[field];
        if (text !== undefined && text !== '') recordValue(account, i, valueId(i, text), options.valuesPerAccount);
      });
    },
    finish: (correlations) => assembleStats(state, correlations),
  };
}

function countModel(model: ModelState, time: number | undefined, isFlagged: boolean): void {
  model.requests++;
  if (isFlagged) model.flagged++;
  if (time === undefined) return;
  if (time < model.first) model.first = time;
  if (time > model.last) model.last = time;
}

function countGlobalFine(state: AccumulatedState, fine: CountTable | undefined): void {
  if (fine) forEachCount(fine, (key, count) => state.globalFine.set(key, (state.globalFine.get(key) ?? 0) + count));
}

function countTemplate(state: AccumulatedState, template: TemplateRef, time: number | undefined, isFlagged: boolean, max: number): void {
  let entry = state.templates.get(template.key);
  if (!entry) {
    entry = { id: template.id, text: template.text.slice(0, 240), requests: 0, flagged: 0, first: Number.POSITIVE_INFINITY, last: Number.NEGATIVE_INFINITY };
    state.templates.set(template.key, entry);
    if (state.templates.size > 2 * max) pruneTemplates(state, max);
  }
  const kept = state.templates.get(template.key);
  if (!kept) return;
  kept.requests++;
  if (isFlagged) kept.flagged++;
  if (time !== undefined) {
    if (time < kept.first) kept.first = time;
    if (time > kept.last) kept.last = time;
  }
}

/** Keeps the `max` most requested templates (ties: the earliest seen). */
function pruneTemplates(state: AccumulatedState, max: number): void {
  const kept = [...state.templates].sort((a, b) => b[1].requests - a[1].requests).slice(0, max);
  state.templates = new Map<number, TemplateState>(kept);
  state.templatesPruned = true;
  state.refs?.retainTemplates(state.templates);
}
