// The Campaigns view in a real VS Code (workspaces/campaigns): shown, it computes the statistics of
// the pack's four sample logs on the stats worker, and what it shows matches the figures the core
// computes for the same files here, and the figures we know for them. The clicks in the webview are
// browser steps (campaigns-suite.ts), which run after these tests.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { buildPanelModel } from '../../../src/extension/stats-model';
import { runStatsPasses } from '../../../src/runtime/stats-run';
import type { PanelModel } from '../../../src/shared/messages';
import { EXTENSION_ID, waitFor, waitForActivation, workspaceUri } from './helpers';

const LOGS = ['anthropic-messages.jsonl', 'flat-prompt-completion.jsonl', 'gateway-export.csv', 'openai-chat-gateway.jsonl'].map((name) => `pack/logs/${name}`);
const MARKUP_ACCOUNT = 'acct_<img src=x onerror=alert(1)>';

/** What `promptsift.debug.campaigns` returns (CampaignViewSnapshot in src/extension/stats-view.ts). */
interface Snapshot {
  status: { kind: string };
  pack: string | undefined;
  model: PanelModel | undefined;
  selection: unknown;
  logs: string[];
}

function snapshot(): Thenable<Snapshot> {
  return vscode.commands.executeCommand<Snapshot>('promptsift.debug.campaigns');
}

/** The statistics of the pack's logs as the core computes them, read here the way the view's run reads them. */
async function coreModel(): Promise<PanelModel> {
  const ruleFiles = await vscode.workspace.findFiles('pack/rules/**/*.yml');
  const rules = await Promise.all(ruleFiles.map(async (uri) => ({ name: uri.toString(), text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) })));
  const logs = LOGS.map((path) => workspaceUri(path)).map((uri) => ({ path: uri.fsPath, name: uri.toString() }));
  const result = runStatsPasses({ rules, logs, flagLevel: 'low', refsPerItem: 50 });
  return buildPanelModel({ result, generation: 0, pack: 'pack', computedAt: 0 }).model;
}

describe('campaigns view', () => {
  let shown: Snapshot;
  let model: PanelModel;

  before(async function () {
    this.timeout(90_000);
    await waitForActivation(EXTENSION_ID, { timeoutMs: 20_000 });
    await vscode.commands.executeCommand('promptsift.showCampaigns');
    shown = await waitFor('the campaign statistics to be ready', async () => {
      const now = await snapshot();
      return now.status.kind === 'ready' && now.model !== undefined && now;
    }, { timeoutMs: 60_000, intervalMs: 250 });
    model = shown.model as PanelModel;
  });

  it("computes the statistics of the pack's four logs, and has nothing open yet", () => {
    assert.equal(shown.pack, 'pack');
    assert.deepEqual([...shown.logs].sort(), LOGS);
    assert.deepEqual(model.logs, { count: 4, unreadable: 0, malformedLines: 0 });
    assert.deepEqual(model.notes, []);
    assert.equal(shown.selection, undefined);
  });

  it('shows the figures known for the sample logs: 579 records, 80 accounts, one campaign of 24 accounts', () => {
    assert.deepEqual(
      { ...model.totals, timeRange: undefined },
      { records: 579, accounts: 80, flaggedRecords: 242, flagLevel: 'low', timeRange: undefined },
    );
    assert.deepEqual(model.totals.timeRange, { start: Date.parse('2026-11-20T00:05:42.267Z'), end: Date.parse('2026-11-21T11:56:48.083Z') });
    assert.deepEqual(model.levels, [
      { level: 'critical', count: 78 },
      { level: 'high', count: 106 },
      { level: 'medium', count: 35 },
      { level: 'low', count: 23 },
    ]);
    assert.equal(model.moreCampaigns, 0);
    assert.deepEqual(model.campaigns.map((card) => [card.id, card.accounts, card.requests, card.flaggedRequests, card.flaggedShare]), [['C1', 24, 242, 242, 1]]);
    const card = model.campaigns[0]!;
    assert.notEqual(card.target, undefined, 'campaign C1 cannot be opened');
    assert.equal(card.members.length, 12);
    assert.equal(card.moreMembers, 12);
    // The busiest account first; its id holds HTML markup, kept as it is (the webview shows it as text).
    assert.deepEqual(card.members[0], { id: MARKUP_ACCOUNT, requests: 18, target: card.members[0]?.target });
    assert.deepEqual(model.accounts[0] && [model.accounts[0].id, model.accounts[0].requests, model.accounts[0].flaggedRequests, model.accounts[0].campaign], [MARKUP_ACCOUNT, 18, 18, 'C1']);
  });

  it('shows what the core computes for the same logs and rules', async () => {
    const expected = await coreModel();
    assert.deepEqual(model.totals, expected.totals);
    assert.deepEqual(model.levels, expected.levels);
    assert.deepEqual(model.logs, expected.logs);
    const card = (c: PanelModel['campaigns'][number]) => ({ ...c, target: undefined, rules: c.rules.map(untargeted), templates: c.templates.map(untargeted), members: c.members.map(untargeted) });
    assert.deepEqual(model.campaigns.map(card), expected.campaigns.map(card));
    assert.deepEqual(model.accounts.map(untargeted), expected.accounts.map(untargeted));
    assert.deepEqual(model.templates.map(untargeted), expected.templates.map(untargeted));
    // Rules with equal counts may come in another order: the order of the rule files differs.
    const byKey = (rows: PanelModel['rules']) => rows.map(untargeted).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
    assert.deepEqual(byKey(model.rules), byKey(expected.rules));
  });

  it('gives every campaign, account, template and rule listed a target to open, one per item', () => {
    const rows = [...model.campaigns, ...model.accounts, ...model.templates, ...model.rules];
    assert.ok(rows.every((row) => row.target !== undefined), 'an item without a target');
    const ids = new Set(rows.map((row) => row.target));
    assert.equal(ids.size, model.campaigns.length + model.accounts.length + model.templates.length + model.rules.length);
  });
});

function untargeted<T extends { target?: number }>(row: T): T {
  return { ...row, target: undefined };
}
