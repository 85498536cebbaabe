// Scores a prompt with the extraction classifier, and says which features pushed the score up.

import { describeFeatures, listFeatures, normaliseText } from './features';
import type { ExtractionModel } from './model';

/**
 * A share of a score: a word (with the character n-grams inside it) or a pair of adjacent words,
 * its weights times its counts, scaled like the whole sum.
 */
export interface FeatureContribution {
  feature: string;
  contribution: number;
}

export interface ExtractionScore {
  /** The probability that the text asks for extraction (0..1). */
  score: number;
  /** Whether `score` reaches the model's threshold. */
  isFlagged: boolean;
  /** The largest positive contributions, largest first (empty unless asked for). */
  topFeatures: FeatureContribution[];
}

/** The logistic function: a logit to a probability. */
export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * The text a detector sees in a record: the system prompt, then the user turns (joined by a newline,
 * as the log readers join them into `prompt`). Either may be missing.
 */
export function detectorText(fields: { system?: string | undefined; prompt?: string | undefined }): string {
  const parts = [fields.system, fields.prompt].filter((part): part is string => typeof part === 'string' && part !== '');
  return parts.join('\n');
}

/**
 * The model's logit for an already normalised text. Feature counts are divided by the square root
 * of the number of features, so a long text is not flagged for its length alone; a text with a
 * word outside ASCII gets the model's `nonAsciiShift`, if it has one.
 */
export function extractionLogit(model: ExtractionModel, normalised: string): number {
  const { codes, count, hasNonAscii } = listFeatures(normalised, model.features);
  const weights = model.weights;
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const code = codes[i] as number;
    const weight = weights[code >>> 1] as number;
    sum += code & 1 ? -weight : weight;
  }
  const shift = hasNonAscii ? (model.nonAsciiShift ?? 0) : 0;
  return count === 0 ? model.bias : model.bias + shift + sum / Math.sqrt(count);
}

/** The words and word pairs behind a score, largest positive contribution first. */
export function topContributions(model: ExtractionModel, normalised: string, limit: number): FeatureContribution[] {
  const named = describeFeatures(normalised, model.features);
  if (named.length === 0) return [];
  const scale = 1 / Math.sqrt(named.length);
  const bySource = new Map<string, number>();
  for (const { source, slot, sign } of named) {
    bySource.set(source, (bySource.get(source) ?? 0) + sign * (model.weights[slot] as number) * scale);
  }
  return [...bySource]
    .filter(([, contribution]) => contribution > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([feature, contribution]) => ({ feature, contribution }));
}

/** Scores `text` (raw, as logged); `explain` asks for that many top features (slower; for hovers). */
export function scoreExtraction(model: ExtractionModel, text: string, options: { explain?: number } = {}): ExtractionScore {
  const normalised = normaliseText(text);
  const score = sigmoid(extractionLogit(model, normalised));
  const explain = options.explain ?? 0;
  return {
    score,
    isFlagged: score >= model.threshold,
    topFeatures: explain > 0 ? topContributions(model, normalised, explain) : [],
  };
}
