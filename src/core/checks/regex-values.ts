// The `|re` values of a rule, ready for analysis, and one analysis per (pattern, flags) per lint run.
// The parts of the regex module are called one by one: the linter needs no prefilter literals.

import type { Located, Rule, RuleValue, Span } from '../model';
import { compileRegex, liftInlineFlags } from '../match/regex';
import {
  checkPortable,
  findSuperLinearBacktracking,
  parseRegex,
  type BacktrackingIssue,
  type PortabilityIssue,
  type RegexError,
} from '../regex/index';
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

/** What the regex checks need to know about one pattern; each part is computed on first use. */
export interface RegexFacts {
  /** V8's message when the pattern does not compile, at the span our parser located. */
  readonly compileError: RegexError | undefined;
  readonly nonPortable: readonly PortabilityIssue[];
  readonly backtracking: readonly BacktrackingIssue[];
}

// Analyses by pattern, kept per key and dropped with it: by default the key is one lint run's list
// of rules (the same array reaches every set-scoped check of the run), or the caller's
// `LintOptions.memo`, which keeps them between runs. The three regex checks share the entries, and
// each pays only for the part it reads: backtracking analysis is by far the most expensive.
const factsByKey = new WeakMap<object, Map<string, RegexFacts>>();
/** A long-lived key starts afresh past this many patterns, so that an editing session stays small. */
const MAX_KEPT_FACTS = 20_000;

/** The facts about `pattern` under `flags`, computed once per key (a lint run, or a memo). */
export function regexFacts(key: object, pattern: string, flags: string): RegexFacts {
  let cache = factsByKey.get(key);
  if (!cache || cache.size >= MAX_KEPT_FACTS) {
    cache = new Map();
    factsByKey.set(key, cache);
  }
  const entry = `${flags}/${pattern}`;
  let facts = cache.get(entry);
  if (!facts) {
    facts = analyse(pattern, flags);
    cache.set(entry, facts);
  }
  return facts;
}

function analyse(pattern: string, flags: string): RegexFacts {
  const message = engineError(pattern, flags);
  const parsed = parseRegex(pattern, flags);
  if (message !== undefined) {
    const located = parsed.error ?? { span: { start: 0, end: pattern.length }, source: 'pattern' as const };
    const compileError: RegexError = { message, offset: located.span.start, span: located.span, source: located.source };
    return { compileError, nonPortable: [], backtracking: [] };
  }
  // V8 accepts it but our parser does not (newer syntax): nothing more can be said about it.
  const ast = parsed.ast;
  if (!ast) return { compileError: undefined, nonPortable: [], backtracking: [] };
  let nonPortable: PortabilityIssue[] | undefined;
  let backtracking: BacktrackingIssue[] | undefined;
  return {
    compileError: undefined,
    get nonPortable() {
      return (nonPortable ??= checkPortable(ast));
    },
    get backtracking() {
      return (backtracking ??= findSuperLinearBacktracking(ast));
    },
  };
}

/** V8's verdict on the pattern, without its "Invalid regular expression: /…/:" preamble. */
function engineError(pattern: string, flags: string): string | undefined {
  const result = compileRegex(pattern, flags);
  if (result.regex) return undefined;
  const preamble = `Invalid regular expression: /${pattern}/${flags}: `;
  return result.error.startsWith(preamble) ? result.error.slice(preamble.length) : result.error;
}
