// Bounds the work a rule's regular expressions can do on one record.
//
// V8 runs a regex that backtracks too much on its linear-time engine when the process was started
// with LINEAR_FALLBACK_FLAG (the runtime sets it). That engine takes no `i` or `u` flag, no
// backreference and no lookaround: a super-linear pattern using any of them has no such bound, so
// a scan refuses the rule and says why. What slips through (the analysis is not exhaustive, and
// Sigma wildcards become lazy `[\s\S]*?` runs) is left to the runtime's watchdog.

import type { DetectionRule } from '../model';
import { findSuperLinearBacktracking, parseRegex, type RegexNode } from '../regex/index';
import { REGEX_FLAGS, modifiersIn } from '../rules/modifiers';
import { liftInlineFlags } from '../match/regex';

/** The V8 option that sends excessively backtracking regexes to the linear-time engine. */
export const LINEAR_FALLBACK_FLAG = '--enable-experimental-regexp-engine-on-excessive-backtracks';

/** Flags V8's linear-time engine accepts. */
const LINEAR_FLAGS = /^[gmsy]*$/;

export interface BudgetVerdict {
  /** Why the rule must not run; undefined when its regexes are bounded. */
  refusal?: string;
}

/**
 * Checks every `re` value of a rule. With `hasLinearFallback` (the runtime set the V8 flag), a
 * super-linear pattern is accepted when the linear engine can run it; otherwise never.
 */
export function assessRuleBudget(rule: DetectionRule, hasLinearFallback: boolean): BudgetVerdict {
  for (const selection of rule.detection.selections) {
    for (const items of selection.alternatives) {
      for (const item of items) {
        const modifiers = item.modifiers.map((modifier) => modifier.value);
        if (!modifiers.includes('re')) continue;
        for (const value of item.values) {
          if (typeof value.value !== 'string') continue;
          const refusal = assessRegex(value.value, modifiers, hasLinearFallback);
          if (refusal) return { refusal: `selection "${selection.name.value}": ${refusal}` };
        }
      }
    }
  }
  return {};
}

/** Why the pattern `value` (under the item's modifiers) may run for too long, or undefined. */
export function assessRegex(value: string, modifiers: readonly string[], hasLinearFallback: boolean): string | undefined {
  const lifted = liftInlineFlags(value);
  const flags = new Set(lifted.flags);
  for (const name of modifiersIn(modifiers, 'regexFlag')) flags.add(REGEX_FLAGS[name] as string);
  const flagText = [...flags].join('');
  const parsed = parseRegex(lifted.pattern, flagText);
  if (!parsed.ast) return undefined;
  const isLinearEngineUsable = hasLinearFallback && LINEAR_FLAGS.test(flagText) && !usesBacktrackingOnlyFeatures(parsed.ast);
  // The pumping analysis is the slow part: skip it when the linear engine bounds the pattern anyway.
  if (isLinearEngineUsable) return undefined;
  const certain = findSuperLinearBacktracking(parsed.ast).filter((issue) => !issue.needsFailingSuffix);
  if (certain.length === 0) return undefined;
  const growth = certain.some((issue) => issue.kind === 'exponential') ? 'exponential' : 'polynomial';
  const quoted = JSON.stringify(value);
  if (!hasLinearFallback) return `${quoted} can backtrack with ${growth} growth`;
  if (!LINEAR_FLAGS.test(flagText)) {
    return `${quoted} can backtrack with ${growth} growth, and its flags (${flagText}) rule out V8's linear-time engine`;
  }
  return `${quoted} can backtrack with ${growth} growth, and backreferences or lookarounds rule out V8's linear-time engine`;
}

function usesBacktrackingOnlyFeatures(node: RegexNode): boolean {
  const stack: RegexNode[] = [node];
  while (stack.length > 0) {
    const current = stack.pop() as RegexNode;
    if (current.type === 'backreference' || current.type === 'lookaround') return true;
    if (current.type === 'pattern' || current.type === 'group') stack.push(...current.alternatives);
    else if (current.type === 'sequence') stack.push(...current.items);
    else if (current.type === 'quantifier') stack.push(current.body);
  }
  return false;
}
