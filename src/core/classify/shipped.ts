// The shipped extraction classifier (extraction-model.json, trained by scripts/train/classifier.ts)
// and the computed field it gives rules: `extraction_score`.

import { COMPUTED_FIELDS } from '../model';
import shippedJson from './extraction-model.json';
import { parseModel, type ExtractionModel } from './model';
import { detectorText, scoreExtraction, type ExtractionScore } from './score';

let shipped: ExtractionModel | undefined;

/** The shipped model, read once. */
export function shippedModel(): ExtractionModel {
  if (shipped) return shipped;
  const parsed = parseModel(shippedJson);
  // The file is built into the engine and read by its tests: a malformed one is a bug of the build.
  if (!parsed.value) throw new Error(`the shipped extraction classifier is malformed: ${parsed.problems.map((p) => p.message).join('; ')}`);
  shipped = parsed.value;
  return shipped;
}

const COMPUTED: ReadonlySet<string> = new Set(COMPUTED_FIELDS);

export function isComputedField(name: string): boolean {
  return COMPUTED.has(name);
}

/** The shipped classifier's score of a record's system prompt and user turns; `explain` lists that many top features. */
export function scoreRecordText(fields: Readonly<Record<string, unknown>>, explain = 0): ExtractionScore {
  const text = detectorText({ system: asText(fields.system), prompt: asText(fields.prompt) });
  return scoreExtraction(shippedModel(), text, { explain });
}

function asText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
