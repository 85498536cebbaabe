// The end of the accumulation: which accounts are suspicious, how they link, which groups are
// campaigns, and the plain-data statistics with totals, top accounts and templates.

import type { CorrelationResult } from '../correlate/types';
import { LEVELS, type Level } from '../model';
import { LINK_FIELDS, summariseAccount, type AccountState } from './accounts';
import { AccountGroups, linkAccounts, type Link, type SharedValue } from './linking';
import { clusterByProfile } from './profiles';
import { qualifyGroups } from './qualify';
import type { CampaignOptions } from './options';
import type { NewModel } from './pivots';
import type { ListedItems, RefKeeper } from './refs';
import { summariseCampaigns } from './summaries';
import type { CampaignStats, ModelTotal, RuleTotal, TemplateSummary } from './types';

export interface ModelState {
  requests: number;
  flagged: number;
  first: number;
  last: number;
}

export interface RuleState {
  key: string;
  title?: string;
  level?: Level;
  count: number;
  isFlagging: boolean;
}

export interface TemplateState {
  id: string;
  text: string;
  requests: number;
  flagged: number;
  first: number;
  last: number;
}

/** Everything the accumulator keeps between records. */
export interface AccumulatedState {
  options: CampaignOptions;
  records: number;
  timed: number;
  flagged: number;
  levels: Partial<Record<Level, number>>;
  accounts: AccountState[];
  modelNames: string[];
  models: ModelState[];
  rules: RuleState[];
  templates: Map<number, TemplateState>;
  templatesPruned: boolean;
  /** Template line key → its text (the first ones seen, up to the template cap). */
  lineTexts: Map<number, string>;
  /** Per link field, value id → text. */
  valueNames: string[][];
  newModels: NewModel[];
  /** All traffic near new-model releases, in 10-minute buckets (see pivots.ts). */
  globalFine: Map<number, number>;
  /** The first records of each item, when asked for. */
  refs?: RefKeeper;
}

/** Suspicion, linking and campaigns, then every summary. */
export function assembleStats(state: AccumulatedState, correlations?: CorrelationResult): CampaignStats {
  const { options, accounts } = state;
  const templateUsers = usersOf(accounts, (account, visit) => {
    for (let i = 0; i < account.templates.length; i += 3) visit(account.templates[i] as number);
  });
  const lineUsers = usersOf(accounts, (account, visit) => {
    for (let i = 0; i < account.lines.length; i += 3) visit(account.lines[i] as number);
  });
  const suspicious = suspiciousAccounts(state, correlations, lineUsers);
  const distinctive = distinctiveLines(lineUsers, suspicious, options.link);
  // Profiles compare lines two suspicious accounts share: a line only one of them sends cannot match.
  const profileLines = distinctiveLines(lineUsers, suspicious, options.link, 2);
  const groups = new AccountGroups(accounts.length);
  const links = linkAccounts(groups, sharedValues(state), (i) => suspicious[i] === 1, options.link);
  // Clusters grown from a few accounts have noisy profiles; a second round compares whole clusters.
  for (let round = 0; round < 3; round++) {
    if (clusterByProfile(groups, accounts, suspicious, (line) => (profileLines.has(line) ? 1 : 0), options.profile).length === 0) break;
  }
  const qualified = qualifyGroups(state, groups, suspicious, lineUsers);
  const members = qualified.map((group) => group.members);
  const campaigns = summariseCampaigns(state, { groups: qualified, links, correlations, lineUsers, distinctive });
  const campaignOf = new Map<number, string>();
  campaigns.forEach((campaign, c) => {
    for (const index of members[c] as number[]) campaignOf.set(index, campaign.id);
  });
  const names = { model: (id: number) => state.modelNames[id] ?? '', rule: (id: number) => state.rules[id]?.key ?? '' };
  const ranked = accounts.map((_, i) => i).sort((a, b) => compareAccounts(accounts[a] as AccountState, accounts[b] as AccountState));
  const listed = ranked.slice(0, options.listAccounts);
  const topAccounts = listed.map((i) => {
    const extra: { campaign?: string; isSuspicious: boolean } = { isSuspicious: suspicious[i] === 1 };
    const campaign = campaignOf.get(i);
    if (campaign !== undefined) extra.campaign = campaign;
    return summariseAccount(accounts[i] as AccountState, names, extra);
  });
  const stats: CampaignStats = {
    records: state.records,
    timedRecords: state.timed,
    accounts: accounts.length,
    flaggedRecords: state.flagged,
    flagLevel: options.flagLevel,
    totals: { rules: ruleTotals(state), levels: orderedLevels(state.levels), models: modelTotals(state) },
    campaigns,
    topAccounts,
    templates: templateSummaries(state, templateUsers, campaigns),
    correlations: correlations?.findings ?? [],
    generated: correlations?.generated ?? [],
    correlationIssues: correlations?.issues ?? [],
    limits: {
      accountsListed: topAccounts.length,
      templatesTracked: state.templates.size,
      templatesPruned: state.templatesPruned,
      templatesPerAccount: options.templateSlots,
      valuesPerAccount: options.valuesPerAccount,
    },
  };
  const range = timeRange(state);
  if (range) stats.timeRange = range;
  if (state.refs) stats.refs = state.refs.summarise(listedItems(state, stats, listed, members));
  return stats;
}

/**
 * 1 for accounts suspicious on their own: enough flagged requests, or in a high-level correlation
 * finding; then also accounts whose requests mostly carry lines that suspicious accounts send and
 * clean ones do not (the campaign's prompts in phrasings the rules miss).
 */
function suspiciousAccounts(state: AccumulatedState, correlations: CorrelationResult | undefined, lineUsers: Map<number, number[]>): Uint8Array {
  const { suspicion } = state.options;
  const flags = new Uint8Array(state.accounts.length);
  state.accounts.forEach((account, i) => {
    const isByShare = account.flagged >= suspicion.minFlagged && account.flagged >= suspicion.minShare * account.requests;
    if (isByShare || account.flagged >= suspicion.minFlaggedAlone) flags[i] = 1;
  });
  const minRank = LEVELS.indexOf(suspicion.correlationLevel);
  const index = new Map(state.accounts.map((account, i) => [account.id, i]));
  for (const finding of correlations?.findings ?? []) {
    if (finding.level === undefined || LEVELS.indexOf(finding.level) < minRank) continue;
    for (const account of finding.accounts) {
      const i = index.get(account);
      if (i !== undefined) flags[i] = 1;
    }
  }
  // Here the clean senders of a line are the candidates, so a line qualifies while at least half of its senders are suspicious.
  const suspectLines = distinctiveLines(lineUsers, flags, { ...state.options.link, cleanRatio: 1 }, suspicion.minLineSuspects);
  const byLines = state.accounts.map((account) => {
    let count = 0;
    for (let s = 0; s < account.lines.length; s += 3) if (suspectLines.has(account.lines[s] as number)) count += account.lines[s + 1] as number;
    return count >= suspicion.minFlagged && count >= suspicion.minLineShare * account.requests;
  });
  byLines.forEach((isSuspect, i) => {
    if (isSuspect) flags[i] = 1;
  });
  return flags;
}

/** key → indexes of the accounts that have it, in account order. */
function usersOf(accounts: readonly AccountState[], keysOf: (account: AccountState, visit: (key: number) => void) => void): Map<number, number[]> {
  const users = new Map<number, number[]>();
  accounts.forEach((account, i) => {
    keysOf(account, (key) => {
      const list = users.get(key);
      if (list) list.push(i);
      else users.set(key, [i]);
    });
  });
  return users;
}

function* sharedValues(state: AccumulatedState): Generator<SharedValue> {
  for (let f = 0; f < LINK_FIELDS.length; f++) {
    const users = usersOf(state.accounts, (account, visit) => (account.values[f] as number[]).forEach(visit));
    const names = state.valueNames[f] as string[];
    for (const [id, accounts] of users) yield { field: LINK_FIELDS[f] as SharedValue['field'], value: names[id] as string, accounts };
  }
}

/** Lines few clean accounts send, as weak values are judged (see linking.ts): they may shape a profile. */
function distinctiveLines(lineUsers: Map<number, number[]>, suspicious: Uint8Array, link: CampaignOptions['link'], minSuspects = 1): Set<number> {
  const out = new Set<number>();
  for (const [key, users] of lineUsers) {
    let suspects = 0;
    for (const i of users) suspects += suspicious[i] as number;
    if (suspects >= minSuspects && users.length - suspects <= Math.max(link.cleanAllowance, link.cleanRatio * suspects)) out.add(key);
  }
  return out;
}

/** The accounts and templates the statistics list, by the accumulator's indexes and keys. */
function listedItems(state: AccumulatedState, stats: CampaignStats, topAccounts: readonly number[], members: readonly number[][]): ListedItems {
  const accounts = new Map<number, string>();
  for (const index of [...topAccounts, ...members.flat()]) accounts.set(index, (state.accounts[index] as AccountState).id);
  const ids = new Set([...stats.templates.map((t) => t.id), ...stats.campaigns.flatMap((c) => c.templates.map((t) => t.id))]);
  const templates = new Map<number, string>();
  for (const [key, template] of state.templates) if (ids.has(template.id)) templates.set(key, template.id);
  return {
    accounts,
    campaigns: stats.campaigns.map((campaign, c) => ({ id: campaign.id, members: members[c] as number[] })),
    templates,
    rules: state.rules.map((rule) => rule.key),
  };
}

function compareAccounts(a: AccountState, b: AccountState): number {
  return b.flagged - a.flagged || b.requests - a.requests || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function ruleTotals(state: AccumulatedState): RuleTotal[] {
  return state.rules
    .map((rule) => {
      const total: RuleTotal = { rule: rule.key, count: rule.count, isFlagging: rule.isFlagging };
      if (rule.title !== undefined) total.title = rule.title;
      if (rule.level !== undefined) total.level = rule.level;
      return total;
    })
    .sort((a, b) => b.count - a.count || (a.rule < b.rule ? -1 : 1));
}

function orderedLevels(levels: Partial<Record<Level, number>>): Partial<Record<Level, number>> {
  const out: Partial<Record<Level, number>> = {};
  for (const level of [...LEVELS].reverse()) if (levels[level] !== undefined) out[level] = levels[level];
  return out;
}

function modelTotals(state: AccumulatedState): ModelTotal[] {
  const isNew = new Set(state.newModels.map((model) => model.id));
  return state.models
    .map((model, id) => {
      const total: ModelTotal = { model: state.modelNames[id] as string, requests: model.requests, flaggedRequests: model.flagged, isNew: isNew.has(id) };
      if (Number.isFinite(model.first)) total.firstSeen = model.first;
      if (Number.isFinite(model.last)) total.lastSeen = model.last;
      return total;
    })
    .filter((total) => total.requests > 0)
    .sort((a, b) => b.requests - a.requests || (a.model < b.model ? -1 : 1));
}

function templateSummaries(state: AccumulatedState, users: Map<number, number[]>, campaigns: CampaignStats['campaigns']): TemplateSummary[] {
  const inCampaigns = new Map<string, string[]>();
  for (const campaign of campaigns) {
    for (const template of campaign.templates) inCampaigns.set(template.id, [...(inCampaigns.get(template.id) ?? []), campaign.id]);
  }
  return [...state.templates]
    .map(([key, t]) => ({ key, t, accounts: users.get(key)?.length ?? 0 }))
    .sort((a, b) => b.accounts - a.accounts || b.t.requests - a.t.requests || a.key - b.key)
    .slice(0, state.options.listTemplates)
    .map(({ t, accounts }) => {
      const summary: TemplateSummary = { id: t.id, text: t.text, requests: t.requests, flaggedRequests: t.flagged, accounts, campaigns: inCampaigns.get(t.id) ?? [] };
      if (Number.isFinite(t.first)) summary.firstSeen = t.first;
      if (Number.isFinite(t.last)) summary.lastSeen = t.last;
      return summary;
    });
}

function timeRange(state: AccumulatedState): { start: number; end: number } | undefined {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const model of state.models) {
    if (!model) continue;
    start = Math.min(start, model.first);
    end = Math.max(end, model.last);
  }
  return Number.isFinite(start) ? { start, end } : undefined;
}

export type { Link };
