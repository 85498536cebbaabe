// Turns command-line targets (files, directories, globs) into rule files grouped by the pack
// whose promptsift.yaml governs them, with that pack's configuration.

import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { DEFAULT_CONFIG, PACK_CONFIG_FILE, parsePackConfig, type PackConfig } from '../core/pack/config';
import type { Problem } from '../core/model';
import { InputError, UsageError } from './exit';
import { compareText, expandGlob, globMatcher, isGlob, pathKind, readSourceText, walkFiles } from './files';
import { displayPath } from './output';

export interface Pack {
  /** Absolute directory the configuration's globs are relative to (the cwd without a config). */
  root: string;
  /** Absolute path of the pack's promptsift.yaml, when it has one. */
  configPath?: string;
  config: PackConfig;
  /** Problems of the configuration file; their `source` is its display path. */
  configProblems: Problem[];
  /** The configuration text, for converting the problems' offsets. */
  configText?: string;
  /** Absolute paths of the rule files, sorted. */
  files: string[];
  /** True when a directory argument covered the pack root, so `files` is the whole pack. */
  isComplete: boolean;
}

export interface CollectOptions {
  cwd: string;
  /** `--config`: one configuration for every target instead of the nearest promptsift.yaml. */
  configPath?: string;
  /** The command, for usage messages. */
  command: string;
}

/**
 * Resolves targets: a file is itself; a directory yields the files its pack's `rules` globs
 * select (every `*.yml`/`*.yaml` without a pack), minus `exclude`; anything else is a glob
 * matched from the cwd. No targets means the cwd. A target that yields nothing is a usage error.
 */
export function collectPacks(targets: readonly string[], options: CollectOptions): Pack[] {
  const { cwd } = options;
  const finder = createConfigFinder(cwd, options.configPath);
  const entries = new Map<string, PackEntry>();
  const entryOf = (configPath: string | undefined): PackEntry => {
    const key = configPath ?? '';
    let entry = entries.get(key);
    if (!entry) entries.set(key, (entry = createEntry(loadPack(configPath, cwd))));
    return entry;
  };
  for (const target of targets.length > 0 ? targets : ['.']) {
    const absolute = resolve(cwd, target);
    const kind = pathKind(absolute);
    let found: { file: string; entry: PackEntry }[];
    if (kind === 'file') {
      found = [{ file: absolute, entry: entryOf(finder(dirname(absolute))) }];
    } else if (kind === 'directory') {
      found = directoryFiles(absolute, finder, entryOf);
    } else if (isGlob(target)) {
      found = expandGlob(target, cwd)
        .filter((file) => basename(file) !== PACK_CONFIG_FILE)
        .map((file) => ({ file, entry: entryOf(finder(dirname(file))) }))
        .filter(({ file, entry }) => !entry.isExcluded(file));
    } else {
      throw new InputError(`${target}: no such file or directory`);
    }
    if (found.length === 0) {
      const what = kind === 'directory' ? 'no rule files found in' : 'no files match';
      throw new UsageError(`${what} ${target}`, options.command);
    }
    for (const { file, entry } of found) entry.files.add(file);
  }
  const packs = [...entries.values()]
    .filter((entry) => entry.files.size > 0)
    .map((entry) => ({ ...entry.pack, files: [...entry.files].sort(compareText) }));
  return packs.sort((a, b) => compareText(a.root, b.root));
}

/** A pack while targets are collected, with its globs compiled once. */
interface PackEntry {
  pack: Pack;
  files: Set<string>;
  /** Tests a path relative to `root` against the `rules` globs. */
  isRule(relativePath: string): boolean;
  isExcluded(file: string): boolean;
}

function createEntry(pack: Pack): PackEntry {
  const isExcluded = globMatcher(pack.config.exclude, { dot: true });
  return {
    pack,
    files: new Set(),
    isRule: globMatcher(pack.config.rules, { dot: false }),
    isExcluded: (file) => isExcluded(toGlobPath(pack.root, file)),
  };
}

type ConfigFinder = (directory: string) => string | undefined;

/**
 * The nearest promptsift.yaml from a directory upwards, stopping at the repository root (the
 * first directory holding `.git`): a pack configuration never reaches across repositories.
 */
function createConfigFinder(cwd: string, explicit: string | undefined): ConfigFinder {
  if (explicit !== undefined) {
    const path = resolve(cwd, explicit);
    if (pathKind(path) !== 'file') throw new InputError(`cannot read the configuration ${explicit}: no such file`);
    return () => path;
  }
  const cache = new Map<string, string | undefined>();
  const find = (directory: string): string | undefined => {
    if (cache.has(directory)) return cache.get(directory);
    const candidate = join(directory, PACK_CONFIG_FILE);
    const parent = dirname(directory);
    let found: string | undefined;
    if (pathKind(candidate) === 'file') found = candidate;
    else if (parent !== directory && !existsSync(join(directory, '.git'))) found = find(parent);
    cache.set(directory, found);
    return found;
  };
  return find;
}

function loadPack(configPath: string | undefined, cwd: string): Pack {
  if (configPath === undefined) {
    return { root: cwd, config: { ...DEFAULT_CONFIG }, configProblems: [], files: [], isComplete: false };
  }
  const shown = displayPath(cwd, configPath);
  const text = readSourceText(configPath, shown);
  const parsed = parsePackConfig(text, shown);
  return {
    root: dirname(configPath),
    configPath,
    config: parsed.value ?? { ...DEFAULT_CONFIG },
    configProblems: parsed.problems,
    configText: text,
    files: [],
    isComplete: false,
  };
}

function directoryFiles(
  directory: string,
  finder: ConfigFinder,
  entryOf: (configPath: string | undefined) => PackEntry,
): { file: string; entry: PackEntry }[] {
  const out: { file: string; entry: PackEntry }[] = [];
  for (const file of walkFiles(directory)) {
    if (basename(file) === PACK_CONFIG_FILE) continue;
    const configPath = finder(dirname(file));
    const entry = entryOf(configPath);
    // Without a configuration the default globs apply from the directory that was named.
    const globRoot = configPath === undefined ? directory : entry.pack.root;
    if (!entry.isRule(toGlobPath(globRoot, file)) || entry.isExcluded(file)) continue;
    if (configPath !== undefined && isWithin(directory, entry.pack.root)) entry.pack.isComplete = true;
    out.push({ file, entry });
  }
  return out;
}

/** A path relative to `root` with forward slashes, as pack globs are written. */
export function toGlobPath(root: string, file: string): string {
  const rel = relative(root, file);
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/** True when `inner` is `outer` or inside it. */
function isWithin(outer: string, inner: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
