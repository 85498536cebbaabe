// Diagnostics for the rule files and configuration of every pack. A pack is linted again at once
// when one of its files opens, is saved or changes on disk, and after a pause while the author types.
import * as vscode from 'vscode';
import type { Problem, RuleFile, Severity } from '../core/engine';
import { checkDocsUri } from './check-docs';
import type { BugReporter } from './errors';
import { INTERNAL_IDS, NAMES } from './ids';
import { lintAcrossFiles, lintOptionsFor, lintOwnProblems } from './pack-lint';
import { rangeConverter, type TextSnapshot } from './positions';
import type { PackChange, RulePack, RulePacks } from './rule-packs';
import { RefreshScheduler } from './scheduler';
import { affectsAnySetting, readDiagnosticsSettings, type DiagnosticsSettings } from './settings';
import type { LintSummary, StatusItem } from './status';

const TYPING_DELAY_MS = 250;
/** Linting a large pack yields to the editor this often, so typing stays smooth. */
const SLICE_MS = 30;

const SEVERITIES: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};
const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const COUNTED_AS: Record<Severity, 'errors' | 'warnings' | 'infos'> = { error: 'errors', warning: 'warnings', info: 'infos' };

/** One file's problems and the text their spans point into. */
interface LintedFile {
  uri: vscode.Uri;
  snapshot: TextSnapshot;
  problems: Problem[];
}

export class RuleDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(INTERNAL_IDS.diagnosticCollection);
  /** The pack key that last published diagnostics for each URI, so a pack only clears its own. */
  private readonly owners = new Map<string, string>();
  private readonly summaries = new Map<string, LintSummary>();
  /** Each file's own problems, by the parse they came from and the options they were found with. */
  private readonly ownProblems = new WeakMap<RuleFile, { options: string; problems: Problem[] }>();
  /** Keeps the regex analyses between lint runs: typing in one regex analyses that regex only. */
  private readonly lintMemo = {};
  /** The problem behind each published diagnostic (VS Code hands code actions the same objects). */
  private readonly problems = new WeakMap<vscode.Diagnostic, Problem>();
  private readonly scheduler = new RefreshScheduler((key) => this.refresh(key));
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly packs: RulePacks,
    private readonly status: StatusItem,
    private readonly bugs: BugReporter,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions = [
      this.collection,
      this.scheduler,
      packs.onDidChange((change) => this.onPacksChanged(change)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affectsAnySetting(event)) this.scheduleAll();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.scheduleAll()),
    ];
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  /** The problem a diagnostic of ours shows, with its message id and data, for quick fixes. */
  problemOf(diagnostic: vscode.Diagnostic): Problem | undefined {
    return this.problems.get(diagnostic);
  }

  /** Lints every pack now; resolves when their diagnostics are published. */
  async refreshAll(): Promise<void> {
    await Promise.all(this.packs.all().map((pack) => this.scheduler.run(pack.key)));
  }

  private onPacksChanged(change: PackChange): void {
    for (const key of change.removedKeys) this.clearPack(key);
    for (const pack of change.packs) this.scheduler.schedule(pack.key, change.isTyping ? TYPING_DELAY_MS : 0);
  }

  private scheduleAll(): void {
    for (const pack of this.packs.all()) this.scheduler.schedule(pack.key, 0);
  }

  private async refresh(key: string): Promise<void> {
    const pack = this.packs.get(key);
    if (!pack) return this.clearPack(key);
    const where = `linting ${pack.label}`;
    try {
      const settings = readDiagnosticsSettings(pack.folder);
      const started = performance.now();
      const linted = settings.isEnabled ? await this.lintPack(pack) : [];
      // A pack replaced while it was linted has a refresh of its own on the way.
      if (this.packs.get(key) !== pack) return;
      this.publish(pack, linted, settings);
      this.log.debug(`Linted ${pack.label} (${pack.files.size} files) in ${Math.round(performance.now() - started)} ms`);
      this.bugs.recovered(where);
    } catch (error) {
      this.clearPack(key);
      this.bugs.report(where, error);
    }
  }

  private async lintPack(pack: RulePack): Promise<LintedFile[]> {
    const options = lintOptionsFor(pack.config, { isTrusted: vscode.workspace.isTrusted });
    const optionsKey = JSON.stringify(options);
    const documents = new Map(vscode.workspace.textDocuments.map((document) => [document.uri.toString(), document]));
    const bySource = new Map<string, LintedFile>();
    const parsedFiles: RuleFile[] = [];
    let sliceStart = performance.now();
    for (const file of [...pack.files.values()]) {
      const { snapshot, parsed } = this.packs.current(file, documents);
      let own = this.ownProblems.get(parsed);
      if (own?.options !== optionsKey) {
        own = { options: optionsKey, problems: lintOwnProblems(parsed, options.checks, this.lintMemo) };
        this.ownProblems.set(parsed, own);
      }
      bySource.set(file.source, { uri: file.uri, snapshot, problems: [...own.problems] });
      parsedFiles.push(parsed);
      if (performance.now() - sliceStart > SLICE_MS) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        sliceStart = performance.now();
      }
    }
    for (const problem of lintAcrossFiles(parsedFiles, options.checks)) {
      const target = bySource.get(problem.source ?? '');
      if (target) target.problems.push(problem);
      else this.log.warn(`${pack.label}: check ${problem.checkId} reported a problem outside its files: ${problem.message}`);
    }
    const linted = [...bySource.values()].filter((file) => pack.files.has(file.uri.toString()));
    if (pack.configFile) linted.push({ ...pack.configFile });
    return linted;
  }

  private publish(pack: RulePack, linted: readonly LintedFile[], settings: DiagnosticsSettings): void {
    const summary: LintSummary = { packs: 1, files: pack.files.size, errors: 0, warnings: 0, infos: 0 };
    const published = new Set<string>();
    for (const file of linted) {
      const toRange = rangeConverter(file.snapshot);
      const shown = file.problems.filter((problem) => RANK[problem.severity] <= RANK[settings.minimumSeverity]);
      this.collection.set(
        file.uri,
        shown.map((problem) => {
          const diagnostic = toDiagnostic(problem, toRange(problem.span));
          this.problems.set(diagnostic, problem);
          return diagnostic;
        }),
      );
      this.owners.set(file.uri.toString(), pack.key);
      published.add(file.uri.toString());
      for (const problem of shown) summary[COUNTED_AS[problem.severity]]++;
    }
    this.removeDiagnostics(pack.key, published);
    if (pack.files.size > 0 || pack.configFile) this.summaries.set(pack.key, summary);
    this.showSummary();
  }

  private clearPack(key: string): void {
    this.removeDiagnostics(key, new Set());
    if (this.summaries.delete(key)) this.showSummary();
  }

  /** Removes the diagnostics pack `key` published, except those of the URIs in `keep`. */
  private removeDiagnostics(key: string, keep: ReadonlySet<string>): void {
    for (const [uri, owner] of this.owners) {
      if (owner !== key || keep.has(uri)) continue;
      this.collection.delete(vscode.Uri.parse(uri));
      this.owners.delete(uri);
    }
  }

  private showSummary(): void {
    const total: LintSummary = { packs: 0, files: 0, errors: 0, warnings: 0, infos: 0 };
    for (const summary of this.summaries.values()) {
      for (const field of Object.keys(total) as (keyof LintSummary)[]) total[field] += summary[field];
    }
    this.status.showSummary(total);
  }
}

function toDiagnostic(problem: Problem, range: vscode.Range): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(range, problem.message, SEVERITIES[problem.severity]);
  diagnostic.source = NAMES.diagnosticSource;
  diagnostic.code = { value: problem.checkId, target: checkDocsUri(problem.checkId) };
  return diagnostic;
}
