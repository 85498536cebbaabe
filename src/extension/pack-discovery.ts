// Finds pack configurations and rule files through VS Code's file search, and reads files, so
// that the same code works for local folders and remote ones.
import * as vscode from 'vscode';
import { PACK_CONFIG_FILE } from '../core/engine';
import { withoutDotSlash } from './pack-globs';

/** Rule files are small; a bigger YAML file is data that happens to match a glob. */
const MAX_RULE_FILE_BYTES = 4 * 1024 * 1024;

const decoder = new TextDecoder('utf-8');

/** Every pack configuration of the open folders, except installed copies under node_modules. */
export async function findPackConfigs(): Promise<vscode.Uri[]> {
  return vscode.workspace.findFiles(`**/${PACK_CONFIG_FILE}`, '**/node_modules/**');
}

/**
 * Files below `root` that VS Code's search finds for `globs`, skipping `exclude` where it can be
 * written as one search pattern. Only a first cut: callers keep the files their minimatch-based
 * matcher accepts, so that the editor lints the files the CLI lints.
 */
export async function findFilesBelow(
  root: vscode.Uri,
  globs: readonly string[],
  exclude: readonly string[],
): Promise<vscode.Uri[]> {
  const skip = searchExclude(exclude);
  const found = await Promise.all(
    globs.map((glob) => vscode.workspace.findFiles(new vscode.RelativePattern(root, withoutDotSlash(glob)), skip)),
  );
  const unique = new Map<string, vscode.Uri>();
  for (const uri of found.flat()) unique.set(uri.toString(), uri);
  return [...unique.values()];
}

/** The globs as one `{a,b}` pattern; undefined (VS Code's files.exclude) when a glob has braces of its own. */
function searchExclude(exclude: readonly string[]): string | undefined {
  const globs = exclude.map(withoutDotSlash);
  if (globs.length === 0 || globs.some((glob) => /[{},]/.test(glob))) return undefined;
  return globs.length === 1 ? globs[0] : `{${globs.join(',')}}`;
}

export type ReadResult = { text: string } | { reason: string };

/** Reads a file as UTF-8 (a BOM is dropped, as editors do); a file that cannot be read says why. */
export async function readText(uri: vscode.Uri): Promise<ReadResult> {
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch (error) {
    if (error instanceof vscode.FileSystemError) return { reason: error.message };
    throw error;
  }
  if (bytes.byteLength > MAX_RULE_FILE_BYTES) {
    return { reason: `it has ${bytes.byteLength} bytes, more than a rule file may have (${MAX_RULE_FILE_BYTES})` };
  }
  return { text: decoder.decode(bytes) };
}

export async function isDirectory(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
  } catch {
    return false;
  }
}
