// What a hover over a match says, as a list of parts: our own Markdown, plain text (rule text,
// escaped by MarkdownString.appendText) and code blocks (log text, escaped by appendCodeblock). Log
// text is written by attackers, so it only ever goes into code blocks; the Markdown parts hold
// nothing but our constants, checked ATLAS ids and our command link. No `vscode` import, so that a
// unit test can check exactly that.
import { LEVELS } from '../core/model';
import { atlasReference } from './atlas-names';
import type { LogFinding } from './log-scan-protocol';

export type HoverPart = { kind: 'markdown'; text: string } | { kind: 'text'; text: string } | { kind: 'code'; text: string };

/** What the rule file says about the rule, beyond what a finding carries. */
export interface RuleDetails {
  description?: string;
  falsepositives: readonly string[];
  tags: readonly string[];
  /** The rule file shown relative to the workspace, and the 1-based line of the value that matched. */
  path: string;
  line: number;
  uri: string;
}

/** Longest matched excerpt shown, in characters. */
const EXCERPT_CHARS = 160;
/** Characters that reorder or hide text (Trojan Source) and line breaks, shown as escapes. */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** The hover of the findings of one rule at one position; `afterEvidence` goes right after the evidence (the classifier's words). */
export function findingHoverParts(findings: readonly LogFinding[], rule: RuleDetails | undefined, openRuleCommand: string, afterEvidence: readonly HoverPart[] = []): HoverPart[] {
  const first = findings[0];
  if (!first) return [];
  const level = (LEVELS as readonly string[]).includes(first.level) ? first.level : 'unknown level';
  const parts: HoverPart[] = [
    { kind: 'markdown', text: '**' },
    { kind: 'text', text: first.title },
    { kind: 'markdown', text: `** · ${level}\n\n` },
  ];
  if (rule?.description) parts.push({ kind: 'text', text: rule.description.trim() }, { kind: 'markdown', text: '\n\n' });
  // One code block per distinct piece of evidence: the rule's selection, field, modifiers and
  // value, and the log text it matched (attacker-written, so in the code block too).
  const seen = new Set<string>();
  for (const finding of findings) {
    const evidence = [
      `selection  ${finding.selection}`,
      `field      ${finding.field}`,
      `modifiers  ${finding.modifiers.length > 0 ? finding.modifiers.join('|') : '(none)'}`,
      `value      ${finding.value}`,
      `matched    ${finding.matched === '' ? '(the whole record)' : quoteExcerpt(finding.matched)}`,
    ].join('\n');
    if (seen.has(evidence)) continue;
    seen.add(evidence);
    parts.push({ kind: 'code', text: evidence });
  }
  parts.push(...afterEvidence);
  if (rule && rule.falsepositives.length > 0) {
    parts.push({ kind: 'markdown', text: '**False positives**\n\n' });
    for (const item of rule.falsepositives) parts.push({ kind: 'markdown', text: '- ' }, { kind: 'text', text: item }, { kind: 'markdown', text: '\n' });
    parts.push({ kind: 'markdown', text: '\n' });
  }
  const atlas = (rule?.tags ?? []).map(atlasReference).filter((reference) => reference !== undefined);
  if (atlas.length > 0) {
    parts.push({ kind: 'markdown', text: '**ATLAS** ' });
    atlas.forEach((reference, index) => {
      parts.push({ kind: 'markdown', text: `${index > 0 ? ' · ' : ''}[${reference.id}](${reference.url})${reference.name ? ' ' : ''}` });
      if (reference.name) parts.push({ kind: 'text', text: reference.name });
    });
    parts.push({ kind: 'markdown', text: '\n\n' });
  }
  if (rule) {
    parts.push({ kind: 'markdown', text: `[Open the rule](${commandUri(openRuleCommand, [{ uri: rule.uri, line: rule.line }])}) ` });
    parts.push({ kind: 'text', text: `${rule.path}:${rule.line}` });
  }
  return parts;
}

/**
 * What raised the classifier's score of a record (`extraction_score`): its words and word pairs with
 * the largest contributions. They are log text, so they go into a code block.
 */
export function classifierHoverParts(features: readonly { feature: string; contribution: number }[]): HoverPart[] {
  if (features.length === 0) return [];
  const lines = features.map(({ feature, contribution }) => `${contribution.toFixed(2).padStart(6)}  ${quoteExcerpt(feature)}`);
  return [
    { kind: 'markdown', text: '\n**What raised the score** (words and word pairs, by their share of it)\n\n' },
    { kind: 'code', text: lines.join('\n') },
  ];
}

/** The text as a JSON string, shortened, with invisible and direction-changing characters escaped. */
export function quoteExcerpt(text: string): string {
  const short = text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text;
  return JSON.stringify(short).replace(INVISIBLE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A `command:` link with JSON arguments, percent-encoded so that no character ends the Markdown link. */
export function commandUri(command: string, args: unknown[]): string {
  const query = encodeURIComponent(JSON.stringify(args)).replace(/[()'!*~]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `command:${command}?${query}`;
}
