import { strict as assert } from 'node:assert';
import type { CompiledCondition, Comparison } from '../../../src/core/correlate/condition';
import { slideWindows, type SortedEvents, type WindowSpec, type WindowType } from '../../../src/core/correlate/windows';

const H = 3_600_000;

function spec(type: WindowType, comparisons: Comparison[], spanMs = H, ruleNames: string[] = ['a', 'b']): WindowSpec {
  const condition: CompiledCondition = { comparisons, isUpperBound: comparisons.every((c) => c.operator === 'lt' || c.operator === 'lte') };
  return { type, spanMs, condition, ruleNames };
}

const gte = (value: number): Comparison[] => [{ operator: 'gte', value }];

describe('correlation windows', () => {
  describe('event_count', () => {
    it('counts an event exactly one timespan after the first as inside the window', () => {
      const events: SortedEvents = { times: [0, 30 * 60_000, H] };
      assert.deepEqual(slideWindows(spec('event_count', gte(3)), events), [{ first: 0, last: 2, firedAt: 2, value: 3 }]);
    });

    it('does not count an event one millisecond past the timespan', () => {
      const events: SortedEvents = { times: [0, 30 * 60_000, H + 1] };
      assert.deepEqual(slideWindows(spec('event_count', gte(3)), events), []);
    });

    it('merges overlapping windows that hold into one hit with the largest count', () => {
      const times = [0, 10, 20, 30, 40].map((m) => m * 60_000);
      const hits = slideWindows(spec('event_count', gte(2), 15 * 60_000), { times });
      assert.deepEqual(hits, [{ first: 0, last: 4, firedAt: 1, value: 2 }]);
    });

    it('keeps windows apart when a gap longer than the timespan separates them', () => {
      const times = [0, 1, 2, 10 * H, 10 * H + 1, 10 * H + 2];
      const hits = slideWindows(spec('event_count', gte(3)), { times });
      assert.deepEqual(hits.map((h) => [h.first, h.last, h.value]), [[0, 2, 3], [3, 5, 3]]);
    });

    it('evaluates gt, lt, eq, neq and ranges on the trailing windows', () => {
      const times = [0, 1, 2, 3];
      const values = (comparisons: Comparison[]): number[] => slideWindows(spec('event_count', comparisons), { times }).map((h) => h.value);
      assert.deepEqual(values([{ operator: 'gt', value: 3 }]), [4]);
      assert.deepEqual(values([{ operator: 'gt', value: 4 }]), []);
      assert.deepEqual(values([{ operator: 'eq', value: 2 }]), [2]);
      assert.deepEqual(values([{ operator: 'neq', value: 4 }]), [3]);
      // An upper bound reports the smallest window value of the merged run.
      assert.deepEqual(values([{ operator: 'lt', value: 3 }]), [1]);
      assert.deepEqual(values([{ operator: 'gte', value: 2 }, { operator: 'lte', value: 3 }]), [3]);
    });
  });

  describe('value_count', () => {
    it('counts distinct values and ignores events without one', () => {
      const events: SortedEvents = { times: [0, 1, 2, 3, 4], values: [7, 7, 8, -1, 9] };
      assert.deepEqual(slideWindows(spec('value_count', gte(3)), events), [{ first: 0, last: 4, firedAt: 4, value: 3 }]);
      assert.deepEqual(slideWindows(spec('value_count', gte(4)), events), []);
    });

    it('forgets values that leave the window', () => {
      const events: SortedEvents = { times: [0, 2 * H, 2 * H + 1, 4 * H], values: [1, 2, 3, 1] };
      assert.deepEqual(slideWindows(spec('value_count', gte(3)), events), []);
      assert.deepEqual(slideWindows(spec('value_count', gte(2)), events).map((h) => [h.first, h.last]), [[1, 2]]);
    });
  });

  describe('value_sum and value_avg', () => {
    it('sums and averages the numeric values in the window', () => {
      const events: SortedEvents = { times: [0, 1, 2], numbers: [10, Number.NaN, 30] };
      assert.deepEqual(slideWindows(spec('value_sum', gte(40)), events).map((h) => h.value), [40]);
      assert.deepEqual(slideWindows(spec('value_avg', [{ operator: 'eq', value: 20 }]), events).map((h) => h.value), [20]);
    });
  });

  describe('temporal', () => {
    it('fires when every referenced rule has an event in the window, in any order', () => {
      const events: SortedEvents = { times: [0, 10, 20], masks: [0b10, 0b10, 0b01] };
      assert.deepEqual(slideWindows(spec('temporal', gte(2)), events), [{ first: 0, last: 2, firedAt: 2, value: 2 }]);
    });

    it('stays silent when one rule is missing or too far away', () => {
      assert.deepEqual(slideWindows(spec('temporal', gte(2)), { times: [0, 1], masks: [0b01, 0b01] }), []);
      assert.deepEqual(slideWindows(spec('temporal', gte(2)), { times: [0, H + 1], masks: [0b01, 0b10] }), []);
    });

    it('lets one event that matched both rules satisfy both', () => {
      assert.equal(slideWindows(spec('temporal', gte(2)), { times: [5], masks: [0b11] }).length, 1);
    });
  });

  describe('temporal_ordered', () => {
    const ordered = (times: number[], masks: number[], spanMs = H): [number, number][] =>
      slideWindows(spec('temporal_ordered', gte(2), spanMs), { times, masks }).map((h) => [h.first, h.last]);

    it('fires for the rules in the listed order', () => {
      assert.deepEqual(ordered([0, 10], [0b01, 0b10]), [[0, 1]]);
    });

    it('does not fire for the reverse order', () => {
      assert.deepEqual(ordered([0, 10], [0b10, 0b01]), []);
    });

    it('uses the latest start, so an early first event does not block a later sequence', () => {
      assert.deepEqual(ordered([0, 2 * H, 2 * H + 5], [0b01, 0b01, 0b10]), [[1, 2]]);
    });

    it('needs the sequence inside the timespan, the edge included', () => {
      assert.deepEqual(ordered([0, H], [0b01, 0b10]), [[0, 1]]);
      assert.deepEqual(ordered([0, H + 1], [0b01, 0b10]), []);
    });

    it('does not let one event fill two consecutive positions', () => {
      assert.deepEqual(ordered([0], [0b11]), []);
      assert.deepEqual(ordered([0, 1], [0b11, 0b11]), [[0, 1]]);
    });
  });

  it('never fires when the condition has an issue', () => {
    const broken: WindowSpec = { type: 'event_count', spanMs: H, ruleNames: [], condition: { comparisons: [], isUpperBound: false, issue: 'no condition' } };
    assert.deepEqual(slideWindows(broken, { times: [0, 1, 2] }), []);
  });
});
