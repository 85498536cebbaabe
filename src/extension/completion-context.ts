// What the author is typing at a position of a rule file, read from the text around it (while one
// types, the YAML is often broken, so the last parse cannot say): a modifier after `field|`, a
// field name in a selection, a word of a detection condition, or a rule reference under a
// correlation's or filter's `rules:`. No `vscode` import; completion.ts offers the words.
import type { Span } from '../core/model';

export type CompletionContext =
  | { kind: 'modifier'; replace: Span; used: string[] }
  | { kind: 'field'; replace: Span }
  | { kind: 'condition'; replace: Span; selections: string[] }
  | { kind: 'ruleReference'; replace: Span };

interface Line {
  start: number;
  text: string;
  indent: number;
  isItem: boolean;
  /** The mapping key the line starts with (after `- ` for an item), when it has one. */
  key?: string;
}

const MODIFIER_KEY = /^\s*(?:-\s+)?[^\s:#'"|{}[\],]+((?:\|\w*)*)\|(\w*)$/;
const BARE_KEY = /^\s*(?:-\s+)?([\w.]*)$/;
const REFERENCE_ITEM = /^\s*-\s+['"]?([\w.-]*)$/;
/** Keys directly under `detection` that are not selections. */
const NOT_SELECTIONS = new Set(['condition', 'timeframe']);

/** The completion context at `offset` of `text`, or undefined when nothing is offered there. */
export function completionContextAt(text: string, offset: number): CompletionContext | undefined {
  const lines = splitLines(text);
  const at = lineIndexAt(lines, offset);
  const line = lines[at] as Line;
  const prefix = line.text.slice(0, offset - line.start);
  const path = ancestors(lines, at, prefix);
  const top = path.at(-1);
  const inDetection = top?.key === 'detection' || top?.key === 'filter';

  const modifier = MODIFIER_KEY.exec(prefix);
  if (modifier && inDetection) {
    const partial = modifier[2] as string;
    const used = (modifier[1] as string).split('|').filter(Boolean);
    return { kind: 'modifier', replace: { start: offset - partial.length, end: offset }, used };
  }
  const word = /[\w*.-]*$/.exec(prefix)?.[0] ?? '';
  const replace = { start: offset - word.length, end: offset };
  const conditionKey = /^\s*condition:\s/.test(prefix) ? { line, path } : line.isItem && path[0]?.key === 'condition' ? { line: path[0], path: path.slice(1) } : undefined;
  if (conditionKey && conditionKey.path.length === 1 && inDetection) {
    return { kind: 'condition', replace, selections: selectionNames(lines, lines.indexOf(top as Line)) };
  }
  const reference = REFERENCE_ITEM.exec(prefix);
  if (reference && path[0]?.key === 'rules' && path.length === 2 && (top?.key === 'correlation' || top?.key === 'filter')) {
    return { kind: 'ruleReference', replace };
  }
  const key = BARE_KEY.exec(prefix);
  // Right below a selection name: `detection → selection → field`, or in the items of a list of maps.
  const keyed = path.filter((ancestor) => ancestor.key !== undefined);
  const selection = keyed.length === 2 ? keyed[0]?.key : undefined;
  const isInSelection = selection !== undefined && !NOT_SELECTIONS.has(selection) && !(top?.key === 'filter' && selection === 'rules');
  if (key && inDetection && isInSelection && isLlmDocument(lines, at)) {
    return { kind: 'field', replace: { start: offset - (key[1] as string).length, end: offset } };
  }
  return undefined;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (const raw of text.split('\n')) {
    const lineText = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const indent = /^ */.exec(lineText)?.[0].length ?? 0;
    const rest = lineText.slice(indent);
    const isItem = rest === '-' || rest.startsWith('- ');
    const key = /^(?:-\s+)?([^\s:#'"\-{[][^:#]*?)\s*:(?:\s|$)/.exec(rest)?.[1];
    lines.push({ start, text: lineText, indent, isItem, ...(key !== undefined ? { key } : {}) });
    start += raw.length + 1;
  }
  return lines;
}

function lineIndexAt(lines: Line[], offset: number): number {
  let at = 0;
  while (at + 1 < lines.length && (lines[at + 1] as Line).start <= offset) at++;
  return at;
}

function isBlank(line: Line): boolean {
  return /^\s*(#.*)?$/.test(line.text);
}

function isDocumentStart(line: Line): boolean {
  return /^(---|\.\.\.)(\s|$)/.test(line.text);
}

/**
 * The lines that contain position `prefix` of line `at`, nearest first: keys, and list items
 * (an item's key is a sibling of what is below it, so items count as containers without a key).
 */
function ancestors(lines: Line[], at: number, prefix: string): Line[] {
  const line = lines[at] as Line;
  let limit = isBlank(line) ? prefix.length : line.indent;
  let isItem = line.isItem;
  const found: Line[] = [];
  for (let index = at - 1; index >= 0 && limit > 0; index--) {
    const candidate = lines[index] as Line;
    if (isDocumentStart(candidate)) break;
    if (isBlank(candidate)) continue;
    // YAML lets a list sit at the same indentation as the key that holds it.
    const holdsItem = isItem && !candidate.isItem && candidate.key !== undefined && candidate.indent === limit;
    if (candidate.indent >= limit && !holdsItem) continue;
    if (candidate.isItem) {
      found.push({ ...candidate, key: undefined } as Line);
      limit = candidate.indent;
      isItem = true;
      continue;
    }
    found.push(candidate);
    limit = candidate.indent;
    isItem = false;
  }
  return found;
}

/** The selection names of the detection (or filter) whose key is line `at`. */
function selectionNames(lines: Line[], at: number): string[] {
  const parent = lines[at] as Line;
  let childIndent: number | undefined;
  const names: string[] = [];
  for (let index = at + 1; index < lines.length; index++) {
    const line = lines[index] as Line;
    if (isDocumentStart(line)) break;
    if (isBlank(line)) continue;
    if (line.indent <= parent.indent) break;
    childIndent ??= line.indent;
    if (line.indent === childIndent && !line.isItem && line.key !== undefined && !NOT_SELECTIONS.has(line.key) && line.key !== 'rules') names.push(line.key);
  }
  return names;
}

/** Whether the YAML document around line `at` has `logsource: {product: llm}`. */
function isLlmDocument(lines: Line[], at: number): boolean {
  let first = at;
  while (first > 0 && !isDocumentStart(lines[first] as Line)) first--;
  for (let index = first; index < lines.length; index++) {
    const line = lines[index] as Line;
    if (index > at && isDocumentStart(line)) break;
    if (/^\s*product:\s*['"]?llm['"]?\s*(#.*)?$/.test(line.text) || /\bproduct:\s*['"]?llm['"]?\s*[,}]/.test(line.text)) return true;
  }
  return false;
}
