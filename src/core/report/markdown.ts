// Campaign statistics as a Markdown report, for tickets and chat. Pure: stats in, text out; every
// value from the logs is escaped so that it cannot format the report or break a table.

import type { CampaignStats, CampaignSummary, PivotSummary } from '../stats/types';
import { escapeMarkdown as md } from './escape';
import { count as n, percent as pct, shorten as cut, utcMinute as when } from './text-format';

/** What the report says about how it was made (the shell knows the file names). */
export interface ReportMeta {
  files: readonly string[];
  /** Rule documents loaded (detection and correlation). */
  rules: number;
  title?: string;
}

export function renderMarkdownReport(stats: CampaignStats, meta: ReportMeta): string {
  const out: string[] = [`# ${md(meta.title ?? 'PromptSift campaign report')}`, ''];
  out.push(`${n(stats.records)} records from ${meta.files.length} log file(s) (${meta.files.map((f) => md(f)).join(', ')}), ${n(stats.accounts)} accounts, ` +
    `${n(stats.flaggedRecords)} flagged by rules at level ${stats.flagLevel} or above (${pct(stats.flaggedRecords, stats.records)}), ${meta.rules} rules` +
    `${stats.timeRange ? `; ${when(stats.timeRange.start)} to ${when(stats.timeRange.end)} UTC` : ''}.`, '');
  out.push(`## Campaigns (${stats.campaigns.length})`, '');
  if (stats.campaigns.length === 0) out.push('No group of linked accounts had enough flagged activity to count as a campaign.', '');
  for (const campaign of stats.campaigns) out.push(...campaignSection(campaign));
  out.push(`## Correlation findings (${stats.correlations.length})`, '');
  if (stats.correlations.length > 0) {
    out.push('| Rule | Level | Group | Value | Window (UTC) | Events | Accounts | First event |', '|---|---|---|---:|---|---:|---:|---|');
    for (const f of stats.correlations.slice(0, 200)) {
      const group = Object.entries(f.group).map(([k, v]) => `${md(k)}=${md(cut(v, 60))}`).join(', ');
      const first = f.members[0];
      out.push(`| ${md(f.rule)} | ${f.level ?? ''} | ${group} | ${f.value} | ${when(f.window.start)} – ${when(f.window.end)} | ${n(f.memberCount)} | ${f.accountCount} | ${first ? `${md(first.source)}:${first.line}` : ''} |`);
    }
    if (stats.correlations.length > 200) out.push('', `… and ${n(stats.correlations.length - 200)} more.`);
    out.push('');
  }
  out.push('## Top accounts', '', '| Account | Requests | Flagged | Active h/day | Peak/h | Models | Campaign |', '|---|---:|---:|---:|---:|---|---|');
  for (const a of stats.topAccounts.slice(0, 25)) {
    out.push(`| ${md(a.id)} | ${n(a.requests)} | ${n(a.flaggedRequests)} (${pct(a.flaggedRequests, a.requests)}) | ${a.activeHoursPerDay.toFixed(1)} | ${a.peakHourlyRate} | ${Object.keys(a.models).map(md).join(', ')} | ${a.campaign ?? ''} |`);
  }
  out.push('', '## Templates sent by the most accounts', '', '| Template | Accounts | Requests | Flagged | Text |', '|---|---:|---:|---:|---|');
  for (const t of stats.templates.slice(0, 25)) out.push(`| ${t.id} | ${n(t.accounts)} | ${n(t.requests)} | ${pct(t.flaggedRequests, t.requests)} | ${md(cut(t.text, 160))} |`);
  out.push('', '## Totals', '', '| Model | Requests | Flagged | First seen (UTC) | New |', '|---|---:|---:|---|---|');
  for (const m of stats.totals.models) out.push(`| ${md(m.model)} | ${n(m.requests)} | ${n(m.flaggedRequests)} | ${m.firstSeen === undefined ? '' : when(m.firstSeen)} | ${m.isNew ? 'yes' : ''} |`);
  out.push('', '| Rule | Level | Records |', '|---|---|---:|');
  for (const r of stats.totals.rules) out.push(`| ${md(r.rule)} | ${r.level ?? ''} | ${n(r.count)} |`);
  out.push('');
  return `${out.join('\n')}\n`;
}

function campaignSection(c: CampaignSummary): string[] {
  const out = [`### ${c.id}: ${c.accounts.length} accounts, ${n(c.requests)} requests, ${pct(c.flaggedRequests, c.requests)} flagged`, ''];
  if (c.firstSeen !== undefined && c.lastSeen !== undefined) out.push(`Active ${when(c.firstSeen)} to ${when(c.lastSeen)} UTC, ${c.activeHoursPerDay.toFixed(1)} distinct hours per day on average.`, '');
  for (const pivot of c.pivots) out.push(`- ${pivotSentence(pivot)}`);
  if (c.pivots.length > 0) out.push('');
  out.push('Linked by:', '', '| Field | Value | Accounts here | Accounts sharing it | Strength |', '|---|---|---:|---:|---|');
  for (const e of c.evidence) out.push(`| ${e.field} | ${md(cut(e.value, 60))} | ${e.accounts} | ${e.totalAccounts} | ${e.strength} |`);
  if (c.moreEvidence > 0) out.push(`| … | ${c.moreEvidence} more links | | | |`);
  out.push('', '| Template | Requests | Accounts | Text |', '|---|---:|---:|---|');
  for (const t of c.templates) out.push(`| ${t.id} | ${n(t.requests)} | ${t.accounts} | ${md(cut(t.text, 160))} |`);
  out.push('', `Rules: ${Object.entries(c.rules).map(([rule, count]) => `${md(rule)} ${n(count)}`).join(', ') || 'none'}.`);
  const correlations = Object.entries(c.correlations);
  if (correlations.length > 0) out.push('', `Correlations: ${correlations.map(([rule, count]) => `${md(rule)} ${count}`).join(', ')}.`);
  out.push('', `Models: ${Object.entries(c.models).map(([model, count]) => `${md(model)} ${n(count)}`).join(', ')}.`);
  out.push('', `Accounts: ${c.accounts.map(md).join(', ')}.`, '');
  return out;
}

/** One sentence per pivot. */
function pivotSentence(p: PivotSummary): string {
  return `${md(p.model)} first appeared ${when(p.firstSeen)} UTC; the campaign moved to it at ${when(p.pivotAt)} (${p.hoursAfterFirstSeen.toFixed(1)} h later): ` +
    `${(p.shareAfter * 100).toFixed(1)}% of its next 24 h of traffic (${n(p.requestsAfter)} requests; ${(p.shareBefore * 100).toFixed(1)}% before), ${p.baselineRequests === 0 ? 'with no other traffic then' : `against ${(p.baselineShare * 100).toFixed(1)}% of all other traffic`}.`;
}
