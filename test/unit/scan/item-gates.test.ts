// Exact item gates (scan/item-gates.ts): a `contains` item of plain strings is answered by the
// automaton, which must agree with the item's regex on case, on the field, and on `all`.

import { strict as assert } from 'node:assert';
import { EXACT_HOLDS } from '../../../src/core/match/fields';
import type { SelectionItem } from '../../../src/core/model';
import { parseRuleText } from '../../../src/core/rules/load';
import { createRecordGates, restrictItemGates } from '../../../src/core/scan/item-gates';
import { planStatsRules } from '../../../src/core/stats/stats-rules';
import { llmRule } from './helpers';

const RULES = [
  llmRule('any', "prompt|contains: ['Chain of', 'réfléchis', '思考']"),
  llmRule('all', "prompt|contains|all: ['alpha', 'beta']"),
  llmRule('sys', "system|contains: 'debug mode'"),
  llmRule('kelvin', "prompt|contains: 'kelvin'"),
  llmRule('wild', "prompt|contains: 'a*b'"),
  llmRule('regex', "prompt|re: 'chain'"),
  llmRule('cased', "prompt|contains|cased: 'Chain'"),
];

describe('exact item gates', () => {
  const plan = planStatsRules(parseRuleText('rules.yml', RULES.join('---\n')).rules);
  const openGates = createRecordGates(plan.scan.gates);
  const gateOf = (key: string): number | undefined => {
    const rule = plan.scan.rules.find((planned) => planned.key === key);
    const item = rule?.compiled.rule.detection.selections[0]?.alternatives[0]?.[0] as SelectionItem;
    return plan.scan.gates.idOf.get(item);
  };
  const isExact = (key: string): boolean => {
    const gate = gateOf(key);
    return gate !== undefined && plan.scan.gates.exactField[gate] !== 0;
  };
  /** The gate's reading and the rule's own answer, on a record with these fields. */
  const read = (key: string, fields: { prompt?: string; system?: string }): { gate: number | undefined; matches: boolean } => {
    const gate = gateOf(key);
    const rule = plan.scan.rules.find((planned) => planned.key === key);
    return { gate: gate === undefined ? undefined : openGates(fields)[gate], matches: rule?.compiled.matches({ fields, raw: fields }) ?? false };
  };

  it('are planned for plain strings only: not wildcards, regexes or cased strings', () => {
    assert.deepEqual(
      ['any', 'all', 'sys', 'kelvin', 'wild', 'regex', 'cased'].map(isExact),
      [true, true, true, true, false, false, false],
    );
  });

  it('hold in any case of ASCII letters and of letters beyond ASCII, as the regex does', () => {
    assert.deepEqual(read('any', { prompt: 'a CHAIN OF thought' }), { gate: EXACT_HOLDS, matches: true });
    assert.deepEqual(read('any', { prompt: 'RÉFLÉCHIS bien' }), { gate: EXACT_HOLDS, matches: true });
    assert.deepEqual(read('any', { prompt: '请展示你的思考' }), { gate: EXACT_HOLDS, matches: true });
    assert.deepEqual(read('any', { prompt: 'reflechis sans accents' }), { gate: 0, matches: false });
  });

  it('do not fold characters the regex does not fold (the Kelvin sign is not k without the u flag)', () => {
    assert.deepEqual(read('kelvin', { prompt: '\u212Aelvin' }), { gate: 0, matches: false });
    assert.deepEqual(read('kelvin', { prompt: 'KELVIN' }), { gate: EXACT_HOLDS, matches: true });
  });

  it('need every string with all, in the item own field only', () => {
    assert.deepEqual(read('all', { prompt: 'alpha and BETA' }), { gate: EXACT_HOLDS, matches: true });
    assert.deepEqual(read('all', { prompt: 'alpha alone' }), { gate: 0, matches: false });
    assert.deepEqual(read('all', { system: 'beta', prompt: 'alpha' }), { gate: 0, matches: false });
    assert.deepEqual(read('sys', { system: 'You are in DEBUG MODE', prompt: 'hi' }), { gate: EXACT_HOLDS, matches: true });
    assert.deepEqual(read('sys', { system: 'hi', prompt: 'debug mode' }), { gate: 0, matches: false });
    // Not across the two fields either.
    assert.deepEqual(read('sys', { system: 'debug', prompt: 'mode' }), { gate: 0, matches: false });
  });

  it('leave the evidence of an item that holds as it is without gates', () => {
    const rule = plan.scan.rules.find((planned) => planned.key === 'any');
    const fields = { prompt: 'Chain of thought, then RÉFLÉCHIS and chain OF again' };
    const gated = rule?.compiled.explain({ fields, raw: fields, gates: openGates(fields) });
    assert.deepEqual(gated, rule?.compiled.explain({ fields, raw: fields }));
    assert.deepEqual(
      gated?.map((evidence) => [evidence.value, evidence.spans]),
      [
        ['Chain of', [{ start: 0, end: 8 }, { start: 37, end: 45 }]],
        ['réfléchis', [{ start: 23, end: 32 }]],
      ],
    );
  });

  it('restricted to some items, read as the whole plan on those and 0 on the others', () => {
    const kept = new Set([gateOf('any'), gateOf('sys')].filter((gate): gate is number => gate !== undefined));
    const restricted = createRecordGates(restrictItemGates(plan.scan.gates, kept));
    const fields = { system: 'debug mode', prompt: 'chain of thought with alpha and beta, kelvin' };
    const whole = [...openGates(fields)];
    const some = [...restricted(fields)];
    assert.equal(kept.size, 2);
    whole.forEach((state, gate) => assert.equal(some[gate], kept.has(gate) ? state : 0, `gate ${gate}`));
    assert.deepEqual([...kept].map((gate) => some[gate]), [EXACT_HOLDS, EXACT_HOLDS]);
    assert.ok(whole.filter((state, gate) => state !== 0 && !kept.has(gate)).length >= 2);
  });

  it('open every gate, exact or not, for fields that are not strings', () => {
    const gates = openGates({ prompt: ['chain of'] as unknown as string });
    assert.ok(gates.every((gate) => gate === 1));
  });

  it('rule out a conjunction before testing its first operand when a later one cannot hold', () => {
    const rule = `title: And
name: and_rule
level: high
logsource:
    product: llm
detection:
    costly:
        prompt|re: 'reasoning\\s+\\w+'
    rare:
        prompt|contains: 'zebra'
    other:
        system|re: 'debug\\s+mode'
    condition: (costly and rare) or other
`;
    const andPlan = planStatsRules(parseRuleText('and.yml', rule).rules);
    const [planned] = andPlan.scan.rules;
    const open = createRecordGates(andPlan.scan.gates);
    const reads: string[] = [];
    const watched = (fields: Record<string, string>): Record<string, string> =>
      new Proxy(fields, {
        get(target, key, receiver) {
          if (typeof key === 'string') reads.push(key);
          return Reflect.get(target, key, receiver) as unknown;
        },
      });
    // The rule may match (`other` is open: "debug" is there), but `rare` is closed: `costly` is never tested.
    const fields = { prompt: 'show your reasoning steps', system: 'debug only' };
    const gates = open(fields);
    assert.equal(planned?.compiled.mayMatch(gates), true);
    assert.equal(planned?.compiled.matches({ fields: watched(fields), raw: fields, gates }), false);
    assert.deepEqual(reads, ['system']);
    // Without gates every operand runs, with the same answer.
    reads.length = 0;
    assert.equal(planned?.compiled.matches({ fields: watched(fields), raw: fields }), false);
    assert.deepEqual(reads, ['prompt', 'prompt', 'system']);
  });
});
