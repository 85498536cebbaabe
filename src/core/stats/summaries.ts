// Per-campaign summaries: totals, templates, rules, correlations, link evidence, the hourly
// timeline per model and the pivots to new models.

import type { CorrelationResult } from '../correlate/types';
import { activityOf, ALL_MODELS, HOUR_MS, MODEL_SLOTS, type AccountState } from './accounts';
import type { AccumulatedState } from './assemble';
import { addCount, forEachCount, namedCounts, type CountTable } from './counter';
import { keyHex } from './hash';
import type { Link } from './linking';
import { detectPivot } from './pivots';
import type { CampaignGroup } from './qualify';
import type { CampaignSummary, CampaignTemplate, LinkEvidence, Timeline } from './types';

export interface CampaignInputs {
  /** The qualified groups, in campaign order (C1 first). */
  groups: CampaignGroup[];
  links: Link[];
  correlations: CorrelationResult | undefined;
  /** Template line key → accounts whose profile holds it. */
  lineUsers: Map<number, number[]>;
  /** Lines that may link accounts (few clean accounts send them). */
  distinctive: ReadonlySet<number>;
}

export function summariseCampaigns(state: AccumulatedState, inputs: CampaignInputs): CampaignSummary[] {
  const members = inputs.groups.map((group) => group.members);
  const campaignOf = new Map<number, number>();
  members.forEach((list, c) => list.forEach((i) => campaignOf.set(i, c)));
  const fine = members.map((list) => sumTables(list.map((i) => (state.accounts[i] as AccountState).fine)));
  const outside = new Map(state.globalFine);
  for (const series of fine) for (const [key, count] of series) outside.set(key, (outside.get(key) ?? 0) - count);
  const evidence = evidenceByCampaign(state, inputs, campaignOf);
  const correlations = correlationsByCampaign(state, inputs.correlations, campaignOf, members.length);
  return members.map((list, c) => {
    const accounts = list.map((i) => state.accounts[i] as AccountState);
    let requests = 0;
    let flagged = 0;
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    let models: CountTable = new Map();
    let rules: CountTable = new Map();
    let hours: CountTable = new Map();
    for (const account of accounts) {
      requests += account.requests;
      flagged += account.flagged;
      first = Math.min(first, account.first);
      last = Math.max(last, account.last);
      forEachCount(account.models, (key, count) => (models = addCount(models, key, count)));
      forEachCount(account.rules, (key, count) => (rules = addCount(rules, key, count)));
      forEachCount(account.hours, (key, count) => (hours = addCount(hours, key, count)));
    }
    const links = evidence[c] as LinkEvidence[];
    const summary: CampaignSummary = {
      id: `C${c + 1}`,
      accounts: accounts.map((account) => account.id).sort(),
      requests,
      flaggedRequests: flagged,
      flaggedShare: requests === 0 ? 0 : flagged / requests,
      sharedLineShare: (inputs.groups[c] as CampaignGroup).sharedLineShare,
      models: namedCounts(models, (id) => state.modelNames[id] ?? ''),
      templates: campaignTemplates(state, accounts),
      rules: namedCounts(rules, (id) => state.rules[id]?.key ?? ''),
      correlations: correlations[c] as Record<string, number>,
      evidence: links.slice(0, state.options.campaignEvidence),
      moreEvidence: Math.max(0, links.length - state.options.campaignEvidence),
      activeHoursPerDay: activityOf(mergeModels(hours)).activeHoursPerDay,
      timeline: timelineOf(hours, (id) => state.modelNames[id] ?? ''),
      pivots: state.newModels
        .map((model) => detectPivot(fine[c] as Map<number, number>, outside, model, state.options.pivot))
        .filter((pivot) => pivot !== undefined)
        .sort((a, b) => a.pivotAt - b.pivotAt),
    };
    if (Number.isFinite(first)) summary.firstSeen = first;
    if (Number.isFinite(last)) summary.lastSeen = last;
    return summary;
  });
}

function sumTables(tables: readonly (CountTable | undefined)[]): Map<number, number> {
  const sum = new Map<number, number>();
  for (const table of tables) if (table) forEachCount(table, (key, count) => sum.set(key, (sum.get(key) ?? 0) + count));
  return sum;
}

/** Hours with every model folded into one, for campaign-wide activity measures. */
function mergeModels(hours: CountTable): CountTable {
  let merged: CountTable = new Map();
  forEachCount(hours, (key, count) => (merged = addCount(merged, Math.floor(key / MODEL_SLOTS) * MODEL_SLOTS, count)));
  return merged;
}

/**
 * Infrastructure links, and the distinctive template lines that two or more of the campaign's
 * accounts sent; the strongest first (strong fields, then the most accounts).
 */
function evidenceByCampaign(state: AccumulatedState, inputs: CampaignInputs, campaignOf: Map<number, number>): LinkEvidence[][] {
  const out: LinkEvidence[][] = Array.from({ length: inputs.groups.length }, () => []);
  for (const link of inputs.links) {
    const c = campaignOf.get(link.joined[0] as number);
    if (c === undefined) continue;
    (out[c] as LinkEvidence[]).push({ field: link.field, value: link.value, accounts: link.joined.length, totalAccounts: link.totalAccounts, strength: link.strength });
  }
  for (const [key, users] of inputs.lineUsers) {
    if (!inputs.distinctive.has(key)) continue;
    const perCampaign = new Map<number, number>();
    for (const i of users) {
      const c = campaignOf.get(i);
      if (c !== undefined) perCampaign.set(c, (perCampaign.get(c) ?? 0) + 1);
    }
    for (const [c, accounts] of perCampaign) {
      if (accounts < 2) continue;
      (out[c] as LinkEvidence[]).push({ field: 'template_line', value: state.lineTexts.get(key) ?? keyHex(key), accounts, totalAccounts: users.length, strength: 'weak' });
    }
  }
  for (const list of out) {
    list.sort((a, b) => (a.strength === b.strength ? 0 : a.strength === 'strong' ? -1 : 1) || b.accounts - a.accounts || (a.value < b.value ? -1 : 1));
  }
  return out;
}

function correlationsByCampaign(state: AccumulatedState, result: CorrelationResult | undefined, campaignOf: Map<number, number>, count: number): Record<string, number>[] {
  const out: Record<string, number>[] = Array.from({ length: count }, () => ({}));
  if (!result) return out;
  const index = new Map(state.accounts.map((account, i) => [account.id, i]));
  for (const finding of result.findings) {
    const touched = new Set<number>();
    for (const account of finding.accounts) {
      const c = campaignOf.get(index.get(account) ?? -1);
      if (c !== undefined) touched.add(c);
    }
    for (const c of touched) {
      const counts = out[c] as Record<string, number>;
      counts[finding.rule] = (counts[finding.rule] ?? 0) + 1;
    }
  }
  return out;
}

function campaignTemplates(state: AccumulatedState, accounts: readonly AccountState[]): CampaignTemplate[] {
  const perTemplate = new Map<number, { requests: number; accounts: number }>();
  for (const account of accounts) {
    for (let i = 0; i < account.templates.length; i += 3) {
      const key = account.templates[i] as number;
      const entry = perTemplate.get(key) ?? { requests: 0, accounts: 0 };
      entry.requests += account.templates[i + 1] as number;
      entry.accounts++;
      perTemplate.set(key, entry);
    }
  }
  return [...perTemplate]
    .sort((a, b) => b[1].requests - a[1].requests || b[1].accounts - a[1].accounts || a[0] - b[0])
    .slice(0, state.options.campaignTemplates)
    .map(([key, entry]) => ({ id: keyHex(key), text: state.templates.get(key)?.text ?? '', requests: entry.requests, accounts: entry.accounts }));
}

/** Dense hourly counts per model between the campaign's first and last active hours. */
function timelineOf(hours: CountTable, modelName: (id: number) => string): Timeline {
  let firstHour = Number.POSITIVE_INFINITY;
  let lastHour = Number.NEGATIVE_INFINITY;
  forEachCount(hours, (key) => {
    const hour = Math.floor(key / MODEL_SLOTS);
    firstHour = Math.min(firstHour, hour);
    lastHour = Math.max(lastHour, hour);
  });
  if (!Number.isFinite(firstHour)) return { start: 0, hours: 0, byModel: {} };
  const length = lastHour - firstHour + 1;
  const byModel: Record<string, number[]> = {};
  forEachCount(hours, (key, count) => {
    const model = key % MODEL_SLOTS;
    if (model === ALL_MODELS) return;
    const name = modelName(model);
    const series = (byModel[name] ??= new Array<number>(length).fill(0));
    series[Math.floor(key / MODEL_SLOTS) - firstHour] = (series[Math.floor(key / MODEL_SLOTS) - firstHour] as number) + count;
  });
  return { start: firstHour * HOUR_MS, hours: length, byModel };
}
