// The JSON format of `promptsift stats`: the core's statistics with times as ISO 8601 strings (UTC),
// plus the files read, the first log problems and the rules that cannot run.

import type { CampaignStats } from '../../core/stats/types';
import type { StatsRun } from './stats-text';

/** Keys whose numbers are epoch milliseconds in the core's results. */
const TIME_KEYS: ReadonlySet<string> = new Set(['firstSeen', 'lastSeen', 'pivotAt', 'firedAt', 'start', 'end']);

export function formatStatsJson(run: StatsRun): string {
  const s: CampaignStats = run.stats;
  const json = {
    records: s.records,
    accounts: s.accounts,
    flaggedRecords: s.flaggedRecords,
    timedRecords: s.timedRecords,
    flagLevel: s.flagLevel,
    timeRange: s.timeRange ?? null,
    campaigns: s.campaigns,
    correlations: s.correlations,
    totals: s.totals,
    topAccounts: s.topAccounts,
    templates: s.templates,
    generated: s.generated,
    correlationIssues: s.correlationIssues,
    limits: s.limits,
    files: run.files,
    problems: run.problems,
    brokenRules: run.brokenRules,
  };
  return `${JSON.stringify(json, (key, value: unknown) => (TIME_KEYS.has(key) && typeof value === 'number' ? isoTime(value) : value), 2)}\n`;
}

/** Epoch milliseconds as ISO 8601 UTC; values outside the Date range stay numbers. */
export function isoTime(ms: number): string | number {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? ms : date.toISOString();
}
