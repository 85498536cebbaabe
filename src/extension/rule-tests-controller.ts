// The inline tests of detection rules in the Test Explorer: rule file → rule → example, each at its
// line (so the editor shows run buttons and results in the gutter). The tree follows the packs:
// a file's items are rebuilt only when its parse changed, after a pause while the author types.
// Runs happen in the extension host, a slice at a time, and stop when cancelled: examples are
// short and each rule is compiled once per run, so a whole pack takes milliseconds (see
// scripts/bench/typing.ts). A failure is reported at the example, with the lines of the rule that
// explain it. The pack's correlation fixtures are items of their own (correlation-fixture-tests.ts).
import * as vscode from 'vscode';
import type { RuleFile } from '../core/engine';
import { findFixtures, FIXTURE_ITEM_PREFIX, runFixture } from './correlation-fixture-tests';
import type { BugReporter } from './errors';
import { INTERNAL_IDS, NAMES } from './ids';
import { rangeConverter, type SpanToRange } from './positions';
import { ruleTestNodes, runRuleExamples, type ExampleOutcome, type RuleNode } from './rule-test-items';
import type { RulePack } from './rule-pack';
import type { PackChange, PackFile, RulePacks } from './rule-packs';
import { RefreshScheduler } from './scheduler';

const TYPING_DELAY_MS = 300;
/** A run yields to the editor this often. */
const SLICE_MS = 20;

export class RuleTestsController implements vscode.Disposable {
  private readonly controller = vscode.tests.createTestController(INTERNAL_IDS.ruleTestsController, NAMES.ruleTests);
  /** The parse each file's items were built from, by URI. */
  private readonly builtFrom = new Map<string, RuleFile>();
  /** The URIs of the file items of each pack. */
  private readonly filesOf = new Map<string, Set<string>>();
  /** The ids of the correlation fixture items of each pack. */
  private readonly fixturesOf = new Map<string, Set<string>>();
  private readonly scheduler = new RefreshScheduler((key) => this.refresh(key));
  /** The last outcome of each example, by `file id|rule id|example id`, for the debug command. */
  private readonly outcomes = new Map<string, ReportedOutcome>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly packs: RulePacks,
    private readonly bugs: BugReporter,
  ) {
    this.controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, (request, token) => this.run(request, token), true);
    this.controller.refreshHandler = async () => {
      await packs.reload();
      await Promise.all(packs.all().map((pack) => this.scheduler.run(pack.key)));
    };
    this.subscriptions = [this.controller, this.scheduler, packs.onDidChange((change) => this.onPacksChanged(change))];
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  /** Builds the items of every pack now; resolves when they are in place. */
  async refreshAll(): Promise<void> {
    await Promise.all(this.packs.all().map((pack) => this.scheduler.run(pack.key)));
  }

  /** Runs the examples of one rule (`docIndex` in the file at `uri`), or of every rule when none is given. */
  async runTests(target?: { uri: string; docIndex: number }): Promise<void> {
    await this.refreshAll();
    const file = target && this.controller.items.get(target.uri);
    const rule = file?.children.get(`doc${target?.docIndex}`);
    if (target && !rule) return;
    const request = new vscode.TestRunRequest(rule ? [rule] : undefined);
    const cancel = new vscode.CancellationTokenSource();
    try {
      await this.run(request, cancel.token);
    } finally {
      cancel.dispose();
    }
  }

  private onPacksChanged(change: PackChange): void {
    for (const key of change.removedKeys) this.removePack(key);
    for (const pack of change.packs) this.scheduler.schedule(pack.key, change.isTyping ? TYPING_DELAY_MS : 0);
  }

  private removePack(key: string): void {
    for (const uri of this.filesOf.get(key) ?? []) this.removeFile(uri);
    this.filesOf.delete(key);
    for (const id of this.fixturesOf.get(key) ?? []) this.controller.items.delete(id);
    this.fixturesOf.delete(key);
  }

  private removeFile(uri: string): void {
    this.controller.items.delete(uri);
    this.builtFrom.delete(uri);
  }

  private async refresh(key: string): Promise<void> {
    const pack = this.packs.get(key);
    if (!pack) return this.removePack(key);
    try {
      const documents = new Map(vscode.workspace.textDocuments.map((document) => [document.uri.toString(), document]));
      const present = new Set<string>();
      for (const file of pack.files.values()) {
        const uri = file.uri.toString();
        present.add(uri);
        const { snapshot, parsed } = this.packs.current(file, documents);
        if (this.builtFrom.get(uri) === parsed) continue;
        this.builtFrom.set(uri, parsed);
        this.buildFile(file, ruleTestNodes(parsed), rangeConverter(snapshot));
      }
      for (const uri of this.filesOf.get(key) ?? []) if (!present.has(uri)) this.removeFile(uri);
      this.filesOf.set(key, present);
      await this.refreshFixtures(pack);
      this.bugs.recovered('listing the rule tests');
    } catch (error) {
      this.bugs.report('listing the rule tests', error);
    }
  }

  /** One item per correlation fixture of the pack, at the fixture file's first line. */
  private async refreshFixtures(pack: RulePack): Promise<void> {
    const fixtures = await findFixtures(this.packs, pack);
    const ids = new Set(fixtures.map((uri) => `${FIXTURE_ITEM_PREFIX}${uri.toString()}`));
    for (const id of this.fixturesOf.get(pack.key) ?? []) if (!ids.has(id)) this.controller.items.delete(id);
    for (const uri of fixtures) {
      const id = `${FIXTURE_ITEM_PREFIX}${uri.toString()}`;
      if (this.controller.items.get(id)) continue;
      const item = this.controller.createTestItem(id, `correlation fixture ${vscode.workspace.asRelativePath(uri, false)}`, uri);
      item.range = new vscode.Range(0, 0, 0, 0);
      this.controller.items.add(item);
    }
    this.fixturesOf.set(pack.key, ids);
  }

  private buildFile(file: PackFile, nodes: RuleNode[], toRange: SpanToRange): void {
    const key = file.uri.toString();
    if (nodes.length === 0) {
      this.controller.items.delete(key);
      return;
    }
    const fileItem = this.controller.items.get(key) ?? this.controller.createTestItem(key, file.source, file.uri);
    fileItem.children.replace(
      nodes.map((node) => {
        const ruleItem = this.controller.createTestItem(node.id, node.label, file.uri);
        ruleItem.range = toRange(node.span);
        ruleItem.children.replace(
          node.examples.map((example, index) => {
            const item = this.controller.createTestItem(example.id, example.label, file.uri);
            item.range = toRange(example.span);
            item.sortText = String(index).padStart(5, '0');
            return item;
          }),
        );
        return ruleItem;
      }),
    );
    this.controller.items.add(fileItem);
  }

  private async run(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    const run = this.controller.createTestRun(request);
    try {
      const { byRule, fixtures } = this.itemsToRun(request);
      if (!vscode.workspace.isTrusted) {
        for (const examples of byRule.values()) for (const item of examples) run.skipped(item);
        for (const item of fixtures) run.skipped(item);
        run.appendOutput('Restricted Mode: trust this workspace to run the inline tests of its rules (they run the rules\' regular expressions).\r\n');
        return;
      }
      let sliceStart = performance.now();
      for (const [ruleItem, examples] of byRule) {
        if (token.isCancellationRequested) {
          examples.forEach((item) => run.skipped(item));
          continue;
        }
        this.runRule(run, ruleItem, examples);
        if (performance.now() - sliceStart > SLICE_MS) {
          await new Promise((resolve) => setTimeout(resolve, 0));
          sliceStart = performance.now();
        }
      }
      for (const item of fixtures) {
        if (token.isCancellationRequested) run.skipped(item);
        else await this.runFixtureItem(run, item);
      }
    } catch (error) {
      this.bugs.report('running the rule tests', error);
    } finally {
      run.end();
    }
  }

  /** The example items a request asks for, grouped by their rule item, and the fixture items, without the excluded ones. */
  private itemsToRun(request: vscode.TestRunRequest): { byRule: Map<vscode.TestItem, vscode.TestItem[]>; fixtures: vscode.TestItem[] } {
    const excluded = new Set(request.exclude ?? []);
    const byRule = new Map<vscode.TestItem, vscode.TestItem[]>();
    const fixtures: vscode.TestItem[] = [];
    const visit = (item: vscode.TestItem, depth: number): void => {
      if (excluded.has(item)) return;
      if (item.id.startsWith(FIXTURE_ITEM_PREFIX)) {
        if (!fixtures.includes(item)) fixtures.push(item);
        return;
      }
      if (depth === 2 && item.parent) {
        const list = byRule.get(item.parent) ?? [];
        if (!list.includes(item)) list.push(item);
        byRule.set(item.parent, list);
        return;
      }
      item.children.forEach((child) => visit(child, depth + 1));
    };
    const depthOf = (item: vscode.TestItem): number => (item.parent ? depthOf(item.parent) + 1 : 0);
    if (request.include) request.include.forEach((item) => visit(item, depthOf(item)));
    else this.controller.items.forEach((item) => visit(item, 0));
    return { byRule, fixtures };
  }

  private async runFixtureItem(run: vscode.TestRun, item: vscode.TestItem): Promise<void> {
    run.started(item);
    const found = item.uri && this.packs.all().find((pack) => this.fixturesOf.get(pack.key)?.has(item.id));
    if (!item.uri || !found) {
      this.report(run, item, 'errored', [new vscode.TestMessage('The fixture is no longer in its pack; refresh the tests.')]);
      return;
    }
    const started = performance.now();
    const outcome = await runFixture(this.packs, found, item.uri);
    this.report(run, item, outcome.passed ? 'passed' : 'failed', outcome.messages, performance.now() - started);
  }

  /** Runs `examples` of the rule of `ruleItem` against the file's current text. */
  private runRule(run: vscode.TestRun, ruleItem: vscode.TestItem, examples: vscode.TestItem[]): void {
    const fileItem = ruleItem.parent;
    const found = fileItem?.uri && this.packs.fileAt(fileItem.uri);
    const documents = new Map(vscode.workspace.textDocuments.map((document) => [document.uri.toString(), document]));
    const current = found ? this.packs.current(found.file, documents) : undefined;
    const node = current && ruleTestNodes(current.parsed).find((candidate) => candidate.id === ruleItem.id);
    for (const item of examples) run.started(item);
    if (!current || !node) {
      for (const item of examples) this.report(run, item, 'errored', [new vscode.TestMessage('The rule is no longer in the file; refresh the tests.')]);
      return;
    }
    const uri = fileItem?.uri as vscode.Uri;
    const toRange = rangeConverter(current.snapshot);
    const outcome = runRuleExamples(node.rule, new Set(examples.map((item) => item.id)));
    if (outcome.kind === 'notRunnable') {
      const message = new vscode.TestMessage(`The rule cannot run, so neither can its tests: ${outcome.reason}.`);
      message.location = new vscode.Location(uri, toRange(outcome.span));
      for (const item of examples) this.report(run, item, 'errored', [message]);
      return;
    }
    const byId = new Map(outcome.examples.map((example) => [example.id, example]));
    for (const item of examples) {
      const result = byId.get(item.id);
      const span = node.examples.find((example) => example.id === item.id)?.span;
      if (!result || !span) this.report(run, item, 'errored', [new vscode.TestMessage(`${item.id} is no longer in the rule; refresh the tests.`)]);
      else if (result.passed) this.report(run, item, 'passed', [], result.durationMs);
      else this.report(run, item, 'failed', failureMessages(result, uri, toRange(span), toRange), result.durationMs);
    }
  }

  private report(run: vscode.TestRun, item: vscode.TestItem, state: ReportedOutcome['state'], messages: vscode.TestMessage[], durationMs?: number): void {
    if (state === 'passed') run.passed(item, durationMs);
    else if (state === 'failed') run.failed(item, messages, durationMs);
    else run.errored(item, messages);
    this.outcomes.set(pathOf(item).join('|'), {
      state,
      messages: messages.map((message) => ({
        message: typeof message.message === 'string' ? message.message : message.message.value,
        ...(message.location ? { uri: message.location.uri.toString(), line: message.location.range.start.line + 1 } : {}),
      })),
    });
  }

  /** The tree and the last outcomes as plain data, for tests. */
  debugSnapshot(): { items: DebugItem[]; outcomes: Record<string, ReportedOutcome> } {
    const toData = (item: vscode.TestItem): DebugItem => {
      const children: DebugItem[] = [];
      item.children.forEach((child) => void children.push(toData(child)));
      return { id: item.id, label: item.label, ...(item.range ? { line: item.range.start.line + 1 } : {}), children };
    };
    const items: DebugItem[] = [];
    this.controller.items.forEach((item) => void items.push(toData(item)));
    return { items, outcomes: Object.fromEntries(this.outcomes) };
  }
}

export interface ReportedOutcome {
  state: 'passed' | 'failed' | 'errored';
  /** Messages with the 1-based line they point at. */
  messages: { message: string; uri?: string; line?: number }[];
}

export interface DebugItem {
  id: string;
  label: string;
  line?: number;
  children: DebugItem[];
}

function pathOf(item: vscode.TestItem): string[] {
  return item.parent ? [...pathOf(item.parent), item.id] : [item.id];
}

/**
 * One message at the example's line: expected, got and why, then each place in the rule that
 * explains it, by line. One message, so that the peek VS Code opens on a failure is at the example.
 */
function failureMessages(result: ExampleOutcome, uri: vscode.Uri, at: vscode.Range, toRange: SpanToRange): vscode.TestMessage[] {
  const places = result.related.map((place) => `Line ${toRange(place.span).start.line + 1}: ${place.message}`);
  const message = new vscode.TestMessage([result.message ?? `${result.id} failed.`, ...places].join('\n'));
  message.location = new vscode.Location(uri, at);
  return [message];
}
