// The handlers of the log commands; commands.ts registers them. `openRule` is the target of the
// hovers' link, whose arguments come from a Markdown string: it opens nothing but a rule file of a
// loaded pack, at a line number it has checked.
import * as vscode from 'vscode';
import type { FindingDecorations } from './decorations';
import type { LargeLogs } from './large-logs';
import { parseRuleTarget } from './log-commands-args';
import type { LogScans } from './log-scans';
import type { RulePacks } from './rule-packs';

export interface LogServices {
  scans: LogScans;
  decorations: FindingDecorations;
  largeLogs: LargeLogs;
}

/** Opens a rule file of a loaded pack at a line; says whether it did. */
export async function openRule(packs: RulePacks, arg: unknown): Promise<boolean> {
  const target = parseRuleTarget(arg);
  let uri: vscode.Uri | undefined;
  try {
    uri = target && vscode.Uri.parse(target.uri, true);
  } catch {
    uri = undefined;
  }
  if (!target || !uri || !packs.fileAt(uri)) {
    void vscode.window.showWarningMessage('PromptSift opens rule files of the loaded packs only; that link names none.');
    return false;
  }
  const document = await vscode.workspace.openTextDocument(uri);
  const position = document.validatePosition(new vscode.Position(target.line - 1, 0));
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position), preview: false });
  return true;
}

/** Scans the logs in the editors again; resolves with the counts of each. */
export async function scanLogs({ scans }: LogServices): Promise<{ uri: string; counts: Record<string, number>; isComplete: boolean }[]> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Restricted Mode: PromptSift lints the rules of this workspace but runs none of them over logs. Trust the workspace to scan its logs.');
    return [];
  }
  const scanned = await scans.rescanVisible();
  return scanned.map(({ uri, findings }) => ({ uri, counts: { ...findings.counts }, isComplete: findings.isComplete }));
}

/** Stops the scans of open logs and from disk, and `others` (the findings view's scan of the workspace's logs). */
export function stopLogScans({ scans, largeLogs }: LogServices, ...others: { stop(): boolean }[]): void {
  const stopped = scans.stopAll() + (largeLogs.stop() ? 1 : 0) + others.filter((other) => other.stop()).length;
  vscode.window.setStatusBarMessage(stopped > 0 ? `PromptSift: stopped ${stopped} scan(s)` : 'PromptSift: no scan is running', 4000);
}

/** The ranges last decorated in the editors of `uri` (all visible logs without one), as plain data, for tests. */
export function debugDecorations({ decorations }: LogServices, uri: unknown) {
  return decorations.decorationsOf(typeof uri === 'string' ? uri : uri instanceof vscode.Uri ? uri.toString() : undefined).map((entry) => ({
    uri: entry.uri,
    version: entry.version,
    style: decorations.style,
    cap: entry.cap,
    shown: entry.shown,
    available: entry.available,
    ranges: Object.fromEntries(
      Object.entries(entry.ranges).map(([level, ranges]) => [level, ranges.map((range) => [range.start.line, range.start.character, range.end.line, range.end.character])]),
    ),
  }));
}
