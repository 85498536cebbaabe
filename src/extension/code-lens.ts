// The CodeLens on each detection rule's title: how often it matches the workspace's logs (click:
// the list of hits) and how many of its inline examples pass (click: run them in the Test
// Explorer). Test outcomes are computed again only when the rule's detection or tests changed.
import * as vscode from 'vscode';
import type { DetectionRule } from '../core/model';
import { ruleKey } from '../core/scan/index';
import { COMMANDS } from './ids';
import { rangeConverter } from './positions';
import { RuleTestSummaries, ruleSpan } from './rule-test-items';
import type { RulePacks } from './rule-packs';
import { affectsCodeLens, readCodeLensSettings } from './settings';
import type { PackHitsView, WorkspaceHits } from './workspace-hits';

/** What the hits lens passes to the command that lists the hits. */
export interface HitsTarget {
  pack: string;
  ruleSource: string;
  ruleId: string;
  title: string;
}

/** What the tests lens passes to the command that runs them. */
export interface TestsTarget {
  uri: string;
  docIndex: number;
}

export class RuleCodeLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changes.event;
  private readonly summaries = new RuleTestSummaries();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly packs: RulePacks,
    private readonly hits: WorkspaceHits,
  ) {
    this.subscriptions = [
      this.changes,
      vscode.languages.registerCodeLensProvider({ language: 'yaml' }, this),
      hits.onDidChange(() => this.changes.fire()),
      packs.onDidChange((change) => {
        if (!change.isTyping) this.changes.fire();
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affectsCodeLens(event)) this.changes.fire();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.changes.fire()),
    ];
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const found = this.packs.fileAt(document.uri);
    const settings = readCodeLensSettings(document.uri);
    if (!found || !settings.isEnabled) return [];
    const { snapshot, parsed } = this.packs.current(found.file, new Map([[document.uri.toString(), document]]));
    const toRange = rangeConverter(snapshot);
    const view = settings.showHits ? this.hits.view(found.pack.key) : undefined;
    const lenses: vscode.CodeLens[] = [];
    for (const rule of parsed.rules) {
      if (rule.kind !== 'detection') continue;
      const start = toRange(ruleSpan(rule)).start;
      const range = new vscode.Range(start, start);
      const target: HitsTarget = { pack: found.pack.key, ruleSource: parsed.source, ruleId: ruleKey(rule), title: rule.title?.value ?? ruleKey(rule) };
      if (settings.showHits) lenses.push(new vscode.CodeLens(range, hitsCommand(view, target)));
      const tests = this.testsCommand(rule, { uri: document.uri.toString(), docIndex: rule.docIndex });
      if (tests) lenses.push(new vscode.CodeLens(range, tests));
    }
    return lenses;
  }

  private testsCommand(rule: DetectionRule, target: TestsTarget): vscode.Command | undefined {
    if (!rule.tests) return undefined;
    if (!vscode.workspace.isTrusted) return { title: 'tests not run in Restricted Mode', command: '' };
    const summary = this.summaries.get(rule);
    if (!summary) return undefined;
    const run = { command: COMMANDS.runRuleTests, arguments: [target], tooltip: 'Run the inline tests of this rule in the Test Explorer' };
    if ('notRunnable' in summary) return { ...run, title: `$(warning) tests cannot run: ${summary.notRunnable}` };
    const icon = summary.passed === summary.total ? '$(pass)' : '$(error)';
    return { ...run, title: `${icon} tests: ${summary.passed}/${summary.total} passed` };
  }
}

function hitsCommand(view: PackHitsView | undefined, target: HitsTarget): vscode.Command {
  if (!view || view.isScanning) return { title: '$(sync~spin) counting hits in logs…', command: '' };
  const tooLarge = view.tooLarge > 0 ? ` (${view.tooLarge} too large to count; scan them from disk)` : '';
  if (view.logs === 0) return { title: `no logs to count hits in${tooLarge}`, command: '' };
  const hits = view.hitsOf(target.ruleSource, target.ruleId);
  if (!hits) return { title: `no hits in ${plural(view.logs, 'log')}${tooLarge}`, command: '' };
  return {
    title: `$(search) ${plural(hits.count, 'hit')} in ${plural(hits.logs.size, 'log')}${tooLarge}`,
    command: COMMANDS.showRuleHits,
    arguments: [target],
    tooltip: 'List the hits of this rule and open a log at one',
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
