// Plain-data results of the campaign statistics: what the CLI prints, the reports render and the
// stats panel shows. Only data (numbers, strings, arrays, records), so a webview can import these
// as types and receive the values through postMessage unchanged. Times are epoch milliseconds.

import type { CorrelationFinding, CorrelationIssue, EventRef, GeneratedMatches } from '../correlate/types';
import type { Level } from '../model';

export type { CorrelationFinding, CorrelationIssue, EventRef, GeneratedMatches };

/** The infrastructure fields accounts are linked by, and `template_line` for the prompt lines their profiles share. */
export type LinkField = 'payment_fingerprint' | 'api_key_id' | 'ip' | 'org_id' | 'template_line';

export interface CampaignStats {
  /** Records read (with or without a prompt or a time). */
  records: number;
  /** Records with a parsable timestamp. */
  timedRecords: number;
  /** Distinct `account_id` values. */
  accounts: number;
  /** Records matched by at least one detection rule at or above the flagging level. */
  flaggedRecords: number;
  /** The level from which a match flags a record ('low' by default: informational rules never flag). */
  flagLevel: Level;
  timeRange?: { start: number; end: number };
  totals: Totals;
  campaigns: CampaignSummary[];
  /** The accounts with the most flagged requests (then the most requests), up to the listing cap. */
  topAccounts: AccountSummary[];
  /** The templates sent by the most accounts (then the most often), up to the listing cap. */
  templates: TemplateSummary[];
  correlations: CorrelationFinding[];
  generated: GeneratedMatches[];
  correlationIssues: CorrelationIssue[];
  /** What was capped or approximated, so a reader knows which figures are lower bounds. */
  limits: StatsLimits;
  /** Where the first records of each listed item are; only when asked for (`refsPerItem` above 0). */
  refs?: StatsRefs;
}

export interface Totals {
  /** Every detection rule that matched something, with its match count. */
  rules: RuleTotal[];
  /** Flagged records by the highest level among the rules that matched them. */
  levels: Partial<Record<Level, number>>;
  models: ModelTotal[];
}

export interface RuleTotal {
  rule: string;
  title?: string;
  level?: Level;
  /** Records the rule matched. */
  count: number;
  /** Whether its matches flag a record (its level is at or above the flagging level). */
  isFlagging: boolean;
}

export interface ModelTotal {
  model: string;
  requests: number;
  flaggedRequests: number;
  firstSeen?: number;
  lastSeen?: number;
  /** First seen after the start of the logs (the derived field `model_is_new`). */
  isNew: boolean;
}

export interface AccountSummary {
  id: string;
  requests: number;
  flaggedRequests: number;
  flaggedShare: number;
  /** Flagging rules → records they matched. */
  rules: Record<string, number>;
  firstSeen?: number;
  lastSeen?: number;
  models: Record<string, number>;
  /** UTC days with at least one request. */
  activeDays: number;
  /** Mean number of distinct UTC hours with a request, over the active days (24 = round the clock). */
  activeHoursPerDay: number;
  maxActiveHoursInDay: number;
  /** Most requests in one clock hour. */
  peakHourlyRate: number;
  /** Distinct values seen per infrastructure field (counting stops at the per-account cap). */
  infrastructure: Partial<Record<LinkField, number>>;
  /** The campaign this account belongs to, if any. */
  campaign?: string;
  /** Whether the account's own activity counts as suspicious (see docs/campaigns.md). */
  isSuspicious: boolean;
}

export interface TemplateSummary {
  /** The value of the derived field `template`. */
  id: string;
  /** The normalised text (lowercase, slots such as {n}, {q}, {task} masked), cut to 240 characters. */
  text: string;
  requests: number;
  flaggedRequests: number;
  accounts: number;
  firstSeen?: number;
  lastSeen?: number;
  campaigns: string[];
}

/**
 * Why accounts were put together: one shared value and how many accounts share it. For
 * `template_line` the value is a normalised line of the prompts the accounts' profiles share.
 */
export interface LinkEvidence {
  field: LinkField;
  value: string;
  /** Accounts of this campaign that share the value. */
  accounts: number;
  /** All accounts in the logs that share the value. */
  totalAccounts: number;
  /** 'strong' links join any account; 'weak' ones join only accounts that are suspicious themselves. */
  strength: 'strong' | 'weak';
}

export interface CampaignTemplate {
  id: string;
  text: string;
  requests: number;
  accounts: number;
}

export interface CampaignSummary {
  /** `C1`, `C2`, … by number of accounts, then requests. */
  id: string;
  accounts: string[];
  requests: number;
  flaggedRequests: number;
  flaggedShare: number;
  /** Share of the campaign's template lines (occurrences) that two or more of its accounts send and clean accounts elsewhere rarely do. */
  sharedLineShare: number;
  firstSeen?: number;
  lastSeen?: number;
  models: Record<string, number>;
  templates: CampaignTemplate[];
  /** Flagging rules → records of this campaign they matched. */
  rules: Record<string, number>;
  /** Correlation rules → findings that involve accounts of this campaign. */
  correlations: Record<string, number>;
  evidence: LinkEvidence[];
  /** Evidence items left out of `evidence` (it lists the strongest first). */
  moreEvidence: number;
  /** Mean distinct UTC hours per day in which any account of the campaign sent a request. */
  activeHoursPerDay: number;
  timeline: Timeline;
  pivots: PivotSummary[];
}

/** Requests per clock hour and model, from `start` (an hour boundary) for `hours` hours. */
export interface Timeline {
  start: number;
  hours: number;
  byModel: Record<string, number[]>;
}

/** How much of a campaign's traffic moved to a model that first appeared during the logs. */
export interface PivotSummary {
  model: string;
  /** When the model first appeared in the logs (any account). */
  firstSeen: number;
  /** Start of the first 10-minute bucket, at or after the change point, in which the campaign used the model. */
  pivotAt: number;
  hoursAfterFirstSeen: number;
  /** The campaign's share of requests on the model between its first appearance and the change point. */
  shareBefore: number;
  /** The campaign's share of requests on the model in the 24 hours from `pivotAt`. */
  shareAfter: number;
  /** The share of traffic outside every campaign on the model in the same 24 hours (0 when there was none). */
  baselineShare: number;
  /** Requests outside every campaign in those 24 hours (the denominator of `baselineShare`). */
  baselineRequests: number;
  /** Campaign requests in the 24 hours from `pivotAt` (the denominator of `shareAfter`). */
  requestsAfter: number;
}

export interface StatsLimits {
  /** Accounts listed in `topAccounts` (out of `accounts`). */
  accountsListed: number;
  /** Templates remembered with counts; when `templatesPruned`, rare templates were dropped and counts are lower bounds. */
  templatesTracked: number;
  templatesPruned: boolean;
  /** Templates remembered per account for linking (the most frequent ones). */
  templatesPerAccount: number;
  /** Distinct values remembered per account and infrastructure field. */
  valuesPerAccount: number;
}

/**
 * The first records of the listed campaigns, accounts (top accounts and campaign members),
 * templates (top templates and campaign templates) and of every rule that matched, so that a
 * reader can open the logs at them. An item's own count (requests, matches) says how many there are in all.
 */
export interface StatsRefs {
  /** Records kept per item at most. */
  limit: number;
  campaigns: ItemRefs[];
  accounts: ItemRefs[];
  templates: ItemRefs[];
  rules: ItemRefs[];
}

/** A campaign id, account id, template id or rule key, and its first records in reading order (log as named to the pipeline, 1-based line). */
export interface ItemRefs {
  key: string;
  refs: EventRef[];
}
