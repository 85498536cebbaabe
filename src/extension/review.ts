// The reviewer's workflow, put together: the workspace's findings, their triage, the findings view,
// stepping, the filtered and record views, the verdicts in log gutters and hovers, and the status
// item. activate.ts creates it once; the commands work on what it returns.
import * as vscode from 'vscode';
import type { BugReporter } from './errors';
import { FilteredViews } from './filtered-view';
import { FindingsTree, type CampaignSource } from './findings-tree';
import type { HoverExtras } from './hover';
import { COMMANDS } from './ids';
import type { LogScans } from './log-scans';
import { RecordViews } from './record-view';
import { Revealer } from './reveal';
import type { ReviewServices } from './review-commands';
import { ReviewStatus } from './review-status';
import type { RulePacks } from './rule-packs';
import { SpanMarks } from './span-marks';
import { Stepper } from './stepping';
import { Triage } from './triage';
import { triageHoverParts } from './triage-hover';
import { TriageMarks } from './triage-marks';
import { WorkspaceFindings } from './workspace-findings';

export interface ReviewDependencies {
  context: vscode.ExtensionContext;
  packs: RulePacks;
  scans: LogScans;
  bugs: BugReporter;
  log: vscode.LogOutputChannel;
  campaigns?: CampaignSource;
}

/** Creates the review's parts; `own` hands each to VS Code to dispose. */
export function createReview({ context, packs, scans, bugs, log, campaigns }: ReviewDependencies, own: <T extends vscode.Disposable>(part: T) => T): { review: ReviewServices; hover: HoverExtras } {
  const findings = own(new WorkspaceFindings(packs, scans, bugs));
  const triage = own(new Triage(log));
  const marks = own(new SpanMarks(context.extensionUri));
  const filtered = own(new FilteredViews(findings, triage, marks));
  const records = own(new RecordViews(findings, triage, marks));
  const tree = own(new FindingsTree(findings, triage, context.workspaceState, campaigns));
  const stepper = new Stepper(findings, tree, new Revealer(findings, filtered, records));
  const status = own(new ReviewStatus(findings, triage, () => packs.all().some((pack) => pack.files.size > 0)));
  own(packs.onDidChange(() => status.renderSoon()));
  const triageMarks = own(new TriageMarks(findings, triage, marks));
  // A folder whose team has marked findings is under review: scan its logs without waiting to be asked.
  void triage.ready.then(() => (triage.hasMarks ? findings.start() : undefined));
  const verdictCommands = { confirmed: COMMANDS.markConfirmed, false_positive: COMMANDS.markFalsePositive, needs_review: COMMANDS.markNeedsReview };
  const hover: HoverExtras = {
    commands: Object.values(verdictCommands),
    parts: (finding, document) =>
      triageHoverParts({ log: document.uri.toString(), line: finding.line, ruleId: finding.ruleId }, triage.markFor(document.uri, finding.recordKey, finding.ruleId), verdictCommands),
  };
  return { review: { packs, findings, tree, stepper, triage, filtered, records, status, marks: triageMarks }, hover };
}
