// Compares classifier variants without the blind round: cross-validation over the training pool
// of the shipped model (folds made of whole source sets, round 8 left out), out-of-fold recall and
// benign flags at each variant's own threshold, for plain-ASCII texts and the others apart.
//
//   npx tsx scripts/eval/select-variant.ts [NAME...]      default: every variant

import { isAscii } from '../train/data';
import { crossValidate } from '../train/fit';
import { trainingPool } from '../train/pool';
import { VARIANTS, WITHHELD_FROM_SHIPPED } from '../train/variants';

const ratio = (hits: number, total: number): string => `${hits}/${total} = ${total ? (hits / total).toFixed(3) : '-'}`;

function main(): void {
  const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(VARIANTS);
  const pool = trainingPool({ withheld: WITHHELD_FROM_SHIPPED });
  for (const name of names) {
    const variant = VARIANTS[name];
    if (!variant) throw new Error(`unknown variant ${name} (${Object.keys(VARIANTS).join(', ')})`);
    const started = Date.now();
    const cv = crossValidate(pool, variant);
    const flagged = (label: 0 | 1, ascii: boolean): string => {
      const chosen = pool.flatMap((item, i) => (item.label === label && isAscii(item.text) === ascii ? [cv.scores[i] as number] : []));
      return ratio(chosen.filter((score) => score >= cv.threshold).length, chosen.length);
    };
    console.log(`${name}: threshold ${cv.threshold.toFixed(4)}, shift ${cv.nonAsciiShift.toFixed(3)}, ${((Date.now() - started) / 1000).toFixed(0)} s`);
    console.log(`  extraction found, ASCII ${flagged(1, true)}; other ${flagged(1, false)}`);
    console.log(`  benign flagged,   ASCII ${flagged(0, true)}; other ${flagged(0, false)}`);
    // A threshold of its own for the texts outside ASCII, at the same 1 % benign budget among them
    // (what `thresholdPerScript` does, up to how a text counts as outside ASCII).
    const other = pool.flatMap((item, i) => (isAscii(item.text) ? [] : [{ label: item.label, score: cv.scores[i] as number }]));
    const benign = other.filter((item) => item.label === 0).map((item) => item.score).sort((a, b) => b - a);
    const own = benign[Math.floor(benign.length * variant.benignBudget)] ?? 1;
    const found = other.filter((item) => item.label === 1 && item.score > own).length;
    const extraction = other.filter((item) => item.label === 1).length;
    console.log(`  other with their own threshold ${own.toFixed(4)}: extraction ${ratio(found, extraction)}, benign ${ratio(benign.filter((score) => score > own).length, benign.length)}`);
  }
}

main();
