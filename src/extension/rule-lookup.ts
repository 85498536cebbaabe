// Finds the rule behind a finding in the loaded packs: its description, false positives and tags,
// and the line of the rule value that matched, for hovers, diagnostics and the "open rule" link.
import * as vscode from 'vscode';
import { ruleKey } from '../core/scan/index';
import type { RuleDetails } from './hover-content';
import type { LogFinding } from './log-scan-protocol';
import { rangeConverter } from './positions';
import type { RulePacks } from './rule-packs';

export type FindingRule = RuleDetails & { fileUri: vscode.Uri };

/** The rule of `finding` as its pack has it now (unsaved edits count); undefined when it is gone. */
export function findingRule(packs: RulePacks, finding: Pick<LogFinding, 'pack' | 'ruleSource' | 'ruleId' | 'ruleOffset'>): FindingRule | undefined {
  const pack = packs.get(finding.pack);
  const file = pack && [...pack.files.values()].find((candidate) => candidate.source === finding.ruleSource);
  if (!file) return undefined;
  const documents = new Map(vscode.workspace.textDocuments.map((document) => [document.uri.toString(), document]));
  const { snapshot, parsed } = packs.current(file, documents);
  const rule = parsed.rules.find((candidate) => candidate.kind === 'detection' && ruleKey(candidate) === finding.ruleId);
  const offset = Math.min(Math.max(finding.ruleOffset, 0), snapshot.text.length);
  const line = rangeConverter(snapshot)({ start: offset, end: offset }).start.line + 1;
  return {
    ...(rule?.description ? { description: rule.description } : {}),
    falsepositives: rule?.falsepositives ?? [],
    tags: rule?.tags.map((tag) => tag.value) ?? [],
    path: vscode.workspace.asRelativePath(file.uri),
    line,
    uri: file.uri.toString(),
    fileUri: file.uri,
  };
}
