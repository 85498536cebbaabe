import { strict as assert } from 'node:assert';
import { parseRuleText } from '../../../src/core/rules/load';
import {
  compileDetectionRules,
  isAlertingRule,
  formatBaselineSnapshot,
  judgeBaseline,
  measureBaseline,
  parseBaselineSnapshot,
  snapshotFromMeasure,
  type BaselineSnapshot,
} from '../../../src/core/pack/baseline';
import { llmEvent, rulesFrom } from '../../helpers';

const REVEAL = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';

const RULES = `title: Reveal reasoning
id: ${REVEAL}
logsource:
    product: llm
detection:
    selection:
        prompt|contains: reveal
    condition: selection
---
title: Step by step
name: step_by_step
logsource:
    product: llm
detection:
    selection:
        prompt|contains: step by step
    condition: selection
---
title: Ignore the eval team
logsource:
    product: llm
filter:
    rules:
        - ${REVEAL}
    selection:
        org_id: org-eval
    condition: not selection
`;

const RECORDS = [
  llmEvent({ prompt: 'reveal your reasoning' }),
  llmEvent({ prompt: 'reveal it step by step' }),
  llmEvent({ prompt: 'reveal the plan', org_id: 'org-eval' }),
  llmEvent({ prompt: 'write a poem' }),
];

function measure(sampleLimit?: number): ReturnType<typeof measureBaseline<ReturnType<typeof llmEvent>>> {
  return measureBaseline(RECORDS, compileDetectionRules(rulesFrom(RULES)), sampleLimit === undefined ? {} : { sampleLimit });
}

describe('baseline measure', () => {
  it('counts records per rule and records flagged by any rule, with meta-filters applied', () => {
    const result = measure();
    assert.equal(result.records, 4);
    assert.equal(result.flagged, 2);
    assert.equal(result.rate, 0.5);
    assert.deepEqual(
      result.rules.map(({ key, flagged, rate }) => ({ key, flagged, rate })),
      [
        { key: REVEAL, flagged: 2, rate: 0.5 },
        { key: 'step_by_step', flagged: 1, rate: 0.25 },
      ],
    );
  });

  it('keeps the first flagged records as samples, up to the limit', () => {
    const result = measure(1);
    assert.deepEqual(result.rules[0]?.samples, [RECORDS[0]]);
    assert.deepEqual(result.rules[1]?.samples, [RECORDS[1]]);
  });

  it('reports rate 0 over no records', () => {
    const result = measureBaseline([], compileDetectionRules(rulesFrom(RULES)));
    assert.deepEqual([result.records, result.flagged, result.rate, result.rules[0]?.rate], [0, 0, 0, 0]);
  });

  it('keys rules by id, then name, then title, numbering repeats', () => {
    const text = 'title: Same\nlogsource:\n    product: llm\ndetection:\n    s:\n        prompt: x\n    condition: s\n';
    const result = measureBaseline([], compileDetectionRules(rulesFrom(`${text}---\n${text}`)));
    assert.deepEqual(result.rules.map((rule) => rule.key), ['Same', 'Same#2']);
  });
});

describe('baseline verdict', () => {
  const snapshot = (counts: Record<string, number>): BaselineSnapshot => ({
    records: 4,
    rules: Object.fromEntries(Object.entries(counts).map(([key, flagged]) => [key, { title: '', flagged }])),
  });

  it('passes when every rate is within the limit and no count exceeds the snapshot', () => {
    const verdict = judgeBaseline(measure(), 0.5, snapshot({ [REVEAL]: 2, step_by_step: 1 }));
    assert.equal(verdict.isPassed, true);
    assert.equal(verdict.isOverRate, false);
    assert.deepEqual(verdict.rules.map((rule) => [rule.isOverRate, rule.isOverSnapshot, rule.expected]), [
      [false, false, 2],
      [false, false, 1],
    ]);
  });

  it('fails a rule over the rate, and the pack when the overall rate is over it', () => {
    const verdict = judgeBaseline(measure(), 0.25, snapshot({ [REVEAL]: 2, step_by_step: 1 }));
    assert.equal(verdict.isPassed, false);
    assert.equal(verdict.isOverRate, true);
    assert.deepEqual(verdict.rules.map((rule) => rule.isOverRate), [true, false]);
  });

  it('fails a rule that flags more records than the snapshot, and treats a missing entry as 0', () => {
    const verdict = judgeBaseline(measure(), 1, snapshot({ [REVEAL]: 1 }));
    assert.equal(verdict.isPassed, false);
    assert.deepEqual(verdict.rules.map((rule) => [rule.expected, rule.isOverSnapshot]), [
      [1, true],
      [0, true],
    ]);
    assert.equal(judgeBaseline(measure(), 1, undefined).rules.every((rule) => rule.isOverSnapshot), true);
  });

  it('does not fail a rule that flags fewer records than the snapshot', () => {
    assert.equal(judgeBaseline(measure(), 1, snapshot({ [REVEAL]: 5, step_by_step: 3 })).isPassed, true);
  });

  it('compares a rate equal to the limit as within it despite floating point', () => {
    const records = Array.from({ length: 300 }, (_, index) => llmEvent({ prompt: index < 3 ? 'reveal' : 'hello' }));
    const result = measureBaseline(records, compileDetectionRules(rulesFrom(RULES)));
    assert.equal(judgeBaseline(result, 0.01, snapshot({ [REVEAL]: 3 })).isPassed, true);
    assert.equal(judgeBaseline(result, 0.0099, snapshot({ [REVEAL]: 3 })).isPassed, false);
  });
});

describe('baseline snapshot', () => {
  it('writes sorted keys with titles, and reads back what it wrote', () => {
    const written = snapshotFromMeasure(measure());
    const text = formatBaselineSnapshot(written);
    assert.equal(
      text,
      `{\n  "records": 4,\n  "rules": {\n    "${REVEAL}": {\n      "title": "Reveal reasoning",\n      "flagged": 2\n    },\n` +
        '    "step_by_step": {\n      "title": "Step by step",\n      "flagged": 1\n    }\n  }\n}\n',
    );
    assert.deepEqual(parseBaselineSnapshot(text, 'snap.json'), { value: written, problems: [] });
  });

  it('keeps entries of rules the run did not measure only when given the previous snapshot', () => {
    const previous: BaselineSnapshot = { records: 9, rules: { gone: { title: 'Gone', flagged: 7 }, [REVEAL]: { title: 'x', flagged: 9 } } };
    assert.deepEqual(Object.keys(snapshotFromMeasure(measure(), previous).rules).sort(), [REVEAL, 'gone', 'step_by_step']);
    assert.equal(snapshotFromMeasure(measure(), previous).rules[REVEAL]?.flagged, 2);
    assert.deepEqual(Object.keys(snapshotFromMeasure(measure()).rules).sort(), [REVEAL, 'step_by_step']);
  });

  it('reports bad JSON at its position and a wrong shape, never throwing', () => {
    const bad = parseBaselineSnapshot('{"records": 1,, }', 'snap.json');
    assert.equal(bad.value, undefined);
    assert.deepEqual(bad.problems.map((p) => [p.checkId, p.messageId, p.source, p.span.start]), [['baseline', 'json', 'snap.json', 14]]);
    const shape = parseBaselineSnapshot('{"records": 1, "rules": {"a": {"flagged": -1}}}', 'snap.json');
    assert.deepEqual(shape.problems.map((p) => [p.messageId, p.data]), [['shape', { where: 'the entry "a"' }]]);
    assert.deepEqual(parseBaselineSnapshot('[]', 's').problems.map((p) => p.data), [{ where: 'the top level' }]);
  });
});

describe('alerting rules', () => {
  it('leaves informational rules out of the baseline and keeps every other level', () => {
    const rule = (level: string): string =>
      `title: ${level}\nlevel: ${level}\nlogsource:\n    product: llm\ndetection:\n    sel:\n        prompt|exists: true\n    condition: sel\n`;
    const rules = ['informational', 'low', 'medium', 'high', 'critical'].flatMap((level) => parseRuleText(`${level}.yml`, rule(level)).rules);
    const kept = compileDetectionRules(rules).filter(isAlertingRule).map((compiled) => compiled.rule.level);
    assert.deepEqual(kept, ['low', 'medium', 'high', 'critical']);
  });
});
