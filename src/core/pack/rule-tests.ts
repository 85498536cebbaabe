// Runs the inline `tests:` of detection rules: each `match` example must match, each `nomatch` must not.

import { compileRule, type CompiledRule } from '../match/compile';
import type { MatchTarget } from '../match/fields';
import type { DetectionRule, MatchEvidence, RuleTestCase } from '../model';

export interface RuleTestResult {
  rule: DetectionRule;
  testCase: RuleTestCase;
  expected: 'match' | 'nomatch';
  /** 0-based position of the example in its list. */
  index: number;
  passed: boolean;
  /** What matched, when the rule matched (useful for a failing `nomatch`). */
  evidence?: MatchEvidence[];
}

/** The event an inline example stands for: a string is the prompt of an LLM event. */
export function targetFromTestInput(input: RuleTestCase['input'], rule: DetectionRule): MatchTarget {
  if (typeof input === 'string') return { fields: { prompt: input }, raw: { prompt: input } };
  return rule.logsource.isLlm ? { fields: input, raw: input } : { fields: {}, raw: input };
}

/** Runs every inline example of `rule`; empty when it has none or cannot be compiled. */
export function runRuleTests(rule: DetectionRule, compiled: CompiledRule = compileRule(rule)): RuleTestResult[] {
  if (!rule.tests || compiled.issues.length > 0) return [];
  const results: RuleTestResult[] = [];
  for (const expected of ['match', 'nomatch'] as const) {
    rule.tests[expected].forEach((testCase, index) => {
      const evidence = compiled.explain(targetFromTestInput(testCase.input, rule));
      const result: RuleTestResult = { rule, testCase, expected, index, passed: (evidence !== undefined) === (expected === 'match') };
      if (evidence) result.evidence = evidence;
      results.push(result);
    });
  }
  return results;
}
