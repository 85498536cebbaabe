// What the Test Explorer shows of a rule file and what it says about a failing example, as plain
// data: the detection rules with inline tests and their examples (with spans), the outcome of
// running some of them, and for a failure, why (which selections held, what they matched, where
// the rule values are). No `vscode` import, so that unit tests and the typing benchmark use it.
import { compileRule, runRuleTests, targetFromTestInput, type RuleTestResult } from '../core/engine';
import type { DetectionRule, MatchEvidence, RuleFile, RuleTestCase, Span } from '../core/model';
import { quote } from '../core/problems';

export interface ExampleNode {
  /** `match[0]`, `nomatch[2]`: unique within its rule, and what the rule's test list calls it. */
  id: string;
  label: string;
  expected: 'match' | 'nomatch';
  index: number;
  span: Span;
}

export interface RuleNode {
  /** Unique within its file: the position of the document, which survives edits of its title. */
  id: string;
  label: string;
  /** The title (else the start of the document), where the editor shows the rule. */
  span: Span;
  rule: DetectionRule;
  examples: ExampleNode[];
}

/** The detection rules of `file` that have inline examples, in file order. */
export function ruleTestNodes(file: RuleFile): RuleNode[] {
  const nodes: RuleNode[] = [];
  for (const rule of file.rules) {
    if (rule.kind !== 'detection' || !rule.tests) continue;
    const examples = (['match', 'nomatch'] as const).flatMap((expected) =>
      (rule.tests as NonNullable<DetectionRule['tests']>)[expected].map((testCase, index) => exampleNode(expected, index, testCase)),
    );
    if (examples.length === 0) continue;
    nodes.push({ id: `doc${rule.docIndex}`, label: ruleLabel(rule), span: ruleSpan(rule), rule, examples });
  }
  return nodes;
}

function exampleNode(expected: 'match' | 'nomatch', index: number, testCase: RuleTestCase): ExampleNode {
  const id = `${expected}[${index}]`;
  return { id, label: `${id} ${preview(testCase.input)}`, expected, index, span: testCase.span };
}

export function ruleLabel(rule: DetectionRule): string {
  return rule.title?.value ?? rule.name?.value ?? rule.id?.value ?? `document ${rule.docIndex + 1}`;
}

/** Where a rule starts for the reader: its title, else the start of its document. */
export function ruleSpan(rule: DetectionRule): Span {
  return rule.title?.span ?? { start: rule.span.start, end: rule.span.start };
}

/** An example as one short line: the prompt, or the event's fields. */
function preview(input: RuleTestCase['input']): string {
  if (typeof input === 'string') return `"${quote(input, 60)}"`;
  const fields = Object.entries(input).map(([key, value]) => `${key}: ${typeof value === 'string' ? `"${value}"` : JSON.stringify(value)}`);
  return quote(`{${fields.join(', ')}}`, 64);
}

/** The outcome of one example, with what the Test Explorer needs to explain a failure. */
export interface ExampleOutcome {
  id: string;
  passed: boolean;
  /** One paragraph: expected, got, and why. */
  message?: string;
  /** Places in the rule that explain the outcome (the values that matched, selections that did not). */
  related: { span: Span; message: string }[];
  durationMs: number;
}

export type RuleOutcome =
  | { kind: 'ran'; examples: ExampleOutcome[] }
  /** The rule cannot run (it does not compile); every example is in error. */
  | { kind: 'notRunnable'; reason: string; span: Span };

/** Runs the examples of `rule` whose ids `only` lists (all when undefined). */
export function runRuleExamples(rule: DetectionRule, only?: ReadonlySet<string>): RuleOutcome {
  const compiled = compileRule(rule);
  const [issue] = compiled.issues;
  if (issue) return { kind: 'notRunnable', reason: issue.reason, span: issue.span };
  if (!rule.tests) return { kind: 'ran', examples: [] };
  const examples: ExampleOutcome[] = [];
  for (const expected of ['match', 'nomatch'] as const) {
    rule.tests[expected].forEach((testCase, index) => {
      const id = `${expected}[${index}]`;
      if (only && !only.has(id)) return;
      const started = performance.now();
      const evidence = compiled.explain(targetFromTestInput(testCase.input, rule));
      const durationMs = performance.now() - started;
      const result: RuleTestResult = { rule, testCase, expected, index, passed: (evidence !== undefined) === (expected === 'match') };
      if (evidence) result.evidence = evidence;
      examples.push(result.passed ? { id, passed: true, related: [], durationMs } : { id, passed: false, ...explainFailure(result), durationMs });
    });
  }
  return { kind: 'ran', examples };
}

export type RuleTestSummary = { passed: number; total: number } | { notRunnable: string } | undefined;

/** Passed and total examples of `rule`, for the CodeLens; undefined when it has none. */
export function ruleTestSummary(rule: DetectionRule): RuleTestSummary {
  if (!rule.tests || rule.tests.match.length + rule.tests.nomatch.length === 0) return undefined;
  const compiled = compileRule(rule);
  const [issue] = compiled.issues;
  if (issue) return { notRunnable: issue.reason };
  const results = runRuleTests(rule, compiled);
  return { passed: results.filter((result) => result.passed).length, total: results.length };
}

/**
 * Test summaries by what decides them (the rule's logsource, detection and tests as plain data),
 * so that typing elsewhere in a rule (its title, its description) runs none of its examples again.
 */
export class RuleTestSummaries {
  private readonly byContent = new Map<string, RuleTestSummary>();

  constructor(private readonly max = 500) {}

  get(rule: DetectionRule): RuleTestSummary {
    const key = JSON.stringify([rule.data.logsource, rule.data.detection, rule.data.tests]);
    if (this.byContent.has(key)) return this.byContent.get(key);
    const summary = ruleTestSummary(rule);
    if (this.byContent.size >= this.max) this.byContent.delete(this.byContent.keys().next().value as string);
    this.byContent.set(key, summary);
    return summary;
  }
}

function explainFailure(result: RuleTestResult): Pick<ExampleOutcome, 'message' | 'related'> {
  const { rule, expected, index } = result;
  const name = `${expected}[${index}]`;
  const condition = rule.detection.conditions.map((located) => located.value).join('" or "');
  if (expected === 'nomatch') {
    const evidence = result.evidence ?? [];
    const first = evidence[0];
    const what = first ? `selection "${first.selection}" matched ${describeEvidence(first, result)}` : 'the condition held';
    return {
      message: `Expected no match, got a match: ${name} should not match, but ${what}.`,
      related: evidence.map((found) => ({ span: found.ruleSpan, message: `${name} matched here: ${describeEvidence(found, result)}.` })),
    };
  }
  const verdicts = selectionVerdicts(rule, result);
  const held = verdicts.filter((verdict) => verdict.evidence);
  const missed = verdicts.filter((verdict) => !verdict.evidence);
  const parts = [
    held.length > 0 ? `held: ${held.map((verdict) => verdict.name).join(', ')}` : 'no selection held',
    missed.length > 0 && held.length > 0 ? `did not hold: ${missed.map((verdict) => verdict.name).join(', ')}` : undefined,
  ].filter(Boolean);
  return {
    message: `Expected a match, got none: ${name} should match, but the condition "${condition}" did not hold (${parts.join('; ')}).`,
    related: [
      ...missed.map((verdict) => ({ span: verdict.span, message: `Selection "${verdict.name}" does not match ${name}.` })),
      ...held.flatMap((verdict) =>
        (verdict.evidence ?? []).map((found) => ({ span: found.ruleSpan, message: `Selection "${verdict.name}" matched ${describeEvidence(found, result)}.` })),
      ),
    ],
  };
}

interface SelectionVerdict {
  name: string;
  span: Span;
  /** What the selection matched on its own; undefined when it does not hold. */
  evidence?: MatchEvidence[];
}

/** Each selection evaluated alone against the example: which parts of the condition held. */
function selectionVerdicts(rule: DetectionRule, result: RuleTestResult): SelectionVerdict[] {
  const target = targetFromTestInput(result.testCase.input, rule);
  return rule.detection.selections.map((selection) => {
    const verdict: SelectionVerdict = { name: selection.name.value, span: selection.name.span };
    // A rule whose condition is the selection's name alone; a name that is no identifier cannot be one.
    if (!/^[\w.-]+$/.test(selection.name.value)) return verdict;
    const alone = compileRule({ ...rule, detection: { ...rule.detection, conditions: [selection.name], conditionMissing: false } });
    const evidence = alone.explain(target);
    return evidence ? { ...verdict, evidence } : verdict;
  });
}

/** `"debug mode" (rule value 'debug') in prompt`, with the matched text when the example is plain text. */
function describeEvidence(evidence: MatchEvidence, result: RuleTestResult): string {
  const where = evidence.path ?? evidence.field ?? 'the event';
  const target = targetFromTestInput(result.testCase.input, result.rule);
  const text = !evidence.isRawPath ? (target.fields as Record<string, unknown>)[where] : undefined;
  const [span] = evidence.spans;
  const matched = typeof text === 'string' && span ? `"${quote(text.slice(span.start, span.end), 60)}" ` : '';
  const modifiers = evidence.modifiers.length > 0 ? `|${evidence.modifiers.join('|')}` : '';
  const field = evidence.field ?? '';
  return `${matched}in ${where} (rule value ${field}${modifiers}: '${quote(evidence.value, 60)}')`;
}
