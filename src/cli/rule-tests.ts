// Runs the inline tests of a pack's rules and describes each failing example for the reports.

import { ruleTests } from '../core/checks/rule-tests';
import { compileRule, runRuleTests, targetFromTestInput, type RuleTestResult } from '../core/engine';
import type { DetectionRule, MatchEvidence, Problem, RuleFile } from '../core/model';
import { makeProblem, quote } from '../core/problems';
import { createLocator } from './located';

export interface TestFailure {
  file: string;
  line: number;
  column: number;
  ruleId: string | null;
  title: string;
  /** `match[2]` or `nomatch[0]`, as the example is listed in the rule. */
  example: string;
  expected: 'match' | 'nomatch';
  got: 'match' | 'nomatch';
  /** What matched, for an example that should not have. */
  evidence: EvidenceSummary[];
}

export interface EvidenceSummary {
  selection: string;
  /** Where the value was found (taxonomy field or raw path); null for keyword searches. */
  path: string | null;
  /** The rule value that matched, as written in the rule. */
  value: string;
  /** The matched text of the example, when it is a plain string field. */
  excerpt: string | null;
}

export interface InlineTestRun {
  /** Detection rules that have at least one example. */
  rules: number;
  examples: number;
  passed: number;
  failures: TestFailure[];
  /** Rules whose tests cannot run (the rule does not compile), as `rule-tests` problems. */
  problems: Problem[];
}

/** Runs every example of every detection rule in `files` (as the `rule-tests` check does). */
export function runInlineTests(files: readonly RuleFile[]): InlineTestRun {
  const locate = createLocator(new Map(files.map((file) => [file.source, file.text])));
  const run: InlineTestRun = { rules: 0, examples: 0, passed: 0, failures: [], problems: [] };
  for (const file of files) {
    for (const rule of file.rules) {
      if (rule.kind !== 'detection' || !rule.tests) continue;
      const compiled = compileRule(rule);
      const [issue] = compiled.issues;
      if (issue) {
        run.problems.push(makeProblem(ruleTests, 'notRunnable', rule.tests.span, { reason: issue.reason }, rule.source));
        continue;
      }
      const results = runRuleTests(rule, compiled);
      if (results.length === 0) continue;
      run.rules++;
      run.examples += results.length;
      for (const result of results) {
        if (result.passed) run.passed++;
        else run.failures.push(describeFailure(rule, result, locate(rule.source, result.testCase.span)));
      }
    }
  }
  return run;
}

function describeFailure(rule: DetectionRule, result: RuleTestResult, at: { line: number; column: number }): TestFailure {
  const target = targetFromTestInput(result.testCase.input, rule);
  return {
    file: rule.source,
    line: at.line,
    column: at.column,
    ruleId: rule.id?.value ?? null,
    title: rule.title?.value ?? rule.name?.value ?? '(untitled)',
    example: `${result.expected}[${result.index}]`,
    expected: result.expected,
    got: result.expected === 'match' ? 'nomatch' : 'match',
    evidence: (result.evidence ?? []).map((evidence) => summarise(evidence, target.fields)),
  };
}

function summarise(evidence: MatchEvidence, fields: Readonly<Record<string, unknown>>): EvidenceSummary {
  const path = evidence.path ?? evidence.field ?? null;
  const text = !evidence.isRawPath && path !== null ? fields[path] : undefined;
  const [span] = evidence.spans;
  const excerpt = typeof text === 'string' && span ? quote(text.slice(span.start, span.end), 80) : null;
  return { selection: evidence.selection, path, value: quote(evidence.value, 80), excerpt };
}
