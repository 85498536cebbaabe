// Validates rule documents against the shipped JSON Schema (ajv, draft 2020-12, compiled once).

import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Document } from 'yaml';
import schemaJson from '../../../schemas/promptsift-rule.schema.json';
import type { Problem, Span } from '../model';
import { makeProblem, quote, type CheckMeta } from '../problems';
import { isSeq, keySpanAt, nodeAt, nodeSpan, pairsOf, spanAt, type YamlPath } from '../yaml/nodes';

export const schemaCheck: CheckMeta = {
  id: 'schema',
  severity: 'error',
  description: 'Rule documents must follow the Sigma v2.1 structure (required keys, types, allowed values, formats).',
  messages: {
    required: '{{where}} is missing the required key "{{key}}".',
    type: '{{where}} must be {{expected}}.',
    enum: '{{where}} is "{{value}}"; allowed values: {{allowed}}.',
    format: '{{where}} is "{{value}}", which is not a valid {{format}}.',
    pattern: '{{where}} is "{{value}}", which does not match the expected form {{pattern}}.',
    length: '{{where}} is {{limit}}.',
    additional: '{{where}} has an unexpected key "{{key}}".',
    other: '{{where}}: {{detail}}.',
  },
};

// The one module-level value the house style accepts: the compiled schema, built on first use.
let validator: ValidateFunction | undefined;

function compiledSchema(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
    addFormats(ajv);
    validator = ajv.compile(schemaJson);
  }
  return validator;
}

/** Checks one YAML document's data against the schema; errors land on the YAML node they name. */
export function validateSchema(doc: Document, data: unknown, source: string): Problem[] {
  const validate = compiledSchema();
  if (validate(data)) return [];
  const errors = specificErrors(validate.errors ?? []);
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const error of errors) {
    const problem = toProblem(doc, error, source);
    const key = `${problem.span.start}:${problem.messageId}:${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

/** Drops the umbrella errors (if/then, anyOf, oneOf) that only repeat what a specific error says. */
function specificErrors(errors: ErrorObject[]): ErrorObject[] {
  const umbrella = new Set(['if', 'then', 'else', 'anyOf', 'oneOf', 'allOf', 'not']);
  const specific = errors.filter((error) => !umbrella.has(error.keyword));
  return specific.length > 0 ? specific : errors.slice(0, 1);
}

function pathOf(instancePath: string): string[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function toPath(doc: Document, parts: string[]): YamlPath {
  // Sequence indexes come as strings in JSON pointers; nodeAt needs numbers for them.
  const path: (string | number)[] = [];
  for (const part of parts) {
    path.push(/^\d+$/.test(part) && isSeq(nodeAt(doc.contents, path)) ? Number(part) : part);
  }
  return path;
}

function describePath(parts: string[]): string {
  return parts.length === 0 ? 'The rule' : `"${parts.join('.')}"`;
}

function toProblem(doc: Document, error: ErrorObject, source: string): Problem {
  const parts = pathOf(error.instancePath);
  const path = toPath(doc, parts);
  const where = describePath(parts);
  const value = quote(nodeValue(doc, path));
  const params = error.params as Record<string, unknown>;
  let span: Span = spanAt(doc, path);
  switch (error.keyword) {
    case 'required': {
      const parent = nodeAt(doc.contents, path);
      const firstKey = pairsOf(parent)[0]?.key;
      span = firstKey ? nodeSpan(firstKey) : span;
      if (path.length > 0) span = keySpanAt(doc, path) ?? span;
      return makeProblem(schemaCheck, 'required', span, { where, key: String(params.missingProperty) }, source);
    }
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      span = keySpanAt(doc, [...path, key]) ?? span;
      return makeProblem(schemaCheck, 'additional', span, { where, key }, source);
    }
    case 'type':
      return makeProblem(schemaCheck, 'type', span, { where, expected: article(String(params.type)) }, source);
    case 'enum':
      return makeProblem(schemaCheck, 'enum', span, { where, value, allowed: (params.allowedValues as unknown[]).join(', ') }, source);
    case 'format':
      return makeProblem(schemaCheck, 'format', span, { where, value, format: String(params.format) }, source);
    case 'pattern':
      return makeProblem(schemaCheck, 'pattern', span, { where, value, pattern: String(params.pattern) }, source);
    case 'maxLength':
    case 'minLength':
    case 'minItems':
    case 'maxItems':
    case 'minProperties':
    case 'maxProperties':
      return makeProblem(schemaCheck, 'length', span, { where, limit: describeLimit(error.keyword, Number(params.limit)) }, source);
    default:
      return makeProblem(schemaCheck, 'other', span, { where, detail: error.message ?? error.keyword }, source);
  }
}

/** The limit an ajv size error names, worded to follow "… is". */
function describeLimit(keyword: string, limit: number): string {
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  switch (keyword) {
    case 'maxLength':
      return `longer than ${plural(limit, 'character')}`;
    case 'minLength':
      return limit === 1 ? 'empty' : `shorter than ${plural(limit, 'character')}`;
    case 'maxItems':
      return `a list of more than ${plural(limit, 'item')}`;
    case 'minItems':
      return limit === 1 ? 'an empty list' : `a list of fewer than ${plural(limit, 'item')}`;
    case 'maxProperties':
      return `a mapping with more than ${plural(limit, 'key')}`;
    default:
      return `a mapping with fewer than ${plural(limit, 'key')}`;
  }
}

function nodeValue(doc: Document, path: YamlPath): unknown {
  const node = nodeAt(doc.contents, path) as { toJSON?: () => unknown } | undefined;
  return node && typeof node.toJSON === 'function' ? node.toJSON() : node;
}

function article(type: string): string {
  const names: Record<string, string> = {
    string: 'a string',
    object: 'a mapping',
    array: 'a list',
    number: 'a number',
    integer: 'an integer',
    boolean: 'true or false',
    null: 'empty',
  };
  return type
    .split(',')
    .map((t) => names[t] ?? t)
    .join(' or ');
}
