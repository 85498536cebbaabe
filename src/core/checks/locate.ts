// Spans of YAML nodes the rule model does not keep (dates, aliases), found by re-reading one document.

import { parseDocument } from 'yaml';
import type { Rule, Span } from '../model';
import { keySpanAt, nodeAt, nodeSpan, type YamlPath } from '../yaml/nodes';

/**
 * The span of the key or the value at `path` in `rule`'s document, as offsets into the file's
 * text. It parses only that document, and only when a check has something to report there.
 */
export function spanInRule(text: string, rule: Rule, path: YamlPath, part: 'key' | 'value'): Span | undefined {
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
