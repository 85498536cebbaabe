// The text format of `promptsift stats`: a readable summary for a terminal. Everything taken from
// the logs (account ids, template text, field values) has its control characters escaped, so a
// hostile log cannot move the cursor or recolour the terminal.

import type { CampaignStats, CampaignSummary, CorrelationFinding, PivotSummary } from '../../core/stats/types';
import type { LocatedProblem } from '../located';
import { paint } from '../output';
import { count as n, percent as pct, shorten as cut, utcMinute as when } from '../../core/report/text-format';

export interface StatsRun {
  stats: CampaignStats;
  files: { file: string; records: number; problems: number }[];
  /** The first log problems, located. */
  problems: LocatedProblem[];
  brokenRules: { rule: string; reasons: string[] }[];
}

const LIST = 10;

export function formatStatsText(run: StatsRun, options: { isColour: boolean }): string {
  const s = run.stats;
  const bold = (text: string): string => paint(text, 'bold', options.isColour);
  const problems = run.files.reduce((sum, file) => sum + file.problems, 0);
  const lines: string[] = [];
  lines.push(
    `${bold('promptsift stats')}: ${n(s.records)} records in ${run.files.length} file(s)${problems ? ` (${n(problems)} unreadable lines or warnings)` : ''}, ` +
      `${n(s.accounts)} accounts, ${n(s.flaggedRecords)} flagged (${pct(s.flaggedRecords, s.records)})${s.timeRange ? `, ${when(s.timeRange.start)} → ${when(s.timeRange.end)} UTC` : ''}`,
  );
  lines.push('', bold(`Campaigns (${s.campaigns.length})`));
  if (s.campaigns.length === 0) lines.push('  none: no group of linked accounts with enough flagged activity');
  for (const campaign of s.campaigns) lines.push(...campaignLines(campaign, bold));
  lines.push('', bold(`Correlation findings (${s.correlations.length})`));
  for (const finding of s.correlations.slice(0, 3 * LIST)) lines.push(`  ${findingLine(finding)}`);
  if (s.correlations.length > 3 * LIST) lines.push(`  … ${n(s.correlations.length - 3 * LIST)} more (--format json lists them all)`);
  lines.push('', bold('Top accounts'));
  for (const account of s.topAccounts.slice(0, LIST)) {
    lines.push(
      `  ${clean(account.id)}  ${n(account.requests)} requests, ${n(account.flaggedRequests)} flagged (${pct(account.flaggedRequests, account.requests)}), ` +
        `${account.activeHoursPerDay.toFixed(1)} active h/day, peak ${account.peakHourlyRate}/h${account.campaign ? `, ${account.campaign}` : ''}`,
    );
  }
  lines.push('', bold('Templates sent by the most accounts'));
  for (const template of s.templates.slice(0, LIST)) {
    lines.push(`  ${template.id}  ${n(template.accounts)} accounts, ${n(template.requests)} requests, ${pct(template.flaggedRequests, template.requests)} flagged: "${clean(cut(template.text, 100))}"`);
  }
  lines.push('', bold('Totals'));
  lines.push(`  levels: ${Object.entries(s.totals.levels).map(([level, count]) => `${level} ${n(count)}`).join(', ') || 'nothing flagged'}`);
  lines.push(`  models: ${s.totals.models.map((m) => `${clean(m.model)} ${n(m.requests)}${m.isNew && m.firstSeen !== undefined ? ` (new, first seen ${when(m.firstSeen)})` : ''}`).join(', ')}`);
  lines.push(`  rules: ${s.totals.rules.filter((r) => r.isFlagging).map((r) => `${r.rule} ${n(r.count)}`).join(', ') || 'none matched'}`);
  for (const issue of s.correlationIssues) lines.push(`  correlation ${issue.rule} cannot run: ${issue.reason}`);
  if (run.problems.length > 0) {
    lines.push('', bold(`Log problems (${n(problems)}; the first ${Math.min(5, run.problems.length)})`));
    for (const p of run.problems.slice(0, 5)) lines.push(`  ${p.file}:${p.line}:${p.column}: ${p.severity} ${p.checkId} ${clean(p.message)}`);
  }
  return `${lines.join('\n')}\n`;
}

function campaignLines(c: CampaignSummary, bold: (text: string) => string): string[] {
  const lines = [
    '',
    `  ${bold(c.id)}  ${n(c.accounts.length)} accounts, ${n(c.requests)} requests, ${pct(c.flaggedRequests, c.requests)} flagged` +
      `${c.firstSeen !== undefined && c.lastSeen !== undefined ? `, ${when(c.firstSeen)} → ${when(c.lastSeen)}` : ''}, ${c.activeHoursPerDay.toFixed(1)} active h/day`,
  ];
  const links = c.evidence.slice(0, 6).map((e) => `${e.field} ${clean(cut(e.value, 40))} (${e.accounts} of ${e.totalAccounts} accounts)`);
  lines.push(`    linked by: ${links.join('; ')}${c.evidence.length + c.moreEvidence > 6 ? `; +${c.evidence.length + c.moreEvidence - 6} more` : ''}`);
  for (const pivot of c.pivots) lines.push(`    pivot: ${pivotLine(pivot)}`);
  for (const t of c.templates.slice(0, 3)) lines.push(`    template ${t.id}: ${n(t.requests)}× from ${t.accounts} accounts "${clean(cut(t.text, 90))}"`);
  lines.push(`    rules: ${Object.entries(c.rules).slice(0, 6).map(([rule, count]) => `${rule} ${n(count)}`).join(', ') || 'none'}`);
  const correlations = Object.entries(c.correlations);
  if (correlations.length > 0) lines.push(`    correlations: ${correlations.map(([rule, count]) => `${rule} ${count}`).join(', ')}`);
  lines.push(`    accounts: ${c.accounts.slice(0, 8).map(clean).join(', ')}${c.accounts.length > 8 ? `, +${c.accounts.length - 8} more` : ''}`);
  return lines;
}

function pivotLine(p: PivotSummary): string {
  const baseline = p.baselineRequests === 0 ? 'no other traffic then' : `other traffic ${(p.baselineShare * 100).toFixed(1)}%`;
  return `${clean(p.model)} first seen ${when(p.firstSeen)}; the campaign moved at ${when(p.pivotAt)} (+${p.hoursAfterFirstSeen.toFixed(1)} h): ` +
    `${(p.shareAfter * 100).toFixed(1)}% of its traffic in the next 24 h (${(p.shareBefore * 100).toFixed(1)}% before), ${baseline}`;
}

function findingLine(f: CorrelationFinding): string {
  const group = Object.entries(f.group).map(([key, value]) => `${key}=${clean(cut(value, 40))}`).join(' ');
  const first = f.members[0];
  return `${f.level ?? '-'} ${f.rule} ${group} value ${f.value}, ${when(f.window.start)} → ${when(f.window.end)}, ${n(f.memberCount)} events, ${f.accountCount} accounts${first ? ` (${first.source}:${first.line}…)` : ''}`;
}

/** Control characters (C0, DEL, C1, line and paragraph separators, bidi controls) written as \\u escapes. */
export function clean(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
