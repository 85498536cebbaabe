// The extension is installed in the test profile and VS Code activates it when a rule of the
// workspace's pack is opened.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, installedIds, openWorkspaceFile, waitForActivation } from './helpers';

const RULE = 'rules/reasoning_dump_request.yml';

describe('activation', () => {
  it(`finds ${EXTENSION_ID} installed`, () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed; installed: ${installedIds().join(', ')}`);
    assert.equal(extension.packageJSON.publisher, 'promptsift');
  });

  it('activates when a rule under rules/ is opened', async () => {
    const editor = await openWorkspaceFile(RULE);
    assert.equal(vscode.workspace.asRelativePath(editor.document.uri), RULE);
    const extension = await waitForActivation(EXTENSION_ID, { timeoutMs: 15_000 });
    assert.equal(extension.isActive, true);
  });
});
