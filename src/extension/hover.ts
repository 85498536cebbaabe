// The hover over a match in a log: for each rule that matched there, its title and level, the
// description, the selection and value that matched, the matched text, the false positives, the
// ATLAS techniques and a link to the rule's line. Log text is escaped everywhere (hover-content.ts);
// HTML stays off and the only command a link may run is our own `openRule`, which checks its target.
import * as vscode from 'vscode';
import { scoreRecordText } from '../core/classify/shipped';
import { compileFieldMap, readRecordText, type LogFormat } from '../core/logs/index';
import { classifierHoverParts, findingHoverParts, type HoverPart } from './hover-content';
import { COMMANDS } from './ids';
import type { LogFinding } from './log-scan-protocol';
import type { LogScans } from './log-scans';
import { lineColumnRange } from './positions';
import { findingRule } from './rule-lookup';
import type { RulePacks } from './rule-packs';

/** More parts at the end of each rule's hover (the triage links), and the commands their links run. */
export interface HoverExtras {
  commands: readonly string[];
  parts(finding: LogFinding, document: vscode.TextDocument): HoverPart[];
}

export class FindingHover implements vscode.HoverProvider {
  constructor(
    private readonly packs: RulePacks,
    private readonly scans: LogScans,
    private readonly extras?: HoverExtras,
  ) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const view = this.scans.view(document);
    if (view.kind !== 'current') return undefined;
    const found = view.findings.at(position.line + 1, position.character + 1);
    const first = found[0];
    if (!first) return undefined;
    const byRule = new Map<string, LogFinding[]>();
    for (const finding of found) {
      const key = `${finding.pack}\n${finding.ruleId}`;
      byRule.set(key, [...(byRule.get(key) ?? []), finding]);
    }
    const markdown = new vscode.MarkdownString();
    markdown.supportHtml = false;
    markdown.isTrusted = { enabledCommands: [COMMANDS.openRule, ...(this.extras?.commands ?? [])] };
    [...byRule.values()].forEach((findings, index) => {
      if (index > 0) markdown.appendMarkdown('\n\n---\n\n');
      const rule = findingRule(this.packs, findings[0] as LogFinding);
      const words = findings[0]?.field === 'extraction_score' ? classifierHoverParts(this.topFeatures(document, findings[0], view.format)) : [];
      appendParts(markdown, findingHoverParts(findings, rule, COMMANDS.openRule, words));
      if (this.extras) appendParts(markdown, this.extras.parts(findings[0] as LogFinding, document));
    });
    return new vscode.Hover(markdown, lineColumnRange(first, document));
  }

  /** The words behind a classifier finding's score, from its record read again at its lines (a CSV record under the header row). */
  private topFeatures(document: vscode.TextDocument, finding: LogFinding, format: LogFormat): { feature: string; contribution: number }[] {
    if (finding.endLine > document.lineCount || finding.startLine < 1) return [];
    const isTable = format === 'csv' || format === 'tsv';
    if (isTable && finding.startLine === 1) return [];
    const lines = new vscode.Range(finding.startLine - 1, 0, finding.endLine - 1, document.lineAt(finding.endLine - 1).text.length);
    const record = readRecordText(document.getText(lines), {
      format,
      ...(isTable ? { header: document.lineAt(0).text.replace(/^\uFEFF/, '') } : {}),
      fieldMap: compileFieldMap(this.packs.get(finding.pack)?.config.fieldMap),
    });
    return record ? scoreRecordText(record.fields, TOP_FEATURES).topFeatures : [];
  }
}

/** Words and word pairs listed under a classifier finding. */
const TOP_FEATURES = 6;

export function registerFindingHover(packs: RulePacks, scans: LogScans, extras?: HoverExtras): vscode.Disposable {
  return vscode.languages.registerHoverProvider({ scheme: 'file' }, new FindingHover(packs, scans, extras));
}

function appendParts(markdown: vscode.MarkdownString, parts: readonly HoverPart[]): void {
  for (const part of parts) {
    if (part.kind === 'markdown') markdown.appendMarkdown(part.text);
    else if (part.kind === 'text') markdown.appendText(part.text);
    else markdown.appendCodeblock(part.text, 'text');
  }
}
