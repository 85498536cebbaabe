// `npx tsx scripts/bench/classifier.ts`: what scoring one record with the extraction classifier
// costs, on prompts of about 700 bytes: ordinary prompts of the baseline glued together until they
// reach that size, and the held-out records written in Chinese, Japanese or Korean glued the same
// way. It times the shipped model, the same weights read as words only, without and with the
// concept lexicon (scripts/train/concepts.json), and as the variant with character n-grams in every
// token (the one that read best on rounds 4 and 5, and did not ship).
//
// Code run by tsx reaches other modules' functions through getters and runs several times slower
// than the bundled CLI, so this script bundles itself with esbuild (as scripts/build.mjs bundles
// the CLI) and times the bundle in a child process. It prints µs of CPU time per record, the
// fastest and the median of 7 passes that take turns between the cases (on a shared machine the
// fastest is the least disturbed), and the explaining path (top features, for a hover). Scores do not depend on the weights' values, so the
// other feature spaces are timed with the shipped weights.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isDenseScript, normaliseText } from '../../src/core/classify/features';
import { readLabelledSet } from '../train/data';
import type { ConceptLexicon } from '../../src/core/classify/concepts';
import { parseModel, type ExtractionModel } from '../../src/core/classify/model';
import { scoreExtraction } from '../../src/core/classify/score';

const TARGET_BYTES = 700;
const RECORDS = 2000;
const PASSES = 7;

/** Texts glued (by newlines, in a fixed order) into records of at least TARGET_BYTES. */
function glue(texts: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < RECORDS; i++) {
    const parts = [texts[i % texts.length] as string];
    for (let j = 1; Buffer.byteLength(parts.join('\n')) < TARGET_BYTES; j++) parts.push(texts[(i * 7 + j) % texts.length] as string);
    out.push(parts.join('\n'));
  }
  return out;
}

function englishPrompts(root: string): string[] {
  const lines = readFileSync(join(root, 'rules/baseline/benign-prompts.jsonl'), 'utf8').split('\n').filter(Boolean);
  return glue(lines.map((line) => (JSON.parse(line) as { prompt: string }).prompt));
}

function densePrompts(root: string): string[] {
  const dir = join(root, 'rules/heldout');
  const texts = readdirSync(dir).filter((name) => name.endsWith('.jsonl')).sort()
    .flatMap((name) => readLabelledSet(readFileSync(join(dir, name), 'utf8'), name))
    .map((item) => item.text)
    .filter((text) => [...text].filter((char) => isDenseScript(char.charCodeAt(0))).length * 2 > text.length);
  return glue(texts);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

type Case = [name: string, texts: string[], score: (text: string) => unknown];

/**
 * µs of CPU per record of each case: PASSES rounds, each running every case once in turn (so that
 * a burst of other work on the machine spreads over all cases), after one warm-up round.
 */
function timeInterleaved(cases: Case[]): Map<string, number[]> {
  const times = new Map<string, number[]>(cases.map(([name]) => [name, []]));
  for (let round = 0; round <= PASSES; round++) {
    for (const [name, texts, score] of cases) {
      const started = process.cpuUsage();
      for (const text of texts) score(text);
      const used = process.cpuUsage(started);
      if (round > 0) times.get(name)?.push((used.user + used.system) / texts.length);
    }
  }
  return times;
}

function measure(root: string): void {
  const parsed = parseModel(JSON.parse(readFileSync(join(root, 'src/core/classify/extraction-model.json'), 'utf8')));
  if (!parsed.value) throw new Error(parsed.problems.map((p) => p.message).join('; '));
  const shipped = parsed.value;
  const wordsOnly: ExtractionModel = { ...shipped, features: { ...shipped.features, chars: null, denseChars: null } };
  const allGrams: ExtractionModel = { ...shipped, features: { ...shipped.features, chars: [3, 5], denseChars: [2, 4] } };
  const lexicon = (JSON.parse(readFileSync(join(root, 'scripts/train/concepts.json'), 'utf8')) as { concepts: ConceptLexicon }).concepts;
  const noConcepts: ExtractionModel = { ...shipped, features: { ...shipped.features, concepts: null } };
  const withConcepts: ExtractionModel = { ...shipped, features: { ...shipped.features, concepts: lexicon } };
  console.log(`load average ${loadavg()[0]?.toFixed(2)}; shipped features ${JSON.stringify(shipped.features)}`);
  console.log(`µs of CPU per record, fastest and median of ${PASSES} interleaved passes`);
  for (const [name, texts] of [['English', englishPrompts(root)], ['Chinese/Japanese/Korean', densePrompts(root)]] as const) {
    const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0) / texts.length;
    console.log(`${name}: ${texts.length} records of ${bytes.toFixed(0)} bytes on average`);
    const times = timeInterleaved([
      ['normalise only', texts, normaliseText],
      ['words only', texts, (text) => scoreExtraction(wordsOnly, text)],
      ['shipped', texts, (text) => scoreExtraction(shipped, text)],
      ['shipped, no concepts', texts, (text) => scoreExtraction(noConcepts, text)],
      ['shipped, with concepts', texts, (text) => scoreExtraction(withConcepts, text)],
      ['n-grams in every token', texts, (text) => scoreExtraction(allGrams, text)],
      ['shipped, top 5 features', texts.slice(0, 200), (text) => scoreExtraction(shipped, text, { explain: 5 })],
    ]);
    for (const [caseName, values] of times) {
      console.log(`  ${caseName.padEnd(24)} ${Math.min(...values).toFixed(1).padStart(7)} ${median(values).toFixed(1).padStart(7)}`);
    }
  }
}

async function main(): Promise<void> {
  const child = process.argv.indexOf('--measure');
  if (child >= 0) {
    measure(process.argv[child + 1] as string);
    return;
  }
  // Loaded here, so that the bundle (which leaves esbuild out) never needs it.
  const { buildSync } = await import('esbuild');
  const dir = mkdtempSync(join(tmpdir(), 'promptsift-bench-classifier-'));
  try {
    const outfile = join(dir, 'bench.js');
    buildSync({ entryPoints: [__filename], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'warning', external: ['esbuild'] });
    const run = spawnSync(process.execPath, [outfile, '--measure', resolve(__dirname, '../..')], { stdio: 'inherit' });
    process.exitCode = run.status ?? 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
