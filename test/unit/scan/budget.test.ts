import { strict as assert } from 'node:assert';
import { assessRegex } from '../../../src/core/scan/index';
import { enableLinearRegexFallback } from '../../../src/runtime/index';
import { llmRule, planFrom, scanAll } from './helpers';

describe('scan regex budget', () => {
  before(() => assert.equal(enableLinearRegexFallback(), true));

  it('accepts a super-linear pattern that V8 can run on its linear-time engine', () => {
    assert.equal(assessRegex('^(a+)+$', ['re'], true), undefined);
  });

  it('refuses it when the fallback is off, or when its flags or backreferences rule the engine out', () => {
    assert.match(assessRegex('^(a+)+$', ['re'], false) ?? '', /exponential growth/);
    assert.match(assessRegex('(?i)^(a+)+$', ['re'], true) ?? '', /flags \(i\) rule out/);
    assert.match(assessRegex('^(a+)+$', ['re', 'i'], true) ?? '', /flags \(i\) rule out/);
    assert.match(assessRegex('^(a|a)+\\1$', ['re'], true) ?? '', /backreferences or lookarounds/);
  });

  it('accepts linear patterns under any flags', () => {
    assert.equal(assessRegex('(?i)chain[- ]of[- ]thought', ['re'], true), undefined);
  });

  it('reports a refused rule and runs the others', () => {
    const plan = planFrom([llmRule('bad', "prompt|re: '(?i)^(a+)+$'"), llmRule('good', "prompt|contains: 'aaa'")]);
    assert.deepEqual(plan.rules.map((rule) => rule.key), ['good']);
    assert.deepEqual(
      plan.notices.map((notice) => [notice.ruleId, notice.kind]),
      [['bad', 'refused']],
    );
  });

  it('finishes a catastrophic pattern on an adversarial record through the linear-time engine', () => {
    const plan = planFrom([llmRule('nested', "prompt|re: '^(a+)+$'")]);
    assert.deepEqual(plan.notices, []);
    const text = [JSON.stringify({ prompt: `${'a'.repeat(40)}b` }), JSON.stringify({ prompt: 'a'.repeat(40) })].join('\n');
    const result = scanAll(plan, text);
    assert.deepEqual(result.findings.map((f) => [f.line, f.column, f.endColumn]), [[2, 12, 52]]);
  });
});
