// The id table in src/extension/ids.ts against package.json, both ways, and the source against the
// table: every user-visible id is declared once and used through the table.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COLORS, COMMANDS, HIDDEN_COMMANDS, SCHEMAS, SETTINGS, VERDICT_ICONS, VIEWS } from '../../../src/extension/ids';

const ROOT = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const EXTENSION_DIR = join(ROOT, 'src', 'extension');
const sources = readdirSync(EXTENSION_DIR)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => ({ name, text: readFileSync(join(EXTENSION_DIR, name), 'utf8') }));

const sorted = (values: Iterable<string>) => [...values].sort();

describe('extension ids', () => {
  it('declares exactly the commands of the table', () => {
    const declared = manifest.contributes.commands.map((command: { command: string }) => command.command);
    assert.deepEqual(sorted(declared), sorted(Object.values(COMMANDS)));
  });

  it('gives every command a title and the PromptSift category', () => {
    for (const command of manifest.contributes.commands) {
      assert.ok(command.title, `${command.command} has no title`);
      assert.equal(command.category, 'PromptSift', command.command);
    }
  });

  it('declares exactly the settings of the table, each with a markdown description', () => {
    const properties = manifest.contributes.configuration.properties;
    assert.deepEqual(sorted(Object.keys(properties)), sorted(Object.values(SETTINGS)));
    for (const [key, property] of Object.entries<{ markdownDescription?: string; default?: unknown }>(properties)) {
      assert.ok(property.markdownDescription, `${key} has no markdownDescription`);
      assert.notEqual(property.default, undefined, `${key} has no default`);
    }
  });

  it('prefixes every command, setting and colour with promptsift.', () => {
    const colors = Object.values(COLORS).flatMap((pair) => Object.values(pair));
    for (const id of [...Object.values(COMMANDS), ...Object.values(SETTINGS), ...colors]) assert.match(id, /^promptsift\.[a-z]/);
  });

  it('declares exactly the colours of the table, each with a description and defaults for every theme kind', () => {
    const declared = manifest.contributes.colors as { id: string; description?: string; defaults?: Record<string, unknown> }[];
    assert.deepEqual(sorted(declared.map((color) => color.id)), sorted(Object.values(COLORS).flatMap((pair) => Object.values(pair))));
    for (const color of declared) {
      assert.ok(color.description, `${color.id} has no description`);
      assert.deepEqual(sorted(Object.keys(color.defaults ?? {})), ['dark', 'highContrast', 'highContrastLight', 'light'], color.id);
    }
  });

  it('keeps exactly the hidden commands out of the command palette', () => {
    const hidden = manifest.contributes.menus.commandPalette.filter((entry: { when?: string }) => entry.when === 'false');
    assert.deepEqual(sorted(hidden.map((entry: { command: string }) => entry.command)), sorted(HIDDEN_COMMANDS));
  });

  it('activates on pack configurations and YAML, never on everything', () => {
    const events: string[] = manifest.activationEvents;
    assert.ok(!events.includes('*'), 'activationEvents must not contain "*"');
    assert.ok(events.includes('workspaceContains:**/promptsift.yaml'));
    assert.ok(events.includes('onLanguage:yaml'));
    assert.ok(events.includes('onLanguage:jsonl'), 'JSON Lines logs (.jsonl, .ndjson) activate the extension');
  });

  it('ships the worker bundles the extension starts', () => {
    const shipped = readFileSync(join(ROOT, '.vscodeignore'), 'utf8').split('\n').map((line) => line.trim());
    for (const bundle of ['dist/log-scan-worker.js', 'dist/scan-worker.js', 'dist/stats-worker.js']) assert.ok(shipped.includes(`!${bundle}`), `.vscodeignore does not re-include ${bundle}`);
  });

  it('contributes the PromptSift container with the Campaigns webview, and ships its icon and bundle', () => {
    const containers = manifest.contributes.viewsContainers.activitybar as { id: string; icon: string }[];
    const container = containers.find((entry) => entry.id === VIEWS.container);
    assert.ok(container, `no activity bar container ${VIEWS.container}`);
    const views = manifest.contributes.views[VIEWS.container] as { id: string; type?: string }[];
    assert.equal(views.find((view) => view.id === VIEWS.campaigns)?.type, 'webview');
    const shipped = readFileSync(join(ROOT, '.vscodeignore'), 'utf8').split('\n').map((line) => line.trim());
    for (const file of [container.icon, 'dist/webview.js', 'dist/webview.css']) assert.ok(shipped.includes(`!${file.replace(/^\.\//, '')}`), `.vscodeignore does not re-include ${file}`);
    assert.ok(existsSync(join(ROOT, container.icon)), `${container.icon} does not exist`);
  });

  it('ships the gutter icon of every triage verdict', () => {
    const shipped = readFileSync(join(ROOT, '.vscodeignore'), 'utf8').split('\n').map((line) => line.trim());
    assert.deepEqual(Object.keys(VERDICT_ICONS).sort(), ['confirmed', 'false_positive', 'needs_review']);
    for (const icon of Object.values(VERDICT_ICONS)) {
      assert.match(readFileSync(join(ROOT, icon), 'utf8'), /^<svg [^>]*viewBox="0 0 16 16"/, icon);
      assert.ok(shipped.includes(`!${icon}`), `.vscodeignore does not re-include ${icon}`);
    }
  });

  it('registers the schemas of the table for the YAML extension, and ships them', () => {
    const urls = manifest.contributes.yamlValidation.map((entry: { url: string }) => entry.url);
    assert.deepEqual(sorted(urls), sorted(Object.values(SCHEMAS)));
    const shipped = readFileSync(join(ROOT, '.vscodeignore'), 'utf8').split('\n').map((line) => line.trim());
    for (const url of urls) {
      assert.ok(existsSync(join(ROOT, url)), `${url} does not exist`);
      assert.ok(shipped.includes(`!${url.replace(/^\.\//, '')}`), `.vscodeignore does not re-include ${url}`);
    }
    assert.ok(shipped.includes(`!${manifest.main.replace(/^\.\//, '')}`), '.vscodeignore does not re-include the main bundle');
  });

  it('contributes the grammars of syntaxes/ as injections, and ships them', () => {
    const grammars = manifest.contributes.grammars as { scopeName: string; path: string; injectTo?: string[] }[];
    const files = readdirSync(join(ROOT, 'syntaxes')).filter((name) => name.endsWith('.tmLanguage.json'));
    assert.deepEqual(sorted(grammars.map((grammar) => grammar.path)), sorted(files.map((name) => `./syntaxes/${name}`)));
    const shipped = readFileSync(join(ROOT, '.vscodeignore'), 'utf8').split('\n').map((line) => line.trim());
    for (const grammar of grammars) {
      const file = JSON.parse(readFileSync(join(ROOT, grammar.path), 'utf8'));
      assert.equal(file.scopeName, grammar.scopeName, grammar.path);
      assert.ok(grammar.injectTo?.length && file.injectionSelector, `${grammar.path} is an injection grammar`);
      assert.ok(shipped.includes(`!${grammar.path.replace(/^\.\//, '')}`), `.vscodeignore does not re-include ${grammar.path}`);
    }
  });

  it('registers a handler for every command of the table', () => {
    const commands = sources.find((source) => source.name === 'commands.ts')?.text ?? '';
    for (const key of Object.keys(COMMANDS)) {
      assert.match(commands, new RegExp(`registerCommand\\(COMMANDS\\.${key}\\b`), `no handler for COMMANDS.${key}`);
    }
  });

  it('spells user-visible ids only in the table', () => {
    for (const { name, text } of sources) {
      if (name === 'ids.ts') continue;
      const code = text.split('\n').filter((line) => !/^\s*(\/\/|\*|\/\*\*)/.test(line)).join('\n');
      assert.doesNotMatch(code, /['"`]promptsift\.(?!yaml\b)[A-Za-z]/, `${name} spells a promptsift id; use ids.ts`);
    }
  });
});
