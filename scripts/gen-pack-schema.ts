// Builds the JSON schema of the pack configuration (promptsift.yaml) that the extension registers
// for Red Hat's YAML extension: completion, hover and validation while editing the file. The check
// ids and the taxonomy fields come from the core, so the schema cannot fall behind it; a unit test
// (test/unit/extension/pack-schema.test.ts) fails when the committed file differs from this output.
// Usage: npx tsx scripts/gen-pack-schema.ts --write
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { allCheckMeta, DEFAULT_CONFIG } from '../src/core/engine';
import { LLM_FIELDS } from '../src/core/model';

export const PACK_SCHEMA_PATH = path.join(__dirname, '..', 'schemas', 'promptsift-pack.schema.json');

const SETTINGS = ['error', 'warning', 'info', 'off'];

function stringOrList(description: string, defaults?: readonly string[]): Record<string, unknown> {
  return {
    description,
    ...(defaults ? { default: [...defaults] } : {}),
    oneOf: [
      { type: 'string', minLength: 1 },
      { type: 'array', items: { type: 'string', minLength: 1 } },
    ],
  };
}

export function packSchema(): Record<string, unknown> {
  const checks = allCheckMeta();
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'PromptSift pack configuration (promptsift.yaml)',
    description:
      'Configures the rule pack in this folder: which files are rules and logs, check severities, the false-positive baseline and the log field map. Paths and globs are relative to this folder.',
    type: 'object',
    additionalProperties: false,
    properties: {
      rules: stringOrList('Globs of rule files, relative to the pack root.', DEFAULT_CONFIG.rules),
      exclude: stringOrList('Globs left out of both rules and logs.', DEFAULT_CONFIG.exclude),
      logs: stringOrList('Globs of log files (JSONL, CSV, text) that the editor scans.', DEFAULT_CONFIG.logs),
      baseline: {
        description: 'The false-positive baseline: benign logs no rule should flag, and how many flags are tolerated.',
        type: 'object',
        additionalProperties: false,
        properties: {
          files: stringOrList('Globs of benign log files, relative to the pack root.'),
          maxFalsePositiveRate: {
            description: 'The highest share of baseline records any rule may flag, from 0 to 1 (0.005 is one record in 200).',
            type: 'number',
            minimum: 0,
            maximum: 1,
          },
          snapshot: {
            description: 'Path of the committed snapshot of expected false positives, relative to the pack root.',
            type: 'string',
            minLength: 1,
          },
        },
      },
      checks: {
        description: 'Severity overrides by check id: error, warning, info, or off to turn a check off.',
        type: 'object',
        propertyNames: { enum: checks.map((check) => check.id) },
        properties: Object.fromEntries(
          checks.map((check) => [
            check.id,
            { description: `${check.description} (default: ${check.severity})`, enum: SETTINGS },
          ]),
        ),
      },
      fieldMap: {
        description: "Source paths of LLM taxonomy fields in your own log shape, tried in order (dotted paths into each record).",
        type: 'object',
        additionalProperties: false,
        properties: Object.fromEntries(
          LLM_FIELDS.map((field) => [field, stringOrList(`Where to find \`${field}\` in a record: a dotted path or a list of them.`)]),
        ),
      },
    },
  };
}

export function packSchemaText(): string {
  return `${JSON.stringify(packSchema(), null, 2)}\n`;
}

if (process.argv.includes('--write')) {
  writeFileSync(PACK_SCHEMA_PATH, packSchemaText());
  console.log(`wrote ${path.relative(process.cwd(), PACK_SCHEMA_PATH)}`);
}
