// The quick fixes PromptSift offers, as text edits on offsets: only where the fix is certain, and
// only when the text at the problem's span still is what the check saw (the document may have
// changed since). No `vscode` import; code-actions.ts turns them into code actions.
import { detectionOf, selectionItems } from '../core/checks/detections';
import { exactOffsetMapper } from '../core/checks/types';
import { liftInlineFlags } from '../core/match/regex';
import type { Problem, RuleFile, SelectionItem, Span } from '../core/model';

export interface TextFix {
  title: string;
  edits: { span: Span; newText: string }[];
}

export interface FixContext {
  /** The rule file as it is now, parsed. */
  file: RuleFile;
  /** A fresh rule id. */
  newId: () => string;
}

type Fixer = (problem: Problem, context: FixContext) => TextFix | undefined;

/** Fixes by check id and message id. */
const FIXERS: Record<string, Fixer> = {
  'metadata/missingId': addId,
  'metadata/slashDate': dashDate,
  'modifier-unknown/unknownSuggest': replaceModifier,
  'modifier-combination/allWithoutPosition': addContains,
  'regex-portable/inlineFlags': liftFlags,
};

/** The ids of the problems that have a quick fix, as `checkId/messageId`. */
export const FIXABLE: readonly string[] = Object.keys(FIXERS);

export function quickFixFor(problem: Problem, context: FixContext): TextFix | undefined {
  return FIXERS[`${problem.checkId}/${problem.messageId}`]?.(problem, context);
}

function textAt(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}

/** `id: <uuid>` on its own line right after the title, at the title's indentation. */
function addId(problem: Problem, { file, newId }: FixContext): TextFix | undefined {
  const { text } = file;
  const lineStart = text.lastIndexOf('\n', problem.span.start - 1) + 1;
  const line = text.slice(lineStart, text.indexOf('\n', lineStart) === -1 ? text.length : text.indexOf('\n', lineStart));
  const isAtTitle = problem.span.end > problem.span.start;
  const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
  if (isAtTitle && !/^[ \t]*title[ \t]*:/.test(line)) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const entry = `${indent}id: ${newId()}`;
  if (!isAtTitle) return { title: 'Add a new random id', edits: [{ span: { start: lineStart, end: lineStart }, newText: `${entry}${eol}` }] };
  // A block scalar's span takes in its final line break.
  const next = text.indexOf('\n', Math.max(problem.span.start, problem.span.end - 1));
  const edit = next === -1 ? { span: { start: text.length, end: text.length }, newText: `${eol}${entry}` } : { span: { start: next + 1, end: next + 1 }, newText: `${entry}${eol}` };
  return { title: 'Add a new random id after the title', edits: [edit] };
}

function dashDate(problem: Problem, { file }: FixContext): TextFix | undefined {
  const value = problem.data?.value;
  const suggestion = problem.data?.suggestion;
  const found = textAt(file.text, problem.span);
  const at = value ? found.indexOf(value) : -1;
  if (!value || !suggestion || at === -1) return undefined;
  const start = problem.span.start + at;
  return { title: `Write the date as ${suggestion}`, edits: [{ span: { start, end: start + value.length }, newText: suggestion }] };
}

function replaceModifier(problem: Problem, { file }: FixContext): TextFix | undefined {
  const { modifier, suggestion } = problem.data ?? {};
  if (!modifier || !suggestion || textAt(file.text, problem.span) !== modifier) return undefined;
  return { title: `Change "${modifier}" to "${suggestion}"`, edits: [{ span: problem.span, newText: suggestion }] };
}

/** `field|all` → `field|contains|all`: each value must occur somewhere in the field. */
function addContains(problem: Problem, { file }: FixContext): TextFix | undefined {
  if (textAt(file.text, problem.span) !== 'all') return undefined;
  const field = problem.data?.field ?? 'field';
  return { title: `Add "contains": ${field}|contains|all`, edits: [{ span: { start: problem.span.start, end: problem.span.start }, newText: 'contains|' }] };
}

/**
 * `prompt|re: '(?i)…'` → `prompt|re|i: '…'`. The modifier applies to every value of the item, so
 * the fix is offered only when every value starts with the same flag group, and each is written
 * as-is in the file (no escapes), so that the group can be cut out exactly.
 */
function liftFlags(problem: Problem, { file }: FixContext): TextFix | undefined {
  const group = problem.data?.group;
  if (!group || textAt(file.text, problem.span) !== group) return undefined;
  const item = itemAt(file, problem.span.start);
  if (!item) return undefined;
  const cuts: Span[] = [];
  for (const value of item.values) {
    if (typeof value.value !== 'string' || liftInlineFlags(value.value).offset !== group.length || !value.value.startsWith(group)) return undefined;
    const map = exactOffsetMapper(file.text, { value: value.value, span: value.span });
    if (!map) return undefined;
    cuts.push({ start: map(0), end: map(group.length) });
  }
  const key = textAt(file.text, item.keySpan);
  const last = item.modifiers.at(-1);
  if (!last || !key.endsWith(`|${last.value}`)) return undefined;
  const present = new Set(item.modifiers.map((modifier) => modifier.value));
  const added = [...new Set(liftInlineFlags(group).flags)].filter((flag) => !present.has(flag));
  const modifiers = added.map((flag) => `|${flag}`).join('');
  const edits = [...cuts.map((span) => ({ span, newText: '' })), ...(modifiers ? [{ span: { start: item.keySpan.end, end: item.keySpan.end }, newText: modifiers }] : [])];
  const title = modifiers ? `Write ${group} as a modifier: ${key}${modifiers}` : `Remove ${group}: ${key} already sets the flag`;
  return { title, edits };
}

/** The selection item one of whose values contains `offset`. */
function itemAt(file: RuleFile, offset: number): SelectionItem | undefined {
  for (const rule of file.rules) {
    const detection = detectionOf(rule)?.detection;
    if (!detection) continue;
    for (const { item } of selectionItems(detection)) {
      if (item.values.some((value) => value.span.start <= offset && offset < value.span.end)) return item;
    }
  }
  return undefined;
}
