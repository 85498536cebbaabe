// Training the extraction classifier: texts → sparse rows → a fitted model, and the threshold
// chosen by cross-validation over whole source sets (so each fold scores a writer it never saw).

import { listFeatures, normaliseText, type FeatureOptions } from '../../src/core/classify/features';
import { parseModel, toModelJson, type ExtractionModel } from '../../src/core/classify/model';
import { extractionLogit, sigmoid } from '../../src/core/classify/score';
import type { LabelledText } from './data';
import { fitLogistic, type SparseRow } from './logistic';

/** The weights' rounding step in the model file. */
export const WEIGHT_STEP = 1e-3;

export interface TrainOptions {
  features: FeatureOptions;
  /** Also score each line (or sentence) alone and keep the highest score: an ask buried in a long job. */
  segments?: 'none' | 'lines' | 'sentences';
  /** Scores a multi-turn record as the larger of the whole text's score and its last user turn's. */
  lastTurn?: boolean;
  l2: number;
  /** The largest share of benign training texts that cross-validation may flag (0.01 = 1 %). */
  benignBudget: number;
  folds: number;
  /** How many weights the model keeps (the largest in magnitude); the rest become 0. */
  keep?: number;
  /**
   * Chooses the threshold on plain-ASCII texts alone, and a logit shift for texts with a word
   * outside ASCII at the same benign budget among them (their scores run lower on words the
   * training sets hold in few examples per language).
   */
  thresholdPerScript?: boolean;
}

/** The features of one text, merged by slot and scaled as `extractionLogit` scales them. */
export function toRow(item: LabelledText, features: FeatureOptions, weight: number): SparseRow {
  const bySlot = new Map<number, number>();
  const { codes, count } = listFeatures(normaliseText(item.text), features);
  for (let i = 0; i < count; i++) {
    const code = codes[i] as number;
    bySlot.set(code >>> 1, (bySlot.get(code >>> 1) ?? 0) + (code & 1 ? -1 : 1));
  }
  const scale = count === 0 ? 0 : 1 / Math.sqrt(count);
  const slots = [...bySlot.keys()].sort((a, b) => a - b);
  return {
    slots: Int32Array.from(slots),
    values: Float32Array.from(slots, (slot) => (bySlot.get(slot) as number) * scale),
    label: item.label,
    weight,
  };
}

/** Fits a model to the texts, each class weighing as much as the other in total. */
export function trainModel(items: LabelledText[], options: TrainOptions, threshold = 0.5, nonAsciiShift = 0): ExtractionModel {
  const positives = items.filter((item) => item.label === 1).length;
  const negatives = items.length - positives;
  const rows = items.map((item) => toRow(item, options.features, item.label === 1 ? 0.5 / positives : 0.5 / negatives));
  const fitted = fitLogistic(rows, { dimensions: 1 << options.features.bits, l2: options.l2 });
  const model: ExtractionModel = { features: options.features, bias: fitted.bias, weights: Float32Array.from(fitted.weights), threshold };
  if (nonAsciiShift !== 0) model.nonAsciiShift = nonAsciiShift;
  return options.keep === undefined ? model : compactModel(model, options.keep);
}

/** The model as it ships: through its JSON form (pruned, rounded) and back. */
export function compactModel(model: ExtractionModel, keep: number): ExtractionModel {
  const parsed = parseModel(toModelJson(model, { weightStep: WEIGHT_STEP, keep }));
  if (!parsed.value) throw new Error(`a trained model does not read back: ${parsed.problems.map((p) => p.message).join('; ')}`);
  return parsed.value;
}

/** The model's probability for a raw text; with `segments`, the best of the whole and each piece of 12+ characters. */
export function probability(model: ExtractionModel, text: string, segments: TrainOptions['segments'] = 'none'): number {
  const normalised = normaliseText(text);
  let best = extractionLogit(model, normalised);
  if (segments === 'none') return sigmoid(best);
  const pieces = normalised.split(segments === 'lines' ? /\n+/ : /(?<=[.!?。！？])\s+|\n+/);
  if (pieces.length > 1) for (const piece of pieces) if (piece.trim().length >= 12) best = Math.max(best, extractionLogit(model, piece));
  return sigmoid(best);
}

/** The probability of one labelled text as the options score it. */
export function scoreItem(model: ExtractionModel, item: LabelledText, options: TrainOptions): number {
  const whole = probability(model, item.text, options.segments);
  return options.lastTurn && item.lastTurn !== undefined ? Math.max(whole, probability(model, item.lastTurn, options.segments)) : whole;
}

/** Splits the sources into `folds` groups of similar size (largest first, each to the smallest fold). */
export function assignFolds(items: LabelledText[], folds: number): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const item of items) sizes.set(item.source, (sizes.get(item.source) ?? 0) + 1);
  const bySize = [...sizes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const load = new Array<number>(folds).fill(0);
  const fold = new Map<string, number>();
  for (const [source, size] of bySize) {
    const smallest = load.indexOf(Math.min(...load));
    fold.set(source, smallest);
    load[smallest] = (load[smallest] as number) + size;
  }
  return fold;
}

export interface CrossValidation {
  /** Out-of-fold probability of each item, in input order (with `nonAsciiShift` applied). */
  scores: number[];
  /** The lowest threshold that flags at most `benignBudget` of the benign items out of fold. */
  threshold: number;
  /** The logit shift for texts with a word outside ASCII (0 unless `thresholdPerScript`). */
  nonAsciiShift: number;
}

/** The lowest threshold at which at most `budget` (a share) of the benign items' scores reach it. */
export function thresholdFor(items: LabelledText[], scores: number[], budget: number): number {
  const benign = scores.filter((_, i) => items[i]?.label === 0).sort((a, b) => b - a);
  const allowed = Math.floor(benign.length * budget);
  // Just above the (allowed+1)-th highest benign score, so that at most `allowed` reach it.
  return Math.min(0.999999, Math.max(1e-6, (benign[allowed] ?? 0) + 1e-9));
}

/** Scores every item with a model trained on the folds that do not hold its source. */
export function crossValidate(items: LabelledText[], options: TrainOptions): CrossValidation {
  const fold = assignFolds(items, options.folds);
  const scores = new Array<number>(items.length).fill(0);
  for (let k = 0; k < options.folds; k++) {
    const model = trainModel(items.filter((item) => fold.get(item.source) !== k), options);
    items.forEach((item, i) => {
      if (fold.get(item.source) === k) scores[i] = scoreItem(model, item, options);
    });
  }
  if (!options.thresholdPerScript) return { scores, threshold: thresholdFor(items, scores, options.benignBudget), nonAsciiShift: 0 };
  const isOther = items.map((item) => listFeatures(normaliseText(item.text), options.features).hasNonAscii);
  const { threshold, nonAsciiShift } = perScriptThreshold(items, scores, isOther, options.benignBudget);
  return { scores: shiftScores(scores, isOther, nonAsciiShift), threshold, nonAsciiShift };
}

/**
 * The threshold of the items not marked `isOther`, each group at `budget`, and the logit shift
 * that moves the other group's threshold onto it.
 */
export function perScriptThreshold(items: LabelledText[], scores: number[], isOther: boolean[], budget: number): { threshold: number; nonAsciiShift: number } {
  const group = (other: boolean): number => {
    const chosen = isOther.flatMap((flag, i) => (flag === other ? [i] : []));
    return thresholdFor(chosen.map((i) => items[i] as LabelledText), chosen.map((i) => scores[i] as number), budget);
  };
  const threshold = group(false);
  return { threshold, nonAsciiShift: logit(threshold) - logit(group(true)) };
}

/** The scores with `shift` added to the logits of the items marked `isOther`. */
export function shiftScores(scores: number[], isOther: boolean[], shift: number): number[] {
  return scores.map((score, i) => (isOther[i] ? sigmoid(logit(score) + shift) : score));
}

function logit(p: number): number {
  const clamped = Math.min(1 - 1e-9, Math.max(1e-9, p));
  return Math.log(clamped / (1 - clamped));
}
