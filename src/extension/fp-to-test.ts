// Turns a false positive into a `nomatch` example of its rule, in one action: the record's prompt
// (or the event the rule reads) is appended to the rule's `tests:` as a workspace edit that keeps
// the file's layout (nomatch-edit.ts), the edit is shown, and the example's test then runs in the
// Test Explorer, failing until the rule no longer matches the record. The log is only read.
import * as vscode from 'vscode';
import { parseRuleText } from '../core/engine';
import { compileFieldMap, detectLogFormat, isProblem, parseJsonlLine } from '../core/logs/index';
import type { DetectionRule } from '../core/model';
import { ruleKey } from '../core/scan/index';
import { quoteExcerpt } from './hover-content';
import { nomatchInsertion } from './nomatch-edit';
import { nomatchExample } from './nomatch-example';
import type { ReviewHit } from './review-hits';
import { logLines } from './review-lines';
import type { RulePacks } from './rule-packs';

/** Longest record read for an example. */
const MAX_RECORD_CHARS = 16 * 1024 * 1024;

export interface AddedExample {
  ruleFile: vscode.Uri;
  docIndex: number;
  /** 1-based line of the example in the rule file. */
  line: number;
  /** True when the rule matches the example, so that its `nomatch` test fails until the rule is fixed. */
  reproduces: boolean;
}

/** Appends the hit's record to its rule's `nomatch` examples; says why not in a message when it cannot. */
export async function addNomatchExample(packs: RulePacks, hit: ReviewHit): Promise<AddedExample | undefined> {
  const fail = (why: string) => {
    void vscode.window.showWarningMessage(`PromptSift cannot turn this finding into a test: ${why}.`);
    return undefined;
  };
  const pack = packs.get(hit.pack);
  const file = pack && [...pack.files.values()].find((candidate) => candidate.source === hit.ruleSource);
  if (!pack || !file) return fail(`the rule file ${hit.ruleSource} is no longer in its pack`);
  const log = vscode.Uri.parse(hit.log);
  if (detectLogFormat(log.path, '') !== 'jsonl') return fail('only records of JSON Lines logs can become examples');
  const text = (await logLines(log, [hit.line], MAX_RECORD_CHARS)).get(hit.line);
  if (!text || text.cut > 0) return fail(`line ${hit.line} of ${hit.file} cannot be read whole`);
  const record = parseJsonlLine(text.text, { line: hit.line, offset: 0, plan: compileFieldMap(pack.config.fieldMap) }).find((item) => !isProblem(item));
  if (!record || isProblem(record)) return fail(`line ${hit.line} of ${hit.file} is not a record`);
  const document = await vscode.workspace.openTextDocument(file.uri);
  const rule = parseRuleText(file.source, document.getText()).rules.find((candidate): candidate is DetectionRule => candidate.kind === 'detection' && ruleKey(candidate) === hit.ruleId);
  if (!rule) return fail(`the rule ${hit.ruleId} is no longer in ${vscode.workspace.asRelativePath(file.uri)}`);
  const { example, reproduces } = nomatchExample(rule, record);
  const insertion = nomatchInsertion(document.getText(), rule.docIndex, example, `false positive in ${quoteExcerpt(hit.file).slice(1, -1)}:${hit.line}`);
  if ('error' in insertion) return fail(insertion.error);
  const edit = new vscode.WorkspaceEdit();
  const range = new vscode.Range(document.positionAt(insertion.offset), document.positionAt(insertion.offset + insertion.deleteLength));
  edit.replace(file.uri, range, insertion.text, { label: 'Add the false positive as a nomatch example', needsConfirmation: false });
  if (!(await vscode.workspace.applyEdit(edit))) return fail('the edit was not applied');
  const selection = new vscode.Range(document.positionAt(insertion.exampleStart), document.positionAt(insertion.exampleEnd));
  const editor = await vscode.window.showTextDocument(document, { selection, preview: false });
  editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return { ruleFile: file.uri, docIndex: rule.docIndex, line: selection.start.line + 1, reproduces };
}
