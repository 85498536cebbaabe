// Builds the VSIX: the production bundles, then `vsce package` without network access or questions,
// then a check that the VSIX holds exactly the allow-list of `.vscodeignore`, and its size and file count.
// Usage: npm run package [-- --out <file.vsix>]
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const { values } = parseArgs({ options: { out: { type: 'string' } } });
const out = resolve(values.out ?? join(root, `${manifest.name}-${manifest.version}.vsix`));

execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--production'], { cwd: root, stdio: 'inherit' });
mkdirSync(dirname(out), { recursive: true });

// The bundles hold every dependency, so vsce asks npm for none; LICENSE ships. There is no public repository
// yet, so the README's relative links and images stay as they are: they work in the repository, and
// VS Code's extension view shows the images' alt text, since it loads README images only over
// http(s) (data: and relative paths are dropped; seen in code-server 4.139.1). With a `repository`
// in package.json, vsce would point them at it: drop --no-rewrite-relative-links then.
const vsce = join(root, 'node_modules/@vscode/vsce/vsce');
execFileSync(process.execPath, [
  vsce, 'package',
  '--no-dependencies',
  '--allow-missing-repository',
  '--no-rewrite-relative-links',
  '--out', out,
], { cwd: root, stdio: 'inherit' });

const entries = readEntries(out);
const stray = entries.filter((name) => !expectedEntries().includes(name));
const missing = expectedEntries().filter((name) => !entries.includes(name));
if (stray.length || missing.length) {
  console.error(`${out} does not hold exactly the allow-list of .vscodeignore:`);
  for (const name of stray) console.error(`  not on the list: ${name}`);
  for (const name of missing) console.error(`  missing: ${name}`);
  process.exit(1);
}
const kB = (statSync(out).size / 1024).toFixed(0);
console.log(`${relative(process.cwd(), out) || out}: ${kB} kB, ${entries.length} files (the VSIX's manifest and content types included)`);

/** The VSIX's entries for the `!path` lines of `.vscodeignore`; vsce renames the readme and changelog. */
function expectedEntries() {
  const lines = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n').map((line) => line.trim());
  const files = lines.filter((line) => line.startsWith('!')).map((line) => line.slice(1));
  const renamed = { 'README.md': 'readme.md', 'CHANGELOG.md': 'changelog.md', LICENSE: 'LICENSE.txt' };
  return ['[Content_Types].xml', 'extension.vsixmanifest', ...files.map((file) => `extension/${renamed[file] ?? file}`)];
}

/** The entry names of a zip file, from its central directory. */
function readEntries(file) {
  const data = readFileSync(file);
  let end = data.length - 22;
  while (end >= 0 && data.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error(`${file} is not a zip file`);
  const names = [];
  for (let at = data.readUInt32LE(end + 16), left = data.readUInt16LE(end + 10); left > 0; left--) {
    if (data.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: damaged central directory`);
    const nameLength = data.readUInt16LE(at + 28);
    names.push(data.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + data.readUInt16LE(at + 30) + data.readUInt16LE(at + 32);
  }
  return names;
}
