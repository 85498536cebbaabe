// Quick fixes for the problems of rule files whose fix is certain (quick-fixes.ts lists them): a
// fresh id, a v2 date, the suggested modifier, `contains` for a field-bound `all`, inline regex
// flags as modifiers. Each fix is tied to its diagnostic, so VS Code offers it from the squiggle,
// the Problems panel and "Fix All".
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { RuleDiagnostics } from './diagnostics';
import { NAMES } from './ids';
import { rangeConverter } from './positions';
import { quickFixFor } from './quick-fixes';
import type { RulePacks } from './rule-packs';

export class RuleQuickFixes implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(
    private readonly packs: RulePacks,
    private readonly diagnostics: RuleDiagnostics,
  ) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const found = this.packs.fileAt(document.uri);
    if (!found) return [];
    const ours = context.diagnostics.filter((diagnostic) => diagnostic.source === NAMES.diagnosticSource);
    if (ours.length === 0) return [];
    const { snapshot, parsed } = this.packs.current(found.file, new Map([[document.uri.toString(), document]]));
    const toRange = rangeConverter(snapshot);
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ours) {
      const problem = this.diagnostics.problemOf(diagnostic);
      const fix = problem && quickFixFor(problem, { file: parsed, newId: randomUUID });
      if (!fix) continue;
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      action.edit = new vscode.WorkspaceEdit();
      for (const edit of fix.edits) action.edit.replace(document.uri, toRange(edit.span), edit.newText);
      actions.push(action);
    }
    return actions;
  }
}

export function registerQuickFixes(packs: RulePacks, diagnostics: RuleDiagnostics): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider({ language: 'yaml' }, new RuleQuickFixes(packs, diagnostics), RuleQuickFixes.metadata);
}
