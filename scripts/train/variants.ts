// The classifier variants that were measured on round 6, and the one that ships.
//
// Each was chosen on rounds 4 and 5 (leave-one-round-out) before round 6 was scored: λ = 3e-5 read
// best on both among 1e-5, 3e-5, 1e-4 and 3e-4; 2^20 slots read as 2^18; scoring lines alone was
// worse and sentences alone no better; keeping the 25,000 largest weights cost at most one record.
// Character n-grams on every token read best on rounds 4 and 5 but cost about three times as much
// to score (scripts/bench/classifier.ts), over the per-record budget of a 200k-line log, so the
// shipped variant keeps n-grams for scripts written without spaces only (rounds 4 and 5 chose it
// over words alone before it was scored on round 6).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConceptLexicon } from '../../src/core/classify/concepts';
import type { FeatureOptions } from '../../src/core/classify/features';
import type { TrainOptions } from './fit';

/** The concept lexicon (concepts.ts): words of many languages mapped to shared concepts. */
const CONCEPTS = (JSON.parse(readFileSync(join(__dirname, 'concepts.json'), 'utf8')) as { concepts: ConceptLexicon }).concepts;

const WORDS: FeatureOptions = { bits: 18, wordBigrams: true, chars: null, denseChars: null };
const WORDS_DENSE: FeatureOptions = { bits: 18, wordBigrams: true, chars: null, denseChars: [2, 4] };
const WORDS_CHARS: FeatureOptions = { bits: 18, wordBigrams: true, chars: [3, 5], denseChars: [2, 4] };
const WORDS_DENSE_OTHER: FeatureOptions = { ...WORDS_DENSE, otherChars: [3, 5] };
const WORDS_DENSE_CONCEPTS: FeatureOptions = { ...WORDS_DENSE, concepts: CONCEPTS };
const WORDS_DENSE_CONCEPTS_OTHER: FeatureOptions = { ...WORDS_DENSE_OTHER, concepts: CONCEPTS };

const COMMON = { l2: 3e-5, benignBudget: 0.01, folds: 5, keep: 25000 };

export const VARIANTS: Record<string, TrainOptions> = {
  words: { ...COMMON, features: WORDS },
  'words+dense': { ...COMMON, features: WORDS_DENSE },
  // N-grams also inside tokens outside ASCII (Cyrillic, Arabic, accented Latin...), not in English
  // words. Out of fold: 156/475 extraction texts outside ASCII instead of 149, plain ones 1863/2595
  // instead of 1853; not scored on round 8, not shipped.
  'words+dense+other': { ...COMMON, features: WORDS_DENSE_OTHER },
  // The shipped features, with a threshold chosen on plain-ASCII texts and a shift for the others.
  // Out of fold it finds 225/475 extraction texts outside ASCII instead of 149 (1817/2595 plain ones
  // instead of 1853), at 1 % of each group's benign; on round 8 (a third look) the same 118/156 as
  // the shipped variant. Not shipped: no gain on the blind round, and an English prompt with one
  // accented name would be scored as the other group.
  'words+dense+per-script': { ...COMMON, features: WORDS_DENSE, thresholdPerScript: true },
  // The shipped features and a concept for each lexicon entry found (concepts.json), so that a
  // weight learned in one language applies in the others. Since round 10 its threshold flags up to
  // 2 % of the pool's benign texts out of fold (1 % before): the pool's benign texts are mostly
  // hard negatives written to look like extraction, and at 2 % the model trained on the whole pool
  // still flags under 1 % of the real public instructions it never saw (4 of 469 Alpaca and Dolly
  // prompts; 5 at 2.5 %), while out of fold it finds 277 of the 312 extraction prompts of rounds 9
  // and 10 instead of 255, for 4 of their 440 benign records instead of 3.
  'words+dense+concepts': { ...COMMON, benignBudget: 0.02, features: WORDS_DENSE_CONCEPTS },
  // The same at the 1 % budget it shipped with until round 10.
  'words+dense+concepts@1%': { ...COMMON, features: WORDS_DENSE_CONCEPTS },
  // The concepts and n-grams inside tokens outside ASCII as well.
  'words+dense+concepts+other': { ...COMMON, features: WORDS_DENSE_CONCEPTS_OTHER },
  'words+chars': { ...COMMON, features: WORDS_CHARS },
  // Also the best sentence alone and a multi-turn record's last user turn alone (twice the cost).
  'words+chars+segments': { ...COMMON, features: WORDS_CHARS, segments: 'sentences', lastTurn: true },
};

/** The variant that ships: chosen on rounds 4 and 5 and on cost, before round 6 was scored. */
export const SHIPPED_VARIANT = 'words+dense+concepts';

/**
 * Round 12 stays out of the shipped model's training, so that `scripts/eval/classifier.ts --target
 * round-12` measures it blind (rounds 6 to 11 were the blind sets of the models before; all six
 * are trained on now).
 */
export const WITHHELD_FROM_SHIPPED = ['round-12.jsonl'];
