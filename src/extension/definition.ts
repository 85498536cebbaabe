// Go to definition and find references in rule files: condition identifiers and `x of` patterns
// to their selections, correlation and filter references to rules in any file of the pack, and
// back. rule-navigation.ts finds the offsets; this file converts them for the editor.
import * as vscode from 'vscode';
import type { RuleFile } from '../core/model';
import { rangeConverter, type SpanToRange } from './positions';
import { definitionsAt, referencesAt, type NameTarget } from './rule-navigation';
import type { RulePacks } from './rule-packs';

type Finder = (files: readonly RuleFile[], file: RuleFile, offset: number) => NameTarget[];

export class RuleNavigation implements vscode.DefinitionProvider, vscode.ReferenceProvider {
  constructor(private readonly packs: RulePacks) {}

  provideDefinition(document: vscode.TextDocument, position: vscode.Position): vscode.Location[] {
    return this.locate(document, position, definitionsAt);
  }

  provideReferences(document: vscode.TextDocument, position: vscode.Position): vscode.Location[] {
    return this.locate(document, position, referencesAt);
  }

  private locate(document: vscode.TextDocument, position: vscode.Position, find: Finder): vscode.Location[] {
    const found = this.packs.fileAt(document.uri);
    if (!found) return [];
    const documents = new Map(vscode.workspace.textDocuments.map((open) => [open.uri.toString(), open]));
    const files = [...found.pack.files.values()].map((file) => ({ file, ...this.packs.current(file, documents) }));
    const own = files.find((entry) => entry.file === found.file);
    if (!own) return [];
    const targets = find(files.map((entry) => entry.parsed), own.parsed, document.offsetAt(position));
    const bySource = new Map(files.map((entry) => [entry.parsed.source, entry]));
    const converters = new Map<string, SpanToRange>();
    return targets.flatMap((target) => {
      const entry = bySource.get(target.source);
      if (!entry) return [];
      const toRange = converters.get(target.source) ?? rangeConverter(entry.snapshot);
      converters.set(target.source, toRange);
      return [new vscode.Location(entry.file.uri, toRange(target.span))];
    });
  }
}

export function registerNavigation(packs: RulePacks): vscode.Disposable {
  const navigation = new RuleNavigation(packs);
  return vscode.Disposable.from(
    vscode.languages.registerDefinitionProvider({ language: 'yaml' }, navigation),
    vscode.languages.registerReferenceProvider({ language: 'yaml' }, navigation),
  );
}
