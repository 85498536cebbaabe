// Entry point of the extension: creates each part and hands it to VS Code to dispose.
import * as vscode from 'vscode';
import { registerCheckDocs } from './check-docs';
import { registerQuickFixes } from './code-actions';
import { RuleCodeLenses } from './code-lens';
import { registerCommands } from './commands';
import { registerCompletions } from './completion';
import { registerNavigation } from './definition';
import { FindingDecorations } from './decorations';
import { RuleDiagnostics } from './diagnostics';
import { BugReporter } from './errors';
import { FindingsStatus } from './findings-status';
import { registerFindingHover } from './hover';
import { NAMES } from './ids';
import { LargeLogs } from './large-logs';
import { LogDiagnostics } from './log-diagnostics';
import { LogScans } from './log-scans';
import { createReview } from './review';
import { campaignSource, sendFalsePositives } from './review-campaigns';
import { RulePacks } from './rule-packs';
import { RuleTestsController } from './rule-tests-controller';
import { CampaignView } from './stats-view';
import { StatsRuns } from './stats-runs';
import { StatusItem } from './status';
import { WorkspaceHits } from './workspace-hits';

export function activate(context: vscode.ExtensionContext): void {
  const own = <T extends vscode.Disposable>(disposable: T): T => {
    context.subscriptions.push(disposable);
    return disposable;
  };
  const log = own(vscode.window.createOutputChannel(NAMES.outputChannel, { log: true }));
  try {
    const status = own(new StatusItem());
    const bugs = new BugReporter(log, status);
    const packs = own(new RulePacks(log, bugs));
    const diagnostics = own(new RuleDiagnostics(packs, status, bugs, log));
    own(registerCheckDocs());
    const scans = own(new LogScans(packs, bugs, log));
    const decorations = own(new FindingDecorations(scans));
    const logDiagnostics = own(new LogDiagnostics(packs, scans));
    const findingsStatus = own(new FindingsStatus(scans, decorations));
    const largeLogs = own(new LargeLogs(packs, scans, logDiagnostics, findingsStatus, bugs, log));
    const tests = own(new RuleTestsController(packs, bugs));
    const hits = own(new WorkspaceHits(packs, scans, bugs));
    own(new RuleCodeLenses(packs, hits));
    own(registerQuickFixes(packs, diagnostics));
    own(registerCompletions(packs));
    own(registerNavigation(packs));
    const statsRuns = own(new StatsRuns(packs, scans, bugs));
    const campaigns = own(new CampaignView(context.extensionUri, statsRuns, scans, bugs, log));
    const { review, hover } = createReview({ context, packs, scans, bugs, log, campaigns: campaignSource(statsRuns) }, own);
    own(sendFalsePositives(statsRuns, review.findings, review.triage, packs));
    own(registerFindingHover(packs, scans, hover));
    registerCommands({ packs, diagnostics, log, logs: { scans, decorations, largeLogs }, rules: { tests, hits }, campaigns: { view: campaigns, runs: statsRuns }, review }).forEach(own);
    void packs.reload();
  } catch (error) {
    // VS Code does not tell the user when an extension fails to activate, so we do.
    log.error(`PromptSift failed to start: ${error instanceof Error ? error.stack : String(error)}`);
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`PromptSift failed to start: ${message}`, 'Show Output').then((choice) => choice && log.show());
    throw error;
  }
}
