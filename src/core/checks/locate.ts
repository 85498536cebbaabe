// Spans of YAML nodes the rule model does not keep (dates, status, aliases), found in the text.

import { parseDocument } from 'yaml';
import type { Rule, Span } from '../model';
import { keySpanAt, nodeAt, nodeSpan, type YamlPath } from '../yaml/nodes';

/**
 * The span of the key or the value at `path` in `rule`'s document, as offsets into the file's
 * text. A one-line value of a top-level key is found by reading lines (most rules have a few
 * such reports, and thousands of rules may be linted at once); anything else re-parses only
 * that document, and only when a check has something to report there.
 */
export function spanInRule(text: string, rule: Rule, path: YamlPath, part: 'key' | 'value'): Span | undefined {
  if (path.length === 1 && typeof path[0] === 'string') {
    const found = topLevelLine(text, rule, path[0]);
    if (found) return part === 'key' ? found.key : found.value;
  }
  return spanByParsing(text, rule, path, part);
}

/** The line `key: value` at the document's own indentation, when its value is a one-line scalar. */
function topLevelLine(text: string, rule: Rule, key: string): { key: Span; value: Span } | undefined {
  const lineStart = text.lastIndexOf('\n', rule.span.start - 1) + 1;
  const indent = rule.span.start - lineStart;
  if (!/^[ ]*$/.test(text.slice(lineStart, rule.span.start))) return undefined;
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const line = new RegExp(`^ {${indent}}(${escaped})[ \\t]*:[ \\t]+('(?:[^']|'')*'|"(?:[^"\\\\]|\\\\.)*"|[^\\s#'"][^\\n#]*?)[ \\t]*(?:#.*)?$`, 'm');
  const doc = text.slice(lineStart, rule.span.end);
  const match = line.exec(doc);
  if (!match) return undefined;
  const keyStart = lineStart + match.index + indent;
  const valueText = match[2] as string;
  const valueStart = lineStart + match.index + (match[0] as string).indexOf(valueText, indent + key.length);
  return { key: { start: keyStart, end: keyStart + key.length }, value: { start: valueStart, end: valueStart + valueText.length } };
}

function spanByParsing(text: string, rule: Rule, path: YamlPath, part: 'key' | 'value'): Span | undefined {
  // Start at the beginning of the line, so that a document indented as a whole keeps its shape.
  const lineStart = text.lastIndexOf('\n', rule.span.start - 1) + 1;
  const base = /^[ \t]*$/.test(text.slice(lineStart, rule.span.start)) ? lineStart : rule.span.start;
  const doc = parseDocument(text.slice(base, rule.span.end), { uniqueKeys: false, prettyErrors: false, strict: false });
  let span: Span | undefined;
  if (part === 'key') {
    span = keySpanAt(doc, path);
  } else {
    const node = nodeAt(doc.contents, path);
    if (node !== undefined && node !== null) span = nodeSpan(node);
  }
  return span && { start: span.start + base, end: span.end + base };
}
