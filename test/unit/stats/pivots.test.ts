import { strict as assert } from 'node:assert';
import { ALL_MODELS, MODEL_SLOTS } from '../../../src/core/stats/accounts';
import { BUCKET_MS, changePoint, detectPivot, type NewModel, type PivotOptions } from '../../../src/core/stats/pivots';

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 20, 10);
const MODEL: NewModel = { model: 'new-model', id: 1, firstSeen: T0 };
const OPTIONS: PivotOptions = { horizonMs: 48 * H, minRequests: 5, minShare: 0.05 };

/** Bucket series: `perBucket(b)` gives [requests, of which on the new model] for bucket b after T0. */
function series(perBucket: (b: number) => [number, number], buckets = 48 * 6): Map<number, number> {
  const out = new Map<number, number>();
  const first = Math.floor(T0 / BUCKET_MS);
  for (let b = 0; b < buckets; b++) {
    const [all, on] = perBucket(b);
    if (all > 0) out.set((first + b) * MODEL_SLOTS + ALL_MODELS, all);
    if (on > 0) out.set((first + b) * MODEL_SLOTS + MODEL.id, on);
  }
  return out;
}

/** A small deterministic generator, so that noisy series are the same on every run. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

describe('model pivots', () => {
  const outside = series(() => [10, 1]);

  it('finds the moment a campaign moves half its traffic to the new model, against everyone else', () => {
    const pivot = detectPivot(series((b) => [10, b >= 36 ? 5 : 0]), outside, MODEL, OPTIONS);
    assert.deepEqual(pivot, { model: 'new-model', firstSeen: T0, pivotAt: T0 + 6 * H, hoursAfterFirstSeen: 6, shareBefore: 0, shareAfter: 0.5, baselineShare: 0.1, baselineRequests: 1440, requestsAfter: 1440 });
  });

  it('finds the change within a bucket in noisy traffic, past a few early probes', () => {
    const random = lcg(7);
    const campaign = series((b) => {
      const all = 4 + Math.floor(random() * 6);
      let on = 0;
      for (let i = 0; i < all; i++) if (random() < (b >= 60 ? 0.45 : b === 3 ? 0.5 : 0)) on++;
      return [all, on];
    });
    const pivot = detectPivot(campaign, outside, MODEL, OPTIONS);
    assert.ok(pivot);
    assert.ok(Math.abs(pivot.pivotAt - (T0 + 10 * H)) <= BUCKET_MS, `pivot at ${(pivot.pivotAt - T0) / H} h`);
    assert.ok(pivot.shareAfter > 0.35 && pivot.shareAfter < 0.55);
  });

  it('reports a campaign that adopts the model from its first appearance at its first use', () => {
    const pivot = detectPivot(series((b) => [10, b >= 2 ? 3 : 0]), outside, MODEL, OPTIONS);
    assert.equal(pivot?.pivotAt, T0 + 2 * BUCKET_MS);
  });

  it('reports nothing for a campaign that barely or never uses the model', () => {
    assert.equal(detectPivot(series(() => [10, 0]), outside, MODEL, OPTIONS), undefined);
    assert.equal(detectPivot(series((b) => [10, b === 40 ? 4 : 0]), outside, MODEL, OPTIONS), undefined);
    assert.equal(detectPivot(series((b) => [100, b % 10 === 0 ? 1 : 0]), outside, MODEL, OPTIONS), undefined, 'a 0.1 % share is below minShare');
  });

  it('splits where a constant share before and after explains the counts best', () => {
    assert.equal(changePoint(Float64Array.from([10, 10, 10, 10]), Float64Array.from([0, 0, 5, 5])), 2);
    assert.equal(changePoint(Float64Array.from([10, 10, 10, 10]), Float64Array.from([5, 5, 5, 5])), 0);
    assert.equal(changePoint(Float64Array.from([10, 10, 10, 10]), Float64Array.from([5, 5, 0, 0])), 0, 'a move away from the model is not a pivot to it');
  });
});
