// Compiles the rule schema the way the engine should: Ajv 2020-12, ajv-formats, strict mode.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parseAllDocuments } from 'yaml';

export const SCHEMA_PATH = join(__dirname, '..', '..', '..', 'schemas', 'promptsift-rule.schema.json');

/**
 * Keywords of the Red Hat YAML / VS Code JSON language services that the schema uses for
 * completion and hover. Ajv ignores them once they are declared; strict mode rejects any other
 * unknown keyword, so a typo such as `descripton` fails the compile.
 */
export const EDITOR_KEYWORDS = ['markdownDescription', 'enumDescriptions', 'defaultSnippets'] as const;

export type JsonSchema = Record<string, unknown>;

export function loadSchema(): JsonSchema {
  return JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as JsonSchema;
}

/** Compiles the schema in strict mode; `required` in the discriminating `if` blocks needs strictRequired off. */
export function compileSchema(schema: JsonSchema = loadSchema()): ValidateFunction {
  const ajv = new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);
  for (const keyword of EDITOR_KEYWORDS) ajv.addKeyword(keyword);
  return ajv.compile(schema);
}

let cached: ValidateFunction | undefined;

/** The compiled schema, shared by the tests of this folder. */
export function ruleValidator(): ValidateFunction {
  cached ??= compileSchema();
  return cached;
}

/** Parses YAML text (every document) with the `yaml` package's default (core) schema. */
export function yamlDocuments(text: string): unknown[] {
  return parseAllDocuments(text).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`test YAML does not parse: ${doc.errors[0]?.message}`);
    return doc.toJS() as unknown;
  });
}

/** Validates one YAML document and returns its errors, leaving out the `if` wrappers Ajv adds. */
export function schemaErrors(yamlText: string): ErrorObject[] {
  const docs = yamlDocuments(yamlText);
  if (docs.length !== 1) throw new Error(`expected one YAML document, got ${docs.length}`);
  const validate = ruleValidator();
  return validate(docs[0]) ? [] : (validate.errors ?? []).filter((e) => e.keyword !== 'if');
}
