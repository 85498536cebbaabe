// Completion in rule files: modifiers after `field|`, taxonomy fields in the selections of LLM
// rules, selection names and keywords in conditions, and the rules of the pack under a
// correlation's or filter's `rules:`. completion-context.ts reads where the cursor is.
import * as vscode from 'vscode';
import type { Rule } from '../core/model';
import { MODIFIERS } from '../core/rules/modifiers';
import { completionContextAt, type CompletionContext } from './completion-context';
import { rangeConverter } from './positions';
import type { RulePacks } from './rule-packs';
import { CONDITION_KEYWORDS, FIELD_DOCS, MODIFIER_DOCS } from './rule-vocabulary';

const { Property, Field, Variable, Keyword, Reference } = vscode.CompletionItemKind;

export class RuleCompletions implements vscode.CompletionItemProvider {
  constructor(private readonly packs: RulePacks) {}

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] {
    const found = this.packs.fileAt(document.uri);
    if (!found) return [];
    const text = document.getText();
    const offset = document.offsetAt(position);
    const context = completionContextAt(text, offset);
    if (!context) return [];
    const range = rangeConverter({ text, document, version: document.version })(context.replace);
    return this.itemsFor(context, found.pack.key, document, offset).map((item) => Object.assign(item, { range }));
  }

  private itemsFor(context: CompletionContext, packKey: string, document: vscode.TextDocument, offset: number): vscode.CompletionItem[] {
    switch (context.kind) {
      case 'modifier':
        return Object.keys(MODIFIERS)
          .filter((name) => !context.used.includes(name))
          .map((name) => item(name, Property, MODIFIER_DOCS[name] ?? '', `modifier (${MODIFIERS[name]})`));
      case 'field':
        return Object.entries(FIELD_DOCS).map(([name, doc]) => item(name, Field, doc, doc.startsWith('Derived') ? 'derived field' : doc.startsWith('Computed') ? 'computed field' : 'LLM taxonomy field'));
      case 'condition':
        return [
          ...context.selections.map((name) => item(name, Variable, `The selection \`${name}\` of this detection.`, 'selection')),
          ...patterns(context.selections).map((pattern) => item(pattern, Variable, `Every selection whose name starts with \`${pattern.slice(0, -1)}\` (after \`1 of\` or \`all of\`).`, 'pattern')),
          ...CONDITION_KEYWORDS.map(({ word, doc }) => item(word, Keyword, doc, 'keyword')),
        ];
      case 'ruleReference':
        return this.ruleReferences(packKey, document, offset);
    }
  }

  /** The detection and correlation rules of the pack, by name (else id), the current document's own excepted. */
  private ruleReferences(packKey: string, document: vscode.TextDocument, offset: number): vscode.CompletionItem[] {
    const pack = this.packs.get(packKey);
    if (!pack) return [];
    const documents = new Map(vscode.workspace.textDocuments.map((open) => [open.uri.toString(), open]));
    const items: vscode.CompletionItem[] = [];
    for (const file of pack.files.values()) {
      const { parsed } = this.packs.current(file, documents);
      for (const rule of parsed.rules) {
        const reference = rule.name?.value ?? rule.id?.value;
        const isOwn = file.uri.toString() === document.uri.toString() && rule.span.end >= offset && rule.span.start <= offset;
        if (rule.kind === 'filter' || !reference || isOwn) continue;
        const entry = item(reference, Reference, describeRule(rule), `${rule.kind} rule in ${parsed.source}`);
        entry.filterText = `${reference} ${rule.title?.value ?? ''}`;
        items.push(entry);
      }
    }
    return items;
  }
}

export function registerCompletions(packs: RulePacks): vscode.Disposable {
  return vscode.languages.registerCompletionItemProvider({ language: 'yaml' }, new RuleCompletions(packs), '|', ' ');
}

function item(label: string, kind: vscode.CompletionItemKind, doc: string, detail: string): vscode.CompletionItem {
  const entry = new vscode.CompletionItem(label, kind);
  entry.detail = detail;
  entry.documentation = new vscode.MarkdownString(doc);
  return entry;
}

/** `selection_*` for each prefix (up to an underscore) that two or more selections share. */
function patterns(names: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const name of names) {
    const cut = name.indexOf('_', 1);
    if (cut > 0) counts.set(name.slice(0, cut + 1), (counts.get(name.slice(0, cut + 1)) ?? 0) + 1);
  }
  return [...counts].filter(([, count]) => count > 1).map(([prefix]) => `${prefix}*`);
}

function describeRule(rule: Rule): string {
  const lines = [`**${rule.title?.value ?? '(untitled)'}**`];
  if (rule.id) lines.push(`id: \`${rule.id.value}\``);
  if (rule.name) lines.push(`name: \`${rule.name.value}\``);
  if (rule.description) lines.push('', rule.description);
  return lines.join('  \n');
}
