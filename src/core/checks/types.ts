// The contract of a check: metadata plus a pure function that reports problems through a context.

import type { Located, Rule, RuleFile, Span } from '../model';
import type { CheckMeta } from '../problems';

export interface CheckContext {
  /** Reports a problem of this check at `span` of the current file. */
  report(span: Span, messageId: string, data?: Record<string, string>): void;
  /** Reports at a span of another file (pack-level checks). */
  reportIn(source: string, span: Span, messageId: string, data?: Record<string, string>): void;
  /** The text of a loaded file, by source name. */
  textOf(source: string): string;
  /** Keys caches that may outlive this lint run (`LintOptions.memo`); absent, each run has its own. */
  memo?: object;
}

/** Looks at one rule document at a time. */
export interface RuleCheck extends CheckMeta {
  scope: 'rule';
  check(rule: Rule, context: CheckContext): void;
}

/** Looks at every loaded rule at once (duplicates, references between rules). */
export interface SetCheck extends CheckMeta {
  scope: 'set';
  checkSet(rules: readonly Rule[], files: readonly RuleFile[], context: CheckContext): void;
}

export type Check = RuleCheck | SetCheck;

/**
 * Maps an index inside a located YAML string to an offset in the file: exact when the scalar is
 * written as-is (plain or quoted without escapes), else the start of the scalar.
 */
export function offsetMapper(text: string, located: Located<string>): (index: number) => number {
  return exactOffsetMapper(text, located) ?? (() => located.span.start);
}

/**
 * The exact index → offset mapping of a located string, or undefined when the file does not hold
 * the value character for character (escapes, `''` in single quotes, folded lines).
 */
export function exactOffsetMapper(text: string, located: Located<string>): ((index: number) => number) | undefined {
  const { start } = located.span;
  for (const skip of [0, 1]) {
    if (text.startsWith(located.value, start + skip)) return (index) => start + skip + index;
  }
  return undefined;
}
