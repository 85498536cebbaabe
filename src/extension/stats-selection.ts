// The record the reviewer has open from the campaign view: which target (a campaign, account,
// template or rule), which of its first records, and stepping to the next or previous one in log
// and line order. Only logs the statistics read are opened, at lines they reported.
import * as vscode from 'vscode';
import type { SelectionView, TargetId } from '../shared/messages';
import type { Target } from './stats-model';

interface Current {
  generation: number;
  target: TargetId;
  position: number;
}

export class StatsSelection {
  private targets: readonly Target[] = [];
  private generation = -1;
  private logs: ReadonlyMap<string, vscode.Uri> = new Map();
  private current: Current | undefined;

  /**
   * New figures: what was open stays open when the same campaign, account, template or rule is
   * listed again, at the same record when it is still among the first ones.
   */
  update(generation: number, targets: readonly Target[], logs: ReadonlyMap<string, vscode.Uri>): void {
    const before = this.current && this.targets[this.current.target];
    const ref = before && this.current ? before.refs[this.current.position] : undefined;
    this.generation = generation;
    this.targets = targets;
    this.logs = logs;
    this.current = undefined;
    if (!before) return;
    const index = targets.findIndex((target) => target.kind === before.kind && target.key === before.key);
    if (index < 0) return;
    const refs = (targets[index] as Target).refs;
    const position = ref ? refs.findIndex((other) => other.source === ref.source && other.line === ref.line) : -1;
    this.current = { generation, target: index, position: position >= 0 ? position : 0 };
  }

  clear(): void {
    this.current = undefined;
  }

  /** Opens the first record of a target; false when the target is not one of this generation's. */
  async open(generation: number, target: TargetId, options: { preserveFocus: boolean }): Promise<boolean> {
    if (generation !== this.generation || !Number.isSafeInteger(target) || target < 0 || target >= this.targets.length) return false;
    this.current = { generation, target, position: 0 };
    return this.show(options);
  }

  /** Moves by `offset` records and opens that one; false when there is nothing open or no record there. */
  async step(offset: 1 | -1, options: { preserveFocus: boolean }): Promise<boolean> {
    const current = this.current;
    const target = current && this.targets[current.target];
    if (!current || !target) return false;
    const position = current.position + offset;
    if (position < 0 || position >= target.refs.length) return false;
    current.position = position;
    return this.show(options);
  }

  get isOpen(): boolean {
    return this.current !== undefined;
  }

  view(): SelectionView | undefined {
    const current = this.current;
    const target = current && this.targets[current.target];
    const ref = target && current ? target.refs[current.position] : undefined;
    if (!current || !target || !ref) return undefined;
    const uri = this.logs.get(ref.source);
    return {
      target: current.target,
      kind: target.kind,
      label: target.label,
      position: current.position + 1,
      listed: target.refs.length,
      total: Math.max(target.total, target.refs.length),
      location: `${uri ? vscode.workspace.asRelativePath(uri) : ref.source}:${ref.line}`,
    };
  }

  /** Opens the log of the current record with its line selected and the cursor at its start. */
  private async show({ preserveFocus }: { preserveFocus: boolean }): Promise<boolean> {
    const current = this.current;
    const ref = current ? this.targets[current.target]?.refs[current.position] : undefined;
    const uri = ref && this.logs.get(ref.source);
    if (!ref || !uri || !Number.isSafeInteger(ref.line) || ref.line < 1) return false;
    const start = new vscode.Position(ref.line - 1, 0);
    const options: vscode.TextDocumentShowOptions = { selection: new vscode.Range(start, start), preview: true, preserveFocus };
    let editor: vscode.TextEditor;
    try {
      editor = await vscode.window.showTextDocument(uri, options);
    } catch {
      // VS Code does not hand logs over 50 MB to extensions; the editor still opens them at a line.
      await vscode.commands.executeCommand('vscode.open', uri, options);
      return true;
    }
    // The whole line, selected from its end back to its start, so the cursor sits on the line.
    const line = editor.document.lineAt(Math.min(ref.line - 1, editor.document.lineCount - 1));
    editor.selection = new vscode.Selection(line.range.end, line.range.start);
    editor.revealRange(line.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return true;
  }
}
