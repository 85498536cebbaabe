// Helpers for tests that run inside the extension host against the real `vscode` API. They wait on
// events where VS Code has one, and poll with a deadline where it has none.
import * as vscode from 'vscode';
import { errorMessage, waitFor, type WaitOptions } from '../../../scripts/vscode/wait';

export { waitFor };

export const EXTENSION_ID = 'promptsift.promptsift';

export function workspaceUri(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the test window has no workspace folder open');
  return vscode.Uri.joinPath(folder.uri, ...relativePath.split('/'));
}

/** Opens a workspace file in an editor and focuses it, as a click in the explorer would. */
export async function openWorkspaceFile(relativePath: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relativePath));
  return vscode.window.showTextDocument(document, { preview: false });
}

/**
 * Waits until an extension has been activated by VS Code itself (it never activates it), so a
 * missing activation event fails the test. On timeout it activates the extension explicitly, only
 * to say in the error whether activation itself throws or merely was not triggered.
 */
export async function waitForActivation(extensionId: string, options: WaitOptions = {}): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(extensionId);
  if (!extension) throw new Error(`${extensionId} is not installed; installed: ${installedIds().join(', ')}`);
  try {
    await waitFor(`${extensionId} to activate`, () => extension.isActive, options);
    return extension;
  } catch (timeout) {
    const diagnosis = await extension.activate().then(
      () => 'activating it explicitly works, so none of its activation events fired',
      (error) => `activating it explicitly fails: ${errorMessage(error)}`,
    );
    throw new Error(`${errorMessage(timeout)}; ${diagnosis}`);
  }
}

export function installedIds(): string[] {
  return vscode.extensions.all.filter((extension) => !extension.id.startsWith('vscode.')).map((extension) => extension.id);
}

/**
 * Resolves with the diagnostics of `uri` once `accept` holds for them, re-checking on every
 * diagnostics change; rejects after the deadline with what was there.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean = (diagnostics) => diagnostics.length > 0,
  { timeoutMs = 10_000 }: WaitOptions = {},
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (!accept(diagnostics)) return false;
      finish();
      resolve(diagnostics);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      finish();
      const current = vscode.languages.getDiagnostics(uri).map((d) => `${codeOf(d)}: ${d.message}`);
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for diagnostics on ${uri.path}; now: ${JSON.stringify(current)}`));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      subscription.dispose();
    };
    check();
  });
}

/** A diagnostic's code as a string, whether it was set plain or with a documentation link. */
export function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return code === undefined ? undefined : String(code);
}
