// The editor benchmark inside a real VS Code (run by scripts/bench/editor-vscode.ts, not by
// `npm run test:vscode`): opens a 50 MB log of the bundled pack and times, from the extension host,
// opening the document, the decorations of the lines on screen, a full rescan, and hovers through
// `vscode.executeHoverProvider`. Writes the figures to .bench-figures.json in the workspace; it
// checks that there is something to measure, not how fast it is.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, openWorkspaceFile, waitFor, waitForActivation, workspaceUri } from './helpers';

const SMALL = 'pack/samples/openai-chat-gateway.jsonl';
const LARGE = 'pack/samples/editor-50mb.jsonl';

interface Decorated {
  uri: string;
  version: number;
  shown: number;
  available: number;
  ranges: Record<string, [number, number, number, number][]>;
}

async function decoratedOf(uri: vscode.Uri): Promise<Decorated | undefined> {
  const all = await vscode.commands.executeCommand<Decorated[]>('promptsift.debug.decorations', uri.toString());
  return all.find((entry) => entry.shown > 0);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

/** Times `count` hover requests over the given ranges, as VS Code makes them (all providers, a round trip). */
async function hoverTimes(uri: vscode.Uri, ranges: [number, number, number, number][], count: number): Promise<number[]> {
  assert.ok(ranges.length > 0, `no decorated match to hover in ${uri.path}`);
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const [line, character] = ranges[i % ranges.length] as [number, number, number, number];
    const started = performance.now();
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, character + 1));
    times.push(performance.now() - started);
    assert.ok(hovers.length > 0, `no hover at ${line}:${character + 1} of ${uri.path}`);
  }
  return times;
}

describe('editor benchmark', () => {
  it('times decorating and hovering a 50 MB log', async function () {
    this.timeout(900_000);
    const figures: Record<string, number | string> = { vscode: vscode.version };
    await waitForActivation(EXTENSION_ID, { timeoutMs: 30_000 });

    let started = performance.now();
    const small = (await openWorkspaceFile(SMALL)).document;
    const smallDecorated = await waitFor('decorations of the small sample', () => decoratedOf(small.uri), { timeoutMs: 60_000, intervalMs: 5 });
    figures.firstSmallLogToDecorationsMs = performance.now() - started;

    started = performance.now();
    const document = await vscode.workspace.openTextDocument(workspaceUri(LARGE));
    figures.openTextDocumentMs = performance.now() - started;
    const available = performance.now();
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    const shown = performance.now();
    figures.showTextDocumentMs = shown - available;
    const decorated = await waitFor('decorations of the 50 MB log', () => decoratedOf(document.uri), { timeoutMs: 60_000, intervalMs: 5 });
    figures.openToDecorationsMs = performance.now() - started;
    figures.availableToDecorationsMs = performance.now() - available;
    figures.shownToDecorationsMs = performance.now() - shown;
    figures.decoratedOnOpen = decorated.shown;

    started = performance.now();
    await vscode.commands.executeCommand('promptsift.scanLogs');
    figures.fullRescanMs = performance.now() - started;
    const after = await waitFor('the decorations after the rescan', () => decoratedOf(document.uri), { timeoutMs: 10_000 });
    figures.decoratedAfterScan = after.shown;
    figures.matchesAvailable = after.available;

    const visible = editor.visibleRanges[0] ?? new vscode.Range(0, 0, 40, 0);
    const targets = Object.values(after.ranges).flat().filter(([line]) => line >= visible.start.line && line <= visible.end.line);
    const times = await hoverTimes(document.uri, targets, 40);
    figures.hoverMedianMs = percentile(times, 0.5);
    figures.hoverP95Ms = percentile(times, 0.95);
    figures.hoverMaxMs = Math.max(...times);
    // The same round trip on a small log, once the host is idle, to tell VS Code's share from the log's size.
    const smallTimes = await hoverTimes(small.uri, Object.values(smallDecorated.ranges).flat(), 40);
    figures.smallLogHoverMedianMs = percentile(smallTimes, 0.5);
    figures.smallLogHoverP95Ms = percentile(smallTimes, 0.95);
    figures.largeLogBytes = Buffer.byteLength(document.getText());
    figures.largeLogLines = document.lineCount;
    await vscode.workspace.fs.writeFile(workspaceUri('.bench-figures.json'), new TextEncoder().encode(JSON.stringify(figures, null, 2)));
  });
});
