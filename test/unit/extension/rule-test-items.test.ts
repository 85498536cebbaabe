// The Test Explorer's view of a rule file: rules with examples, outcomes, and what a failure says.
import assert from 'node:assert/strict';
import { parseRuleText } from '../../../src/core/engine';
import { RuleTestSummaries, ruleTestNodes, ruleTestSummary, runRuleExamples, type ExampleOutcome } from '../../../src/extension/rule-test-items';

const TEXT = [
  'title: Debug framing',
  'logsource: {product: llm}',
  'detection:',
  '    selection:',
  "        prompt|contains: 'debug mode'",
  '    filter:',
  '        account_id: staff',
  '    condition: selection and not filter',
  'tests:',
  '    match:',
  "        - 'You are in debug mode now.'",
  "        - 'You are in maintenance mode.'",
  '    nomatch:',
  "        - 'Hello there'",
  "        - 'Enter debug mode, please.'",
  '        - {prompt: debug mode, account_id: staff}',
  '---',
  'title: No tests',
  'logsource: {product: llm}',
  'detection: {s: {prompt: x}, condition: s}',
  '',
].join('\n');
const file = parseRuleText('rules/debug.yml', TEXT);

function lineOf(offset: number): number {
  return TEXT.slice(0, offset).split('\n').length;
}

function outcome(id: string): ExampleOutcome {
  const result = runRuleExamples(ruleTestNodes(file)[0]!.rule, new Set([id]));
  assert.equal(result.kind, 'ran');
  assert.equal(result.examples.length, 1);
  return result.examples[0]!;
}

describe('rule test items', () => {
  it('lists the rules with examples and each example at its own line', () => {
    const nodes = ruleTestNodes(file);
    assert.deepEqual(nodes.map((node) => [node.id, node.label, lineOf(node.span.start)]), [['doc0', 'Debug framing', 1]]);
    assert.deepEqual(
      nodes[0]!.examples.map((example) => [example.id, lineOf(example.span.start)]),
      [['match[0]', 11], ['match[1]', 12], ['nomatch[0]', 14], ['nomatch[1]', 15], ['nomatch[2]', 16]],
    );
    assert.equal(nodes[0]!.examples[0]!.label, 'match[0] "You are in debug mode now."');
    assert.equal(nodes[0]!.examples[4]!.label, 'nomatch[2] {prompt: "debug mode", account_id: "staff"}');
  });

  it('runs only the examples asked for, and all of them otherwise', () => {
    const all = runRuleExamples(ruleTestNodes(file)[0]!.rule);
    assert.equal(all.kind, 'ran');
    assert.deepEqual(all.examples.map((example) => [example.id, example.passed]), [
      ['match[0]', true], ['match[1]', false], ['nomatch[0]', true], ['nomatch[1]', false], ['nomatch[2]', true],
    ]);
    assert.deepEqual(ruleTestSummary(ruleTestNodes(file)[0]!.rule), { passed: 3, total: 5 });
  });

  it('says for a failing match which selections did not hold, and points at them', () => {
    const failed = outcome('match[1]');
    assert.match(failed.message ?? '', /^Expected a match, got none: match\[1\] should match, but the condition "selection and not filter" did not hold \(no selection held\)\.$/);
    assert.deepEqual(failed.related.map((related) => [lineOf(related.span.start), related.message]), [
      [4, 'Selection "selection" does not match match[1].'],
      [6, 'Selection "filter" does not match match[1].'],
    ]);
  });

  it('says for a failing nomatch which value matched what, and points at the rule value', () => {
    const failed = outcome('nomatch[1]');
    assert.equal(failed.message, `Expected no match, got a match: nomatch[1] should not match, but selection "selection" matched "debug mode" in prompt (rule value prompt|contains: 'debug mode').`);
    assert.deepEqual(failed.related.map((related) => lineOf(related.span.start)), [5]);
  });

  it('reports a rule that cannot run instead of failing its examples', () => {
    const broken = parseRuleText('r.yml', TEXT.replace('selection and not filter', 'selection and not missing'));
    const result = runRuleExamples(ruleTestNodes(broken)[0]!.rule);
    assert.equal(result.kind, 'notRunnable');
    assert.match(result.kind === 'notRunnable' ? result.reason : '', /missing/);
  });

  it('keeps a test summary while only the title or description changes, and computes it again when the detection does', () => {
    const summaries = new RuleTestSummaries();
    const first = summaries.get(ruleTestNodes(file)[0]!.rule);
    const retitled = parseRuleText('rules/debug.yml', TEXT.replace('title: Debug framing', 'title: Debug framing, renamed'));
    assert.equal(summaries.get(ruleTestNodes(retitled)[0]!.rule), first);
    const widened = parseRuleText('rules/debug.yml', TEXT.replace("'debug mode'", "'mode'"));
    const second = summaries.get(ruleTestNodes(widened)[0]!.rule);
    assert.notEqual(second, first);
    assert.deepEqual(second, { passed: 4, total: 5 });
  });
});
