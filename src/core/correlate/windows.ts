// Sliding windows over one group's events, sorted by time: which windows satisfy the condition.
//
// A window is closed: two events belong to the same window when their times differ by at most
// the timespan. Every event ends one trailing window (the events at most `timespan` before it),
// which covers every set of events that fits in a timespan; overlapping windows that hold the
// condition are merged into one hit.

import { compare, holdsExpression, type CompiledCondition } from './condition';

export type WindowType = 'event_count' | 'value_count' | 'temporal' | 'temporal_ordered' | 'value_sum' | 'value_avg';

export interface WindowSpec {
  type: WindowType;
  spanMs: number;
  condition: CompiledCondition;
  /** Names of the referenced rules, by position (bit `p` of an event's mask is position `p`). */
  ruleNames: readonly string[];
}

/** One group's events in time order; the optional columns are parallel to `times`. */
export interface SortedEvents {
  times: ArrayLike<number>;
  /** value_count: an id per distinct value, or -1 when the event has none. */
  values?: ArrayLike<number>;
  /** value_sum / value_avg: the numeric value, or NaN. */
  numbers?: ArrayLike<number>;
  /** temporal types: bit p set when the event matched the rule at position p. */
  masks?: ArrayLike<number>;
}

/** A run of overlapping windows that held the condition: event indexes `first..last` (inclusive). */
export interface WindowHit {
  first: number;
  last: number;
  /** Index of the event that completed the first window that held. */
  firedAt: number;
  /** The telling value over the merged windows: the largest, or the smallest for upper bounds. */
  value: number;
}

interface WindowState {
  add(index: number): void;
  remove(index: number): void;
  value(): number;
  holds(value: number): boolean;
}

/** The hits of one group; `events` must be sorted by time. */
export function slideWindows(spec: WindowSpec, events: SortedEvents): WindowHit[] {
  if (spec.condition.issue) return [];
  if (spec.type === 'temporal_ordered') return orderedHits(spec, events);
  const state = createState(spec, events);
  const hits: WindowHit[] = [];
  const { times } = events;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    state.add(end);
    while ((times[end] as number) - (times[start] as number) > spec.spanMs) state.remove(start++);
    const value = state.value();
    if (state.holds(value)) addHit(hits, start, end, value, spec.condition.isUpperBound);
  }
  return hits;
}

function addHit(hits: WindowHit[], first: number, last: number, value: number, isUpperBound: boolean): void {
  const current = hits[hits.length - 1];
  if (current && first <= current.last) {
    current.last = last;
    current.value = isUpperBound ? Math.min(current.value, value) : Math.max(current.value, value);
    return;
  }
  hits.push({ first, last, firedAt: last, value });
}

function createState(spec: WindowSpec, events: SortedEvents): WindowState {
  const { comparisons } = spec.condition;
  const holds = (value: number): boolean => compare(comparisons, value);
  switch (spec.type) {
    case 'event_count': {
      let count = 0;
      return { add: () => count++, remove: () => count--, value: () => count, holds };
    }
    case 'value_count':
      return distinctState(events.values ?? [], holds);
    case 'value_sum':
    case 'value_avg':
      return numericState(events.numbers ?? [], spec.type === 'value_avg', holds);
    default:
      return temporalState(spec, events.masks ?? []);
  }
}

function distinctState(values: ArrayLike<number>, holds: (value: number) => boolean): WindowState {
  const counts = new Map<number, number>();
  return {
    add(index) {
      const value = values[index] as number;
      if (value >= 0) counts.set(value, (counts.get(value) ?? 0) + 1);
    },
    remove(index) {
      const value = values[index] as number;
      if (value < 0) return;
      const left = (counts.get(value) ?? 1) - 1;
      if (left === 0) counts.delete(value);
      else counts.set(value, left);
    },
    value: () => counts.size,
    holds,
  };
}

function numericState(numbers: ArrayLike<number>, isAverage: boolean, holds: (value: number) => boolean): WindowState {
  let sum = 0;
  let count = 0;
  const change = (index: number, sign: number): void => {
    const value = numbers[index] as number;
    if (Number.isNaN(value)) return;
    sum += sign * value;
    count += sign;
  };
  return {
    add: (index) => change(index, 1),
    remove: (index) => change(index, -1),
    value: () => (isAverage ? (count === 0 ? Number.NaN : sum / count) : sum),
    holds: (value) => !Number.isNaN(value) && count > 0 && holds(value),
  };
}

/** Temporal: how many of the referenced rules have an event in the window. */
function temporalState(spec: WindowSpec, masks: ArrayLike<number>): WindowState {
  const perRule = new Array<number>(spec.ruleNames.length).fill(0);
  let present = 0;
  const change = (index: number, sign: number): void => {
    const mask = masks[index] as number;
    for (let p = 0; p < perRule.length; p++) {
      if (!(mask & (1 << p))) continue;
      const before = perRule[p] as number;
      perRule[p] = before + sign;
      if (before === 0 && sign > 0) present++;
      if (before === 1 && sign < 0) present--;
    }
  };
  const { expression, comparisons } = spec.condition;
  const isPresent = (name: string): boolean => spec.ruleNames.some((candidate, p) => candidate === name && (perRule[p] as number) > 0);
  return {
    add: (index) => change(index, 1),
    remove: (index) => change(index, -1),
    value: () => present,
    holds: (value) => (expression ? holdsExpression(expression, isPresent, spec.ruleNames) : compare(comparisons, value)),
  };
}

/**
 * Temporal ordered: an event of the first rule, then one of the second, … each strictly later in
 * (time, input) order, all within the timespan. For each prefix of the rule list it keeps the
 * latest start of a chain that ends at or before the current event, which leaves the most room.
 */
function orderedHits(spec: WindowSpec, events: SortedEvents): WindowHit[] {
  const { times } = events;
  const masks = events.masks ?? [];
  const k = spec.ruleNames.length;
  const latestStart = new Array<number>(k).fill(Number.NEGATIVE_INFINITY);
  const hits: WindowHit[] = [];
  for (let j = 0; j < times.length; j++) {
    const time = times[j] as number;
    const mask = masks[j] as number;
    let completedStart = Number.NEGATIVE_INFINITY;
    // Longest prefix first, so that one event never fills two consecutive positions.
    for (let p = k - 1; p >= 0; p--) {
      if (!(mask & (1 << p))) continue;
      const start = p === 0 ? time : (latestStart[p - 1] as number);
      if (time - start > spec.spanMs) continue;
      if (start > (latestStart[p] as number)) latestStart[p] = start;
      if (p === k - 1) completedStart = Math.max(completedStart, start);
    }
    if (completedStart === Number.NEGATIVE_INFINITY) continue;
    const first = lowerBound(times, completedStart, j);
    const value = k;
    if (spec.condition.expression || compare(spec.condition.comparisons, value)) addHit(hits, first, j, value, false);
  }
  return hits;
}

/** The first index in `times[0..end]` whose time is at least `time`. */
function lowerBound(times: ArrayLike<number>, time: number, end: number): number {
  let low = 0;
  let high = end;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((times[middle] as number) < time) low = middle + 1;
    else high = middle;
  }
  return low;
}
