// The extraction classifier's model: its JSON form, and reading that form into weights with
// problems for anything malformed (a model file is input like any other; this never throws).

import type { Parsed, Problem } from '../model';
import { makeProblem, quote, type CheckMeta } from '../problems';
import type { ConceptLexicon } from './concepts';
import type { FeatureOptions } from './features';

export const MODEL_FORMAT = 'promptsift-extraction-classifier';
export const MODEL_VERSION = 1;

/** A logistic regression over hashed features, ready to score. */
export interface ExtractionModel {
  features: FeatureOptions;
  bias: number;
  /** One weight per slot of the feature space (2^bits), zero where the file has none. */
  weights: Float32Array;
  /** The probability at or above which a text counts as extraction. */
  threshold: number;
  /**
   * Added to the logit of a text with a word outside ASCII, so that one threshold flags the same
   * share of benign texts in either group (cross-validated; 0 or missing: no shift).
   */
  nonAsciiShift?: number;
}

/** The JSON a model is stored as: sparse weights, slots delta-coded, weights as integers × `weightStep`. */
export interface ModelJson {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_VERSION;
  features: FeatureOptions;
  bias: number;
  threshold: number;
  nonAsciiShift?: number;
  weightStep: number;
  slots: number[];
  weights: number[];
  /** Free-form notes from training (data, date, figures); not read when scoring. */
  trainedOn?: unknown;
}

const check: CheckMeta = {
  id: 'classifier-model',
  severity: 'error',
  description: 'The extraction classifier model must be a well-formed model JSON.',
  messages: {
    notObject: 'The model must be a JSON object, not {{value}}.',
    format: 'The model format must be "{{expected}}", not {{value}}.',
    version: 'The model version must be {{expected}}, not {{value}}.',
    field: 'The model field "{{field}}" must be {{expected}}, not {{value}}.',
    lengths: 'The model has {{slots}} slots but {{weights}} weights; they must pair up.',
    slot: 'Weight {{position}} falls on slot {{value}}, outside 0..{{last}} or not after the previous one.',
  },
};

const NOWHERE = { start: 0, end: 0 };

function problem(messageId: string, data: Record<string, string>): Problem {
  return makeProblem(check, messageId, NOWHERE, data);
}

function fieldProblem(field: string, expected: string, value: unknown): Problem {
  return problem('field', { field, expected, value: quote(value) });
}

const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isInteger = (value: unknown): value is number => Number.isSafeInteger(value);

function isRange(value: unknown): value is [number, number] {
  return Array.isArray(value) && value.length === 2 && isInteger(value[0]) && isInteger(value[1]) &&
    value[0] >= 1 && value[0] <= value[1] && value[1] <= 8;
}

function isLexicon(value: unknown): value is ConceptLexicon {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every((entries) => Array.isArray(entries) &&
    entries.every((entry) => typeof entry === 'string' && entry.trim().length > 0 && entry.length <= 100));
}

function readFeatures(value: unknown, problems: Problem[]): FeatureOptions | undefined {
  if (typeof value !== 'object' || value === null) {
    problems.push(fieldProblem('features', 'an object', value));
    return undefined;
  }
  const { bits, wordBigrams, chars, denseChars, otherChars, concepts } = value as Record<string, unknown>;
  const before = problems.length;
  if (!isInteger(bits) || bits < 8 || bits > 24) problems.push(fieldProblem('features.bits', 'an integer from 8 to 24', bits));
  if (typeof wordBigrams !== 'boolean') problems.push(fieldProblem('features.wordBigrams', 'true or false', wordBigrams));
  if (chars !== null && !isRange(chars)) problems.push(fieldProblem('features.chars', 'null or [min, max] within 1..8', chars));
  if (denseChars !== null && !isRange(denseChars)) problems.push(fieldProblem('features.denseChars', 'null or [min, max] within 1..8', denseChars));
  if (otherChars !== undefined && otherChars !== null && !isRange(otherChars)) problems.push(fieldProblem('features.otherChars', 'missing, null or [min, max] within 1..8', otherChars));
  if (concepts !== undefined && concepts !== null && !isLexicon(concepts)) {
    problems.push(fieldProblem('features.concepts', 'missing, null or an object of lists of words (each 1 to 100 characters)', concepts));
  }
  if (problems.length > before) return undefined;
  const features: FeatureOptions = { bits: bits as number, wordBigrams: wordBigrams as boolean, chars: chars as [number, number] | null, denseChars: denseChars as [number, number] | null };
  if (isRange(otherChars)) features.otherChars = otherChars;
  if (isLexicon(concepts)) features.concepts = concepts;
  return features;
}

/** Unpacks delta-coded slots and integer weights into a dense array; pushes a problem and gives up at the first bad one. */
function readWeights(json: Record<string, unknown>, bits: number, step: number, problems: Problem[]): Float32Array | undefined {
  const { slots, weights } = json;
  if (!Array.isArray(slots)) problems.push(fieldProblem('slots', 'an array of integers', slots));
  if (!Array.isArray(weights)) problems.push(fieldProblem('weights', 'an array of integers', weights));
  if (!Array.isArray(slots) || !Array.isArray(weights)) return undefined;
  if (slots.length !== weights.length) {
    problems.push(problem('lengths', { slots: String(slots.length), weights: String(weights.length) }));
    return undefined;
  }
  const dense = new Float32Array(1 << bits);
  let slot = -1;
  for (let i = 0; i < slots.length; i++) {
    const delta: unknown = slots[i];
    const weight: unknown = weights[i];
    const next = isInteger(delta) ? slot + delta : Number.NaN;
    if (!(next > slot && next < dense.length)) {
      problems.push(problem('slot', { position: String(i), value: quote(isInteger(delta) ? next : delta), last: String(dense.length - 1) }));
      return undefined;
    }
    if (!isInteger(weight)) {
      problems.push(fieldProblem(`weights[${i}]`, 'an integer', weight));
      return undefined;
    }
    slot = next;
    dense[slot] = weight * step;
  }
  return dense;
}

/** Reads a model from parsed JSON. Bad input gives `value: undefined` and problems, never an exception. */
export function parseModel(json: unknown): Parsed<ExtractionModel> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { value: undefined, problems: [problem('notObject', { value: quote(json) })] };
  }
  const record = json as Record<string, unknown>;
  if (record.format !== MODEL_FORMAT) {
    return { value: undefined, problems: [problem('format', { expected: MODEL_FORMAT, value: quote(record.format) })] };
  }
  if (record.version !== MODEL_VERSION) {
    return { value: undefined, problems: [problem('version', { expected: String(MODEL_VERSION), value: quote(record.version) })] };
  }
  const problems: Problem[] = [];
  const features = readFeatures(record.features, problems);
  const { bias, threshold, weightStep, nonAsciiShift } = record;
  if (!isFiniteNumber(bias)) problems.push(fieldProblem('bias', 'a finite number', bias));
  if (nonAsciiShift !== undefined && !isFiniteNumber(nonAsciiShift)) problems.push(fieldProblem('nonAsciiShift', 'missing or a finite number', nonAsciiShift));
  if (!isFiniteNumber(threshold) || threshold <= 0 || threshold >= 1) problems.push(fieldProblem('threshold', 'a number between 0 and 1', threshold));
  if (!isFiniteNumber(weightStep) || weightStep <= 0) problems.push(fieldProblem('weightStep', 'a positive number', weightStep));
  if (!features || problems.length > 0) return { value: undefined, problems };
  const weights = readWeights(record, features.bits, weightStep as number, problems);
  if (!weights) return { value: undefined, problems };
  const model: ExtractionModel = { features, bias: bias as number, weights, threshold: threshold as number };
  if (isFiniteNumber(nonAsciiShift) && nonAsciiShift !== 0) model.nonAsciiShift = nonAsciiShift;
  return { value: model, problems };
}

/**
 * Packs a model into its JSON form, keeping only the `keep` weights of largest magnitude (ties go to
 * the lower slot) rounded to multiples of `weightStep`.
 */
export function toModelJson(model: ExtractionModel, options: { weightStep: number; keep: number; trainedOn?: unknown }): ModelJson {
  const order = Array.from(model.weights.keys())
    .filter((slot) => Math.round((model.weights[slot] as number) / options.weightStep) !== 0)
    .sort((a, b) => Math.abs(model.weights[b] as number) - Math.abs(model.weights[a] as number) || a - b)
    .slice(0, options.keep)
    .sort((a, b) => a - b);
  let previous = -1;
  const slots = order.map((slot) => {
    const delta = slot - previous;
    previous = slot;
    return delta;
  });
  const json: ModelJson = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    features: model.features,
    bias: model.bias,
    threshold: model.threshold,
    ...(model.nonAsciiShift ? { nonAsciiShift: model.nonAsciiShift } : {}),
    weightStep: options.weightStep,
    slots,
    weights: order.map((slot) => Math.round((model.weights[slot] as number) / options.weightStep)),
  };
  if (options.trainedOn !== undefined) json.trainedOn = options.trainedOn;
  return json;
}
