// What the campaign view shows of one set of statistics: the core's aggregates cut to what the
// panel lists, log text made safe to show, and the table of things the reviewer can open (each
// listed campaign, account, template and rule with its first records). No `vscode` import, so
// that a plain unit test can check it.

import type { Level } from '../core/model';
import type { EventRef, RuleTotal } from '../core/stats/types';
import type { StatsRunResult } from '../runtime/stats-compute';
import type { AccountRow, CampaignCard, MemberChip, PanelModel, RuleRow, TargetId, TargetKind, TemplateRow, TimelineRow, TimelineView } from '../shared/messages';

/** Something the reviewer can open: its first records (log name as the run knew it, 1-based line). */
export interface Target {
  kind: TargetKind;
  /** The campaign id, account id, template id or rule key, as the statistics have it. */
  key: string;
  label: string;
  /** Records it has in all; `refs` lists the first ones. */
  total: number;
  refs: EventRef[];
}

export interface ModelInput {
  result: StatsRunResult;
  generation: number;
  pack: string;
  computedAt: number;
}

/** How many of each the panel lists. */
export const LISTED = { campaigns: 12, rules: 10, templates: 8, accounts: 10, campaignRules: 5, campaignTemplates: 4, members: 12, evidence: 4, timelineRows: 5 } as const;

/** Longest log text shown in one piece. */
const MAX_TEXT = 240;

export function buildPanelModel({ result, generation, pack, computedAt }: ModelInput): { model: PanelModel; targets: Target[] } {
  const { stats } = result;
  const targets: Target[] = [];
  const refsByKind = {
    campaign: new Map((stats.refs?.campaigns ?? []).map((item) => [item.key, item.refs])),
    account: new Map((stats.refs?.accounts ?? []).map((item) => [item.key, item.refs])),
    template: new Map((stats.refs?.templates ?? []).map((item) => [item.key, item.refs])),
    rule: new Map((stats.refs?.rules ?? []).map((item) => [item.key, item.refs])),
  };
  const known = new Map<string, TargetId>();
  /** The target of an item, made once per item; none when no record of it was kept. */
  const targetOf = (kind: TargetKind, key: string, label: string, total: number): TargetId | undefined => {
    const id = `${kind}\u0000${key}`;
    const found = known.get(id);
    if (found !== undefined) return found;
    const refs = refsByKind[kind].get(key);
    if (!refs || refs.length === 0) return undefined;
    targets.push({ kind, key, label, total, refs });
    known.set(id, targets.length - 1);
    return targets.length - 1;
  };
  const ruleMeta = new Map(stats.totals.rules.map((rule) => [rule.rule, rule]));
  const ruleRow = (rule: RuleTotal, count: number): RuleRow => {
    const row: RuleRow = { key: shown(rule.rule), count, isFlagging: rule.isFlagging };
    if (rule.title !== undefined) row.title = shown(rule.title);
    if (rule.level !== undefined) row.level = rule.level;
    return withTarget(row, targetOf('rule', rule.rule, `Rule ${shown(rule.title ?? rule.rule)}`, rule.count));
  };
  const templateRow = (t: { id: string; text: string; requests: number; accounts: number; flaggedRequests?: number }): TemplateRow => {
    const total = stats.templates.find((other) => other.id === t.id)?.requests ?? t.requests;
    const row: TemplateRow = { id: t.id, text: shown(t.text), requests: t.requests, accounts: t.accounts };
    if (t.flaggedRequests !== undefined) row.flaggedRequests = t.flaggedRequests;
    return withTarget(row, targetOf('template', t.id, `Template ${t.id}`, total));
  };
  const topAccounts = new Map(stats.topAccounts.map((account) => [account.id, account]));
  // Accounts among the top accounts come first, in their order.
  const order = new Map(stats.topAccounts.map((account, index) => [account.id, index]));
  const rank = (id: string): number => order.get(id) ?? Number.MAX_SAFE_INTEGER;
  const accountTarget = (id: string): TargetId | undefined => targetOf('account', id, `Account ${shown(id)}`, topAccounts.get(id)?.requests ?? 0);

  const campaigns = stats.campaigns.slice(0, LISTED.campaigns).map((c): CampaignCard => {
    const ranked = [...c.accounts].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
    const card: CampaignCard = {
      id: c.id,
      accounts: c.accounts.length,
      requests: c.requests,
      flaggedRequests: c.flaggedRequests,
      flaggedShare: c.flaggedShare,
      sharedLineShare: c.sharedLineShare,
      activeHoursPerDay: c.activeHoursPerDay,
      pivots: c.pivots.map((pivot) => ({ ...pivot, model: shown(pivot.model) })),
      timeline: timelineOf(c, stats.totals.models),
      rules: Object.entries(c.rules).slice(0, LISTED.campaignRules).flatMap(([key, count]) => {
        const meta = ruleMeta.get(key);
        return meta ? [ruleRow(meta, count)] : [];
      }),
      templates: c.templates.slice(0, LISTED.campaignTemplates).map(templateRow),
      members: ranked.slice(0, LISTED.members).map((id): MemberChip => {
        const chip: MemberChip = { id: shown(id) };
        const requests = topAccounts.get(id)?.requests;
        if (requests !== undefined) chip.requests = requests;
        return withTarget(chip, accountTarget(id));
      }),
      moreMembers: Math.max(0, c.accounts.length - LISTED.members),
      evidence: c.evidence.slice(0, LISTED.evidence).map((e) => ({ ...e, value: shown(e.value) })),
      moreEvidence: Math.max(0, c.evidence.length - LISTED.evidence) + c.moreEvidence,
    };
    if (c.firstSeen !== undefined) card.firstSeen = c.firstSeen;
    if (c.lastSeen !== undefined) card.lastSeen = c.lastSeen;
    return withTarget(card, targetOf('campaign', c.id, `Campaign ${c.id}`, c.requests));
  });

  const model: PanelModel = {
    generation,
    pack,
    computedAt,
    logs: {
      count: result.files.length,
      unreadable: result.files.filter((file) => file.error !== undefined).length,
      malformedLines: result.files.reduce((sum, file) => sum + file.problems, 0),
    },
    totals: { records: stats.records, accounts: stats.accounts, flaggedRecords: stats.flaggedRecords, flagLevel: stats.flagLevel, ...(stats.timeRange ? { timeRange: stats.timeRange } : {}) },
    levels: Object.entries(stats.totals.levels).map(([level, n]) => ({ level: level as Level, count: n as number })),
    campaigns,
    moreCampaigns: Math.max(0, stats.campaigns.length - LISTED.campaigns),
    rules: stats.totals.rules.slice(0, LISTED.rules).map((rule) => ruleRow(rule, rule.count)),
    templates: stats.templates.slice(0, LISTED.templates).map(templateRow),
    accounts: stats.topAccounts.slice(0, LISTED.accounts).map((account): AccountRow => {
      const row: AccountRow = { id: shown(account.id), requests: account.requests, flaggedRequests: account.flaggedRequests, flaggedShare: account.flaggedShare };
      if (account.campaign !== undefined) row.campaign = account.campaign;
      return withTarget(row, accountTarget(account.id));
    }),
    notes: notesOf(result),
  };
  return { model, targets };
}

/** One row per model: the largest ones and every model the campaign pivoted to; the rest folded into one. */
function timelineOf(c: StatsRunResult['stats']['campaigns'][number], models: StatsRunResult['stats']['totals']['models']): TimelineView {
  const pivots = new Map(c.pivots.map((pivot) => [pivot.model, pivot]));
  const released = new Map(models.filter((model) => model.isNew && model.firstSeen !== undefined).map((model) => [model.model, model.firstSeen as number]));
  const all = Object.entries(c.timeline.byModel)
    .map(([model, counts]) => ({ model, counts, total: counts.reduce((sum, n) => sum + n, 0) }))
    .sort((a, b) => b.total - a.total || (a.model < b.model ? -1 : 1));
  const pivoted = all.filter((row) => pivots.has(row.model)).sort((a, b) => (pivots.get(a.model)?.pivotAt ?? 0) - (pivots.get(b.model)?.pivotAt ?? 0));
  const room = Math.max(1, LISTED.timelineRows - pivoted.length);
  const others = all.filter((row) => !pivots.has(row.model));
  // Folding one model alone into "other models" would hide its name for nothing.
  const largest = others.length === room + 1 ? others : others.slice(0, room);
  const folded = others.slice(largest.length);
  const rows: TimelineRow[] = [...largest, ...pivoted].map(({ model, counts, total }) => {
    const row: TimelineRow = { model: shown(model), counts, total };
    const releasedAt = pivots.get(model)?.firstSeen ?? released.get(model);
    if (releasedAt !== undefined) row.releasedAt = releasedAt;
    const pivotAt = pivots.get(model)?.pivotAt;
    if (pivotAt !== undefined) row.pivotAt = pivotAt;
    return row;
  });
  if (folded.length > 0) {
    const counts = new Array<number>(c.timeline.hours).fill(0);
    for (const row of folded) row.counts.forEach((n, hour) => (counts[hour] = (counts[hour] as number) + n));
    rows.push({ model: '', otherModels: folded.length, counts, total: folded.reduce((sum, row) => sum + row.total, 0) });
  }
  const peak = Math.max(1, ...rows.flatMap((row) => row.counts));
  return { start: c.timeline.start, hours: c.timeline.hours, peak, rows };
}

function notesOf(result: StatsRunResult): string[] {
  const notes: string[] = [];
  const unreadable = result.files.filter((file) => file.error !== undefined);
  if (unreadable.length > 0) notes.push(`${count(unreadable.length, 'log')} could not be read: ${unreadable.map((file) => `${shown(file.name)} (${shown(file.error ?? '')})`).join(', ')}.`);
  const malformed = result.files.reduce((sum, file) => sum + file.problems, 0);
  if (malformed > 0) notes.push(`${count(malformed, 'line')} of the logs are not records (malformed or without a prompt) and were skipped.`);
  if (result.brokenRules.length > 0) notes.push(`${count(result.brokenRules.length, 'detection rule')} cannot run and match nothing: ${result.brokenRules.map((rule) => shown(rule.rule)).join(', ')}.`);
  if (result.ruleProblems > 0) notes.push(`The rule files have ${count(result.ruleProblems, 'problem')} (see the Problems panel); rules with errors may be missing.`);
  if (result.stats.limits.templatesPruned) notes.push('Rare templates were dropped to bound memory: template counts are lower bounds.');
  return notes;
}

function withTarget<T extends { target?: TargetId }>(row: T, target: TargetId | undefined): T {
  if (target !== undefined) row.target = target;
  return row;
}

/** Log text as one line that cannot reorder or hide what surrounds it: controls and bidi marks replaced, cut to a length. */
export function shown(text: string): string {
  const safe = text.replace(/[\r\n\t]+/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g, '\ufffd');
  return safe.length > MAX_TEXT ? `${safe.slice(0, MAX_TEXT - 1)}\u2026` : safe;
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}
