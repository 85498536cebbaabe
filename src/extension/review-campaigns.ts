// Connects the review with the campaign statistics, both ways: the statistics' campaigns become a
// grouping of the findings view, and the findings marked as false positives go to the statistics,
// which take them as no match of that rule on that record (so the panel's figures leave them out).
import * as vscode from 'vscode';
import { ruleKey as statsRuleKey } from '../core/correlate/plan';
import type { DetectionRule } from '../core/model';
import { ruleKey as scanRuleKey } from '../core/scan/index';
import type { CampaignSource } from './findings-tree';
import type { CampaignGroup, ReviewHit } from './review-hits';
import type { RulePacks } from './rule-packs';
import type { StatsRuns } from './stats-runs';
import type { Triage } from './triage';
import type { WorkspaceFindings } from './workspace-findings';

const SEND_DELAY_MS = 500;

/** The campaigns of the last statistics computed, for the findings view. */
export function campaignSource(runs: StatsRuns): CampaignSource {
  return {
    onDidChange: runs.onDidChange,
    campaigns(): readonly CampaignGroup[] | undefined {
      const campaigns = runs.state.computed?.result.stats.campaigns;
      if (!campaigns || campaigns.length === 0) return undefined;
      return campaigns.map((campaign) => ({
        key: campaign.id,
        label: `Campaign ${campaign.id} (${campaign.accounts.length} account${campaign.accounts.length === 1 ? '' : 's'})`,
        accounts: new Set(campaign.accounts),
      }));
    },
  };
}

/** Sends the statistics the false positives whenever marks or findings change them. */
export function sendFalsePositives(runs: StatsRuns, findings: WorkspaceFindings, triage: Triage, packs: RulePacks): vscode.Disposable {
  let sent = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const send = () => {
    timer = undefined;
    const matches = triage.falsePositives(findings.hits()).map((hit) => ({ log: vscode.Uri.parse(hit.log), line: hit.line, rule: statsKeyOf(packs, hit) }));
    const signature = JSON.stringify(matches.map((match) => [match.log.toString(), match.line, match.rule]).sort());
    if (signature === sent) return;
    sent = signature;
    runs.excludeMatches(matches);
  };
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(send, SEND_DELAY_MS);
  };
  return vscode.Disposable.from(findings.onDidChange(soon), triage.onDidChange(soon), { dispose: () => clearTimeout(timer) });
}

/** The statistics name rules by name first, the scanner by id first: the statistics' key of the rule of a match. */
function statsKeyOf(packs: RulePacks, hit: ReviewHit): string {
  const file = [...(packs.get(hit.pack)?.files.values() ?? [])].find((candidate) => candidate.source === hit.ruleSource);
  const rule = file?.parsed?.rules.find((candidate): candidate is DetectionRule => candidate.kind === 'detection' && scanRuleKey(candidate) === hit.ruleId);
  return rule ? statsRuleKey(rule) : hit.ruleId;
}
