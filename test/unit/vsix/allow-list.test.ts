// The VSIX ships exactly the allow-list of .vscodeignore: `**`, then one `!path` line per shipped
// file, without globs, so that a new file never ships by accident. `npm run package` checks the built
// VSIX against the same lines; this test keeps the lines to what runs and what the manifest names.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const lines = readFileSync(join(ROOT, '.vscodeignore'), 'utf8').split('\n').map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));
const shipped = lines.slice(1).map((line) => line.slice(1));

// What may ship: the manifest and its pages, the bundles (no source maps) and the files the
// manifest points VS Code at.
const SHIPPABLE = [
  /^(package\.json|README\.md|CHANGELOG\.md|LICENSE)$/,
  /^dist\/[\w-]+\.(js|css)$/,
  /^schemas\/[\w-]+\.schema\.json$/,
  /^syntaxes\/[\w.-]+\.tmLanguage\.json$/,
  /^media\/[\w-]+\.(svg|png)$/,
];

const relativePath = (path: string) => path.replace(/^\.\//, '');

describe('VSIX allow-list', () => {
  it('ignores everything, then re-includes single files once each', () => {
    assert.equal(lines[0], '**');
    for (const line of lines.slice(1)) assert.match(line, /^![\w./-]+$/, `"${line}" is not one re-included file`);
    assert.equal(new Set(shipped).size, shipped.length, 'a file is listed twice');
  });

  it('ships only bundles, schemas, grammars, icons, the manifest, README, CHANGELOG and LICENSE, all of which exist', () => {
    for (const file of shipped) {
      assert.ok(SHIPPABLE.some((pattern) => pattern.test(file)), `${file} should not ship`);
      assert.ok(existsSync(join(ROOT, file)), `${file} is listed but does not exist (run npm run build for dist/)`);
    }
    assert.ok(!shipped.includes('dist/cli.js'), 'the CLI is not part of the extension');
    for (const file of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE']) assert.ok(shipped.includes(file), `${file} is not listed`);
  });

  it('ships every bundle scripts/build.mjs writes, except the CLI', () => {
    const build = readFileSync(join(ROOT, 'scripts', 'build.mjs'), 'utf8');
    const names = [...build.matchAll(/entryPoints: \{ '?([\w-]+)'?:/g)].map((match) => match[1]);
    assert.ok(names.includes('extension'), 'no entry points found in scripts/build.mjs');
    for (const name of names.filter((entry) => entry !== 'cli')) assert.ok(shipped.includes(`dist/${name}.js`), `dist/${name}.js is not listed`);
  });

  it('ships every file the manifest points VS Code at', () => {
    const contributes = manifest.contributes;
    const views = Object.values<{ icon?: string }[]>(contributes.views ?? {}).flat();
    const named: string[] = [
      manifest.main,
      manifest.icon,
      ...contributes.grammars.map((grammar: { path: string }) => grammar.path),
      ...contributes.yamlValidation.map((entry: { url: string }) => entry.url),
      ...contributes.viewsContainers.activitybar.map((container: { icon: string }) => container.icon),
      ...views.map((view) => view.icon).filter((icon): icon is string => icon !== undefined),
    ];
    for (const file of named.map(relativePath)) assert.ok(shipped.includes(file), `${file} is named in package.json but not listed`);
  });

  it('has a 128 or 256 pixel square PNG icon', () => {
    const png = readFileSync(join(ROOT, manifest.icon));
    assert.equal(png.toString('latin1', 1, 4), 'PNG');
    const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    assert.ok(width === height && (width === 128 || width === 256), `the icon is ${width}x${height}`);
  });

  // VS Code's extension view loads README images only over http(s), so shipping them would not show
  // them (scripts/package.mjs says more); the README's relative images serve the repository.
  it('shows README images that exist in the repository, and does not ship them', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((match) => relativePath(match[1] ?? ''));
    for (const image of images.filter((path) => !/^\w+:/.test(path))) {
      assert.ok(existsSync(join(ROOT, image)), `README.md shows ${image}, which does not exist`);
      assert.ok(!shipped.includes(image), `${image} ships, but VS Code does not show README images from the package`);
    }
  });
});
