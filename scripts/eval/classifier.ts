// Measures the extraction classifier on a blind held-out round it was not trained on:
//
//   npx tsx scripts/eval/classifier.ts [--target round-12|round-11|round-10|round-9|round-8|round-7|round-6|round-5|round-4] [--variant NAME] [--show-errors]
//
// The training pool is every labelled text except the target round (for rounds 4 and 5 also the
// sets and inline examples written after their first measurement: the rules are read from git as
// they were then, see TARGETS). The threshold comes from cross-validation over whole source sets
// on the pool alone (at most 1 % of its benign texts flagged, and a strict point at 0.2 %); the
// target is then scored once. The pack's flags come from its first-sight output on the target, so
// "or pack" is the classifier OR'ed with the rules as they were before anyone tuned on that round.
// Also prints how many of the everyday prompts in test/fixtures/classify/everyday-benign.jsonl
// (never trained on) are flagged. Every run on round 6 is a look at the only clean set: log it.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAscii, readLabelledSet, type LabelledText } from '../train/data';
import { crossValidate, scoreItem, thresholdFor, trainModel } from '../train/fit';
import { HELDOUT_DIR, ROOT, trainingPool, type PoolOptions } from '../train/pool';
import { SHIPPED_VARIANT, VARIANTS } from '../train/variants';

interface Target extends PoolOptions {
  set: string;
  packOutput: string;
}

/** The sets written for training after round 7 was measured (scripts/train/written/). */
const WRITTEN_AFTER_7 = ['set-a-multilingual.jsonl', 'set-b-english.jsonl'];
/** The sets written for training after round 8 was measured (their writers could read round 8). */
const WRITTEN_AFTER_8 = ['set-c-multilingual.jsonl', 'set-d-templates.jsonl'];
/** The sets written for training after round 10 was measured (their writers could read round 10). */
const WRITTEN_AFTER_10 = ['set-e-multilingual.jsonl'];
/** The sets written for training after round 11 was measured (their writers could read round 11). */
const WRITTEN_AFTER_11 = ['set-f-smaller-languages.jsonl'];
/** Everything written after round 9 was measured: the targets up to round 9 leave it all out. */
const AFTER_ROUND_9 = ['round-10.jsonl', 'round-11.jsonl', ...WRITTEN_AFTER_10, 'round-12.jsonl', ...WRITTEN_AFTER_11];

const TARGETS: Record<string, Target> = {
  // The blind set of the model trained with round 11, set F and the lexicon's 20 more languages.
  'round-12': { set: 'round-12.jsonl', withheld: ['round-12.jsonl'], packOutput: 'round-12.regex-first-sight.txt' },
  // The blind set of the model trained with rounds 9 and 10 and set E (its lexicon was the one of 35 languages).
  'round-11': { set: 'round-11.jsonl', withheld: ['round-11.jsonl', 'round-12.jsonl', ...WRITTEN_AFTER_11], packOutput: 'round-11.regex-first-sight.txt' },
  // The blind set of the model shipped after round 9 (trained without round 9, and round 10 was not written yet).
  'round-10': { set: 'round-10.jsonl', withheld: ['round-9.jsonl', ...AFTER_ROUND_9], packOutput: 'round-10.regex-first-sight.txt' },
  // The blind set of the model trained with round 8 and sets C and D: the pack's flags are the regex rules' first sight (without the classifier rule).
  'round-9': { set: 'round-9.jsonl', withheld: ['round-9.jsonl', ...AFTER_ROUND_9], packOutput: 'round-9.regex-first-sight.txt' },
  // The blind set of the model trained with round 7 and the written sets A and B.
  'round-8': { set: 'round-8.jsonl', withheld: ['round-8.jsonl', 'round-9.jsonl', ...WRITTEN_AFTER_8, ...AFTER_ROUND_9], packOutput: 'round-8.regex-first-sight.txt' },
  // The blind set of the model shipped before round 8: the pack's flags are the regex rules' first sight (without the classifier rule).
  'round-7': { set: 'round-7.jsonl', withheld: ['round-7.jsonl', 'round-8.jsonl', 'round-9.jsonl', ...WRITTEN_AFTER_7, ...WRITTEN_AFTER_8, ...AFTER_ROUND_9], packOutput: 'round-7.first-sight.txt' },
  // The first model's blind set, before round 6 was trained on.
  'round-6': { set: 'round-6.jsonl', withheld: ['round-6.jsonl', 'round-7.jsonl', 'round-8.jsonl', 'round-9.jsonl', ...WRITTEN_AFTER_7, ...WRITTEN_AFTER_8, ...AFTER_ROUND_9], packOutput: 'round-6.first-sight.txt' },
  // Rules at the commit round 5 was first measured on; later rounds out too, as when it was measured.
  'round-5': { set: 'round-5.jsonl', withheld: ['round-5.jsonl', 'round-6.jsonl', 'round-7.jsonl', 'round-8.jsonl', 'round-9.jsonl', ...WRITTEN_AFTER_7, ...WRITTEN_AFTER_8, ...AFTER_ROUND_9], rulesAt: '47c40e3', packOutput: 'round-5.first-sight.txt' },
  // Rules before the round-4 widening, and without the two sets written for round 4's misses.
  'round-4': {
    set: 'round-4.jsonl',
    withheld: ['round-4.jsonl', 'round-6.jsonl', 'round-7.jsonl', 'round-8.jsonl', 'round-9.jsonl', 'concept-r4-own.jsonl', 'concept-r4-intl.jsonl', ...WRITTEN_AFTER_7, ...WRITTEN_AFTER_8, ...AFTER_ROUND_9],
    rulesAt: '5dc6e62',
    packOutput: 'round-4.first-sight.txt',
  },
};

const STRICT_BUDGET = 0.002;
const EVERYDAY = join(ROOT, 'test/fixtures/classify/everyday-benign.jsonl');

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

/** Record numbers (1-based) the pack flagged, from a heldout script output: all but the misses, plus the false positives. */
function packFlags(output: string, items: LabelledText[]): Set<number> {
  const misses = new Set<number>();
  const flagged = new Set<number>();
  for (const line of output.split('\n')) {
    const match = /^(MISS|FP) (\d+) /.exec(line);
    if (match?.[1] === 'MISS') misses.add(Number(match[2]));
    if (match?.[1] === 'FP') flagged.add(Number(match[2]));
  }
  items.forEach((item, i) => {
    if (item.label === 1 && !misses.has(i + 1)) flagged.add(i + 1);
  });
  return flagged;
}

const ratio = (part: number, whole: number): string => `${part}/${whole} = ${whole === 0 ? '-' : (part / whole).toFixed(2)}`;

function summaryLine(name: string, items: LabelledText[], isFlagged: (i: number) => boolean): string {
  const count = (keep: (item: LabelledText) => boolean, flaggedOnly: boolean): number =>
    items.filter((item, i) => keep(item) && (!flaggedOnly || isFlagged(i))).length;
  const isExtraction = (item: LabelledText): boolean => item.label === 1;
  const isEnglish = (item: LabelledText): boolean => item.label === 1 && isAscii(item.text);
  const isOther = (item: LabelledText): boolean => item.label === 1 && !isAscii(item.text);
  const caught = count(isExtraction, true);
  const falsePositives = count((item) => item.label === 0, true);
  return `${name.padEnd(24)} recall ${ratio(caught, count(isExtraction, false))} | English ${ratio(count(isEnglish, true), count(isEnglish, false))}` +
    ` | other ${ratio(count(isOther, true), count(isOther, false))} | precision ${ratio(caught, caught + falsePositives)}` +
    ` | benign flagged ${falsePositives}/${count((item) => item.label === 0, false)}`;
}

function printPerIntent(items: LabelledText[], columns: [string, (i: number) => boolean][]): void {
  const key = (item: LabelledText): string => `${item.label === 1 ? '' : 'benign:'}${item.intent}`;
  console.log(`  ${'intent'.padEnd(30)}${columns.map(([name]) => name.padStart(12)).join('')}`);
  for (const intent of new Set(items.map(key))) {
    const indices = items.flatMap((item, i) => (key(item) === intent ? [i] : []));
    console.log(`  ${intent.padEnd(30)}${columns.map(([, isFlagged]) => `${indices.filter(isFlagged).length}/${indices.length}`.padStart(12)).join('')}`);
  }
}

const oneLine = (text: string): string => text.slice(0, 140).replace(/\s+/g, ' ');

function main(): void {
  const targetName = option('target', 'round-12');
  const variantName = option('variant', SHIPPED_VARIANT);
  const target = TARGETS[targetName];
  const variant = VARIANTS[variantName];
  if (!target || !variant) {
    throw new Error(`unknown target or variant (targets: ${Object.keys(TARGETS).join(', ')}; variants: ${Object.keys(VARIANTS).join(', ')})`);
  }
  const started = Date.now();
  const pool = trainingPool(target);
  const cv = crossValidate(pool, variant);
  const strict = thresholdFor(pool, cv.scores, STRICT_BUDGET);
  const model = trainModel(pool, variant, cv.threshold, cv.nonAsciiShift);
  const items = readLabelledSet(readFileSync(join(HELDOUT_DIR, target.set), 'utf8'), target.set);
  const scores = items.map((item) => scoreItem(model, item, variant));
  const pack = packFlags(readFileSync(join(HELDOUT_DIR, target.packOutput), 'utf8'), items);
  const byModel = (i: number): boolean => (scores[i] as number) >= cv.threshold;
  const byStrict = (i: number): boolean => (scores[i] as number) >= strict;
  const byPack = (i: number): boolean => pack.has(i + 1);

  const poolBenign = pool.filter((item) => item.label === 0).length;
  console.log(`target ${targetName}, variant ${variantName} ${JSON.stringify(variant)}`);
  console.log(`pool ${pool.length} texts (${pool.length - poolBenign} extraction, ${poolBenign} benign); threshold ${cv.threshold.toFixed(4)} (≤ ${variant.benignBudget * 100} % cv), strict ${strict.toFixed(4)} (≤ 0.2 % cv); ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const outOfFold = (keep: (item: LabelledText) => boolean, threshold: number): string => {
    const chosen = pool.flatMap((item, i) => (keep(item) ? [cv.scores[i] as number] : []));
    return ratio(chosen.filter((score) => score >= threshold).length, chosen.length);
  };
  for (const [name, threshold] of [['threshold', cv.threshold], ['strict', strict]] as const) {
    console.log(`cv out of fold at ${name}: extraction ${outOfFold((item) => item.label === 1, threshold)}, benign flagged ${outOfFold((item) => item.label === 0, threshold)}, baseline flagged ${outOfFold((item) => item.source === 'baseline', threshold)}`);
  }
  const benignFlagged = new Map<string, number>();
  pool.forEach((item, i) => {
    if (item.label !== 0 || (cv.scores[i] as number) < cv.threshold) return;
    const kind = `${item.source.replace(/\.jsonl$/, '')}/${item.intent}`;
    benignFlagged.set(kind, (benignFlagged.get(kind) ?? 0) + 1);
    if (item.source === 'baseline') console.log(`  baseline flagged out of fold ${(cv.scores[i] as number).toFixed(3)} | ${oneLine(item.text)}`);
  });
  console.log(`  benign flagged out of fold, by set/kind: ${[...benignFlagged].sort().map(([kind, n]) => `${kind} ${n}`).join(', ')}`);
  console.log(summaryLine('classifier', items, byModel));
  console.log(summaryLine('classifier (strict)', items, byStrict));
  console.log(summaryLine('pack (first sight)', items, byPack));
  console.log(summaryLine('classifier or pack', items, (i) => byModel(i) || byPack(i)));
  console.log(summaryLine('strict or pack', items, (i) => byStrict(i) || byPack(i)));
  printPerIntent(items, [['classifier', byModel], ['pack', byPack], ['or', (i) => byModel(i) || byPack(i)]]);

  const everyday = readLabelledSet(readFileSync(EVERYDAY, 'utf8'), 'everyday');
  const everydayScores = everyday.map((item) => scoreItem(model, item, variant));
  console.log(`everyday benign prompts flagged: ${everydayScores.filter((s) => s >= cv.threshold).length}/${everyday.length} (strict ${everydayScores.filter((s) => s >= strict).length}); highest ${Math.max(...everydayScores).toFixed(3)}`);
  if (!process.argv.includes('--show-errors')) return;
  items.forEach((item, i) => {
    if (item.label === 1 && !byModel(i)) console.log(`  MISS ${(scores[i] as number).toFixed(3)} ${item.intent} | ${oneLine(item.text)}`);
    if (item.label === 0 && byModel(i)) console.log(`  FP ${(scores[i] as number).toFixed(3)} ${item.intent} | ${oneLine(item.text)}`);
  });
}

main();
