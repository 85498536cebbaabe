// Where and how a `nomatch` example goes into a rule's `tests:`, as one text insertion that keeps
// the file as it was around it: appended to a block list at its items' indentation (with a comment
// line saying where it came from), into a flow list before its `]`, or as a new `nomatch:` (and
// `tests:`) in the document's own indentation. The result is parsed again and checked before it
// is offered, so a layout this does not understand gives an error, never a broken rule file. No
// `vscode` import, so that plain unit tests can check it.
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { pairAt } from '../core/yaml/nodes';
import { yamlFlow, type Example } from './nomatch-example';

export interface TextInsertion {
  /** Offset into the old text, and how many characters there are replaced. */
  offset: number;
  deleteLength: number;
  text: string;
  /** Where the example itself lies in the new text. */
  exampleStart: number;
  exampleEnd: number;
}

type Range = [number, number, number];
const DEFAULT_STEP = 4;

/** The insertion that appends `example` to `nomatch` of the rule in YAML document `docIndex`; an error says why there is none. */
export function nomatchInsertion(text: string, docIndex: number, example: Example, comment?: string): TextInsertion | { error: string } {
  const docs = parseAllDocuments(text, { prettyErrors: false, strict: false });
  const doc = Array.isArray(docs) ? docs[docIndex] : undefined;
  if (!doc || !isMap(doc.contents)) return { error: 'the rule is no longer in its file' };
  if (doc.errors.length > 0) return { error: 'the rule file has YAML errors; fix them first' };
  const root = doc.contents as YAMLMap;
  const layout = { text, eol: text.includes('\r\n') ? '\r\n' : '\n', step: indentStep(root, text), seqIndent: 0 };
  layout.seqIndent = sequenceIndent(root, text) ?? layout.step;
  const value = yamlFlow(example);
  const note = comment ? `# ${comment.replace(/[\r\n\u2028\u2029]+/g, ' ')}` : undefined;
  const insertion = plan(root, layout, value, note);
  if ('error' in insertion) return insertion;
  const after = text.slice(0, insertion.offset) + insertion.text + text.slice(insertion.offset + insertion.deleteLength);
  return isAppended(after, docIndex, text, value) ? insertion : { error: 'the rule\u2019s tests have a layout PromptSift cannot extend; add the example by hand' };
}

interface Layout {
  text: string;
  eol: string;
  step: number;
  seqIndent: number;
}

function plan(root: YAMLMap, layout: Layout, value: string, note: string | undefined): TextInsertion | { error: string } {
  const tests = pairAt(root, 'tests');
  const rootColumn = columnOf(layout.text, rangeOf(root)[0]);
  if (!tests) return blockAfter(layout, contentEnd(root), rootColumn, ['tests:', 'nomatch:'], value, note);
  const body = tests.value as Node | null;
  if (isNull(body)) return blockAfter(layout, rangeOf(tests.key as Node)[1], rootColumn + layout.step, ['nomatch:'], value, note);
  if (!isMap(body)) return { error: '`tests:` is not a mapping' };
  const nomatch = pairAt(body, 'nomatch');
  if (body.flow) {
    if (!nomatch) return flowAppend(body, value, 'nomatch: [', ']');
    return isSeq(nomatch.value) && nomatch.value.flow ? flowAppend(nomatch.value, value) : { error: '`nomatch:` is not a list' };
  }
  const testsColumn = columnOf(layout.text, rangeOf(body)[0]);
  if (!nomatch) return blockAfter(layout, contentEnd(body), testsColumn, ['nomatch:'], value, note);
  const list = nomatch.value as Node | null;
  if (isNull(list)) return blockAfter(layout, rangeOf(nomatch.key as Node)[1], testsColumn + layout.seqIndent, [], value, note);
  if (!isSeq(list)) return { error: '`nomatch:` is not a list' };
  if (list.flow) return flowAppend(list, value);
  return blockAfter(layout, contentEnd(list), columnOf(layout.text, rangeOf(list)[0]), [], value, note);
}

/**
 * New lines after the line where `end` lies: `keys` each one level deeper than the one before,
 * starting at `column`, then the comment and the `- example` item under the last key.
 */
function blockAfter(layout: Layout, end: number, column: number, keys: string[], value: string, note: string | undefined): TextInsertion {
  const { text, eol } = layout;
  const newline = text.indexOf('\n', Math.max(0, end - 1));
  const offset = newline < 0 ? text.length : newline + 1;
  let out = newline < 0 && text.length > 0 ? eol : '';
  keys.forEach((key, index) => (out += `${' '.repeat(column + index * layout.step)}${key}${eol}`));
  const itemColumn = keys.length === 0 ? column : column + (keys.length - 1) * layout.step + layout.seqIndent;
  if (note) out += `${' '.repeat(itemColumn)}${note}${eol}`;
  out += `${' '.repeat(itemColumn)}- `;
  const exampleStart = offset + out.length;
  out += `${value}${eol}`;
  return { offset, deleteLength: 0, text: out, exampleStart, exampleEnd: exampleStart + value.length };
}

/** `before + value + after` appended inside a flow collection: after its last item, or into an empty `[]`/`{}`. */
function flowAppend(node: YAMLSeq | YAMLMap, value: string, before = '', after = ''): TextInsertion {
  const [start, end] = rangeOf(node);
  const last = (node.items as (Node | Pair)[]).at(-1);
  const offset = last ? contentEnd(last) : start + 1;
  const lead = last ? ', ' : '';
  // An empty collection may hold spaces or a line break between its brackets: they go.
  const deleteLength = last ? 0 : Math.max(0, end - 1 - offset);
  const text = `${lead}${before}${value}${after}`;
  const exampleStart = offset + lead.length + before.length;
  return { offset, deleteLength, text, exampleStart, exampleEnd: exampleStart + value.length };
}

/** Where the last thing written in `node` ends, without trailing comments and blank lines. */
function contentEnd(node: Node | Pair): number {
  if (isPair(node)) {
    const value = node.value as Node | null;
    return !isNull(value) && value ? contentEnd(value) : rangeOf(node.key as Node)[1];
  }
  if ((isMap(node) || isSeq(node)) && !node.flow) {
    const last = (node.items as (Node | Pair)[]).at(-1);
    return last ? contentEnd(last) : rangeOf(node)[1];
  }
  return rangeOf(node)[1];
}

/** The indentation one level adds in this document: from its first nested block mapping. */
function indentStep(root: YAMLMap, text: string): number {
  const rootColumn = columnOf(text, rangeOf(root)[0]);
  for (const pair of root.items) {
    const value = pair.value as Node | null;
    if (isMap(value) && !value.flow && value.items.length > 0) return Math.max(1, columnOf(text, rangeOf(value)[0]) - rootColumn);
  }
  return DEFAULT_STEP;
}

/** How far this document indents a block list below its key (0 for `key:\n- item`), when it has one. */
function sequenceIndent(node: unknown, text: string): number | undefined {
  for (const pair of isMap(node) ? (node.items as Pair[]) : []) {
    const value = pair.value as Node | null;
    if (isSeq(value) && !value.flow && value.items.length > 0) return columnOf(text, rangeOf(value)[0]) - columnOf(text, rangeOf(pair.key as Node)[0]);
    const nested = sequenceIndent(value, text);
    if (nested !== undefined) return nested;
  }
  return undefined;
}

/** True when the rule of `docIndex` in `after` has one more `nomatch` example than in `before`, and it is `value`. */
function isAppended(after: string, docIndex: number, before: string, value: string): boolean {
  const read = (text: string) => {
    const docs = parseAllDocuments(text, { prettyErrors: false, strict: false });
    const doc = Array.isArray(docs) ? docs[docIndex] : undefined;
    if (!doc || doc.errors.length > 0) return undefined;
    const data = doc.toJS() as { tests?: { nomatch?: unknown } } | null;
    const list = data?.tests?.nomatch;
    return { list: Array.isArray(list) ? list : [], count: Array.isArray(docs) ? docs.length : 0 };
  };
  const old = read(before);
  const next = read(after);
  const expected = parseAllDocuments(`- ${value}`);
  const expectedValue = Array.isArray(expected) ? (expected[0]?.toJS() as unknown[] | undefined)?.[0] : undefined;
  if (!old || !next || next.count !== old.count || next.list.length !== old.list.length + 1) return false;
  return JSON.stringify(next.list.slice(0, -1)) === JSON.stringify(old.list) && JSON.stringify(next.list.at(-1)) === JSON.stringify(expectedValue);
}

function rangeOf(node: Node): Range {
  return (node.range ?? [0, 0, 0]) as Range;
}

function isNull(node: Node | null | undefined): boolean {
  return node === null || node === undefined || (isScalar(node) && (node.value === null || node.value === undefined) && rangeOf(node)[0] === rangeOf(node)[1]);
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}
