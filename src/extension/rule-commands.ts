// The handlers of the rule authoring commands the CodeLens runs; commands.ts registers them. Their
// arguments come from the lens, but anyone can run a command: each is checked before use.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HitsTarget, TestsTarget } from './code-lens';
import { lineColumnRange } from './positions';
import type { RuleTestsController } from './rule-tests-controller';
import type { RuleHits, WorkspaceHits } from './workspace-hits';

export interface RuleServices {
  tests: RuleTestsController;
  hits: WorkspaceHits;
}

type HitItem = vscode.QuickPickItem & { hit?: RuleHits['kept'][number] };

/** Lists the hits of a rule in a quick pick; the focused one is previewed, the picked one opened. Resolves with how many were listed. */
export async function showRuleHits({ hits }: RuleServices, arg: unknown): Promise<number> {
  const target = parseHitsTarget(arg);
  const found = target && hits.view(target.pack)?.hitsOf(target.ruleSource, target.ruleId);
  if (!target || !found) {
    void vscode.window.showInformationMessage('PromptSift has no hits of that rule in the workspace\u2019s logs.');
    return 0;
  }
  const items: HitItem[] = found.kept.map((hit) => ({
    label: `${path.posix.basename(vscode.Uri.parse(hit.log).path)}:${hit.startLine}`,
    description: [hit.field, hit.account_id, hit.timestamp].filter(Boolean).map((part) => plain(String(part))).join('  ·  '),
    detail: plain(hit.matched),
    hit,
  }));
  const more = found.count - found.kept.length;
  if (more > 0) items.push({ label: `${more} more not listed`, kind: vscode.QuickPickItemKind.Separator });
  const picked = await vscode.window.showQuickPick(items, {
    title: `${target.title}: ${found.count} hit${found.count === 1 ? '' : 's'} in ${found.logs.size} log${found.logs.size === 1 ? '' : 's'}`,
    placeHolder: 'Pick a hit to open the log at it',
    matchOnDescription: true,
    matchOnDetail: true,
    onDidSelectItem: (item) => void openHit(item as HitItem, true),
  });
  if (picked) await openHit(picked, false);
  return items.length;
}

/** Runs the inline tests of one rule (from the lens), or of every rule. */
export async function runRuleTests({ tests }: RuleServices, arg: unknown): Promise<void> {
  await tests.runTests(parseTestsTarget(arg));
}

async function openHit(item: HitItem, isPreview: boolean): Promise<void> {
  const hit = item.hit;
  if (!hit) return;
  const uri = vscode.Uri.parse(hit.log);
  const document = await vscode.workspace.openTextDocument(uri);
  const selection = lineColumnRange(hit, document);
  await vscode.window.showTextDocument(document, { selection, preview: isPreview, preserveFocus: isPreview });
}

/** Log text shown as a quick pick line: one line, and no `$(icon)` syntax from the attacker. */
function plain(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\$\(/g, '$\u200b(').slice(0, 200);
}

function parseHitsTarget(arg: unknown): HitsTarget | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const { pack, ruleSource, ruleId, title } = arg as Record<string, unknown>;
  if (typeof pack !== 'string' || typeof ruleSource !== 'string' || typeof ruleId !== 'string') return undefined;
  return { pack, ruleSource, ruleId, title: typeof title === 'string' ? title : ruleId };
}

function parseTestsTarget(arg: unknown): TestsTarget | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const { uri, docIndex } = arg as Record<string, unknown>;
  return typeof uri === 'string' && typeof docIndex === 'number' && Number.isInteger(docIndex) ? { uri, docIndex } : undefined;
}
