// The command palette's PromptSift commands; each handler is a few lines over the services.
import * as vscode from 'vscode';
import { checkDocsUri, documentedChecks } from './check-docs';
import type { RuleDiagnostics } from './diagnostics';
import { COMMANDS } from './ids';
import { debugDecorations, openRule, scanLogs, stopLogScans, type LogServices } from './log-commands';
import {
  chooseGrouping,
  clearMarks,
  debugFindings,
  editNote,
  falsePositiveToTest,
  markFindings,
  openFilteredView,
  openRecordView,
  refreshFindings,
  revealFinding,
  type ReviewServices,
} from './review-commands';
import { runRuleTests, showRuleHits, type RuleServices } from './rule-commands';
import type { RulePacks } from './rule-packs';
import type { CampaignView } from './stats-view';
import type { StatsRuns } from './stats-runs';

export interface CommandServices {
  packs: RulePacks;
  diagnostics: RuleDiagnostics;
  log: vscode.LogOutputChannel;
  logs: LogServices;
  rules: RuleServices;
  campaigns: { view: CampaignView; runs: StatsRuns };
  review: ReviewServices;
}

export function registerCommands(services: CommandServices): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.lintWorkspace, () => lintWorkspace(services)),
    vscode.commands.registerCommand(COMMANDS.showOutput, () => services.log.show()),
    vscode.commands.registerCommand(COMMANDS.showCheckDocs, (checkId?: unknown) => showCheckDocs(checkId)),
    vscode.commands.registerCommand(COMMANDS.scanLogs, () => scanLogs(services.logs)),
    vscode.commands.registerCommand(COMMANDS.stopLogScans, () => stopLogScans(services.logs, services.review.findings)),
    vscode.commands.registerCommand(COMMANDS.scanLogFromDisk, (uri?: unknown) => services.logs.largeLogs.scanFromDisk(uri)),
    vscode.commands.registerCommand(COMMANDS.openRule, (target?: unknown) => openRule(services.packs, target)),
    vscode.commands.registerCommand(COMMANDS.debugDecorations, (uri?: unknown) => debugDecorations(services.logs, uri)),
    vscode.commands.registerCommand(COMMANDS.runRuleTests, (target?: unknown) => runRuleTests(services.rules, target)),
    vscode.commands.registerCommand(COMMANDS.showRuleHits, (target?: unknown) => showRuleHits(services.rules, target)),
    vscode.commands.registerCommand(COMMANDS.debugRuleTests, () => services.rules.tests.debugSnapshot()),
    vscode.commands.registerCommand(COMMANDS.showCampaigns, () => services.campaigns.view.show()),
    vscode.commands.registerCommand(COMMANDS.refreshCampaigns, () => services.campaigns.runs.refresh()),
    vscode.commands.registerCommand(COMMANDS.stopCampaigns, () => services.campaigns.runs.stop()),
    vscode.commands.registerCommand(COMMANDS.nextCampaignRecord, () => services.campaigns.view.step(1)),
    vscode.commands.registerCommand(COMMANDS.previousCampaignRecord, () => services.campaigns.view.step(-1)),
    vscode.commands.registerCommand(COMMANDS.exportCampaignReport, () => services.campaigns.view.exportReport()),
    vscode.commands.registerCommand(COMMANDS.debugCampaigns, () => services.campaigns.view.snapshot()),
    ...registerReviewCommands(services.review),
  ];
}

function registerReviewCommands(review: ReviewServices): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.nextFinding, () => review.stepper.step(1)),
    vscode.commands.registerCommand(COMMANDS.previousFinding, () => review.stepper.step(-1)),
    vscode.commands.registerCommand(COMMANDS.revealFinding, (id?: unknown) => revealFinding(review, id)),
    vscode.commands.registerCommand(COMMANDS.groupFindings, (grouping?: unknown) => chooseGrouping(review, grouping)),
    vscode.commands.registerCommand(COMMANDS.refreshFindings, () => refreshFindings(review)),
    vscode.commands.registerCommand(COMMANDS.hideFalsePositives, () => review.tree.setHidesFalsePositives(true)),
    vscode.commands.registerCommand(COMMANDS.showFalsePositives, () => review.tree.setHidesFalsePositives(false)),
    vscode.commands.registerCommand(COMMANDS.markConfirmed, (target?: unknown, selected?: unknown, note?: unknown) => markFindings(review, 'confirmed', target, selected, note)),
    vscode.commands.registerCommand(COMMANDS.markFalsePositive, (target?: unknown, selected?: unknown, note?: unknown) => markFindings(review, 'false_positive', target, selected, note)),
    vscode.commands.registerCommand(COMMANDS.markNeedsReview, (target?: unknown, selected?: unknown, note?: unknown) => markFindings(review, 'needs_review', target, selected, note)),
    vscode.commands.registerCommand(COMMANDS.clearMark, (target?: unknown, selected?: unknown) => clearMarks(review, target, selected)),
    vscode.commands.registerCommand(COMMANDS.editTriageNote, (target?: unknown) => editNote(review, target)),
    vscode.commands.registerCommand(COMMANDS.falsePositiveToTest, (target?: unknown) => falsePositiveToTest(review, target)),
    vscode.commands.registerCommand(COMMANDS.openFilteredView, (target?: unknown) => openFilteredView(review, target)),
    vscode.commands.registerCommand(COMMANDS.openRecordView, (target?: unknown) => openRecordView(review, target)),
    vscode.commands.registerCommand(COMMANDS.debugFindings, (arg?: unknown) => debugFindings(review, arg)),
  ];
}

/** Finds the packs and reads their files again, then lints them; resolves once diagnostics are up to date. */
async function lintWorkspace({ packs, diagnostics, log }: CommandServices): Promise<void> {
  const started = performance.now();
  await packs.reload();
  await diagnostics.refreshAll();
  const files = packs.all().reduce((sum, pack) => sum + pack.files.size, 0);
  const message = `Linted ${files} rule file(s) in ${Math.round(performance.now() - started)} ms`;
  log.info(message);
  vscode.window.setStatusBarMessage(`PromptSift: ${message.toLowerCase()}`, 5000);
}

/** Opens a check's page in the Markdown preview; asks which check when none is given. */
async function showCheckDocs(checkId: unknown): Promise<void> {
  let id = typeof checkId === 'string' ? checkId : undefined;
  if (id === undefined) {
    const picked = await vscode.window.showQuickPick(
      documentedChecks().map((check) => ({ label: check.id, description: check.severity, detail: check.description })),
      { placeHolder: 'Which check?', matchOnDetail: true },
    );
    id = picked?.label;
  }
  if (id !== undefined) await vscode.commands.executeCommand('markdown.showPreview', checkDocsUri(id));
}
