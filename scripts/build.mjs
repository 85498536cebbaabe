// Bundles the three entry points: the extension (vscode external), the CLI (vscode NOT external, so
// a stray import from the core fails the build) and the webview (browser iife).
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

const entries = [
  existsSync('src/extension/activate.ts') && {
    ...common,
    entryPoints: { extension: 'src/extension/activate.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
  },
  existsSync('src/cli/main.ts') && {
    ...common,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
  existsSync('src/runtime/scan-worker.ts') && {
    ...common,
    entryPoints: { 'scan-worker': 'src/runtime/scan-worker.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
  },
  // The extension's own scan worker (plans kept between scans, the lines on screen first). Like the
  // CLI, it is built without `vscode` external, so an editor import in the worker fails the build.
  existsSync('src/extension/log-scan-worker.ts') && {
    ...common,
    entryPoints: { 'log-scan-worker': 'src/extension/log-scan-worker.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
  },
  // The campaign statistics of the stats panel, off the extension host's thread. Built without
  // `vscode` external, like the other workers.
  existsSync('src/runtime/stats-worker.ts') && {
    ...common,
    entryPoints: { 'stats-worker': 'src/runtime/stats-worker.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
  },
  existsSync('src/webview/main.ts') && {
    ...common,
    entryPoints: { webview: 'src/webview/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
].filter(Boolean);

if (watch) {
  const contexts = await Promise.all(entries.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  await Promise.all(entries.map((options) => esbuild.build(options)));
}
