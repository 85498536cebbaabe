// Diagnostics of the rule packs in workspaces/packs, in a real VS Code: a broken rule, a duplicate id
// across two files read from disk, YAML that is not a rule file, edits (unsaved and saved), files
// created and deleted on disk, edits of the pack configuration, and the settings. Each test leaves
// the workspace as it found it, for the next test and for the browser steps' screenshots.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, EXTENSION_ID, openWorkspaceFile, waitForActivation, waitForDiagnostics, workspaceUri } from './helpers';

const BROKEN = 'pack/rules/broken.yml';
const DUP_A = 'pack/rules/dup-a.yml';
const DUP_B = 'pack/rules/dup-b.yml';
const DRAFT = 'pack/rules/drafts/wip.yml';
const CONFIG = 'pack/promptsift.yaml';
const ORPHAN = 'standalone/rules/orphan.yml';
const NOT_RULES = ['config/app.yml', 'pack/notes/reviewers.yml', DRAFT];

const { Error: ERROR, Warning: WARNING, Information: INFO } = vscode.DiagnosticSeverity;

interface Seen {
  code: string | undefined;
  severity: vscode.DiagnosticSeverity;
  /** 0-based [startLine, startCharacter, endLine, endCharacter]. */
  range: [number, number, number, number];
  message: string;
}

function seen(diagnostic: vscode.Diagnostic): Seen {
  const { start, end } = diagnostic.range;
  return {
    code: codeOf(diagnostic),
    severity: diagnostic.severity,
    range: [start.line, start.character, end.line, end.character],
    message: diagnostic.message,
  };
}

function diagnosticsOf(path: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(workspaceUri(path));
}

const hasCode = (code: string) => (diagnostics: vscode.Diagnostic[]) => diagnostics.some((d) => codeOf(d) === code);
const hasNone = (severity: vscode.DiagnosticSeverity) => (diagnostics: vscode.Diagnostic[]) =>
  !diagnostics.some((d) => d.severity === severity);
const isEmpty = (diagnostics: vscode.Diagnostic[]) => diagnostics.length === 0;

/** Replaces `from` with `to` in the open document, without saving. */
async function replaceText(document: vscode.TextDocument, from: string, to: string): Promise<void> {
  const start = document.getText().indexOf(from);
  assert.ok(start >= 0, `"${from}" is not in ${document.uri.path}`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(start), document.positionAt(start + from.length)), to);
  assert.ok(await vscode.workspace.applyEdit(edit), `the edit of ${document.uri.path} was not applied`);
}

async function setText(document: vscode.TextDocument, text: string): Promise<void> {
  await replaceText(document, document.getText(), text);
}

/** Runs the lint command, which resolves once every pack is read again and its diagnostics published. */
async function lintWorkspace(): Promise<void> {
  await vscode.commands.executeCommand('promptsift.lintWorkspace');
}

async function updateSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration().update(key, value, vscode.ConfigurationTarget.Workspace);
}

describe('diagnostics', () => {
  before(async () => {
    await openWorkspaceFile(BROKEN);
    await waitForActivation(EXTENSION_ID, { timeoutMs: 20_000 });
  });

  it('reports the errors of a broken rule with check ids, messages and ranges', async () => {
    const diagnostics = await waitForDiagnostics(workspaceUri(BROKEN), hasCode('schema'));
    const errors = diagnostics.filter((d) => d.severity === ERROR).map(seen);
    assert.deepEqual(errors, [
      { code: 'modifier-unknown', severity: ERROR, range: [7, 15, 7, 22], message: 'Unknown modifier "contans"; did you mean "contains"?' },
      {
        code: 'condition-unknown-identifier',
        severity: ERROR,
        range: [8, 29, 8, 35],
        message: 'The condition names "filter", which is not a search identifier of this detection.',
      },
      {
        code: 'schema',
        severity: ERROR,
        range: [9, 7, 9, 13],
        message: '"level" is "severe"; allowed values: informational, low, medium, high, critical.',
      },
    ]);
    for (const diagnostic of diagnostics) {
      assert.equal(diagnostic.source, 'PromptSift');
      assert.ok(typeof diagnostic.code === 'object', 'the code links to the check page');
    }
  });

  it("links each code to a page that describes the check", async () => {
    const [diagnostic] = diagnosticsOf(BROKEN).filter((d) => codeOf(d) === 'modifier-unknown');
    assert.ok(diagnostic && typeof diagnostic.code === 'object');
    const page = await vscode.workspace.openTextDocument(diagnostic.code.target);
    assert.match(page.getText(), /^# modifier-unknown\n/);
    assert.match(page.getText(), /Default severity: \*\*error\*\*/);
    assert.match(page.getText(), /checks:\n {2}modifier-unknown: warning/);
  });

  it('reports a duplicate id on the second of two rule files read from disk, with the pack severity', async () => {
    const diagnostics = await waitForDiagnostics(workspaceUri(DUP_B), hasCode('duplicate-id'));
    assert.deepEqual(diagnostics.filter((d) => codeOf(d) === 'duplicate-id').map(seen), [
      {
        code: 'duplicate-id',
        // The pack's promptsift.yaml lowers duplicate-id to a warning.
        severity: WARNING,
        range: [1, 4, 1, 40],
        message: 'Rule id "9d4e2f10-7a3b-4c5d-8e6f-1a2b3c4d5e6f" is also used by "Asks for the chain of thought" in rules/dup-a.yml.',
      },
    ]);
    assert.ok(!hasCode('duplicate-id')(diagnosticsOf(DUP_A)), 'the first file of the two has no duplicate-id');
  });

  it('leaves alone YAML that is not a rule file of a pack, open or not', async () => {
    for (const path of NOT_RULES) await openWorkspaceFile(path);
    await lintWorkspace();
    assert.ok(diagnosticsOf(BROKEN).length > 0, 'the lint ran');
    for (const path of NOT_RULES) assert.deepEqual(diagnosticsOf(path).map(seen), [], path);
  });

  it('follows unsaved edits, clears once the rule is fixed, and keeps it clear after saving', async () => {
    const { document } = await openWorkspaceFile(BROKEN);
    const original = document.getText();
    await replaceText(document, 'prompt|contans', 'prompt|contains');
    await waitForDiagnostics(document.uri, (diagnostics) => !hasCode('modifier-unknown')(diagnostics) && hasCode('schema')(diagnostics));
    await replaceText(document, 'selection and filter', 'selection');
    await replaceText(document, 'level: severe', 'level: medium');
    await waitForDiagnostics(document.uri, hasNone(ERROR));
    assert.equal(document.isDirty, true, 'the fix is not saved yet');

    assert.ok(await document.save(), 'the document was saved');
    await lintWorkspace();
    assert.ok(hasNone(ERROR)(diagnosticsOf(BROKEN)), 'no errors once the fix is on disk');

    await setText(document, original);
    assert.ok(await document.save());
    const again = await waitForDiagnostics(document.uri, hasCode('schema'));
    assert.equal(again.filter((d) => d.severity === ERROR).length, 3, 'the restored rule has its three errors again');
  });

  it('picks up a rule file created on disk, and drops its diagnostics when it is deleted', async () => {
    const uri = workspaceUri('pack/rules/created.yml');
    const text = 'title: Created on disk\nlogsource:\n    product: llm\ndetection:\n    selection:\n        prompt: x\n    condition: selected\n';
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    const diagnostics = await waitForDiagnostics(uri, hasCode('condition-unknown-identifier'));
    assert.deepEqual(seen(diagnostics.find((d) => codeOf(d) === 'condition-unknown-identifier')!).range, [6, 15, 6, 23]);
    await vscode.workspace.fs.delete(uri);
    await waitForDiagnostics(uri, isEmpty);
  });

  it('places problems right in a file with a BOM and CRLF line ends, read from disk and open', async () => {
    const uri = workspaceUri('pack/rules/windows.yml');
    const lines = ['title: Saved on Windows', 'logsource:', '    product: llm', 'detection:', '    selection:', '        prompt: x', '    condition: selected', ''];
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`\ufeff${lines.join('\r\n')}`));
    const expected = [6, 15, 6, 23];
    const onDisk = await waitForDiagnostics(uri, hasCode('condition-unknown-identifier'));
    assert.deepEqual(seen(onDisk.find((d) => codeOf(d) === 'condition-unknown-identifier')!).range, expected);
    const { document } = await openWorkspaceFile('pack/rules/windows.yml');
    assert.equal(document.eol, vscode.EndOfLine.CRLF);
    await lintWorkspace();
    assert.deepEqual(seen(diagnosticsOf('pack/rules/windows.yml').find((d) => codeOf(d) === 'condition-unknown-identifier')!).range, expected);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.workspace.fs.delete(uri);
    await waitForDiagnostics(uri, isEmpty);
  });

  it('picks up rule files in a folder moved into the rules, and drops them when the folder is deleted', async () => {
    const staging = workspaceUri('pack/staging');
    const moved = workspaceUri('pack/rules/moved');
    const text = 'title: Moved in with its folder\nlogsource:\n    product: llm\ndetection:\n    selection:\n        prompt: x\n    condition: selected\n';
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(staging, 'deep', 'moved.yml'), new TextEncoder().encode(text));
    await vscode.workspace.fs.rename(staging, moved);
    const uri = vscode.Uri.joinPath(moved, 'deep', 'moved.yml');
    await waitForDiagnostics(uri, hasCode('condition-unknown-identifier'));
    await vscode.workspace.fs.delete(moved, { recursive: true });
    await waitForDiagnostics(uri, isEmpty);
  });

  it('lints the pack configuration and follows its edits to the rule globs', async () => {
    const { document } = await openWorkspaceFile(CONFIG);
    const original = document.getText();
    await replaceText(document, 'exclude:\n  - rules/drafts/**\n', 'colour: blue\n');
    const [unknownKey] = await waitForDiagnostics(document.uri, hasCode('pack-config'));
    assert.deepEqual(seen(unknownKey!), {
      code: 'pack-config',
      severity: ERROR,
      range: [4, 0, 4, 6],
      message: 'Unknown key "colour"; known keys: rules, exclude, logs, baseline, checks, fieldMap.',
    });
    // Without `exclude`, the draft is a rule file of the pack.
    await waitForDiagnostics(workspaceUri(DRAFT), hasCode('condition-unknown-identifier'));

    await setText(document, original);
    await waitForDiagnostics(document.uri, isEmpty);
    await waitForDiagnostics(workspaceUri(DRAFT), isEmpty);
    assert.ok(await document.save());
  });

  it('hides what is below promptsift.diagnostics.minimumSeverity, and everything when disabled', async () => {
    try {
      await updateSetting('promptsift.diagnostics.minimumSeverity', 'error');
      await waitForDiagnostics(workspaceUri(DUP_B), (diagnostics) => !hasCode('duplicate-id')(diagnostics));
      await waitForDiagnostics(workspaceUri(BROKEN), hasNone(INFO));
      assert.ok(diagnosticsOf(BROKEN).every((d) => d.severity === ERROR));

      await updateSetting('promptsift.diagnostics.enabled', false);
      await waitForDiagnostics(workspaceUri(BROKEN), isEmpty);
    } finally {
      await updateSetting('promptsift.diagnostics.enabled', undefined);
      await updateSetting('promptsift.diagnostics.minimumSeverity', undefined);
    }
    await waitForDiagnostics(workspaceUri(DUP_B), hasCode('duplicate-id'));
  });

  it('lints rule files outside packs that promptsift.rules.include selects', async () => {
    const uri = workspaceUri(ORPHAN);
    const [found] = (await waitForDiagnostics(uri, hasCode('condition-unknown-identifier'))).filter(
      (d) => codeOf(d) === 'condition-unknown-identifier',
    );
    assert.deepEqual(seen(found!).range, [6, 28, 6, 42]);
    try {
      await updateSetting('promptsift.rules.include', ['**/*.sigma.yml']);
      await waitForDiagnostics(uri, isEmpty);
    } finally {
      await updateSetting('promptsift.rules.include', undefined);
    }
    await waitForDiagnostics(uri, hasCode('condition-unknown-identifier'));
  });
});
