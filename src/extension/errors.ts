// How the extension reports its own bugs, i.e. a throw from code that should return problems: the
// stack goes to the output channel, the status item turns red until that work succeeds again, and
// the user sees one notification per bug, not one per keystroke.
import * as vscode from 'vscode';
import type { StatusItem } from './status';

export class BugReporter {
  /** The first two lines of each stack already shown: the message and where it was thrown. */
  private readonly notified = new Set<string>();

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly status: StatusItem,
  ) {}

  /** `where` names the work that failed, e.g. 'linting the pack at rules/promptsift.yaml'. */
  report(where: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    const stack = error instanceof Error && error.stack ? error.stack : message;
    this.log.error(`Failed while ${where}: ${stack}`);
    this.status.setFailure(where, message);
    const cause = stack.split('\n').slice(0, 2).join('\n');
    if (this.notified.has(cause)) return;
    this.notified.add(cause);
    void vscode.window
      .showErrorMessage(`PromptSift failed while ${where}: ${message}`, 'Show Output')
      .then((choice) => choice && this.log.show(true));
  }

  /** The work named `where` succeeded again. */
  recovered(where: string): void {
    this.status.clearFailure(where);
  }
}
