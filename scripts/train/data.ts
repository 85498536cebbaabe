// The labelled texts the extraction classifier learns from and is measured on: held-out sets, the
// benign baseline, the rules' inline examples and the published templates, each read from text.

import { parseAllDocuments } from 'yaml';
import { detectorText } from '../../src/core/classify/score';

/** One labelled text, as the detector sees it (system prompt, then the user turns). */
export interface LabelledText {
  text: string;
  /** 1 for extraction, 0 for benign. */
  label: 0 | 1;
  /** Where it came from: a set's file name, `baseline`, `inline:<rule dir>`, `templates`. */
  source: string;
  intent: string;
  /** The last user turn alone, for multi-turn records. */
  lastTurn?: string;
}

interface HeldOutLine {
  label?: string;
  intent?: string;
  prompt?: string;
  system?: string;
  messages?: { role?: string; content?: unknown }[];
}

/** Rule folders whose inline examples are prompt-level extraction examples (the campaign rules' are not). */
export const PROMPT_RULE_DIRS = ['extraction', 'training_data', 'templates'];

/** Informational rules do not flag a record on their own, so their examples are not extraction. */
const LEVELS_THAT_FLAG = new Set(['low', 'medium', 'high', 'critical']);

function userTurns(messages: HeldOutLine['messages']): string[] {
  return (messages ?? [])
    .filter((message) => message.role === 'user' && typeof message.content === 'string')
    .map((message) => message.content as string);
}

/** Reads a JSONL set of `{label, intent, prompt?|messages?, system?}` lines; unlabelled lines count as benign. */
export function readLabelledSet(text: string, source: string): LabelledText[] {
  return text.split('\n').filter((line) => line.trim() !== '').map((line) => {
    const record = JSON.parse(line) as HeldOutLine;
    const turns = record.messages ? userTurns(record.messages) : [record.prompt ?? ''];
    const item: LabelledText = {
      text: detectorText({ system: record.system, prompt: turns.join('\n') }),
      label: record.label === 'extraction' ? 1 : 0,
      source,
      intent: record.intent ?? 'baseline',
    };
    if (turns.length > 1) item.lastTurn = turns[turns.length - 1];
    return item;
  });
}

function exampleText(example: unknown): string | undefined {
  if (typeof example === 'string') return example;
  if (typeof example !== 'object' || example === null) return undefined;
  const { prompt, system, ...rest } = example as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || (typeof prompt !== 'string' && typeof system !== 'string')) return undefined;
  return detectorText({ system: typeof system === 'string' ? system : undefined, prompt: typeof prompt === 'string' ? prompt : undefined });
}

/** The `tests.match` (extraction) and `tests.nomatch` (benign) prompts of one rule file's text. */
export function readInlineExamples(ruleText: string, source: string): LabelledText[] {
  const out: LabelledText[] = [];
  for (const document of parseAllDocuments(ruleText)) {
    if (!('toJS' in document)) continue;
    const rule = document.toJS() as { name?: string; level?: string; detection?: unknown; tests?: { match?: unknown[]; nomatch?: unknown[] } } | null;
    if (!rule?.tests || !LEVELS_THAT_FLAG.has(rule.level ?? '')) continue;
    // The classifier's own rule: its examples test the shipped model, they must not teach it.
    if (JSON.stringify(rule.detection ?? null).includes('extraction_score')) continue;
    const intent = rule.name ?? 'rule';
    for (const [key, label] of [['match', 1], ['nomatch', 0]] as const) {
      for (const example of rule.tests[key] ?? []) {
        const text = exampleText(example);
        if (text !== undefined) out.push({ text, label, source, intent });
      }
    }
  }
  return out;
}

/** Whether a text is plain ASCII (the held-out README's proxy for "written in English"). */
export function isAscii(text: string): boolean {
  return !/[^\u0000-\u007f]/.test(text);
}
