// The protocol between the campaign view (extension host) and its webview: what the host shows
// (a bounded view model of the core's statistics, the run's status, the reviewer's place in the
// logs) and what the webview may ask for. The webview is not trusted: it names things only by the
// numbers the host gave it, and the host checks every message with `parseWebviewMessage`.

import type { Level } from '../core/model';
import type { LinkField, PivotSummary } from '../core/stats/types';

// ─── Host → webview ────────────────────────────────────────────────────────────────────────────

export type HostMessage =
  | { type: 'model'; model: PanelModel | undefined }
  | { type: 'status'; status: PanelStatus; packs: PackChoice[]; pack: number | undefined }
  | { type: 'selection'; selection: SelectionView | undefined };

/** What the statistics of one pack's logs show, every list already cut to what the panel lists. */
export interface PanelModel {
  /** Numbers each set of statistics; an `open` names it, so a click on old figures opens nothing. */
  generation: number;
  pack: string;
  /** When the statistics were computed (epoch ms). */
  computedAt: number;
  logs: { count: number; unreadable: number; malformedLines: number };
  totals: { records: number; accounts: number; flaggedRecords: number; flagLevel: Level; timeRange?: { start: number; end: number } };
  /** Flagged records by their highest level, most severe first. */
  levels: { level: Level; count: number }[];
  campaigns: CampaignCard[];
  /** Campaigns found beyond the cards listed. */
  moreCampaigns: number;
  rules: RuleRow[];
  templates: TemplateRow[];
  accounts: AccountRow[];
  /** Sentences about what was capped, skipped or could not run. */
  notes: string[];
}

/** An index into the host's table of things that can be opened in the logs (this generation only). */
export type TargetId = number;

export interface CampaignCard {
  id: string;
  target?: TargetId;
  accounts: number;
  requests: number;
  flaggedRequests: number;
  flaggedShare: number;
  sharedLineShare: number;
  firstSeen?: number;
  lastSeen?: number;
  activeHoursPerDay: number;
  pivots: PivotSummary[];
  timeline: TimelineView;
  rules: RuleRow[];
  templates: TemplateRow[];
  /** Its accounts, the busiest first (counts are known for those among the top accounts). */
  members: MemberChip[];
  moreMembers: number;
  evidence: { field: LinkField; value: string; accounts: number; totalAccounts: number; strength: 'strong' | 'weak' }[];
  moreEvidence: number;
}

/** Requests per clock hour from `start`, one row per model (the largest, and every model the campaign pivoted to). */
export interface TimelineView {
  start: number;
  hours: number;
  /** The largest value of any row in any hour: the rows share one scale. */
  peak: number;
  rows: TimelineRow[];
}

export interface TimelineRow {
  /** The model, or the number of smaller models folded into this row (`otherModels`). */
  model: string;
  otherModels?: number;
  counts: number[];
  total: number;
  /** When the model first appeared in the logs, if that was after they start. */
  releasedAt?: number;
  /** When this campaign pivoted to the model. */
  pivotAt?: number;
}

export interface RuleRow {
  key: string;
  title?: string;
  level?: Level;
  count: number;
  isFlagging: boolean;
  target?: TargetId;
}

export interface TemplateRow {
  id: string;
  text: string;
  requests: number;
  accounts: number;
  flaggedRequests?: number;
  target?: TargetId;
}

export interface AccountRow {
  id: string;
  requests: number;
  flaggedRequests: number;
  flaggedShare: number;
  campaign?: string;
  target?: TargetId;
}

export interface MemberChip {
  id: string;
  requests?: number;
  target?: TargetId;
}

export type PanelStatus =
  | { kind: 'empty'; reason: 'no-pack' | 'no-logs' | 'restricted' }
  /** Something changed and a run will start after a pause (or when the view is shown). */
  | { kind: 'waiting' }
  | { kind: 'running'; phase: 'context' | 'records'; fraction: number }
  | { kind: 'ready' }
  | { kind: 'stopped' }
  | { kind: 'failed'; message: string };

export interface PackChoice {
  index: number;
  label: string;
}

/** Where the reviewer is among the records of the thing they opened. */
export interface SelectionView {
  target: TargetId;
  kind: TargetKind;
  label: string;
  /** 1-based position among the listed records. */
  position: number;
  /** Records listed (the first ones, in log and line order) and records in all. */
  listed: number;
  total: number;
  /** The log (relative to the workspace) and 1-based line open now. */
  location: string;
}

export type TargetKind = 'campaign' | 'account' | 'template' | 'rule';

// ─── Webview → host ────────────────────────────────────────────────────────────────────────────

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'open'; generation: number; target: TargetId }
  | { type: 'step'; offset: 1 | -1 }
  | { type: 'clearSelection' }
  | { type: 'refresh' }
  | { type: 'stop' }
  | { type: 'export' }
  | { type: 'choosePack'; pack: number };

/** The keys each message type has besides `type`, and how each must look. */
const SHAPES: Record<WebviewMessage['type'], Record<string, (value: unknown) => boolean>> = {
  ready: {},
  open: { generation: isIndex, target: isIndex },
  step: { offset: (value) => value === 1 || value === -1 },
  clearSelection: {},
  refresh: {},
  stop: {},
  export: {},
  choosePack: { pack: isIndex },
};

/** The message, when it is exactly one of ours (no other keys, every value well formed); else undefined. */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) return undefined;
  const record = value as Record<string, unknown>;
  const type = record.type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(SHAPES, type)) return undefined;
  const shape = SHAPES[type as WebviewMessage['type']];
  const keys = Object.keys(record);
  if (keys.length !== Object.keys(shape).length + 1) return undefined;
  for (const key of keys) {
    if (key === 'type') continue;
    const check = Object.prototype.hasOwnProperty.call(shape, key) ? shape[key] : undefined;
    if (!check || !check(record[key])) return undefined;
  }
  return record as unknown as WebviewMessage;
}

/** A number the host handed out: a whole number from 0 up, within what the host ever counts to. */
function isIndex(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
