// `npm run bench:editor`: the editor's log path on a 50 MB log, outside VS Code (editor-core.ts,
// the worker and the extension's own logic) and inside a real VS Code (editor-vscode.ts). Prints
// figures; asserts nothing about time.
//
//   npm run bench:editor                  both
//   npm run bench:editor -- --core-only   without VS Code
//   npm run bench:editor -- --with-codelens-hits   VS Code with the rule CodeLens scanning the logs too
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runVscodeBenchmark } from './editor-vscode';

const ROOT = join(__dirname, '..', '..');
const core = spawnSync('npx', ['tsx', 'scripts/bench/editor-core.ts', ...process.argv.slice(2).filter((arg) => !['--core-only', '--skip-build', '--with-codelens-hits'].includes(arg))], { cwd: ROOT, stdio: 'inherit' });
let isOk = core.status === 0;
const options = { shouldBuild: !process.argv.includes('--skip-build'), withCodeLensHits: process.argv.includes('--with-codelens-hits') };
if (!process.argv.includes('--core-only')) isOk = runVscodeBenchmark(options) && isOk;
process.exitCode = isOk ? 0 : 1;
