// Generates held-out-style prompt logs with known distillation campaigns and hard benign traffic,
// deterministically from a seed, and writes the truth beside them.
//
//   npx tsx scripts/eval/generate.ts --out /tmp/eval --seed 7 --scale 1 --days 7
//
// Output: gateway-flat-{1,2}.jsonl, gateway-openai.jsonl, gateway-anthropic.jsonl,
// aggregator-export.csv and truth.json ({campaigns: [{id, style, accounts, pivots}], ...}).

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Random } from './random';
import { buildWorld } from './world';
import { writeLogs } from './write';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'eval-out' },
    seed: { type: 'string', default: '20261128' },
    scale: { type: 'string', default: '1' },
    days: { type: 'string', default: '7' },
  },
});

const root = resolve(__dirname, '../..');
const baseline = readFileSync(join(root, 'rules/baseline/benign-prompts.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => (JSON.parse(line) as { prompt: string }).prompt);
const random = new Random(Number(values.seed));
const world = buildWorld({ random, baseline, days: Number(values.days), scale: Number(values.scale) });
const files = writeLogs(world.requests, random);
const out = resolve(values.out);
mkdirSync(out, { recursive: true });
for (const file of files) writeFileSync(join(out, file.name), file.text, 'utf8');
const truth = {
  seed: Number(values.seed),
  scale: Number(values.scale),
  start: world.start,
  end: world.end,
  models: world.models,
  records: world.requests.length,
  files: files.map(({ name, records }) => ({ name, records })),
  groups: world.groups,
  benignAccounts: world.benignAccounts.length,
  campaigns: world.campaigns,
};
writeFileSync(join(out, 'truth.json'), `${JSON.stringify(truth, null, 2)}\n`, 'utf8');
console.log(`${world.requests.length} records, ${world.benignAccounts.length} benign accounts, campaigns ${world.campaigns.map((c) => `${c.id}:${c.accounts.length}`).join(' ')} → ${out}`);
