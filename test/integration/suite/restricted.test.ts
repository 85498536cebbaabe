// Restricted Mode in a real VS Code (workspaces/review, untrusted): the rules are linted, none runs
// over logs. No matches in an open log, no findings, no campaign statistics, no scan on request;
// each place says why.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, openWorkspaceFile, waitFor, waitForActivation, waitForDiagnostics, workspaceUri } from './helpers';

interface Decorated {
  uri: string;
  shown: number;
  available: number;
}

describe('restricted mode', () => {
  before(async function () {
    this.timeout(60_000);
    await waitForActivation(EXTENSION_ID);
  });

  it('runs in an untrusted workspace', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('still lints the rules', async () => {
    const broken = workspaceUri('pack/rules/broken.yml');
    await vscode.workspace.fs.writeFile(broken, new TextEncoder().encode('title: Broken\nlogsource:\n    product: llm\ndetection:\n    selection:\n        prompt|contans: x\n    condition: selection\n'));
    await openWorkspaceFile('pack/rules/broken.yml');
    const found = await waitForDiagnostics(broken, (diagnostics) => diagnostics.some((d) => d.message.includes('Unknown modifier "contans"')));
    assert.ok(found.length > 0);
    await vscode.workspace.fs.delete(broken);
  });

  it('runs no rule over an open log, and says so', async () => {
    await openWorkspaceFile('pack/logs/a.jsonl');
    // Give a scan the time it would take, then check that none ran.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const decorated = await vscode.commands.executeCommand<Decorated[]>('promptsift.debug.decorations', workspaceUri('pack/logs/a.jsonl').toString());
    assert.deepEqual(decorated.map((d) => d.available), []);
    assert.deepEqual(vscode.languages.getDiagnostics(workspaceUri('pack/logs/a.jsonl')), []);
    assert.deepEqual(await vscode.commands.executeCommand('promptsift.scanLogs'), []);
    assert.equal(await vscode.commands.executeCommand('promptsift.scanLogFromDisk', workspaceUri('pack/logs/b.jsonl')), undefined);
  });

  it('lists no findings and shows why in the status bar', async () => {
    const found = await vscode.commands.executeCommand<{ state: { isRestricted: boolean }; groups: unknown[]; status?: { text: string; tooltip: string } }>('promptsift.debug.findings', 'wait');
    assert.equal(found.state.isRestricted, true);
    assert.deepEqual(found.groups, []);
    const status = await waitFor('the status item', async () => (await vscode.commands.executeCommand<{ status?: { text: string; tooltip: string } }>('promptsift.debug.findings')).status);
    assert.match(status.text, /rules not run/);
    assert.match(status.tooltip, /Restricted Mode/);
  });

  it('computes no campaign statistics, and says why', async () => {
    await vscode.commands.executeCommand('promptsift.campaigns.refresh');
    const snapshot = await vscode.commands.executeCommand<{ status: { kind: string; reason?: string }; model: unknown }>('promptsift.debug.campaigns');
    assert.deepEqual(snapshot.status, { kind: 'empty', reason: 'restricted' });
    assert.equal(snapshot.model, undefined);
  });
});
