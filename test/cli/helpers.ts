// Runs the bundled CLI as a child process. The bundle is rebuilt first when it is missing or older
// than any source file, with the options of scripts/build.mjs's `cli` entry (only that entry, so
// a half-written extension or webview elsewhere cannot fail these tests).

import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';

export const ROOT = resolve(__dirname, '../..');
export const CLI = join(ROOT, 'dist/cli.js');
export const FIXTURES = join(ROOT, 'test/fixtures/cli');

function newestSource(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.(ts|json)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

let built: Promise<void> | undefined;

/** Builds dist/cli.js once per test run when it is missing or stale. */
export function ensureBuilt(): Promise<void> {
  built ??= (async () => {
    const sources = Math.max(newestSource(join(ROOT, 'src')), newestSource(join(ROOT, 'schemas')), statSync(join(ROOT, 'package.json')).mtimeMs);
    let bundle = 0;
    try {
      bundle = statSync(CLI).mtimeMs;
    } catch {
      bundle = 0;
    }
    if (bundle >= sources) return;
    await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: { cli: 'src/cli/main.ts' },
      outdir: 'dist',
      bundle: true,
      sourcemap: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      banner: { js: '#!/usr/bin/env node' },
      logLevel: 'error',
      legalComments: 'none',
    });
  })();
  return built;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `promptsift args…` in `cwd` (the fixtures by default) without colour or debug settings. */
export function runCli(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  if (!options.env || !('PROMPTSIFT_DEBUG' in options.env)) delete env.PROMPTSIFT_DEBUG;
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd ?? FIXTURES, env, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The lines of an output, sorted (the house style compares sorted output). */
export function sortedLines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '').sort();
}

/** Copies a fixture to a fresh temporary directory (for tests that write), removed by the returned function. */
export function copyFixture(name: string): { dir: string; cleanup: () => void } {
  const base = mkdtempSync(join(tmpdir(), 'promptsift-cli-'));
  const dir = join(base, name);
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  return { dir, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}
