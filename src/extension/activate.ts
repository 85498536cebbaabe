// Entry point of the extension: creates each part and hands it to VS Code to dispose.
import * as vscode from 'vscode';
import { registerCheckDocs } from './check-docs';
import { registerCommands } from './commands';
import { RuleDiagnostics } from './diagnostics';
import { BugReporter } from './errors';
import { NAMES } from './ids';
import { RulePacks } from './rule-packs';
import { StatusItem } from './status';

export function activate(context: vscode.ExtensionContext): void {
  const own = <T extends vscode.Disposable>(disposable: T): T => {
    context.subscriptions.push(disposable);
    return disposable;
  };
  const log = own(vscode.window.createOutputChannel(NAMES.outputChannel, { log: true }));
  try {
    const status = own(new StatusItem());
    const bugs = new BugReporter(log, status);
    const packs = own(new RulePacks(log, bugs));
    const diagnostics = own(new RuleDiagnostics(packs, status, bugs, log));
    own(registerCheckDocs());
    registerCommands({ packs, diagnostics, log }).forEach(own);
    void packs.reload();
  } catch (error) {
    // VS Code does not tell the user when an extension fails to activate, so we do.
    log.error(`PromptSift failed to start: ${error instanceof Error ? error.stack : String(error)}`);
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`PromptSift failed to start: ${message}`, 'Show Output').then((choice) => choice && log.show());
    throw error;
  }
}
