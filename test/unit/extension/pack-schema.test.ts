// The pack configuration's JSON schema (schemas/promptsift-pack.schema.json) and the YAML
// extension's file patterns: generated from the core, in step with it, and in agreement with the
// engine about what a valid promptsift.yaml is.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import Ajv from 'ajv';
import { minimatch } from 'minimatch';
import { parse } from 'yaml';
import { PACK_SCHEMA_PATH, packSchemaText } from '../../../scripts/gen-pack-schema';
import { allCheckMeta, parsePackConfig } from '../../../src/core/engine';
import { SCHEMAS } from '../../../src/extension/ids';

const ROOT = join(__dirname, '..', '..', '..');
const schema = JSON.parse(readFileSync(PACK_SCHEMA_PATH, 'utf8'));
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);

/** Every promptsift.yaml of the repository's packs and fixtures. */
function packConfigs(dir = ROOT): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name.startsWith('.')) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return packConfigs(path);
    return name === 'promptsift.yaml' ? [path] : [];
  });
}

function errorsOf(text: string): string[] {
  return validate(parse(text)) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

describe('pack configuration schema', () => {
  it('is what scripts/gen-pack-schema.ts generates from the core', () => {
    const isCurrent = readFileSync(PACK_SCHEMA_PATH, 'utf8') === packSchemaText();
    assert.ok(isCurrent, 'schemas/promptsift-pack.schema.json is out of date with the core: run `npm run schemas`');
  });

  it('offers exactly the check ids of allCheckMeta()', () => {
    const ids = allCheckMeta().map((check) => check.id).sort();
    assert.deepEqual([...schema.properties.checks.propertyNames.enum].sort(), ids);
    assert.deepEqual(Object.keys(schema.properties.checks.properties).sort(), ids);
  });

  it('accepts every pack configuration in the repository, as the engine does', () => {
    const configs = packConfigs();
    assert.ok(configs.length >= 5, `found only ${configs.length} promptsift.yaml files`);
    for (const file of configs) {
      const text = readFileSync(file, 'utf8');
      assert.deepEqual(parsePackConfig(text).problems, [], `the engine rejects ${relative(ROOT, file)}`);
      assert.deepEqual(errorsOf(text), [], `the schema rejects ${relative(ROOT, file)}`);
    }
  });

  for (const [what, text] of [
    ['an unknown key', 'rules: rules/**/*.yml\nexlude: drafts/**\n'],
    ['an unknown severity', 'checks:\n  duplicate-id: fatal\n'],
    ['a rate above 1', 'baseline:\n  files: baseline/*.jsonl\n  maxFalsePositiveRate: 5\n'],
    ['an unknown taxonomy field', 'fieldMap:\n  promt: body.input\n'],
    ['a glob that is not a string', 'rules: [1, 2]\n'],
  ] as const) {
    it(`rejects ${what}, as the engine does`, () => {
      assert.notDeepEqual(parsePackConfig(text).problems, [], 'the engine accepts it');
      assert.notDeepEqual(errorsOf(text), [], 'the schema accepts it');
    });
  }

  it('rejects a check id the engine does not know', () => {
    assert.notDeepEqual(errorsOf('checks:\n  duplicate-ids: off\n'), []);
  });
});

describe('yamlValidation file patterns', () => {
  const rulePatterns: string[] = manifest.contributes.yamlValidation.find(
    (entry: { url: string }) => entry.url === SCHEMAS.rule,
  ).fileMatch;
  const include: string[] = manifest.contributes.configuration.properties['promptsift.rules.include'].default;

  /** How Red Hat's YAML extension reads fileMatch: globs against the path, the last match deciding, `!` excluding. */
  function isAssociated(path: string): boolean {
    let isMatch = false;
    for (const pattern of rulePatterns) {
      const negated = pattern.startsWith('!');
      if (minimatch(path, negated ? pattern.slice(1) : pattern, { dot: true })) isMatch = !negated;
    }
    return isMatch;
  }

  it('give the rule schema to the files the default include setting lints, and to no other', () => {
    const paths = [
      'rules/a.yml',
      'rules/a.yaml',
      'detections/rules/llm/deep/b.yml',
      'pack/rules/c.yaml',
      'x.sigma.yml',
      'deep/x.sigma.yaml',
      'config/app.yml',
      'notes/rules.yml',
      'rulesets/a.yml',
      'rules/README.md',
      'rules/promptsift.yaml',
      'promptsift.yaml',
    ];
    for (const path of paths) {
      const isLinted = include.some((glob) => minimatch(path, glob)) && !path.endsWith('promptsift.yaml');
      assert.equal(isAssociated(`/workspace/${path}`), isLinted, path);
    }
  });
});
