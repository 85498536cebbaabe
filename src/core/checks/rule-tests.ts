/** Runs each detection rule's inline `tests:` and reports every example that fails, at the example. */

import { compileRule } from '../match/compile';
import { quote } from '../problems';
import { runRuleTests } from '../pack/rule-tests';
import type { RuleCheck } from './types';

export const ruleTests: RuleCheck = {
  id: 'rule-tests',
  scope: 'rule',
  severity: 'error',
  description: "A rule's inline test examples must pass: every `match` example matches and no `nomatch` example does.",
  messages: {
    shouldMatch: 'Test match[{{index}}] should match but the rule did not match it.',
    shouldNotMatch: 'Test nomatch[{{index}}] should not match, but selection "{{selection}}" matched {{found}}.',
    notRunnable: 'The inline tests cannot run: {{reason}}.',
    malformed: 'A test example must be a string (the prompt) or a mapping of event fields.',
    notDetection: 'Inline tests only apply to detection rules.',
  },
  check(rule, context) {
    if (rule.kind !== 'detection') {
      const tests = rule.data.tests;
      if (tests !== undefined) context.report(rule.span, 'notDetection');
      return;
    }
    if (!rule.tests) return;
    for (const span of rule.tests.malformed) context.report(span, 'malformed');
    const compiled = compileRule(rule);
    const [issue] = compiled.issues;
    if (issue) {
      context.report(rule.tests.span, 'notRunnable', { reason: issue.reason });
      return;
    }
    for (const result of runRuleTests(rule, compiled)) {
      if (result.passed) continue;
      const index = String(result.index);
      if (result.expected === 'match') {
        context.report(result.testCase.span, 'shouldMatch', { index });
      } else {
        const first = result.evidence?.[0];
        context.report(result.testCase.span, 'shouldNotMatch', {
          index,
          selection: first?.selection ?? '?',
          found: first ? `"${quote(first.value, 60)}" in ${first.path ?? first.field ?? 'the event'}` : 'it',
        });
      }
    }
  },
};
