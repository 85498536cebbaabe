// The triage file's format: one mark per line, `{file, recordKey, ruleId, verdict, note?, by?, at}`
// with the keys in that order, the lines sorted by file, record and rule, so that two reviewers'
// marks merge line by line in git. Reading tolerates what git and people leave behind: merge-conflict
// markers (both sides are read, the later mark of a record wins) and lines that are not marks (each
// reported with its line). No `vscode` import, so that a plain unit test can check it.

export const VERDICTS = ['confirmed', 'false_positive', 'needs_review'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface TriageMark {
  /** The log, relative to the workspace folder, with `/` separators. */
  file: string;
  /** The scanner's record key: `request_id`, else `line:` and a hash of the raw line. */
  recordKey: string;
  ruleId: string;
  verdict: Verdict;
  note?: string;
  /** Who marked it, when known. */
  by?: string;
  /** When it was marked, ISO 8601. */
  at: string;
  /** Keys a later version of PromptSift wrote, kept as they were (after ours, sorted). */
  extra?: Record<string, string | number | boolean | null>;
}

export type TriageProblemKind = 'conflict-marker' | 'not-json' | 'not-a-mark' | 'duplicate';

export interface TriageProblem {
  /** 1-based line of the triage file. */
  line: number;
  kind: TriageProblemKind;
  message: string;
}

export interface ParsedTriage {
  /** By markKey. */
  marks: Map<string, TriageMark>;
  problems: TriageProblem[];
}

const KNOWN_KEYS = ['file', 'recordKey', 'ruleId', 'verdict', 'note', 'by', 'at'] as const;
const CONFLICT_MARKER = /^(<{7}|={7}|>{7}|\|{7})(?:\s|$)/;
/** Longest note kept when marking; a longer one is cut, not refused. */
export const MAX_NOTE_CHARS = 2000;

/** The identity of a mark: one verdict per rule per record per file. */
export function markKey(mark: Pick<TriageMark, 'file' | 'recordKey' | 'ruleId'>): string {
  return `${mark.file}\u0000${mark.recordKey}\u0000${mark.ruleId}`;
}

/** Reads the file's text; never throws. Duplicates keep the mark with the later `at`. */
export function parseTriage(text: string): ParsedTriage {
  const marks = new Map<string, TriageMark>();
  const problems: TriageProblem[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = index + 1;
    const content = raw.replace(/\r$/, '');
    if (content.trim() === '') return;
    if (CONFLICT_MARKER.test(content)) {
      problems.push({ line, kind: 'conflict-marker', message: `Line ${line} is a merge-conflict marker; the marks on both sides are read, and the later mark of a record wins.` });
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(content);
    } catch {
      problems.push({ line, kind: 'not-json', message: `Line ${line} is not JSON; it is left out.` });
      return;
    }
    const mark = toMark(value);
    if (typeof mark === 'string') {
      problems.push({ line, kind: 'not-a-mark', message: `Line ${line} is not a triage mark (${mark}); it is left out.` });
      return;
    }
    const key = markKey(mark);
    const earlier = marks.get(key);
    if (earlier) {
      problems.push({ line, kind: 'duplicate', message: `Line ${line} marks the same record and rule as an earlier line; the later mark (by its time) is kept.` });
      if (Date.parse(earlier.at) > Date.parse(mark.at)) return;
    }
    marks.set(key, mark);
  });
  return { marks, problems };
}

/** The file's text for `marks`: sorted, one line each, keys in a stable order, a newline at the end. */
export function formatTriage(marks: Iterable<TriageMark>): string {
  const sorted = [...marks].sort(compareMarks);
  return sorted.map((mark) => `${JSON.stringify(orderedKeys(mark))}\n`).join('');
}

/** `marks` with `mark` set (replacing the record's earlier verdict for that rule), or the mark of `key` removed. */
export function withChange(marks: ReadonlyMap<string, TriageMark>, change: { set: TriageMark } | { clear: string }): Map<string, TriageMark> {
  const next = new Map(marks);
  if ('set' in change) next.set(markKey(change.set), change.set);
  else next.delete(change.clear);
  return next;
}

/** True when the problems leave the file safe to rewrite: no line would be lost. */
export function isSafeToRewrite(problems: readonly TriageProblem[]): boolean {
  return problems.every((problem) => problem.kind === 'duplicate');
}

function compareMarks(a: TriageMark, b: TriageMark): number {
  return compareText(a.file, b.file) || compareText(a.recordKey, b.recordKey) || compareText(a.ruleId, b.ruleId);
}

/** Code-unit order, the same on every machine and locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function orderedKeys(mark: TriageMark): Record<string, unknown> {
  const out: Record<string, unknown> = { file: mark.file, recordKey: mark.recordKey, ruleId: mark.ruleId, verdict: mark.verdict };
  if (mark.note !== undefined && mark.note !== '') out.note = mark.note;
  if (mark.by !== undefined && mark.by !== '') out.by = mark.by;
  out.at = mark.at;
  for (const key of Object.keys(mark.extra ?? {}).sort()) out[key] = mark.extra?.[key];
  return out;
}

/** The mark a parsed line holds, or why it holds none. */
function toMark(value: unknown): TriageMark | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const record = value as Record<string, unknown>;
  for (const key of ['file', 'recordKey', 'ruleId', 'verdict', 'at'] as const) {
    if (typeof record[key] !== 'string' || record[key] === '') return `no ${key}`;
  }
  const file = record.file as string;
  if (!isRelativePath(file)) return `file "${file}" is not a path inside the workspace folder`;
  if (!(VERDICTS as readonly string[]).includes(record.verdict as string)) return `verdict must be one of ${VERDICTS.join(', ')}`;
  if (Number.isNaN(Date.parse(record.at as string))) return 'at is not a date';
  for (const key of ['note', 'by'] as const) {
    if (record[key] !== undefined && typeof record[key] !== 'string') return `${key} is not a string`;
  }
  const mark: TriageMark = { file, recordKey: record.recordKey as string, ruleId: record.ruleId as string, verdict: record.verdict as Verdict, at: record.at as string };
  if (typeof record.note === 'string') mark.note = record.note;
  if (typeof record.by === 'string') mark.by = record.by;
  const extra: NonNullable<TriageMark['extra']> = {};
  for (const [key, item] of Object.entries(record)) {
    if ((KNOWN_KEYS as readonly string[]).includes(key)) continue;
    if (item === null || ['string', 'number', 'boolean'].includes(typeof item)) extra[key] = item as string | number | boolean | null;
  }
  if (Object.keys(extra).length > 0) mark.extra = extra;
  return mark;
}

/** A workspace-relative path: no drive, no leading slash, no `..` step, `/` separators. */
export function isRelativePath(file: string): boolean {
  if (file.startsWith('/') || file.includes('\\') || /^[A-Za-z]:/.test(file)) return false;
  return file.split('/').every((step) => step !== '' && step !== '..' && step !== '.');
}
