// The campaign view: a webview in the PromptSift activity-bar container that shows the campaign
// statistics of a pack's logs, opens the logs at the records of what the reviewer clicks, steps
// through them, and exports the report. The figures come from StatsRuns (a worker thread); the
// webview only draws them and sends back the numbers it was given, each message checked here.
import * as vscode from 'vscode';
import { parseWebviewMessage, type HostMessage, type PanelModel, type PanelStatus, type SelectionView, type WebviewMessage } from '../shared/messages';
import type { BugReporter } from './errors';
import { VIEWS } from './ids';
import type { LogScans } from './log-scans';
import { exportReport } from './stats-export';
import { createNonce, panelHtml } from './stats-html';
import { buildPanelModel } from './stats-model';
import { labelOf, type StatsRuns } from './stats-runs';
import { StatsSelection } from './stats-selection';

/** What the view shows, as data: the hidden debug command returns it to the integration tests. */
export interface CampaignViewSnapshot {
  status: PanelStatus;
  pack: string | undefined;
  model: PanelModel | undefined;
  selection: SelectionView | undefined;
  /** The logs the figures were computed from, relative to the workspace. */
  logs: string[];
}

export class CampaignView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private model: PanelModel | undefined;
  private generation = 0;
  private readonly selection = new StatsSelection();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly runs: StatsRuns,
    private readonly scans: LogScans,
    private readonly bugs: BugReporter,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions = [
      vscode.window.registerWebviewViewProvider(VIEWS.campaigns, this),
      runs.onDidChange((kind) => (kind === 'result' ? this.onResult() : this.postStatus())),
    ];
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    view.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [dist] };
    view.webview.html = panelHtml({
      cspSource: view.webview.cspSource,
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
      nonce: createNonce(),
    });
    view.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw));
    view.onDidChangeVisibility(() => this.runs.setVisible(view.visible));
    view.onDidDispose(() => {
      if (this.view !== view) return;
      this.view = undefined;
      this.runs.setVisible(false);
    });
    this.runs.setVisible(view.visible);
  }

  /** Shows the view (and with it, computes the figures when they are stale). */
  async show(): Promise<void> {
    await vscode.commands.executeCommand(`${VIEWS.campaigns}.focus`);
  }

  /** Opens the next (or previous) record of what is open; from a command, the editor takes the focus. */
  async step(offset: 1 | -1, preserveFocus = false): Promise<boolean> {
    if (!this.selection.isOpen) {
      void vscode.window.showInformationMessage('Click a campaign, account, template or rule in the PromptSift Campaigns view first.');
      return false;
    }
    const isMoved = await this.selection.step(offset, { preserveFocus });
    if (!isMoved) vscode.window.setStatusBarMessage(`PromptSift: no ${offset > 0 ? 'later' : 'earlier'} record listed`, 3000);
    this.postSelection();
    return isMoved;
  }

  exportReport(): Promise<vscode.Uri | undefined> {
    return exportReport(this.runs.state.computed, (uri) => this.scans.isLog(uri));
  }

  snapshot(): CampaignViewSnapshot {
    const { status, pack, computed } = this.runs.state;
    return {
      status,
      pack: pack && labelOf(pack),
      model: this.model,
      selection: this.selection.view(),
      logs: computed ? [...computed.logs.values()].map((uri) => vscode.workspace.asRelativePath(uri)) : [],
    };
  }

  private onResult(): void {
    const computed = this.runs.state.computed;
    this.generation++;
    if (computed) {
      const { model, targets } = buildPanelModel({ result: computed.result, generation: this.generation, pack: labelOf(computed.pack), computedAt: computed.computedAt });
      this.model = model;
      this.selection.update(this.generation, targets, computed.logs);
    } else {
      this.model = undefined;
      this.selection.update(this.generation, [], new Map());
    }
    this.post({ type: 'model', model: this.model });
    this.postStatus();
    this.postSelection();
  }

  private onMessage(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.log.warn(`Campaign view: ignored a message that is not one of ours: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    this.handle(message).catch((error: unknown) => this.bugs.report(`handling "${message.type}" in the campaign view`, error));
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.post({ type: 'model', model: this.model });
        this.postStatus();
        this.postSelection();
        return;
      case 'open':
        if (await this.selection.open(message.generation, message.target, { preserveFocus: true })) this.postSelection();
        return;
      case 'step':
        await this.step(message.offset, true);
        return;
      case 'clearSelection':
        this.selection.clear();
        this.postSelection();
        return;
      case 'refresh':
        return this.runs.refresh();
      case 'stop':
        return this.runs.stop();
      case 'export':
        await this.exportReport();
        return;
      case 'choosePack':
        return this.runs.choosePack(message.pack);
    }
  }

  private postStatus(): void {
    const { status, packs, pack } = this.runs.state;
    const index = pack ? packs.indexOf(pack) : -1;
    this.post({ type: 'status', status, packs: packs.map((choice, i) => ({ index: i, label: labelOf(choice) })), pack: index < 0 ? undefined : index });
  }

  private postSelection(): void {
    this.post({ type: 'selection', selection: this.selection.view() });
  }

  private post(message: HostMessage): void {
    void this.view?.webview.postMessage(message);
  }
}
