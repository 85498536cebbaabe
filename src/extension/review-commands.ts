// The handlers of the review commands; commands.ts registers them. A command acts on the findings
// it is given: tree rows (the clicked one and the others selected), a hover link's `{log, line,
// ruleId}` (checked, since it comes from a Markdown string), or else the finding at the cursor in a
// log, its filtered view or its record view.
import * as vscode from 'vscode';
import { positionOf, GROUPINGS, type Grouping, type ReviewHit } from './review-hits';
import { addNomatchExample, type AddedExample } from './fp-to-test';
import { logOfFiltered, type FilteredViews } from './filtered-view';
import type { FindingsNode, FindingsTree } from './findings-tree';
import { COMMANDS } from './ids';
import { recordTarget, type RecordViews } from './record-view';
import type { ReviewStatus } from './review-status';
import type { RulePacks } from './rule-packs';
import type { Stepper } from './stepping';
import type { Triage } from './triage';
import type { TriageMarks } from './triage-marks';
import { MAX_NOTE_CHARS, type Verdict } from './triage-file';
import type { WorkspaceFindings } from './workspace-findings';

export interface ReviewServices {
  packs: RulePacks;
  findings: WorkspaceFindings;
  tree: FindingsTree;
  stepper: Stepper;
  triage: Triage;
  filtered: FilteredViews;
  records: RecordViews;
  status: ReviewStatus;
  marks: TriageMarks;
}

const VERDICT_LABELS: Record<Verdict, string> = { confirmed: 'confirmed', false_positive: 'false positive', needs_review: 'needs review' };
/** Marking more findings than this at once (a whole group) asks first. */
const ASK_ABOVE = 1;

/** Marks the target findings; FP and needs-review ask for an optional note unless `note` is given. */
export async function markFindings(services: ReviewServices, verdict: Verdict, target: unknown, selected?: unknown, note?: unknown): Promise<boolean> {
  const hits = await targetHits(services, target, selected);
  if (hits.length === 0) return false;
  if (hits.length > ASK_ABOVE && isGroupTarget(target, selected)) {
    const mark = `Mark ${hits.length}`;
    if ((await vscode.window.showWarningMessage(`Mark ${hits.length} findings as ${VERDICT_LABELS[verdict]}?`, { modal: true }, mark)) !== mark) return false;
  }
  let text = typeof note === 'string' ? note : undefined;
  if (text === undefined && verdict !== 'confirmed') {
    text = await vscode.window.showInputBox({
      title: `Mark ${hits.length === 1 ? 'the finding' : `${hits.length} findings`} as ${VERDICT_LABELS[verdict]}`,
      prompt: 'A note for the team (optional); Enter to mark without one, Escape to cancel.',
      value: hits.length === 1 ? (services.triage.markOf(hits[0] as ReviewHit)?.note ?? '') : '',
      validateInput: (value) => (value.length > MAX_NOTE_CHARS ? `At most ${MAX_NOTE_CHARS} characters.` : undefined),
    });
    if (text === undefined) return false;
  }
  return services.triage.mark(hits, verdict, text?.trim());
}

export async function clearMarks(services: ReviewServices, target: unknown, selected?: unknown): Promise<boolean> {
  const hits = (await targetHits(services, target, selected)).filter((hit) => services.triage.markOf(hit));
  return hits.length > 0 && services.triage.clear(hits);
}

export async function editNote(services: ReviewServices, target: unknown): Promise<boolean> {
  const [hit] = await targetHits(services, target);
  const mark = hit && services.triage.markOf(hit);
  if (!hit || !mark) {
    void vscode.window.showInformationMessage('Mark the finding first; the note goes with the verdict.');
    return false;
  }
  const note = await vscode.window.showInputBox({ title: `Note on the ${VERDICT_LABELS[mark.verdict]} finding`, value: mark.note ?? '', validateInput: (value) => (value.length > MAX_NOTE_CHARS ? `At most ${MAX_NOTE_CHARS} characters.` : undefined) });
  return note !== undefined && services.triage.mark([hit], mark.verdict, note.trim());
}

/** Marks the finding a false positive (unless it is) and appends its record to its rule's `nomatch` examples. */
export async function falsePositiveToTest(services: ReviewServices, target: unknown): Promise<AddedExample | undefined> {
  const [hit] = await targetHits(services, target);
  if (!hit) return undefined;
  if (services.triage.markOf(hit)?.verdict !== 'false_positive' && !(await services.triage.mark([hit], 'false_positive'))) return undefined;
  const added = await addNomatchExample(services.packs, hit);
  if (!added) return undefined;
  const run = 'Run the Rule\u2019s Tests';
  const message = added.reproduces
    ? `Added the record as a nomatch example at line ${added.line}: its test fails until the rule no longer matches it. Save the file to keep it.`
    : `Added the record as a nomatch example at line ${added.line}, but the rule does not match the example as the inline tests run it (it may read derived fields such as template), so the test passes already.`;
  void vscode.window.showInformationMessage(message, run).then((choice) => {
    if (choice === run) void vscode.commands.executeCommand(COMMANDS.runRuleTests, { uri: added.ruleFile.toString(), docIndex: added.docIndex });
  });
  return added;
}

export async function revealFinding({ findings, stepper }: ReviewServices, id: unknown): Promise<boolean> {
  const hit = typeof id === 'string' ? findings.hits().find((candidate) => candidate.id === id) : undefined;
  if (hit) await stepper.show(hit, { preserveFocus: true });
  return hit !== undefined;
}

/** Opens the filtered view of a log: the given one, the one of a tree row, or the active editor's. */
export async function openFilteredView(services: ReviewServices, target: unknown): Promise<string | undefined> {
  await services.findings.start();
  const log = target instanceof vscode.Uri ? target : (await targetHits(services, target))[0]?.log ?? activeLog();
  const uri = typeof log === 'string' ? vscode.Uri.parse(log) : log;
  if (!uri || uri.scheme !== 'file') {
    void vscode.window.showInformationMessage('Open a log, or pick one in the findings view, to see its flagged records.');
    return undefined;
  }
  const editor = await services.filtered.show(uri, undefined, { preview: false });
  return editor.document.uri.toString();
}

export async function openRecordView(services: ReviewServices, target: unknown): Promise<string | undefined> {
  const [hit] = await targetHits(services, target);
  if (!hit) return undefined;
  const editor = await services.stepper.show(hit, { in: 'record', preview: false }).then(() => vscode.window.activeTextEditor);
  return editor?.document.uri.toString();
}

export async function chooseGrouping({ tree }: ReviewServices, arg: unknown): Promise<void> {
  let grouping = GROUPINGS.includes(arg as Grouping) && tree.groupings().includes(arg as Grouping) ? (arg as Grouping) : undefined;
  if (!grouping) {
    const picked = await vscode.window.showQuickPick(
      tree.groupings().map((value) => ({ label: `By ${value}`, value, description: value === tree.grouping ? 'current' : '' })),
      { title: 'Group the findings' },
    );
    grouping = picked?.value;
  }
  if (grouping) await tree.setGrouping(grouping);
}

export async function refreshFindings({ findings }: ReviewServices): Promise<void> {
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'PromptSift: scanning the logs' }, () => findings.rescan());
}

/** The findings view, the status item and the triage marks as plain data, for tests. */
export async function debugFindings({ findings, tree, triage, status, marks }: ReviewServices, arg: unknown): Promise<unknown> {
  if (arg === 'wait') await findings.start();
  return {
    state: findings.state,
    grouping: tree.grouping,
    status: status.shown,
    groups: tree.groups().map((group) => ({
      label: group.label,
      level: group.level,
      hits: group.hits.map((hit) => ({ id: hit.id, file: hit.file, line: hit.line, ruleId: hit.ruleId, recordKey: hit.recordKey, spans: hit.spans, verdict: triage.markOf(hit)?.verdict, note: triage.markOf(hit)?.note })),
    })),
    order: tree.order().map((hit) => hit.id),
    ...(typeof arg === 'string' && arg !== 'wait' ? { verdictLines: marks.verdictLines(arg) } : {}),
  };
}

/** The hits a command acts on. */
async function targetHits(services: ReviewServices, target: unknown, selected?: unknown): Promise<ReviewHit[]> {
  const nodes = Array.isArray(selected) && selected.length > 0 ? selected : isNode(target) ? [target] : [];
  if (nodes.length > 0) return unique(nodes.filter(isNode).flatMap((node) => (node.kind === 'hit' ? [node.hit] : node.group.hits)));
  const link = parseHitTarget(target);
  if (link) return services.findings.hits().filter((hit) => hit.log === link.log && hit.line === link.line && (link.ruleId === undefined || hit.ruleId === link.ruleId));
  // Nothing named (the palette, a keybinding) or the editor's resource (its context menu): the cursor.
  // Anything else is a link that is not well formed, and names nothing.
  return target === undefined || target instanceof vscode.Uri ? pickAtCursor(services) : [];
}

/** The hits at the cursor of the active editor; asks which when there are several rules. */
async function pickAtCursor({ findings, filtered }: ReviewServices): Promise<ReviewHit[]> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return [];
  const { uri } = editor.document;
  const cursor = editor.selection.active;
  const filteredLog = logOfFiltered(uri);
  const record = recordTarget(uri);
  let candidates: ReviewHit[];
  if (filteredLog) {
    const line = filtered.logLineAt(uri, cursor.line);
    candidates = findings.hits().filter((hit) => hit.log === filteredLog.toString() && hit.line === line);
  } else if (record) {
    candidates = findings.hits().filter((hit) => hit.log === record.log.toString() && hit.line === record.line);
  } else {
    const onLine = findings.hits().filter((hit) => hit.log === uri.toString() && hit.spans.some((span) => span.startLine - 1 <= cursor.line && cursor.line <= span.endLine - 1));
    const under = onLine.filter((hit) => hit.spans.some((span) => new vscode.Range(span.startLine - 1, span.column - 1, span.endLine - 1, span.endColumn - 1).contains(cursor)));
    candidates = under.length > 0 ? under : onLine;
  }
  if (candidates.length <= 1) {
    if (candidates.length === 0) void vscode.window.showInformationMessage('There is no finding at the cursor.');
    return candidates;
  }
  const picked = await vscode.window.showQuickPick(
    candidates.map((hit) => ({ label: hit.title, description: `${hit.level} · line ${positionOf(hit).line}`, hit })),
    { title: 'Which rule\u2019s finding?', canPickMany: true },
  );
  return picked?.map((item) => item.hit) ?? [];
}

function activeLog(): vscode.Uri | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  if (!uri) return undefined;
  return logOfFiltered(uri) ?? recordTarget(uri)?.log ?? uri;
}

function isNode(value: unknown): value is FindingsNode {
  return typeof value === 'object' && value !== null && 'kind' in value && 'group' in value && ((value as FindingsNode).kind === 'group' || (value as FindingsNode).kind === 'hit');
}

function isGroupTarget(target: unknown, selected: unknown): boolean {
  const nodes = Array.isArray(selected) && selected.length > 0 ? selected : [target];
  return nodes.some((node) => isNode(node) && node.kind === 'group');
}

/** A hover link's target: a log URI string, a 1-based line, and optionally a rule key; undefined unless well formed. */
export function parseHitTarget(arg: unknown): { log: string; line: number; ruleId?: string } | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const { log, line, ruleId } = arg as Record<string, unknown>;
  if (typeof log !== 'string' || log.length > 4096 || typeof line !== 'number' || !Number.isInteger(line) || line < 1) return undefined;
  if (ruleId !== undefined && (typeof ruleId !== 'string' || ruleId.length > 1024)) return undefined;
  return { log, line, ...(typeof ruleId === 'string' ? { ruleId } : {}) };
}

function unique(hits: ReviewHit[]): ReviewHit[] {
  return [...new Map(hits.map((hit) => [hit.id, hit])).values()];
}
