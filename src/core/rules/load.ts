// Rule YAML text → rule documents (detection, correlation, filter) and the problems of reading it.

import { parseAllDocuments, visit, type Document } from 'yaml';
import { LEVELS, type Level, type LogSource, type Problem, type Rule, type RuleFile, type RuleMeta, type RuleTestCase, type RuleTests, type Span } from '../model';
import { makeProblem, type CheckMeta } from '../problems';
import { isMap, isScalar, itemsOf, locatedString, locatedStrings, nodeSpan, pairAt } from '../yaml/nodes';
import { buildCorrelation } from './correlation';
import { buildDetection } from './detection';
import { validateSchema } from './schema';

export const yamlSyntax: CheckMeta = {
  id: 'yaml-syntax',
  severity: 'error',
  description: 'The file must be well-formed YAML.',
  messages: {
    syntax: 'YAML syntax error: {{detail}}',
    notMapping: 'A rule document must be a mapping of keys to values, not {{kind}}.',
  },
};

export const duplicateKey: CheckMeta = {
  id: 'duplicate-key',
  severity: 'error',
  description: 'A key must not appear twice in the same mapping: YAML keeps only one of them.',
  messages: { duplicate: 'Key "{{key}}" appears more than once in this mapping; only one value is kept.' },
};

export interface ParseRuleOptions {
  /** False skips the JSON Schema check (ajv): a scan runs rules whatever the schema says, lint reports it. Default true. */
  isSchemaValidated?: boolean;
}

/** Parses every YAML document of a rule file; never throws, whatever the text. */
export function parseRuleText(source: string, text: string, options: ParseRuleOptions = {}): RuleFile {
  const problems: Problem[] = [];
  const rules: Rule[] = [];
  const docs = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false, strict: false });
  const list = Array.isArray(docs) ? docs : [];
  list.forEach((doc, docIndex) => {
    const fatal = readErrors(doc, text, source, problems);
    if (fatal || isEmptyDocument(doc)) return;
    if (!isMap(doc.contents)) {
      const kind = isScalar(doc.contents) ? 'a single value' : 'a list';
      problems.push(makeProblem(yamlSyntax, 'notMapping', nodeSpan(doc.contents, doc.range?.[0] ?? 0), { kind }, source));
      return;
    }
    const data = toPlainData(doc);
    if (data.error !== undefined) {
      problems.push(makeProblem(yamlSyntax, 'syntax', data.span, { detail: data.error }, source));
      return;
    }
    const rule = buildRule(doc, data.value, docIndex, source, text);
    if (options.isSchemaValidated !== false) problems.push(...validateSchema(doc, rule.data, source));
    rules.push(rule);
  });
  return { source, text, rules, problems };
}

/** Reports the document's YAML errors; true when the document cannot be used at all. */
function readErrors(doc: Document, text: string, source: string, problems: Problem[]): boolean {
  let fatal = false;
  for (const error of doc.errors) {
    // The parser may point one past the end of the text (an unclosed `{`); keep spans inside it.
    const start = Math.min(error.pos[0], text.length);
    const span = { start, end: Math.min(Math.max(error.pos[1], start), text.length) };
    if (error.code === 'DUPLICATE_KEY') {
      // The error points at the first character of the repeated key; report the whole key.
      const key = keyStartingAt(doc, span.start);
      problems.push(makeProblem(duplicateKey, 'duplicate', key?.span ?? span, { key: key?.text ?? text.slice(span.start, span.end) }, source));
    } else {
      fatal = true;
      const detail = error.message.split('\n')[0] ?? error.message;
      problems.push(makeProblem(yamlSyntax, 'syntax', span, { detail }, source));
    }
  }
  return fatal;
}

function keyStartingAt(doc: Document, offset: number): { text: string; span: Span } | undefined {
  let found: { text: string; span: Span } | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (!isScalar(pair.key) || pair.key.range?.[0] !== offset) return undefined;
      found = { text: String(pair.key.value), span: nodeSpan(pair.key) };
      return visit.BREAK;
    },
  });
  return found;
}

function isEmptyDocument(doc: Document): boolean {
  const contents = doc.contents;
  return contents === null || (isScalar(contents) && (contents.value === null || contents.value === undefined));
}

/**
 * The document as plain data. The YAML parser accepts an alias whose anchor is missing, and too
 * many aliases (a "billion laughs" document), but converting them throws; both become problems.
 */
function toPlainData(doc: Document): { value: Record<string, unknown>; error?: undefined } | { error: string; span: Span } {
  try {
    return { value: (doc.toJS({ maxAliasCount: 100 }) ?? {}) as Record<string, unknown> };
  } catch (caught) {
    let span = nodeSpan(doc.contents, doc.range?.[0] ?? 0);
    visit(doc, {
      Alias(_, alias) {
        if (alias.resolve(doc)) return undefined;
        span = nodeSpan(alias, span.start);
        return visit.BREAK;
      },
    });
    return { error: caught instanceof Error ? caught.message : String(caught), span };
  }
}

function buildRule(doc: Document, data: Record<string, unknown>, docIndex: number, source: string, text: string): Rule {
  const root = doc.contents;
  const meta = buildMeta(doc, data, docIndex, source);
  const correlationNode = pairAt(root, 'correlation');
  if (correlationNode) {
    return { ...meta, kind: 'correlation', correlation: buildCorrelation(correlationNode.value, nodeSpan(correlationNode.key)) };
  }
  const filterNode = pairAt(root, 'filter');
  if (filterNode) {
    const body = filterNode.value;
    const filter = {
      span: nodeSpan(body, nodeSpan(filterNode.key).start),
      rules: locatedStrings(pairAt(body, 'rules')?.value),
      detection: buildDetection(withoutKey(body, 'rules'), text, nodeSpan(filterNode.key)),
    };
    const rule: Rule = { ...meta, kind: 'filter', filter };
    const logsource = readLogSource(root);
    if (logsource) rule.logsource = logsource;
    return rule;
  }
  const detectionNode = pairAt(root, 'detection');
  const fallback = detectionNode ? nodeSpan(detectionNode.key) : { start: meta.span.start, end: meta.span.start };
  const rule: Rule = {
    ...meta,
    kind: 'detection',
    logsource: readLogSource(root) ?? { isLlm: false },
    detection: buildDetection(detectionNode?.value, text, fallback),
  };
  const tests = readTests(pairAt(root, 'tests')?.value);
  if (tests) rule.tests = tests;
  return rule;
}

/** A filter's body is a detection plus `rules:`; the detection reader must not see `rules`. */
function withoutKey(node: unknown, key: string): unknown {
  if (!isMap(node)) return node;
  const copy = node.clone();
  copy.delete(key);
  return copy;
}

function buildMeta(doc: Document, data: Record<string, unknown>, docIndex: number, source: string): RuleMeta {
  const root = doc.contents;
  const level = typeof data.level === 'string' && (LEVELS as readonly string[]).includes(data.level) ? (data.level as Level) : undefined;
  const meta: RuleMeta = {
    docIndex,
    source,
    span: nodeSpan(root, doc.range?.[0] ?? 0),
    tags: locatedStrings(pairAt(root, 'tags')?.value),
    references: stringList(data.references),
    falsepositives: stringList(data.falsepositives),
    data,
  };
  const id = locatedString(root, 'id');
  const name = locatedString(root, 'name');
  const title = locatedString(root, 'title');
  if (id) meta.id = id;
  if (name) meta.name = name;
  if (title) meta.title = title;
  if (typeof data.description === 'string') meta.description = data.description;
  if (level) meta.level = level;
  if (typeof data.status === 'string') meta.status = data.status;
  if (typeof data.author === 'string') meta.author = data.author;
  return meta;
}

function stringList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is string => typeof item === 'string');
}

function readLogSource(root: unknown): LogSource | undefined {
  const node = pairAt(root, 'logsource')?.value;
  if (!isMap(node)) return undefined;
  const logsource: LogSource = { isLlm: false };
  for (const key of ['category', 'product', 'service'] as const) {
    const value = locatedString(node, key)?.value;
    if (value !== undefined) logsource[key] = value;
  }
  logsource.isLlm = logsource.product?.toLowerCase() === 'llm';
  return logsource;
}

function readTests(node: unknown): RuleTests | undefined {
  if (!isMap(node)) return undefined;
  const malformed: Span[] = [];
  const read = (key: string): RuleTestCase[] =>
    itemsOf(pairAt(node, key)?.value).flatMap((item): RuleTestCase[] => {
      const span: Span = nodeSpan(item);
      if (isScalar(item) && typeof item.value === 'string') return [{ input: item.value, span }];
      if (isMap(item)) return [{ input: item.toJSON() as Record<string, unknown>, span }];
      malformed.push(span);
      return [];
    });
  return { span: nodeSpan(node), match: read('match'), nomatch: read('nomatch'), malformed };
}
