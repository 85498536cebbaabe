// A cache of a scan's start-up work per rule pack: the parsed rule files (YAML) and the regex
// analysis (literal needs and refusals). Parsing and analysing a pack of a hundred rules takes
// a few hundred CPU milliseconds, and V8 compiling that code as much again, in every scan; the
// cached entry is read in a few milliseconds. An entry is found by a hash of everything its
// content depends on: the rule texts and names, the analysis options, and the bundles that run
// (a new build never reads an older build's entry). Anything unreadable is a miss, never an error.

import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { RuleFile, SourceText } from '../core/model';
import { parseRuleText } from '../core/rules/load';
import type { RuleAnalysis } from '../core/scan/index';
import { analyzeStatsRules } from '../core/stats/stats-rules';

/** Changes whenever the entry's layout changes. */
const CACHE_FORMAT = 'promptsift-scan-cache-2';
/** Entries kept; the least recently written go first. */
const MAX_ENTRIES = 32;

export interface CachedPack {
  ruleFiles: RuleFile[];
  analysis: RuleAnalysis[];
}

/**
 * The directory scans cache their packs in: PROMPTSIFT_CACHE_DIR (`off`: none), else the user's
 * cache directory (XDG_CACHE_HOME or ~/.cache on Unix, LOCALAPPDATA on Windows) + `promptsift`.
 */
export function defaultScanCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.PROMPTSIFT_CACHE_DIR === 'off') return undefined;
  if (env.PROMPTSIFT_CACHE_DIR) return env.PROMPTSIFT_CACHE_DIR;
  const base = process.platform === 'win32' ? env.LOCALAPPDATA : (env.XDG_CACHE_HOME ?? join(homedir(), '.cache'));
  return base ? join(base, 'promptsift') : undefined;
}

/**
 * The key of a pack's entry: the rules (names and texts), the analysis options, the caller's
 * variant (what else its parsed rules depend on), and the size and modification time of each of
 * `codeFiles` (the bundles that parse and analyse).
 */
export function scanCacheKey(
  rules: readonly SourceText[],
  options: { hasLinearFallback: boolean; allowSuperLinear: boolean; variant: string },
  codeFiles: readonly string[],
): string | undefined {
  const hash = createHash('sha256');
  hash.update(`${CACHE_FORMAT}\0${process.version}\0${options.hasLinearFallback}\0${options.allowSuperLinear}\0${options.variant.length}:${options.variant}\0`);
  try {
    for (const file of codeFiles) {
      const stat = statSync(file);
      hash.update(`${file}\0${stat.size}\0${stat.mtimeMs}\0`);
    }
  } catch {
    return undefined;
  }
  for (const rule of rules) hash.update(`${rule.name.length}:${rule.name}${rule.text.length}:${rule.text}`);
  return hash.digest('hex');
}

/** The entry, or undefined when there is none or it cannot be read. */
export function readScanCache(dir: string, key: string): CachedPack | undefined {
  try {
    const entry = deserialize(readFileSync(join(dir, `${key}.bin`))) as { format?: unknown; key?: unknown } & Partial<CachedPack>;
    if (entry.format !== CACHE_FORMAT || entry.key !== key || !Array.isArray(entry.ruleFiles) || !Array.isArray(entry.analysis)) return undefined;
    return { ruleFiles: entry.ruleFiles, analysis: entry.analysis };
  } catch {
    return undefined;
  }
}

/** Writes the entry (whole or not at all) and drops the oldest beyond MAX_ENTRIES; failures are ignored. */
export function writeScanCache(dir: string, key: string, pack: CachedPack): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const temporary = join(dir, `${key}.${process.pid}.tmp`);
    writeFileSync(temporary, serialize({ format: CACHE_FORMAT, key, ...pack }), { mode: 0o600 });
    renameSync(temporary, join(dir, `${key}.bin`));
    const entries = readdirSync(dir)
      .filter((name) => name.endsWith('.bin'))
      .map((name) => ({ name, time: statSync(join(dir, name)).mtimeMs }))
      .sort((a, b) => b.time - a.time);
    for (const old of entries.slice(MAX_ENTRIES)) unlinkSync(join(dir, old.name));
  } catch {
    // A cache that cannot be written only means the next scan parses again.
  }
}

/**
 * The rules as `promptsift stats` runs them (parsed without the schema check, which lint reports,
 * and analysed without the regex budget), from `cacheDir` when this build did the same work on
 * the same rules before (`codeFiles`: the running bundles).
 */
export function loadStatsRules(rules: readonly SourceText[], cacheDir: string | undefined, codeFiles: readonly string[]): CachedPack {
  const key = cacheDir === undefined ? undefined : scanCacheKey(rules, { hasLinearFallback: false, allowSuperLinear: true, variant: 'stats' }, codeFiles);
  const cached = cacheDir === undefined || key === undefined ? undefined : readScanCache(cacheDir, key);
  if (cached) return cached;
  const ruleFiles = rules.map((rule) => parseRuleText(rule.name, rule.text, { isSchemaValidated: false }));
  const analysis = analyzeStatsRules(ruleFiles.flatMap((file) => file.rules));
  if (cacheDir !== undefined && key !== undefined) writeScanCache(cacheDir, key, { ruleFiles, analysis });
  return { ruleFiles, analysis };
}
