import { strict as assert } from 'node:assert';
import { activityOf, createAccountState, HOUR_MS, MODEL_SLOTS, recordActivity, recordSlot, recordValue } from '../../../src/core/stats/accounts';
import { addCount, forEachCount, namedCounts, NO_ENTRIES } from '../../../src/core/stats/counter';

const DAY = 24 * HOUR_MS;
const T0 = Date.UTC(2026, 10, 20);

describe('account state', () => {
  it('counts in a small array and moves to a Map when the table grows', () => {
    let table = addCount([], 7);
    table = addCount(table, 7, 2);
    table = addCount(table, 9);
    assert.deepEqual(table, [7, 3, 9, 1]);
    for (let key = 100; key < 200; key++) table = addCount(table, key);
    assert.ok(table instanceof Map);
    assert.equal(table.get(7), 3);
    let total = 0;
    forEachCount(table, (_, count) => (total += count));
    assert.equal(total, 104);
  });

  it('names counts largest first and sums keys that share a name', () => {
    const names: Record<number, string> = { 1: 'one', 2: 'two', 3: 'other', 4: 'other' };
    assert.deepEqual(Object.entries(namedCounts([1, 2, 2, 5, 3, 1, 4, 2], (key) => names[key] as string)), [['two', 5], ['other', 3], ['one', 2]]);
  });

  it('never loses a key seen more than total/slots times (Space-Saving)', () => {
    let slots: number[] = [];
    for (let i = 0; i < 10; i++) slots = recordSlot(slots, 1, true, 2);
    for (let key = 2; key < 10; key++) slots = recordSlot(slots, key, false, 2);
    // 18 keys over 2 slots: key 1, seen 10 > 18 / 2 times, stays with its exact count.
    assert.deepEqual(slots.slice(0, 3), [1, 10, 10]);
    // Each new key took over the other slot and inherited its count (an overestimate).
    assert.deepEqual(slots.slice(3), [9, 8, 0]);
  });

  it('remembers distinct infrastructure values up to the cap', () => {
    const state = createAccountState('a');
    for (const value of [1, 2, 2, 3, 4]) recordValue(state, 2, value, 3);
    assert.deepEqual(state.values[2], [1, 2, 3]);
    assert.deepEqual(state.values[0], []);
  });

  it('starts every account on the shared empty lists and never writes to them', () => {
    const a = createAccountState('a');
    const b = createAccountState('b');
    recordActivity(a, T0, 3);
    a.templates = recordSlot(a.templates, 7, true, 8);
    recordValue(a, 1, 5, 32);
    assert.equal(b.models, NO_ENTRIES);
    assert.equal(b.templates, NO_ENTRIES);
    assert.equal(b.values[1], NO_ENTRIES);
    assert.deepEqual(NO_ENTRIES, []);
    assert.deepEqual(a.models, [3, 1]);
    assert.deepEqual(a.templates, [7, 1, 1]);
    assert.deepEqual(a.values[1], [5]);
  });

  it('measures active hours per day, the busiest day and the peak hourly rate', () => {
    const state = createAccountState('a');
    for (let hour = 0; hour < 24; hour++) recordActivity(state, T0 + hour * HOUR_MS + 60_000, 0);
    for (let i = 0; i < 5; i++) recordActivity(state, T0 + DAY + 9 * HOUR_MS + i * 1000, 1);
    recordActivity(state, T0 + DAY + 17 * HOUR_MS, 0);
    recordActivity(state, undefined, 0);
    assert.deepEqual(activityOf(state.hours), { activeDays: 2, activeHoursPerDay: 13, maxActiveHoursInDay: 24, peakHourlyRate: 5 });
    assert.equal(state.requests, 31);
    assert.equal(state.first, T0 + 60_000);
    assert.equal(state.last, T0 + DAY + 17 * HOUR_MS);
    let keys = 0;
    forEachCount(state.hours, (key) => (keys += key % MODEL_SLOTS === 1 ? 1 : 0));
    assert.equal(keys, 1, 'the hour table keeps the model');
  });
});
