// The `|re` values of a rule, ready for analysis, and one analysis per (pattern, flags) per lint run.

import type { Located, Rule, RuleValue, Span } from '../model';
import { liftInlineFlags } from '../match/regex';
import { analyzeRegex, type RegexAnalysis } from '../regex/index';
import { REGEX_FLAGS } from '../rules/modifiers';
import { detectionOf, selectionItems } from './detections';
import { exactOffsetMapper } from './types';

export interface RegexUse {
  value: RuleValue;
  /** The pattern as JavaScript compiles it: a leading `(?i)`-style group lifted into `flags`. */
  pattern: string;
  flags: string;
  /** The lifted inline flag group, e.g. `(?i)`, when there was one. */
  inlineGroup?: Located<string>;
  /** A span of `pattern` as a span of the file; the whole value when the text is not the value verbatim. */
  toFile(span: Span): Span;
}

/** Every string value of an item with the `re` modifier, in a detection rule or a filter. */
export function regexUses(rule: Rule, text: string): RegexUse[] {
  const detection = detectionOf(rule)?.detection;
  if (!detection) return [];
  const uses: RegexUse[] = [];
  for (const { item } of selectionItems(detection)) {
    const modifiers = item.modifiers.map((m) => m.value);
    if (!modifiers.includes('re')) continue;
    for (const value of item.values) {
      if (typeof value.value !== 'string') continue; // value-type reports it
      const lifted = liftInlineFlags(value.value);
      const flags = new Set(lifted.flags);
      for (const name of modifiers) if (REGEX_FLAGS[name]) flags.add(REGEX_FLAGS[name] as string);
      const map = exactOffsetMapper(text, { value: value.value, span: value.span });
      const toFile = (span: Span): Span =>
        map ? { start: map(span.start + lifted.offset), end: map(span.end + lifted.offset) } : value.span;
      const use: RegexUse = { value, pattern: lifted.pattern, flags: [...flags].sort().join(''), toFile };
      if (lifted.offset > 0) {
        const group = value.value.slice(0, lifted.offset);
        use.inlineGroup = { value: group, span: map ? { start: map(0), end: map(lifted.offset) } : value.span };
      }
      uses.push(use);
    }
  }
  return uses;
}

// One lint run's analyses, keyed by that run's list of rules (the same array reaches every
// set-scoped check of the run) and dropped with it. Both regex checks read the same entries.
const analysesByRun = new WeakMap<readonly Rule[], Map<string, RegexAnalysis>>();

/** The analysis of `pattern` under `flags`, computed once per lint run. */
export function analysisFor(run: readonly Rule[], pattern: string, flags: string): RegexAnalysis {
  let cache = analysesByRun.get(run);
  if (!cache) {
    cache = new Map();
    analysesByRun.set(run, cache);
  }
  const key = `${flags}/${pattern}`;
  let analysis = cache.get(key);
  if (!analysis) {
    analysis = analyzeRegex(pattern, flags);
    cache.set(key, analysis);
  }
  return analysis;
}
