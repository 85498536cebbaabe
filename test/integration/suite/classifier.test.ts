// The classifier rule in a real VS Code (workspaces/classifier): the engine scores each record of
// an open log, the rule flags the record whose score reaches its threshold (a diagnostic over the
// whole record, the score as its matched text), and the hover says which words raised the score,
// for a JSON Lines line and for a CSV record over two lines.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, openWorkspaceFile, waitForActivation, waitForDiagnostics } from './helpers';

const LOG = 'pack/logs/prompts.jsonl';
const CSV = 'pack/logs/export.csv';
const TITLE = 'Prompt reads like an extraction request (classifier)';

describe('classifier rule', () => {
  it('flags the extraction prompt of the open log, not the ordinary one, and shows the score', async () => {
    const editor = await openWorkspaceFile(LOG);
    await waitForActivation(EXTENSION_ID, { timeoutMs: 15_000 });
    const diagnostics = await waitForDiagnostics(editor.document.uri, (found) => found.some((d) => d.message.includes(TITLE)), { timeoutMs: 20_000 });
    const flagged = diagnostics.filter((d) => d.message.includes(TITLE));
    assert.deepEqual(flagged.map((d) => d.range.start.line), [1]);
    const [diagnostic] = flagged as [vscode.Diagnostic];
    assert.equal(diagnostic.range.end.character, editor.document.lineAt(1).text.length);
    assert.match(diagnostic.message, /"0\.9\d\d"/);
  });

  it('lists the words that raised the score in the hover', async () => {
    const editor = await openWorkspaceFile(LOG);
    const text = await hoverText(editor.document.uri, new vscode.Position(1, 60));
    for (const fragment of [TITLE, 'extraction_score', 'What raised the score']) assert.ok(text.includes(fragment), `the hover does not say "${fragment}": ${text}`);
  });

  it('flags a CSV record that spans two lines, and explains it in the hover from the record read under the header', async () => {
    const editor = await openWorkspaceFile(CSV);
    const diagnostics = await waitForDiagnostics(editor.document.uri, (found) => found.some((d) => d.message.includes(TITLE)), { timeoutMs: 20_000 });
    const flagged = diagnostics.filter((d) => d.message.includes(TITLE));
    assert.deepEqual(flagged.map((d) => [d.range.start.line, d.range.end.line]), [[2, 3]]);
    const text = await hoverText(editor.document.uri, new vscode.Position(3, 10));
    for (const fragment of [TITLE, 'What raised the score']) assert.ok(text.includes(fragment), `the hover does not say ${fragment}: ${text}`);
    // Words of the record's second line, which only a reader of the whole record sees.
    const secondLine = ['"full"', '"internal"', '"chain of thought"', '"thought"', '"unredacted"'];
    assert.ok(secondLine.some((word) => text.includes(word)), `the hover lists no word of the record's second line: ${text}`);
  });
});

/** The hovers' Markdown at a position, as one text. */
async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers.flatMap((hover) => hover.contents).map((content) => (content instanceof vscode.MarkdownString ? content.value : String(content))).join('\n').replace(/&nbsp;/g, ' ').replace(/\\([()])/g, '$1');
}
