// Which files are logs, and which packs' rules scan them. Inside a pack, a file is a log when the
// pack's `logs` globs select it and its `exclude` globs do not. Outside every pack, a file is a log
// when the `promptsift.logs.include` setting of its workspace folder selects it, and every pack of
// that folder (with rule files) scans it, so that a pack kept in `detections/` covers `logs/`.
import type * as vscode from 'vscode';
import { pathBelow, ruleFileMatcher, type PathMatcher } from './pack-globs';
import { ownerOf, type RulePack } from './rule-pack';
import { readLogInclude } from './log-settings';

export class LogFiles {
  /** Per pack object: a reloaded pack is a new object, so a changed pack configuration needs no reset. */
  private matchers = new WeakMap<RulePack, PathMatcher>();

  /** Forgets the matchers, after `promptsift.logs.include` changed. */
  reset(): void {
    this.matchers = new WeakMap();
  }

  /** The packs whose rules scan the log at `uri`; empty when it is not a log. */
  packsOf(all: readonly RulePack[], uri: vscode.Uri): RulePack[] {
    const owner = ownerOf(new Map(all.map((pack) => [pack.key, pack])), uri);
    if (!owner || uri.scheme !== owner.root.scheme) return [];
    const relative = pathBelow(owner.root.path, uri.path);
    if (relative === undefined || !this.matcherOf(owner)(relative)) return [];
    const scanners = owner.configFile ? [owner] : all.filter((pack) => pack.folder.uri.toString() === owner.folder.uri.toString());
    return scanners.filter((pack) => pack.files.size > 0);
  }

  /** The same selection rules as for rule files: globs relative to the pack root, minus `exclude`. */
  private matcherOf(pack: RulePack): PathMatcher {
    let matcher = this.matchers.get(pack);
    if (!matcher) {
      const globs = pack.configFile ? pack.config.logs : readLogInclude(pack.folder);
      matcher = ruleFileMatcher(globs, pack.config.exclude);
      this.matchers.set(pack, matcher);
    }
    return matcher;
  }
}
