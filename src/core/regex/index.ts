// Regex analysis for rule values: compile check, portability, super-linear backtracking and
// prefilter literals in one call, plus the parts for callers that need only one of them.
import type { RegexError, RegexPattern } from './ast';
import { type BacktrackingIssue, findSuperLinearBacktracking } from './backtracking';
import { type RequiredLiterals, requiredLiterals } from './literals';
import { parseRegex } from './parse';
import { type PortabilityIssue, checkPortable } from './portable';

export type * from './ast';
export type { BacktrackingIssue } from './backtracking';
export type { RequiredLiterals } from './literals';
export type { NonPortableFeature, PortabilityIssue } from './portable';
export type { ParsedRegex } from './parse';
export { checkPortable, findSuperLinearBacktracking, parseRegex, requiredLiterals };
export { parseFlags } from './parse';

/** Everything the linter and the scanner want to know about one regex. */
export interface RegexAnalysis {
  /** Set when the pattern or flags do not compile: V8's message, at the span our parser located. */
  compileError?: RegexError;
  /**
   * Set when V8 compiles the pattern but the analyzer's parser does not understand it (syntax newer
   * than the parser, or the `v` flag); the analyses below are then empty, not "safe".
   */
  unsupported?: RegexError;
  ast?: RegexPattern;
  nonPortable: PortabilityIssue[];
  backtracking: BacktrackingIssue[];
  /** The worst growth the pattern as written can show; issues that need a failing suffix do not count. */
  worstBacktracking: 'linear' | 'polynomial' | 'exponential';
  /** Undefined when no literal is required (or the pattern was not analysed). */
  literals?: RequiredLiterals;
}

/** Analyses `pattern` under `flags` (a JavaScript flags string); never throws. */
export function analyzeRegex(pattern: string, flags: string): RegexAnalysis {
  const empty: RegexAnalysis = { nonPortable: [], backtracking: [], worstBacktracking: 'linear' };
  const engineMessage = compileWithEngine(pattern, flags);
  const parsed = parseRegex(pattern, flags);
  if (engineMessage !== undefined) {
    const located = parsed.error ?? { span: { start: 0, end: pattern.length }, source: 'pattern' as const };
    const isFlags = engineMessage.startsWith('Invalid flags');
    const span = isFlags && located.source !== 'flags' ? { start: 0, end: flags.length } : located.span;
    return { ...empty, compileError: { message: engineMessage, offset: span.start, span, source: isFlags ? 'flags' : located.source } };
  }
  if (parsed.error) return { ...empty, unsupported: parsed.error };
  const ast = parsed.ast;
  const backtracking = findSuperLinearBacktracking(ast);
  const certain = backtracking.filter((issue) => !issue.needsFailingSuffix);
  return {
    ast,
    nonPortable: checkPortable(ast),
    backtracking,
    worstBacktracking: certain.some((i) => i.kind === 'exponential') ? 'exponential' : certain.length > 0 ? 'polynomial' : 'linear',
    literals: requiredLiterals(ast),
  };
}

/** V8's own verdict, without its "Invalid regular expression: /…/:" preamble. */
function compileWithEngine(pattern: string, flags: string): string | undefined {
  try {
    new RegExp(pattern, flags);
    return undefined;
  } catch (caught) {
    const message = caught instanceof Error ? caught.message : String(caught);
    const preamble = `Invalid regular expression: /${pattern}/${flags}: `;
    return message.startsWith(preamble) ? message.slice(preamble.length) : message;
  }
}
