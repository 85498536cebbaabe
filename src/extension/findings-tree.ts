// The findings view in the PromptSift container: the workspace's hits grouped by rule, by account
// or by campaign, with counts, each hit showing its log and line, what matched and its verdict.
// Selecting a hit reveals it (reveal.ts). The tree's order is the order next/previous step in. False
// positives can be hidden, and then the counts leave them out. The view says why it is empty:
// Restricted Mode, no scan yet, a scan running or stopped, the cap on listed hits.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LEVELS, type Level } from '../core/model';
import { quoteExcerpt } from './hover-content';
import { COLORS, COMMANDS, CONTEXT_KEYS, STATE_KEYS, TREE_ITEMS, VIEWS } from './ids';
import { groupHits, treeOrder, type CampaignGroup, type Grouping, type HitGroup, type ReviewHit } from './review-hits';
import type { Triage } from './triage';
import type { TriageMark } from './triage-file';
import { MAX_LISTED_HITS, type WorkspaceFindings } from './workspace-findings';

/** Where the campaigns come from (the campaign statistics), when they are known. */
export interface CampaignSource {
  readonly onDidChange: vscode.Event<unknown>;
  campaigns(): readonly CampaignGroup[] | undefined;
}

export type FindingsNode = { kind: 'group'; id: string; group: HitGroup } | { kind: 'hit'; id: string; hit: ReviewHit; group: HitGroup; parent: FindingsNode };

const REFRESH_MS = 200;

export class FindingsTree implements vscode.TreeDataProvider<FindingsNode>, vscode.Disposable {
  readonly view: vscode.TreeView<FindingsNode>;
  private readonly changes = new vscode.EventEmitter<FindingsNode | undefined>();
  readonly onDidChangeTreeData = this.changes.event;
  private built: { groups: HitGroup[]; roots: FindingsNode[]; children: Map<FindingsNode, FindingsNode[]>; byHit: Map<string, FindingsNode> } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly findings: WorkspaceFindings,
    private readonly triage: Triage,
    private readonly state: vscode.Memento,
    private readonly campaigns?: CampaignSource,
  ) {
    this.view = vscode.window.createTreeView(VIEWS.findings, { treeDataProvider: this, showCollapseAll: true, canSelectMany: true });
    this.subscriptions = [
      this.view,
      this.changes,
      this.view.onDidChangeVisibility(({ visible }) => visible && void this.findings.start()),
      findings.onDidChange(() => this.refreshSoon()),
      triage.onDidChange(() => this.refreshSoon()),
      ...(campaigns ? [campaigns.onDidChange(() => this.refreshSoon())] : []),
    ];
    if (this.view.visible) void this.findings.start();
    this.render();
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  get grouping(): Grouping {
    const saved = this.state.get<Grouping>(STATE_KEYS.findingsGrouping, 'rule');
    return saved === 'campaign' && !this.campaigns?.campaigns() ? 'rule' : saved;
  }

  /** The groupings that can be chosen now: by campaign once the statistics have campaigns. */
  groupings(): Grouping[] {
    return this.campaigns?.campaigns() ? ['rule', 'account', 'campaign'] : ['rule', 'account'];
  }

  async setGrouping(grouping: Grouping): Promise<void> {
    await this.state.update(STATE_KEYS.findingsGrouping, grouping);
    this.render();
  }

  get hidesFalsePositives(): boolean {
    return this.state.get<boolean>(STATE_KEYS.hidesFalsePositives, false);
  }

  async setHidesFalsePositives(hides: boolean): Promise<void> {
    await this.state.update(STATE_KEYS.hidesFalsePositives, hides);
    this.render();
  }

  /** The groups as shown. */
  groups(): readonly HitGroup[] {
    return this.build().groups;
  }

  /** Every hit shown, in tree order: the order of next and previous. */
  order(): ReviewHit[] {
    return treeOrder(this.build().groups);
  }

  /** Selects `hit` in the tree when the view is shown. */
  async reveal(hit: ReviewHit): Promise<void> {
    const node = this.build().byHit.get(hit.id);
    if (node && this.view.visible) await this.view.reveal(node, { select: true, focus: false, expand: true });
  }

  getChildren(node?: FindingsNode): FindingsNode[] {
    const built = this.build();
    return node ? (built.children.get(node) ?? []) : built.roots;
  }

  getParent(node: FindingsNode): FindingsNode | undefined {
    return node.kind === 'hit' ? node.parent : undefined;
  }

  getTreeItem(node: FindingsNode): vscode.TreeItem {
    const item = node.kind === 'group' ? this.groupItem(node.group) : this.hitItem(node.hit);
    item.id = node.id;
    return item;
  }

  private groupItem(group: HitGroup): vscode.TreeItem {
    const item = new vscode.TreeItem(oneLine(group.label), vscode.TreeItemCollapsibleState.Collapsed);
    const falsePositives = group.hits.filter((hit) => this.triage.markOf(hit)?.verdict === 'false_positive').length;
    item.description = `${group.hits.length}${falsePositives > 0 ? ` · ${falsePositives} FP` : ''}`;
    item.contextValue = TREE_ITEMS.group;
    const color = group.level && LEVELS.includes(group.level as Level) ? new vscode.ThemeColor(COLORS[group.level as Level].border) : undefined;
    item.iconPath = new vscode.ThemeIcon(this.grouping === 'rule' ? 'shield' : this.grouping === 'account' ? 'account' : 'organization', color);
    item.tooltip = `${oneLine(group.label)}${group.level ? ` (${group.level})` : ''}: ${group.hits.length} hit${group.hits.length === 1 ? '' : 's'}${falsePositives > 0 ? `, ${falsePositives} marked false positive` : ''}`;
    return item;
  }

  private hitItem(hit: ReviewHit): vscode.TreeItem {
    const item = new vscode.TreeItem(`${path.posix.basename(hit.file)}:${hit.line}`, vscode.TreeItemCollapsibleState.None);
    const mark = this.triage.markOf(hit);
    const matched = hit.matched === '' ? '(the whole record)' : quoteExcerpt(hit.matched);
    const context = this.grouping === 'rule' ? (hit.account ?? '') : oneLine(hit.title);
    item.description = [context && oneLine(context), matched, mark && VERDICT_LABELS[mark.verdict]].filter(Boolean).join(' · ');
    item.iconPath = iconOf(hit, mark);
    item.contextValue = `${TREE_ITEMS.hitPrefix}${mark?.verdict ?? 'unmarked'}`;
    item.tooltip = tooltipOf(hit, mark);
    item.command = { command: COMMANDS.revealFinding, title: 'Show the finding', arguments: [hit.id] };
    return item;
  }

  private build(): NonNullable<FindingsTree['built']> {
    if (this.built) return this.built;
    const hides = this.hidesFalsePositives;
    const hits = this.findings.hits().filter((hit) => !hides || this.triage.markOf(hit)?.verdict !== 'false_positive');
    const grouping = this.grouping;
    const groups = groupHits(hits, grouping, this.campaigns?.campaigns() ?? []);
    const roots: FindingsNode[] = [];
    const children = new Map<FindingsNode, FindingsNode[]>();
    const byHit = new Map<string, FindingsNode>();
    for (const group of groups) {
      const parent: FindingsNode = { kind: 'group', id: `${grouping}\u0000${group.key}`, group };
      roots.push(parent);
      children.set(parent, group.hits.map((hit) => {
        const node: FindingsNode = { kind: 'hit', id: `${parent.id}\u0000${hit.id}`, hit, group, parent };
        if (!byHit.has(hit.id)) byHit.set(hit.id, node);
        return node;
      }));
    }
    this.built = { groups, roots, children, byHit };
    return this.built;
  }

  private refreshSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.render(), REFRESH_MS);
  }

  private render(): void {
    this.built = undefined;
    const built = this.build();
    const shown = built.groups.reduce((sum, group) => sum + group.hits.length, 0);
    const counts = this.triage.counts(this.findings.hits());
    this.view.description = `by ${this.grouping}${this.hidesFalsePositives ? ', false positives hidden' : ''}`;
    this.view.badge = counts.toReview > 0 ? { value: counts.toReview, tooltip: `${counts.toReview} finding(s) to review` } : undefined;
    this.view.message = this.message(shown);
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.hasFindings, shown > 0);
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.hidesFalsePositives, this.hidesFalsePositives);
    this.changes.fire(undefined);
  }

  private message(shown: number): string | undefined {
    const state = this.findings.state;
    if (state.isRestricted) return 'Restricted Mode: PromptSift lints rules here but runs none of them over logs. Trust the workspace to scan its logs.';
    if (!state.hasStarted) return 'The logs have not been scanned yet.';
    const notes: string[] = [];
    if (state.isScanning) notes.push(`Scanning ${state.logs} log(s)\u2026${state.bytesTotal > 0 ? ` ${Math.floor((100 * state.bytesDone) / state.bytesTotal)}%` : ''}`);
    if (state.wasStopped) notes.push('The last scan was stopped: some findings are missing. Refresh to scan again.');
    if (state.leftOut > 0) notes.push(`Only the first ${MAX_LISTED_HITS.toLocaleString('en-US')} findings are listed; ${state.leftOut.toLocaleString('en-US')} more were found. Raise promptsift.findings.minimumLevel or narrow the logs to see them.`);
    if (!state.isScanning && shown === 0) notes.push(state.logs === 0 ? 'No logs of a rule pack were found.' : `No findings in ${state.logs} log(s).`);
    return notes.length > 0 ? notes.join(' ') : undefined;
  }
}

const VERDICT_LABELS = { confirmed: 'confirmed', false_positive: 'false positive', needs_review: 'needs review' } as const;

function iconOf(hit: ReviewHit, mark: TriageMark | undefined): vscode.ThemeIcon {
  if (mark?.verdict === 'confirmed') return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
  if (mark?.verdict === 'false_positive') return new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));
  if (mark?.verdict === 'needs_review') return new vscode.ThemeIcon('question', new vscode.ThemeColor('list.warningForeground'));
  const level = LEVELS.includes(hit.level as Level) ? (hit.level as Level) : 'informational';
  return new vscode.ThemeIcon('circle-filled', new vscode.ThemeColor(COLORS[level].border));
}

/** Log text goes into a code block; the reviewer's note as text. No HTML, no command links. */
function tooltipOf(hit: ReviewHit, mark: TriageMark | undefined): vscode.MarkdownString {
  const tooltip = new vscode.MarkdownString();
  tooltip.supportHtml = false;
  tooltip.isTrusted = false;
  tooltip.appendText(`${hit.title} (${hit.level})`);
  tooltip.appendCodeblock(
    [
      `log        ${hit.file}:${hit.line}`,
      `record     ${hit.recordKey}`,
      `account    ${hit.account ?? '(none)'}`,
      `time       ${hit.timestamp ?? '(none)'}`,
      `field      ${hit.field}`,
      `matched    ${hit.matched === '' ? '(the whole record)' : quoteExcerpt(hit.matched)}`,
    ].join('\n'),
    'text',
  );
  if (mark) tooltip.appendText(`${VERDICT_LABELS[mark.verdict]}${mark.by ? ` by ${mark.by}` : ''}, ${mark.at}${mark.note ? `: ${mark.note}` : ''}`);
  return tooltip;
}

/** Log text on a tree row: one line, nothing that reorders it. */
function oneLine(text: string): string {
  return quoteExcerpt(text).slice(1, -1);
}
