// Which files a pack lints, with the same glob semantics as the CLI: minimatch on paths relative to
// the pack root, `rules` skipping dot files and `exclude` matching them too. No `vscode` import, so
// that it can be unit-tested next to the CLI's own matcher.
import { posix } from 'node:path';
import { Minimatch } from 'minimatch';
import { PACK_CONFIG_FILE } from '../core/engine';

export type PathMatcher = (relativePath: string) => boolean;

/** Tests a path below the pack root: selected by `rules` (or the include setting), not excluded. */
export function ruleFileMatcher(rules: readonly string[], exclude: readonly string[]): PathMatcher {
  const isSelected = globMatcher(rules, { dot: false });
  const isExcluded = globMatcher(exclude, { dot: true });
  return (relativePath) =>
    posix.basename(relativePath) !== PACK_CONFIG_FILE && isSelected(relativePath) && !isExcluded(relativePath);
}

function globMatcher(globs: readonly string[], options: { dot: boolean }): PathMatcher {
  const matchers = globs.map((glob) => new Minimatch(withoutDotSlash(glob), options));
  return (path) => matchers.some((matcher) => matcher.match(path));
}

/** Pack globs may start with `./`; minimatch and VS Code's glob both want them without. */
export function withoutDotSlash(glob: string): string {
  return glob.replace(/^(\.\/)+/, '');
}

/** `path` relative to `root` ('rules/a.yml'), or undefined when it is not strictly inside; posix paths. */
export function pathBelow(root: string, path: string): string | undefined {
  const prefix = root.endsWith('/') ? root : `${root}/`;
  return path.startsWith(prefix) && path.length > prefix.length ? path.slice(prefix.length) : undefined;
}

/** The longest of `roots` that contains `path`, i.e. the pack nearest to the file. */
export function innermostRoot(roots: readonly string[], path: string): string | undefined {
  let best: string | undefined;
  for (const root of roots) {
    if (pathBelow(root, path) !== undefined && (best === undefined || root.length > best.length)) best = root;
  }
  return best;
}
