// Plain data produced by correlation evaluation: serialisable, safe to hand to a webview.

import type { Level } from '../model';

/** Where an event came from: the opaque source name the shell gave (a path, a URI) and its 1-based line. */
export interface EventRef {
  source: string;
  line: number;
}

/** One alert of a correlation rule: a group whose windows held the condition. */
export interface CorrelationFinding {
  /** The correlation's key: its `name`, else its `id`, else its title. */
  rule: string;
  ruleId?: string;
  title?: string;
  level?: Level;
  type: string;
  /** group-by field (or alias) → value. */
  group: Record<string, string>;
  /** Times (epoch ms) of the first and last member events of the merged windows. */
  window: { start: number; end: number };
  /** Time of the event that completed the first window that held the condition. */
  firedAt: number;
  /** The count, distinct values, rules present or sum/average: the largest over the merged windows (smallest for upper bounds). */
  value: number;
  /** The first member events, in time order, up to the engine's cap. */
  members: EventRef[];
  memberCount: number;
  /** Distinct `account_id` values among the members, up to the cap. */
  accounts: string[];
  accountCount: number;
}

/** Matches of a detection rule that a `generate: true` correlation lets through as alerts of their own. */
export interface GeneratedMatches {
  rule: string;
  /** The correlations with `generate: true` that reference the rule. */
  correlations: string[];
  count: number;
  members: EventRef[];
}

/** Why a correlation cannot be evaluated (it then never fires); the lint checks report the details. */
export interface CorrelationIssue {
  rule: string;
  reason: string;
}

export interface CorrelationResult {
  /** Findings sorted by rule, then by window start. */
  findings: CorrelationFinding[];
  generated: GeneratedMatches[];
  issues: CorrelationIssue[];
  /** Matches of referenced rules that had no usable timestamp and so could not be correlated. */
  untimedEvents: number;
}
