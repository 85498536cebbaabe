// The editor benchmark inside a real VS Code (code-server, through the integration harness): builds
// a workspace with the bundled pack and a deterministic 50 MB log in bench/data/editor-vscode, runs
// the editor-bench suite, and prints the figures the extension host measured.
//
//   npx tsx scripts/bench/editor-vscode.ts [--skip-build] [--with-codelens-hits]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeEditorBenchLog } from './editor-data';
import { FIGURES } from './editor-vscode.suites';

const ROOT = join(__dirname, '..', '..');
const WORKSPACE = join(ROOT, 'bench', 'data', 'editor-vscode', 'workspace');

export function runVscodeBenchmark(options: { shouldBuild: boolean; withCodeLensHits?: boolean }): boolean {
  rmSync(WORKSPACE, { recursive: true, force: true });
  mkdirSync(WORKSPACE, { recursive: true });
  cpSync(join(ROOT, 'rules'), join(WORKSPACE, 'pack'), { recursive: true });
  writeEditorBenchLog(join(WORKSPACE, 'pack', 'samples', 'editor-50mb.jsonl'), 50e6);
  rmSync(FIGURES, { force: true });
  const args = ['tsx', 'scripts/vscode/run-integration.ts', '--config', 'scripts/bench/editor-vscode.suites.ts', ...(options.shouldBuild ? [] : ['--skip-build'])];
  const env = { ...process.env, PROMPTSIFT_BENCH_CODELENS_HITS: options.withCodeLensHits ? '1' : '0' };
  const run = spawnSync('npx', args, { cwd: ROOT, stdio: 'inherit', env });
  if (!existsSync(FIGURES)) {
    console.error('editor benchmark in VS Code: no figures (see the harness output above)');
    return false;
  }
  const figures = JSON.parse(readFileSync(FIGURES, 'utf8')) as Record<string, number | string>;
  const f = (key: string) => (typeof figures[key] === 'number' ? `${(figures[key] as number).toFixed(key.startsWith('hover') ? 1 : 0)} ms` : String(figures[key]));
  const hits = options.withCodeLensHits ? 'CodeLens hit counts on' : 'CodeLens hit counts off';
  console.log(`\neditor benchmark in VS Code ${figures.vscode} (code-server), ${((figures.largeLogBytes as number) / 1e6).toFixed(1)} MB, ${figures.largeLogLines} lines, ${hits}:`);
  console.log(`  first log after start-up, to decorations:  ${f('firstSmallLogToDecorationsMs')} (plans the pack if the warm-up has not)`);
  console.log(`  openTextDocument of the 50 MB log:          ${f('openTextDocumentMs')}`);
  console.log(`  showTextDocument once the text is there:    ${f('showTextDocumentMs')}`);
  console.log(`  text in the extension host to decorations: ${f('availableToDecorationsMs')} (${f('shownToDecorationsMs')} after showTextDocument; ${figures.decoratedOnOpen} matches on screen)`);
  console.log(`  openTextDocument call to decorations:       ${f('openToDecorationsMs')}`);
  console.log(`  full rescan of the 50 MB log:               ${f('fullRescanMs')} (${figures.matchesAvailable} matches kept, ${figures.decoratedAfterScan} decorated)`);
  console.log(`  hover through executeHoverProvider:         median ${f('hoverMedianMs')}, p95 ${f('hoverP95Ms')}, max ${f('hoverMaxMs')}`);
  console.log(`  the same on a 150 kB sample log:            median ${f('smallLogHoverMedianMs')}, p95 ${f('smallLogHoverP95Ms')}`);
  return run.status === 0;
}

if (require.main === module) {
  const options = { shouldBuild: !process.argv.includes('--skip-build'), withCodeLensHits: process.argv.includes('--with-codelens-hits') };
  process.exitCode = runVscodeBenchmark(options) ? 0 : 1;
}
