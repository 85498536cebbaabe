// Per-account state, kept compact because a log can hold millions of accounts: counts, first and
// last seen, small count tables keyed by interned ids, a few template slots and infrastructure values.

import { addCount, appended, forEachCount, namedCounts, NO_ENTRIES, type CountTable } from './counter';
import type { AccountSummary, LinkField } from './types';

/** Model ids are packed with hour or bucket numbers into one key: `unit * MODEL_SLOTS + model`. */
export const MODEL_SLOTS = 4096;
/** The model id that stands for "all models" in the fine pivot buckets. */
export const ALL_MODELS = MODEL_SLOTS - 1;
/** The model id shared by every model after the first 4094 distinct ones. */
export const OTHER_MODEL = MODEL_SLOTS - 2;
export const HOUR_MS = 3_600_000;

/** The infrastructure fields remembered per account, in this order in `AccountState.values`. */
export const LINK_FIELDS: readonly Exclude<LinkField, 'template_line'>[] = ['payment_fingerprint', 'api_key_id', 'ip', 'org_id'];

export interface AccountState {
  id: string;
  requests: number;
  flagged: number;
  first: number;
  last: number;
  models: CountTable;
  /** Flagging rule id → matches. */
  rules: CountTable;
  /** `hour * MODEL_SLOTS + model` → requests. */
  hours: CountTable;
  /** Near new-model releases only: `tenMinuteBucket * MODEL_SLOTS + (model | ALL_MODELS)` → requests. */
  fine?: CountTable;
  /** Space-saving slots: `[templateKey, count, flagged]` triples for the most frequent templates. */
  templates: number[];
  /** Space-saving slots: `[lineKey, count, flagged]` triples for the most frequent template lines (the account's profile). */
  lines: number[];
  /** Per link field (index into LINK_FIELDS): distinct interned value ids, up to the cap. */
  values: number[][];
}

export function createAccountState(id: string): AccountState {
  return {
    id,
    requests: 0,
    flagged: 0,
    first: Number.POSITIVE_INFINITY,
    last: Number.NEGATIVE_INFINITY,
    models: NO_ENTRIES,
    rules: NO_ENTRIES,
    hours: NO_ENTRIES,
    templates: NO_ENTRIES,
    lines: NO_ENTRIES,
    values: [NO_ENTRIES, NO_ENTRIES, NO_ENTRIES, NO_ENTRIES],
  };
}

/**
 * Counts a key in `[key, count, flagged]` slots; returns the slots to keep (the same array, or a
 * longer one). When the slots are full, the least used slot is taken over and keeps its count
 * (Space-Saving): a frequent key is never lost, and counts can only be overestimated, by at most
 * the smallest slot's count.
 */
export function recordSlot(t: number[], key: number, isFlagged: boolean, slots: number): number[] {
  let smallest = -1;
  for (let i = 0; i < t.length; i += 3) {
    if (t[i] === key) {
      t[i + 1] = (t[i + 1] as number) + 1;
      if (isFlagged) t[i + 2] = (t[i + 2] as number) + 1;
      return t;
    }
    if (smallest < 0 || (t[i + 1] as number) < (t[smallest + 1] as number)) smallest = i;
  }
  if (t.length < slots * 3) return appended(t, key, 1, isFlagged ? 1 : 0);
  t[smallest] = key;
  t[smallest + 1] = (t[smallest + 1] as number) + 1;
  t[smallest + 2] = isFlagged ? 1 : 0;
  return t;
}

/** Remembers a distinct infrastructure value of the account, up to `cap` per field (later ones are not linked). */
export function recordValue(state: AccountState, field: number, value: number, cap: number): void {
  const list = state.values[field] as number[];
  if (list.length < cap && !list.includes(value)) state.values[field] = appended(list, value);
}

export function recordActivity(state: AccountState, time: number | undefined, model: number): void {
  state.requests++;
  state.models = addCount(state.models, model);
  if (time === undefined) return;
  if (time < state.first) state.first = time;
  if (time > state.last) state.last = time;
  state.hours = addCount(state.hours, Math.floor(time / HOUR_MS) * MODEL_SLOTS + model);
}

export interface Activity {
  activeDays: number;
  activeHoursPerDay: number;
  maxActiveHoursInDay: number;
  peakHourlyRate: number;
}

/** Round-the-clock measures from the hour table. */
export function activityOf(hours: CountTable): Activity {
  const perHour = new Map<number, number>();
  forEachCount(hours, (key, count) => {
    const hour = Math.floor(key / MODEL_SLOTS);
    perHour.set(hour, (perHour.get(hour) ?? 0) + count);
  });
  const perDay = new Map<number, number>();
  let peakHourlyRate = 0;
  for (const [hour, count] of perHour) {
    perDay.set(Math.floor(hour / 24), (perDay.get(Math.floor(hour / 24)) ?? 0) + 1);
    peakHourlyRate = Math.max(peakHourlyRate, count);
  }
  let total = 0;
  let maxActiveHoursInDay = 0;
  for (const active of perDay.values()) {
    total += active;
    maxActiveHoursInDay = Math.max(maxActiveHoursInDay, active);
  }
  const activeDays = perDay.size;
  return { activeDays, activeHoursPerDay: activeDays === 0 ? 0 : total / activeDays, maxActiveHoursInDay, peakHourlyRate };
}

export interface AccountNames {
  model(id: number): string;
  rule(id: number): string;
}

/** The plain-data summary of an account. */
export function summariseAccount(state: AccountState, names: AccountNames, extra: { campaign?: string; isSuspicious: boolean }): AccountSummary {
  const infrastructure: AccountSummary['infrastructure'] = {};
  LINK_FIELDS.forEach((field, i) => {
    const count = (state.values[i] as number[]).length;
    if (count > 0) infrastructure[field] = count;
  });
  const summary: AccountSummary = {
    id: state.id,
    requests: state.requests,
    flaggedRequests: state.flagged,
    flaggedShare: state.requests === 0 ? 0 : state.flagged / state.requests,
    rules: namedCounts(state.rules, names.rule),
    models: namedCounts(state.models, names.model),
    ...activityOf(state.hours),
    infrastructure,
    isSuspicious: extra.isSuspicious,
  };
  if (Number.isFinite(state.first)) summary.firstSeen = state.first;
  if (Number.isFinite(state.last)) summary.lastSeen = state.last;
  if (extra.campaign !== undefined) summary.campaign = extra.campaign;
  return summary;
}
