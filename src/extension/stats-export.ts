// Exports the campaign report the CLI writes (`promptsift stats --format html|md`) from the
// figures the view shows, to a file the reviewer picks. It never writes over a log.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { renderHtmlReport, renderMarkdownReport, type ReportMeta } from '../core/report/index';
import type { ComputedStats } from './stats-runs';

/** Extensions of files that may be logs: a report is never written over one. */
const LOG_EXTENSIONS = new Set(['.jsonl', '.ndjson', '.jsonlines', '.json', '.csv', '.tsv', '.log', '.txt']);

/** Asks where, writes the report, and resolves with where it went (undefined when nothing was written). */
export async function exportReport(computed: ComputedStats | undefined, isLog: (uri: vscode.Uri) => boolean): Promise<vscode.Uri | undefined> {
  if (!computed) {
    void vscode.window.showInformationMessage('PromptSift has no campaign statistics to export yet.');
    return undefined;
  }
  const folder = computed.pack.folder.uri;
  const uri = await vscode.window.showSaveDialog({
    title: 'Export the campaign report',
    saveLabel: 'Export',
    defaultUri: vscode.Uri.joinPath(folder, 'promptsift-campaigns.html'),
    filters: { 'HTML report': ['html'], 'Markdown report': ['md'] },
  });
  if (!uri) return undefined;
  const extension = path.posix.extname(uri.path).toLowerCase();
  const isRead = computed.logs.has(uri.toString());
  if (isRead || isLog(uri) || LOG_EXTENSIONS.has(extension)) {
    void vscode.window.showErrorMessage(`PromptSift does not write the report to ${vscode.workspace.asRelativePath(uri)}: it is, or may be, a log. Choose a file ending in .html or .md.`);
    return undefined;
  }
  const meta: ReportMeta = { files: [...computed.logs.values()].map((log) => vscode.workspace.asRelativePath(log)), rules: computed.result.rules };
  const text = extension === '.md' || extension === '.markdown' ? renderMarkdownReport(computed.result.stats, meta) : renderHtmlReport(computed.result.stats, meta);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  void vscode.window.showInformationMessage(`PromptSift wrote the campaign report to ${vscode.workspace.asRelativePath(uri)}.`, 'Open').then((choice) => {
    if (choice) void vscode.commands.executeCommand('vscode.open', uri);
  });
  return uri;
}
