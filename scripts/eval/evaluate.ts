// Scores campaign detection on logs written by generate.ts: runs the same code as
// `promptsift stats` and compares its campaigns and pivots with truth.json.
//
//   npx tsx scripts/eval/evaluate.ts --dir /tmp/eval [--rules rules] [--save stats.json]
//
// Per true campaign: the detected campaign holding most of its accounts, account recall and
// precision against it, how many detected campaigns its accounts are split over, and for each
// true pivot the error of the detected pivot time. Overall: benign accounts put into any
// campaign, and detected campaigns with no true campaign account.

import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runStats } from '../../src/cli/commands/stats';
import { formatStatsJson } from '../../src/cli/formats/stats-json';
import type { Rule } from '../../src/core/model';
import { parseRuleText } from '../../src/core/rules/load';
import type { CampaignOptionsInput } from '../../src/core/stats/options';
import type { CampaignStats } from '../../src/core/stats/types';

interface Truth {
  records: number;
  benignAccounts: number;
  files: { name: string }[];
  campaigns: { id: string; style: string; accounts: string[]; pivots: { model: string; at: number }[] }[];
}

export interface CampaignScore {
  id: string;
  accounts: number;
  detected: string | null;
  recall: number;
  precision: number;
  splitOver: number;
  pivots: { model: string; errorHours: number | null; shareAfter: number | null }[];
}

export interface Scores {
  campaigns: CampaignScore[];
  benignMerged: number;
  benignAccounts: number;
  falseCampaigns: number;
  seconds: number;
  records: number;
}

/** Compares detected campaigns with the truth. */
export function score(stats: CampaignStats, truth: Truth, seconds: number): Scores {
  const inTruth = new Map<string, string>();
  for (const campaign of truth.campaigns) for (const account of campaign.accounts) inTruth.set(account, campaign.id);
  const campaigns = truth.campaigns.map((t) => {
    const members = new Set(t.accounts);
    const overlaps = stats.campaigns.map((d) => ({ d, hits: d.accounts.filter((a) => members.has(a)).length })).filter((o) => o.hits > 0);
    overlaps.sort((a, b) => b.hits - a.hits);
    const best = overlaps[0];
    const pivots = t.pivots.map((p) => {
      const found = best?.d.pivots.find((q) => q.model === p.model);
      return { model: p.model, errorHours: found ? Math.abs(found.pivotAt - p.at) / 3_600_000 : null, shareAfter: found ? found.shareAfter : null };
    });
    return {
      id: t.id,
      accounts: t.accounts.length,
      detected: best?.d.id ?? null,
      recall: best ? best.hits / t.accounts.length : 0,
      precision: best ? best.hits / best.d.accounts.length : 0,
      splitOver: overlaps.length,
      pivots,
    };
  });
  const benignMerged = stats.campaigns.reduce((sum, d) => sum + d.accounts.filter((a) => !inTruth.has(a)).length, 0);
  const falseCampaigns = stats.campaigns.filter((d) => d.accounts.every((a) => !inTruth.has(a))).length;
  return { campaigns, benignMerged, benignAccounts: truth.benignAccounts, falseCampaigns, seconds, records: stats.records };
}

export function formatScores(scores: Scores): string {
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  const lines = [`${scores.records} records in ${scores.seconds.toFixed(1)} s (${Math.round(scores.records / scores.seconds)} records/s)`];
  for (const c of scores.campaigns) {
    const pivots = c.pivots.map((p) => `pivot ${p.model}: ${p.errorHours === null ? 'not found' : `${p.errorHours.toFixed(2)} h off, share ${pct(p.shareAfter ?? 0)}`}`).join('; ');
    lines.push(`  ${c.id} (${c.accounts} accounts) → ${c.detected ?? 'missed'}: recall ${pct(c.recall)}, precision ${pct(c.precision)}, split over ${c.splitOver}${pivots ? `; ${pivots}` : ''}`);
  }
  lines.push(`  benign accounts in a campaign: ${scores.benignMerged} of ${scores.benignAccounts} (${pct(scores.benignMerged / scores.benignAccounts)}); campaigns with no true account: ${scores.falseCampaigns}`);
  return `${lines.join('\n')}\n`;
}

function ruleFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return name === 'fixtures' ? [] : ruleFiles(path);
    return name.endsWith('.yml') ? [path] : [];
  });
}

if (require.main === module) {
  const { values } = parseArgs({ options: { dir: { type: 'string' }, rules: { type: 'string', default: 'rules' }, save: { type: 'string' }, options: { type: 'string' } } });
  if (!values.dir) throw new Error('--dir is required');
  const dir = resolve(values.dir);
  const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as Truth;
  const rules: Rule[] = ruleFiles(resolve(values.rules ?? 'rules')).flatMap((file) => parseRuleText(file, readFileSync(file, 'utf8')).rules);
  const started = performance.now();
  const campaign = values.options ? (JSON.parse(values.options) as CampaignOptionsInput) : {};
  const run = runStats(truth.files.map((f) => ({ path: join(dir, f.name), name: f.name })), rules, { flagLevel: 'low', campaign });
  const seconds = (performance.now() - started) / 1000;
  if (values.save) writeFileSync(values.save, formatStatsJson(run), 'utf8');
  process.stdout.write(formatScores(score(run.stats, truth, seconds)));
}
