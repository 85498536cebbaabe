// Reading files as text and finding files: a directory walker and glob expansion with minimatch.

import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { Minimatch } from 'minimatch';
import { InputError, UsageError } from './exit';
import { displayPath, reasonOf } from './output';

/** Directories the walker never enters. */
const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set(['node_modules', '.git']);

/**
 * Reads a file as UTF-8 without its byte order mark, so that offsets (and so columns) count from
 * the first character an editor shows. Invalid bytes become U+FFFD; a missing file is an InputError.
 */
export function readSourceText(absolute: string, shown: string): string {
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${shown}: ${reasonOf(error)}`);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** What is at a path: a file, a directory, or nothing readable. */
export function pathKind(absolute: string): 'file' | 'directory' | 'missing' {
  try {
    const stats = statSync(absolute);
    return stats.isDirectory() ? 'directory' : 'file';
  } catch {
    return 'missing';
  }
}

/**
 * Every file under `root` (absolute paths, sorted), skipping node_modules and .git. Symbolic links
 * to files are followed; links to directories are not, so a link cycle cannot loop the walk.
 */
export function walkFiles(root: string): string[] {
  const out: string[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const directory = pending.pop() as string;
    let entries: Dirent[];
    try {
      entries = readdirSync(directory, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) pending.push(path);
      } else if (entry.isFile() || (entry.isSymbolicLink() && pathKind(path) === 'file')) {
        out.push(path);
      }
    }
  }
  return out.sort(compareText);
}

/** True when an argument is a glob pattern rather than a plain path. */
export function isGlob(pattern: string): boolean {
  return new Minimatch(pattern).hasMagic();
}

/**
 * The files matching a glob: relative patterns match paths relative to `cwd` (`./` is ignored),
 * absolute ones match absolute paths. Only the pattern's literal leading directories are walked.
 */
export function expandGlob(pattern: string, cwd: string): string[] {
  const isAbsolutePattern = isAbsolute(pattern);
  const normalised = pattern.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  const matcher = new Minimatch(normalised, { dot: false });
  const segments = normalised.split('/');
  const literal: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    if (new Minimatch(segment).hasMagic()) break;
    literal.push(segment);
  }
  const base = resolve(cwd, isAbsolutePattern ? `${literal.join('/')}/` : literal.join('/') || '.');
  if (pathKind(base) !== 'directory') return [];
  return walkFiles(base).filter((file) => matcher.match(isAbsolutePattern ? file.replace(/\\/g, '/') : displayPath(cwd, file)));
}

/**
 * A test of a relative, forward-slash path against any of `globs`. `dot` lets wildcards match
 * names that start with a dot: wanted for exclusions, not for selecting rule files.
 */
export function globMatcher(globs: readonly string[], options: { dot: boolean }): (path: string) => boolean {
  const matchers = globs.map((glob) => new Minimatch(glob.replace(/^(\.\/)+/, ''), options));
  return (path) => matchers.some((matcher) => matcher.match(path));
}

/** Code-unit order, the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Log arguments of `scan` and `stats`: files, every file of a directory, or glob matches, each once, in order. */
export function resolveLogFiles(targets: readonly string[], cwd: string, command: string): { path: string; name: string }[] {
  const files: string[] = [];
  for (const target of targets) {
    const absolute = resolve(cwd, target);
    const kind = pathKind(absolute);
    const found = kind === 'file' ? [absolute] : kind === 'directory' ? walkFiles(absolute) : isGlob(target) ? expandGlob(target, cwd) : undefined;
    if (found === undefined) throw new InputError(`${target}: no such file or directory`);
    if (found.length === 0) throw new UsageError(`no files match ${target}`, command);
    for (const file of found) if (!files.includes(file)) files.push(file);
  }
  return files.map((path) => ({ path, name: displayPath(cwd, path) }));
}
