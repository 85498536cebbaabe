// Trains the shipped extraction classifier and writes src/core/classify/extraction-model.json:
//
//   npx tsx scripts/train/classifier.ts [--out PATH]
//
// Deterministic: the same texts give the same file byte for byte (L-BFGS on a strictly convex
// objective, rows in a fixed order, no clock or randomness). The threshold is the cross-validated
// one (at most 1 % of the training pool's benign texts flagged out of fold, folds by source set).
// Round 8 is left out (see variants.ts), so `scripts/eval/classifier.ts` still measures it blind.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { toModelJson } from '../../src/core/classify/model';
import { crossValidate, trainModel, WEIGHT_STEP } from './fit';
import { ROOT, trainingPool } from './pool';
import { SHIPPED_VARIANT, VARIANTS, WITHHELD_FROM_SHIPPED } from './variants';

function main(): void {
  const at = process.argv.indexOf('--out');
  const out = resolve(at >= 0 ? (process.argv[at + 1] ?? '') : join(ROOT, 'src/core/classify/extraction-model.json'));
  const variant = VARIANTS[SHIPPED_VARIANT];
  if (!variant?.keep) throw new Error(`variant ${SHIPPED_VARIANT} must say how many weights to keep`);
  const pool = trainingPool({ withheld: WITHHELD_FROM_SHIPPED });
  const cv = crossValidate(pool, variant);
  const model = trainModel(pool, variant, cv.threshold, cv.nonAsciiShift);
  const sources = new Map<string, { extraction: number; benign: number }>();
  for (const item of pool) {
    const counts = sources.get(item.source) ?? { extraction: 0, benign: 0 };
    if (item.label === 1) counts.extraction++;
    else counts.benign++;
    sources.set(item.source, counts);
  }
  const flaggedOutOfFold = (label: 0 | 1): string => {
    const scores = cv.scores.filter((_, i) => pool[i]?.label === label);
    return `${scores.filter((score) => score >= cv.threshold).length}/${scores.length}`;
  };
  const json = toModelJson(model, {
    weightStep: WEIGHT_STEP,
    keep: variant.keep,
    trainedOn: {
      variant: SHIPPED_VARIANT,
      l2: variant.l2,
      withheld: WITHHELD_FROM_SHIPPED,
      threshold: `cross-validated by source set: at most ${variant.benignBudget * 100} % of the pool's benign texts flagged out of fold`,
      outOfFold: { extractionFlagged: flaggedOutOfFold(1), benignFlagged: flaggedOutOfFold(0) },
      sources: Object.fromEntries(sources),
    },
  });
  const text = `${JSON.stringify(json)}\n`;
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  console.log(`wrote ${out}: ${json.weights.length} weights, ${(text.length / 1024).toFixed(0)} KB, threshold ${cv.threshold.toFixed(4)}, shift for text outside ASCII ${cv.nonAsciiShift.toFixed(3)}, out of fold: extraction ${flaggedOutOfFold(1)}, benign ${flaggedOutOfFold(0)}`);
}

main();
