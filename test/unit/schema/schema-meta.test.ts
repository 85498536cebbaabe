// Checks the schema as an artifact: editor documentation, agreement with the core model,
// snippets that produce valid rules, and the fixture rules under test/fixtures/schema.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CONDITION_OPERATORS,
  CORRELATION_TYPES,
  LEVELS,
  LLM_FIELDS,
  STATUSES,
} from '../../../src/core/model';
import { compileSchema, loadSchema, ruleValidator, yamlDocuments, type JsonSchema } from './compile';

const schema = loadSchema();
const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'schema', 'valid');

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every sub-schema object of the schema, with its JSON pointer. */
function subschemas(node: unknown, pointer = '#'): Array<{ pointer: string; node: JsonSchema }> {
  if (Array.isArray(node)) return node.flatMap((item, i) => subschemas(item, `${pointer}/${i}`));
  if (!isObject(node)) return [];
  const own = [{ pointer, node }];
  return own.concat(
    Object.entries(node)
      .filter(([key]) => key !== 'defaultSnippets' && key !== 'examples' && key !== 'enum' && key !== 'const')
      .flatMap(([key, child]) => subschemas(child, `${pointer}/${key}`)),
  );
}

function resolve(ref: string): JsonSchema {
  let node: unknown = schema;
  for (const part of ref.replace(/^#\//, '').split('/')) node = isObject(node) ? node[part] : undefined;
  assert.ok(isObject(node), `unresolvable $ref ${ref}`);
  return node;
}

function hasDocs(node: JsonSchema): boolean {
  if (typeof node.description === 'string' || typeof node.markdownDescription === 'string') return true;
  return typeof node.$ref === 'string' && hasDocs(resolve(node.$ref));
}

function at(pointer: string): JsonSchema {
  return resolve(pointer.replace(/^#\//, ''));
}

function enumOf(pointer: string): unknown[] {
  const values = at(pointer).enum;
  assert.ok(Array.isArray(values), `${pointer} has no enum`);
  return values;
}

/** Replaces VS Code snippet syntax with the text a user gets by accepting every default. */
function expandSnippet(value: unknown): unknown {
  if (typeof value === 'string') {
    return value
      .replace(/\$\{UUID\}/g, '0e95725d-7320-415d-80f7-004da920fc11')
      .replace(/\$\{CURRENT_YEAR\}/g, '2026')
      .replace(/\$\{CURRENT_MONTH\}/g, '02')
      .replace(/\$\{CURRENT_DATE\}/g, '23')
      .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
      .replace(/\$\{\d+:([^}]*)\}/g, '$1')
      .replace(/\$\d+/g, '');
  }
  if (Array.isArray(value)) return value.map(expandSnippet);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [expandSnippet(k), expandSnippet(v)]));
  return value;
}

describe('rule schema: the artifact', () => {
  it('compiles in strict mode, and strict mode catches a misspelt keyword', () => {
    compileSchema();
    const broken = { ...schema, properties: { ...(schema.properties as JsonSchema), x: { descripton: 'typo' } } };
    assert.throws(() => compileSchema(broken), /unknown keyword: "descripton"/);
  });

  it('documents every property for hover', () => {
    // Properties inside if/then/else only test or refine properties documented elsewhere.
    const documented = subschemas(schema).filter(({ pointer }) => !/\/(if|then|else)(\/|$)/.test(pointer));
    const undocumented = documented.flatMap(({ pointer, node }) =>
      isObject(node.properties)
        ? Object.entries(node.properties)
            .filter(([, child]) => isObject(child) && !hasDocs(child))
            .map(([key]) => `${pointer}/properties/${key}`)
        : [],
    );
    assert.deepEqual(undocumented, []);
  });

  it('gives one enumDescription per enum value', () => {
    const mismatched = subschemas(schema)
      .filter(({ node }) => Array.isArray(node.enumDescriptions))
      .filter(({ node }) => !Array.isArray(node.enum) || node.enum.length !== (node.enumDescriptions as unknown[]).length)
      .map(({ pointer }) => pointer);
    assert.deepEqual(mismatched, []);
  });

  it('agrees with the enumerations of the core model', () => {
    assert.deepEqual(enumOf('#/properties/level'), [...LEVELS]);
    assert.deepEqual(enumOf('#/properties/status'), [...STATUSES]);
    assert.deepEqual(enumOf('#/$defs/correlation/properties/type'), [...CORRELATION_TYPES]);
    assert.deepEqual(Object.keys(at('#/$defs/operators/properties')), [...CONDITION_OPERATORS]);
    assert.deepEqual(Object.keys(at('#/$defs/llmFields/properties')), [...LLM_FIELDS]);
  });

  it('offers top-level snippets that expand to valid documents', () => {
    const snippets = schema.defaultSnippets as Array<{ label: string; body: unknown }>;
    assert.ok(snippets.length >= 3);
    const validate = ruleValidator();
    for (const snippet of snippets) {
      const doc = expandSnippet(snippet.body);
      assert.ok(validate(doc), `${snippet.label}: ${JSON.stringify(validate.errors)}`);
    }
  });

  it('accepts every document of the valid fixture rules', () => {
    const files = readdirSync(FIXTURES).filter((name) => name.endsWith('.yml'));
    assert.ok(files.length >= 4, 'fixture rules are missing');
    const validate = ruleValidator();
    for (const file of files) {
      yamlDocuments(readFileSync(join(FIXTURES, file), 'utf8')).forEach((doc, i) => {
        assert.ok(validate(doc), `${file} document ${i}: ${JSON.stringify(validate.errors)}`);
      });
    }
  });
});
