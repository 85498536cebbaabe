// One rule pack and its rule files: how it is built from its configuration (or, for the files no
// pack governs, from the `promptsift.rules.include` setting), which pack governs a file, and
// reading a rule file into it.
import * as vscode from 'vscode';
import { DEFAULT_CONFIG, parsePackConfig, type PackConfig, type Problem, type RuleFile } from '../core/engine';
import { findFilesBelow, readText } from './pack-discovery';
import { innermostRoot, pathBelow, ruleFileMatcher, type PathMatcher } from './pack-globs';
import type { TextSnapshot } from './positions';
import { readRuleInclude } from './settings';

export interface RulePack {
  /** The configuration's URI, or `loose:` and the folder's URI for the loose pack of a folder. */
  readonly key: string;
  /** What the output and notifications call the pack. */
  readonly label: string;
  readonly folder: vscode.WorkspaceFolder;
  readonly root: vscode.Uri;
  readonly config: PackConfig;
  /** The configuration file, its problems and the text they point into; absent for a loose pack. */
  readonly configFile?: { uri: vscode.Uri; problems: Problem[]; snapshot: TextSnapshot };
  readonly isRulePath: PathMatcher;
  /** Rule files by URI string. */
  readonly files: Map<string, PackFile>;
}

export interface PackFile {
  readonly uri: vscode.Uri;
  /** The path below the pack root: the name the core knows the file by, and quotes in messages. */
  readonly source: string;
  /** The text on disk when last read. */
  diskText: string;
  /** The text last parsed, with the result. */
  parsed?: RuleFile;
}

/** A pack from its configuration file, without its rule files yet; undefined when it cannot be read. */
export async function loadPack(configUri: vscode.Uri): Promise<RulePack | undefined> {
  const folder = vscode.workspace.getWorkspaceFolder(configUri);
  const snapshot = await snapshotOf(configUri);
  if (!folder || !snapshot) return undefined;
  const shown = vscode.workspace.asRelativePath(configUri);
  const { value, problems } = parsePackConfig(snapshot.text, shown);
  const config = value ?? { ...DEFAULT_CONFIG };
  return {
    key: configUri.toString(),
    label: `the pack at ${shown}`,
    folder,
    root: vscode.Uri.joinPath(configUri, '..'),
    config,
    configFile: { uri: configUri, problems, snapshot },
    isRulePath: ruleFileMatcher(config.rules, config.exclude),
    files: new Map(),
  };
}

/** The rule files of a folder that no pack governs, selected by the `promptsift.rules.include` setting. */
export function loosePack(folder: vscode.WorkspaceFolder): RulePack {
  const include = readRuleInclude(folder);
  return {
    key: looseKey(folder),
    label: `the rule files outside packs in ${folder.name}`,
    folder,
    root: folder.uri,
    config: { ...DEFAULT_CONFIG, rules: include },
    isRulePath: ruleFileMatcher(include, DEFAULT_CONFIG.exclude),
    files: new Map(),
  };
}

function looseKey(folder: vscode.WorkspaceFolder): string {
  return `loose:${folder.uri.toString()}`;
}

/** The pack that governs `uri`: the innermost pack root above it, else its folder's loose pack. */
export function ownerOf(packs: ReadonlyMap<string, RulePack>, uri: vscode.Uri): RulePack | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return undefined;
  const folderKey = folder.uri.toString();
  const explicit = [...packs.values()].filter((pack) => pack.configFile && pack.folder.uri.toString() === folderKey);
  const root = innermostRoot(explicit.map((pack) => pack.root.path), uri.path);
  return root === undefined ? packs.get(looseKey(folder)) : explicit.find((pack) => pack.root.path === root);
}

/** The path of `uri` below the pack root when the pack's globs select it as a rule file. */
export function sourceIn(pack: RulePack, uri: vscode.Uri): string | undefined {
  const source = uri.scheme === pack.root.scheme ? pathBelow(pack.root.path, uri.path) : undefined;
  return source !== undefined && pack.isRulePath(source) ? source : undefined;
}

/** Reads the rule files of `pack`: those its globs select that no inner pack governs. */
export async function collectFiles(pack: RulePack, packs: ReadonlyMap<string, RulePack>, log: vscode.LogOutputChannel): Promise<void> {
  const candidates = await findFilesBelow(pack.root, pack.config.rules, pack.config.exclude);
  const mine = candidates.filter((uri) => ownerOf(packs, uri) === pack);
  await Promise.all(mine.map((uri) => readFileInto(pack, uri, log)));
}

/** Reads a rule file (again) into its pack, or drops it when it cannot be read; says whether the pack changed. */
export async function readFileInto(pack: RulePack, uri: vscode.Uri, log: vscode.LogOutputChannel): Promise<boolean> {
  const source = sourceIn(pack, uri);
  if (source === undefined) return false;
  const read = await readText(uri);
  if ('reason' in read) {
    log.warn(`Skipping ${vscode.workspace.asRelativePath(uri)}: ${read.reason}`);
    return pack.files.delete(uri.toString());
  }
  const known = pack.files.get(uri.toString());
  if (known) known.diskText = read.text;
  else pack.files.set(uri.toString(), { uri, source, diskText: read.text });
  return true;
}

/** The text of an open document, or else of the file on disk. */
async function snapshotOf(uri: vscode.Uri): Promise<TextSnapshot | undefined> {
  const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === uri.toString());
  if (document) return { text: document.getText(), document, version: document.version };
  const read = await readText(uri);
  return 'text' in read ? read : undefined;
}
