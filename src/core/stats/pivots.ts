// Model pivots: when did a campaign move its traffic to a model that first appeared during the
// logs, how much of it, and how does that compare with everyone else's traffic.
//
// The campaign's requests after the model's first appearance are counted in 10-minute buckets
// (all models, and the new one). The change point is the bucket boundary that best splits that
// sequence into two segments with a constant share each (maximum Bernoulli log-likelihood, with
// a log(n) penalty for splitting at all). `pivotAt` is the start of the first bucket, at or after
// the change point, in which the campaign used the model.

import { ALL_MODELS, MODEL_SLOTS } from './accounts';
import type { PivotSummary } from './types';

export const BUCKET_MS = 10 * 60_000;
const DAY_MS = 24 * 3_600_000;

export interface PivotOptions {
  /** How long after a model's first appearance traffic is followed (and a pivot can be found). */
  horizonMs: number;
  /** Campaign requests to the model needed before a pivot is reported. */
  minRequests: number;
  /** The campaign's share after the pivot needed before it is reported. */
  minShare: number;
}

export interface NewModel {
  model: string;
  id: number;
  firstSeen: number;
}

/** Counts keyed `bucket * MODEL_SLOTS + model`, with `ALL_MODELS` for the bucket's total. */
export type BucketSeries = ReadonlyMap<number, number>;

/** The campaign's pivot to `model`, or undefined when it did not use the model enough. */
export function detectPivot(campaign: BucketSeries, outside: BucketSeries, model: NewModel, options: PivotOptions): PivotSummary | undefined {
  const first = Math.floor(model.firstSeen / BUCKET_MS);
  const count = Math.ceil(options.horizonMs / BUCKET_MS) + 1;
  const totals = new Float64Array(count);
  const onModel = new Float64Array(count);
  let used = 0;
  for (let b = 0; b < count; b++) {
    totals[b] = campaign.get((first + b) * MODEL_SLOTS + ALL_MODELS) ?? 0;
    onModel[b] = campaign.get((first + b) * MODEL_SLOTS + model.id) ?? 0;
    used += onModel[b] as number;
  }
  if (used < options.minRequests) return undefined;
  const split = changePoint(totals, onModel);
  let pivot = split;
  while (pivot < count && (onModel[pivot] as number) === 0) pivot++;
  if (pivot === count) return undefined;
  const windowBuckets = Math.round(DAY_MS / BUCKET_MS);
  const after = shareOver(campaign, model.id, first + pivot, windowBuckets);
  if (after.share < options.minShare) return undefined;
  const pivotAt = Math.max(model.firstSeen, (first + pivot) * BUCKET_MS);
  const before = shareOver(campaign, model.id, first, split);
  const baseline = shareOver(outside, model.id, first + pivot, windowBuckets);
  return {
    model: model.model,
    firstSeen: model.firstSeen,
    pivotAt,
    hoursAfterFirstSeen: (pivotAt - model.firstSeen) / 3_600_000,
    shareBefore: before.share,
    shareAfter: after.share,
    baselineShare: baseline.share,
    baselineRequests: baseline.total,
    requestsAfter: after.total,
  };
}

/** The share of requests on `model` in `length` buckets from `start`. */
function shareOver(series: BucketSeries, model: number, start: number, length: number): { share: number; total: number } {
  let total = 0;
  let on = 0;
  for (let b = start; b < start + length; b++) {
    total += series.get(b * MODEL_SLOTS + ALL_MODELS) ?? 0;
    on += series.get(b * MODEL_SLOTS + model) ?? 0;
  }
  return { share: total === 0 ? 0 : on / total, total };
}

/**
 * The bucket index that starts the second segment (0 when one segment explains the data best),
 * among splits where the share rises.
 */
export function changePoint(totals: Float64Array, onModel: Float64Array): number {
  let n = 0;
  let m = 0;
  for (let b = 0; b < totals.length; b++) {
    n += totals[b] as number;
    m += onModel[b] as number;
  }
  let best = 0;
  let bestScore = logLikelihood(m, n) + Math.log(Math.max(n, 2));
  let n1 = 0;
  let m1 = 0;
  for (let tau = 1; tau < totals.length; tau++) {
    n1 += totals[tau - 1] as number;
    m1 += onModel[tau - 1] as number;
    const n2 = n - n1;
    const m2 = m - m1;
    if (n1 === 0 || n2 === 0 || m2 / n2 <= m1 / n1) continue;
    const score = logLikelihood(m1, n1) + logLikelihood(m2, n2);
    if (score > bestScore) {
      best = tau;
      bestScore = score;
    }
  }
  return best;
}

/** Log-likelihood of `m` successes in `n` trials at the maximum-likelihood share. */
function logLikelihood(m: number, n: number): number {
  if (n === 0 || m === 0 || m === n) return 0;
  const p = m / n;
  return m * Math.log(p) + (n - m) * Math.log(1 - p);
}
