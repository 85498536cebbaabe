// What the review features list and step through: one rule's match on one record of one log (a
// "hit"), with every underlined span of it; how hits are grouped for the findings tree (by rule, by
// account, by campaign) and in which order; and which hit the next/previous step goes to. No
// `vscode` import, so that plain unit tests can check the order.
import { LEVELS, type Level } from '../core/model';

/** A span as the scanner reports it: 1-based lines, 1-based UTF-16 columns of the raw line, end exclusive. */
export interface HitSpan {
  startLine: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface ReviewHit {
  /** Unique among the hits: log, line, pack and rule. */
  id: string;
  /** The log's URI, as a string. */
  log: string;
  /** The log relative to its workspace folder, with `/` separators: the triage file's `file`. */
  file: string;
  /** 1-based line where the record starts. */
  line: number;
  /** The underlined spans of this rule's match in this record, in line order; at least one. */
  spans: HitSpan[];
  pack: string;
  ruleSource: string;
  ruleOffset: number;
  ruleId: string;
  title: string;
  level: string;
  field: string;
  /** The first span's matched text (attacker-written: escape it). */
  matched: string;
  account?: string;
  timestamp?: string;
  recordKey: string;
}

export const GROUPINGS = ['rule', 'account', 'campaign'] as const;
export type Grouping = (typeof GROUPINGS)[number];

export interface HitGroup {
  /** Unique among the groups of one grouping. */
  key: string;
  label: string;
  /** The rule's level, when grouped by rule. */
  level?: string;
  hits: ReviewHit[];
}

/** Campaigns as the stats service names them, in the order it ranks them. */
export interface CampaignGroup {
  key: string;
  label: string;
  accounts: ReadonlySet<string>;
}

export const NO_ACCOUNT = '(no account)';
export const NO_CAMPAIGN = '(in no campaign)';

/** Most spans kept per hit; a record rarely has more, and the first ones are those on screen. */
export const MAX_SPANS_PER_HIT = 20;

export function hitId(log: string, line: number, pack: string, ruleSource: string, ruleId: string): string {
  return `${log}\u0000${line}\u0000${pack}\u0000${ruleSource}\u0000${ruleId}`;
}

/**
 * The groups of the findings tree, in tree order, each with its hits in log and line order.
 * By rule: the most severe level first, then the most hits. By account: the most hits first, hits
 * without an account last. By campaign: the campaigns in the order given, then hits of accounts in
 * none; a hit of an account in two campaigns is listed under both.
 */
export function groupHits(hits: readonly ReviewHit[], grouping: Grouping, campaigns: readonly CampaignGroup[] = []): HitGroup[] {
  const sorted = [...hits].sort(compareHits);
  if (grouping === 'campaign') return campaignGroups(sorted, campaigns);
  const groups = new Map<string, HitGroup>();
  for (const hit of sorted) {
    const key = grouping === 'rule' ? `${hit.pack}\u0000${hit.ruleSource}\u0000${hit.ruleId}` : (hit.account ?? '');
    let group = groups.get(key);
    if (!group) {
      group = grouping === 'rule' ? { key, label: hit.title, level: hit.level, hits: [] } : { key, label: hit.account ?? NO_ACCOUNT, hits: [] };
      groups.set(key, group);
    }
    group.hits.push(hit);
  }
  const order = grouping === 'rule' ? compareRuleGroups : compareAccountGroups;
  return [...groups.values()].sort(order);
}

/** Every hit in tree order, a hit listed under two groups once (at its first place). */
export function treeOrder(groups: readonly HitGroup[]): ReviewHit[] {
  const seen = new Set<string>();
  const order: ReviewHit[] = [];
  for (const group of groups) {
    for (const hit of group.hits) {
      if (seen.has(hit.id)) continue;
      seen.add(hit.id);
      order.push(hit);
    }
  }
  return order;
}

/** Where a step starts: the hit it stepped to last, or a position in a log (the cursor). */
export type StepAnchor = { hitId: string } | { log: string; line: number; column: number } | undefined;

/**
 * The index in `order` of the hit a step in `direction` goes to, and whether it wrapped around the
 * end. From a hit: the next or previous one in tree order. From a cursor in a log: the nearest hit
 * of that log after (before) the cursor, else the first (last) hit. Undefined when there is none.
 */
export function stepIndex(order: readonly ReviewHit[], anchor: StepAnchor, direction: 1 | -1): { index: number; hasWrapped: boolean } | undefined {
  if (order.length === 0) return undefined;
  const fromHit = anchor && 'hitId' in anchor ? order.findIndex((hit) => hit.id === anchor.hitId) : -1;
  if (fromHit >= 0) {
    const index = fromHit + direction;
    if (index < 0) return { index: order.length - 1, hasWrapped: true };
    if (index >= order.length) return { index: 0, hasWrapped: true };
    return { index, hasWrapped: false };
  }
  if (anchor && 'log' in anchor) {
    const ahead = order
      .map((hit, index) => ({ hit, index }))
      .filter(({ hit }) => hit.log === anchor.log && comparePosition(hit, anchor.line, anchor.column) * direction > 0)
      .sort((a, b) => compareStarts(a.hit, b.hit) * direction || a.index - b.index);
    if (ahead[0]) return { index: ahead[0].index, hasWrapped: false };
  }
  return { index: direction === 1 ? 0 : order.length - 1, hasWrapped: false };
}

/** The hit's first span start. */
export function positionOf(hit: ReviewHit): { line: number; column: number } {
  const first = hit.spans[0];
  return first ? { line: first.startLine, column: first.column } : { line: hit.line, column: 1 };
}

function compareStarts(a: ReviewHit, b: ReviewHit): number {
  const start = positionOf(b);
  return comparePosition(a, start.line, start.column);
}

/** Sign of (hit's start − the position). */
function comparePosition(hit: ReviewHit, line: number, column: number): number {
  const start = positionOf(hit);
  return Math.sign(start.line - line || start.column - column);
}

function campaignGroups(sorted: readonly ReviewHit[], campaigns: readonly CampaignGroup[]): HitGroup[] {
  const groups: HitGroup[] = campaigns.map((campaign) => ({ key: campaign.key, label: campaign.label, hits: [] }));
  const rest: HitGroup = { key: '', label: NO_CAMPAIGN, hits: [] };
  for (const hit of sorted) {
    let isListed = false;
    campaigns.forEach((campaign, index) => {
      if (hit.account === undefined || !campaign.accounts.has(hit.account)) return;
      groups[index]?.hits.push(hit);
      isListed = true;
    });
    if (!isListed) rest.hits.push(hit);
  }
  return [...groups.filter((group) => group.hits.length > 0), ...(rest.hits.length > 0 ? [rest] : [])];
}

function compareHits(a: ReviewHit, b: ReviewHit): number {
  return compareText(a.file, b.file) || compareText(a.log, b.log) || a.line - b.line || (a.spans[0]?.column ?? 0) - (b.spans[0]?.column ?? 0) || compareText(a.ruleId, b.ruleId);
}

function compareRuleGroups(a: HitGroup, b: HitGroup): number {
  return levelRank(b.level) - levelRank(a.level) || b.hits.length - a.hits.length || compareText(a.label, b.label) || compareText(a.key, b.key);
}

function compareAccountGroups(a: HitGroup, b: HitGroup): number {
  if ((a.key === '') !== (b.key === '')) return a.key === '' ? 1 : -1;
  return b.hits.length - a.hits.length || compareText(a.label, b.label);
}

function levelRank(level: string | undefined): number {
  return LEVELS.indexOf(level as Level);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
