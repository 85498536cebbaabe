import { strict as assert } from 'node:assert';
import { createCorrelationEngine, type CorrelationEngineOptions } from '../../../src/core/correlate/engine';
import type { CorrelationFinding, CorrelationResult } from '../../../src/core/correlate/types';
import type { DetectionRule, Rule } from '../../../src/core/model';
import { rulesFrom } from '../../helpers';

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 20);

const BASE = `title: Extraction prompt
name: extraction
logsource:
    product: llm
detection:
    selection:
        prompt|contains: reasoning
    condition: selection
level: high
---
title: Grading prompt
name: grading
logsource:
    product: llm
detection:
    selection:
        prompt|contains: grade
    condition: selection
level: medium
`;

function correlation(body: string, extra = ''): string {
  return `---\ntitle: Correlation\nname: corr\n${extra}correlation:\n${body.replace(/^/gm, '    ')}\nlevel: high\n`;
}

interface Event {
  at: number;
  rules: string[];
  fields: Record<string, unknown>;
  line?: number;
}

function run(rules: Rule[], events: Event[], options?: CorrelationEngineOptions): CorrelationResult {
  const byName = new Map(rules.filter((r): r is DetectionRule => r.kind === 'detection').map((r) => [r.name?.value ?? '', r]));
  const engine = createCorrelationEngine(rules, options);
  events.forEach((event, i) => {
    engine.add({
      ref: { source: 'log.jsonl', line: event.line ?? i + 1 },
      time: Number.isNaN(event.at) ? undefined : T0 + event.at,
      target: { fields: event.fields, raw: event.fields },
      matched: event.rules.map((name) => byName.get(name) as DetectionRule),
    });
  });
  return engine.finish();
}

const groups = (findings: readonly CorrelationFinding[]): Record<string, string>[] => findings.map((f) => f.group);

describe('correlation engine', () => {
  it('counts events per group of several fields', () => {
    const rules = rulesFrom(BASE + correlation('type: event_count\nrules: [extraction]\ngroup-by: [account_id, model]\ntimespan: 1h\ncondition:\n    gte: 2'));
    const result = run(rules, [
      { at: 0, rules: ['extraction'], fields: { account_id: 'a', model: 'm1' } },
      { at: 10 * 60_000, rules: ['extraction'], fields: { account_id: 'a', model: 'm2' } },
      { at: 20 * 60_000, rules: ['extraction'], fields: { account_id: 'a', model: 'm1' } },
      { at: 30 * 60_000, rules: ['extraction'], fields: { account_id: 'b', model: 'm1' } },
    ]);
    assert.deepEqual(groups(result.findings), [{ account_id: 'a', model: 'm1' }]);
    const [finding] = result.findings as [CorrelationFinding];
    assert.deepEqual(finding.window, { start: T0, end: T0 + 20 * 60_000 });
    assert.equal(finding.value, 2);
    assert.deepEqual(finding.members, [{ source: 'log.jsonl', line: 1 }, { source: 'log.jsonl', line: 3 }]);
    assert.equal(finding.rule, 'corr');
    assert.equal(finding.level, 'high');
  });

  it('keeps the groups of correlations that group by the same fields apart', () => {
    const second = (name: string, rule: string, groupBy: string): string =>
      `---\ntitle: ${name}\nname: ${name}\ncorrelation:\n    type: event_count\n    rules: [${rule}]\n    group-by: ${groupBy}\n    timespan: 1h\n    condition:\n        gte: 1\nlevel: high\n`;
    const rules = rulesFrom(BASE + second('by_extraction', 'extraction', '[account_id]') + second('by_grading', 'grading', '[account_id]') + second('by_pair', 'grading', '[account_id, model]'));
    const result = run(rules, [
      { at: 0, rules: ['extraction'], fields: { account_id: 'a', model: 'm' } },
      { at: 60_000, rules: ['grading'], fields: { account_id: 'b', model: 'm' } },
      { at: 120_000, rules: ['extraction', 'grading'], fields: { account_id: 'c', model: 'm' } },
      { at: 180_000, rules: ['grading'], fields: { account_id: 'a\u0000m' } },
    ]);
    const of = (rule: string): Record<string, string>[] => groups(result.findings.filter((f) => f.rule === rule));
    assert.deepEqual(of('by_extraction'), [{ account_id: 'a' }, { account_id: 'c' }]);
    assert.deepEqual(of('by_grading'), [{ account_id: 'b' }, { account_id: 'c' }, { account_id: 'a\u0000m' }]);
    assert.deepEqual(of('by_pair'), [{ account_id: 'b', model: 'm' }, { account_id: 'c', model: 'm' }]);
    assert.deepEqual(result.findings.filter((f) => f.rule === 'by_grading').map((f) => f.members), [[{ source: 'log.jsonl', line: 2 }], [{ source: 'log.jsonl', line: 3 }], [{ source: 'log.jsonl', line: 4 }]]);
  });

  it('gives the same findings whatever order the events arrive in', () => {
    const rules = rulesFrom(BASE + correlation('type: value_count\nrules: [extraction]\ngroup-by: [payment_fingerprint]\ntimespan: 1h\ncondition:\n    gte: 3\n    field: account_id'));
    const events: Event[] = [0, 1, 2, 3, 4].map((i) => ({ at: i * 20 * 60_000, rules: ['extraction'], fields: { payment_fingerprint: 'pf', account_id: `acct${i % 4}` }, line: i + 1 }));
    const sorted = run(rules, events).findings;
    const shuffled = run(rules, [events[3], events[0], events[4], events[2], events[1]] as Event[]).findings;
    assert.equal(sorted.length, 1);
    assert.deepEqual(shuffled, sorted);
    assert.deepEqual(sorted[0]?.accounts, ['acct0', 'acct1', 'acct2', 'acct3']);
  });

  it('counts a record matched by two referenced rules once', () => {
    const rules = rulesFrom(BASE + correlation('type: event_count\nrules: [extraction, grading]\ngroup-by: [account_id]\ntimespan: 1h\ncondition:\n    gte: 2'));
    assert.deepEqual(run(rules, [{ at: 0, rules: ['extraction', 'grading'], fields: { account_id: 'a' } }]).findings, []);
  });

  it('skips events that lack a group-by field, and counts events without a time', () => {
    const rules = rulesFrom(BASE + correlation('type: event_count\nrules: [extraction]\ngroup-by: [ip]\ntimespan: 1h\ncondition:\n    gte: 1'));
    const result = run(rules, [
      { at: 0, rules: ['extraction'], fields: { account_id: 'a' } },
      { at: Number.NaN, rules: ['extraction'], fields: { ip: '192.0.2.1' } },
    ]);
    assert.deepEqual(result.findings, []);
    assert.equal(result.untimedEvents, 1);
  });

  it('groups events of different rules on differently named fields through an alias', () => {
    const rules = rulesFrom(
      BASE + correlation('type: temporal\nrules: [extraction, grading]\ngroup-by: [who]\naliases:\n    who:\n        extraction: account_id\n        grading: user_agent\ntimespan: 1h'),
    );
    const result = run(rules, [
      { at: 0, rules: ['extraction'], fields: { account_id: 'x', user_agent: 'other' } },
      { at: 5 * 60_000, rules: ['grading'], fields: { account_id: 'y', user_agent: 'x' } },
    ]);
    assert.deepEqual(groups(result.findings), [{ who: 'x' }]);
    assert.equal(result.findings[0]?.value, 2);
  });

  it('evaluates a temporal_ordered correlation only in the listed order', () => {
    const rules = rulesFrom(BASE + correlation('type: temporal_ordered\nrules: [extraction, grading]\ngroup-by: [account_id]\ntimespan: 1h'));
    const result = run(rules, [
      { at: 0, rules: ['grading'], fields: { account_id: 'late' } },
      { at: 1, rules: ['extraction'], fields: { account_id: 'late' } },
      { at: 0, rules: ['extraction'], fields: { account_id: 'inorder' } },
      { at: 1, rules: ['grading'], fields: { account_id: 'inorder' } },
    ]);
    assert.deepEqual(groups(result.findings), [{ account_id: 'inorder' }]);
  });

  it('accepts a boolean rule expression as the condition of a temporal correlation', () => {
    const rules = rulesFrom(BASE + correlation("type: temporal\nrules: [extraction, grading]\ngroup-by: [account_id]\ntimespan: 1h\ncondition: 'extraction and not grading'"));
    const result = run(rules, [
      { at: 0, rules: ['extraction'], fields: { account_id: 'only-extraction' } },
      { at: 0, rules: ['grading'], fields: { account_id: 'both' } },
      { at: 1, rules: ['extraction'], fields: { account_id: 'both' } },
    ]);
    // Every window that ends at an event of 'both' holds a grading event, so it never fires.
    assert.deepEqual(groups(result.findings), [{ account_id: 'only-extraction' }]);
  });

  it('chains correlations: findings of the inner one are events of the outer one, and only the outer one reports', () => {
    const inner = correlation('type: event_count\nrules: [extraction]\ngroup-by: [account_id, org_id]\ntimespan: 1h\ncondition:\n    gte: 2').replace('name: corr', 'name: busy_account');
    const outer = correlation('type: value_count\nrules: [busy_account]\ngroup-by: [org_id]\ntimespan: 1d\ncondition:\n    gte: 2\n    field: account_id').replace('name: corr', 'name: busy_org');
    const rules = rulesFrom(BASE + inner + outer);
    const events: Event[] = [];
    for (const account of ['a', 'b', 'c']) {
      for (const minute of [0, 5]) events.push({ at: (account === 'c' ? 30 * H : 0) + minute * 60_000, rules: ['extraction'], fields: { account_id: account, org_id: account === 'c' ? 'o2' : 'o1' } });
    }
    const result = run(rules, events);
    assert.deepEqual(result.findings.map((f) => [f.rule, f.group]), [['busy_org', { org_id: 'o1' }]]);
    assert.equal(result.findings[0]?.memberCount, 4);
    assert.deepEqual(result.findings[0]?.accounts, ['a', 'b']);
  });

  it('reports inner findings and base matches when the outer correlation sets generate', () => {
    const inner = correlation('type: event_count\nrules: [extraction]\ngroup-by: [account_id]\ntimespan: 1h\ncondition:\n    gte: 1').replace('name: corr', 'name: inner');
    const outer = correlation('type: event_count\nrules: [inner, extraction]\ngroup-by: [account_id]\ntimespan: 1h\ncondition:\n    gte: 2\ngenerate: true').replace('name: corr', 'name: outer');
    const result = run(rulesFrom(BASE + inner + outer), [{ at: 0, rules: ['extraction'], fields: { account_id: 'a' } }]);
    assert.deepEqual(result.findings.map((f) => f.rule), ['inner', 'outer']);
    assert.deepEqual(result.generated, [{ rule: 'extraction', correlations: ['outer'], count: 1, members: [{ source: 'log.jsonl', line: 1 }] }]);
  });

  it('lists the first members up to the cap and counts them all', () => {
    const rules = rulesFrom(BASE + correlation('type: event_count\nrules: [extraction]\ngroup-by: [account_id]\ntimespan: 1h\ncondition:\n    gte: 5'));
    const events: Event[] = Array.from({ length: 8 }, (_, i) => ({ at: i * 1000, rules: ['extraction'], fields: { account_id: 'a' } }));
    const [finding] = run(rules, events, { maxMembers: 3 }).findings as [CorrelationFinding];
    assert.equal(finding.memberCount, 8);
    assert.deepEqual(finding.members.map((m) => m.line), [1, 2, 3]);
  });

  it('reports correlations it cannot evaluate and evaluates the others', () => {
    const rules = rulesFrom(
      BASE +
        correlation('type: event_count\nrules: [missing_rule]\ngroup-by: [account_id]\ntimespan: 1h\ncondition:\n    gte: 1') +
        correlation('type: value_percentile\nrules: [extraction]\ngroup-by: [account_id]\ntimespan: 1h\ncondition:\n    gte: 1\n    field: tokens').replace('name: corr', 'name: percentile') +
        correlation('type: event_count\nrules: [cycle_b]\ngroup-by: [account_id]\ntimespan: 1h\ncondition:\n    gte: 1').replace('name: corr', 'name: cycle_a') +
        correlation('type: event_count\nrules: [cycle_a]\ngroup-by: [account_id]\ntimespan: 1h\ncondition:\n    gte: 1').replace('name: corr', 'name: cycle_b'),
    );
    const result = run(rules, [{ at: 0, rules: ['extraction'], fields: { account_id: 'a' } }]);
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.issues.map((i) => [i.rule, i.reason]), [
      ['corr', 'the reference "missing_rule" is not a loaded detection or correlation rule'],
      ['percentile', 'the type "value_percentile" is not supported'],
      ['cycle_a', 'it refers back to itself through other correlations'],
      ['cycle_b', 'the referenced rule "cycle_a" cannot be evaluated'],
      ['cycle_a', 'the referenced rule "cycle_b" cannot be evaluated'],
    ]);
  });
});
