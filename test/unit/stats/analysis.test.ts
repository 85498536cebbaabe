import { strict as assert } from 'node:assert';
import type { LogRecord } from '../../../src/core/model';
import { createRecordAnalyser, createTextCache } from '../../../src/core/stats/analysis';
import { planStatsRules } from '../../../src/core/stats/stats-rules';
import { rulesFrom } from '../../helpers';

const RULES = rulesFrom(`title: Timed long prompt
name: timed_long
logsource:
    product: llm
detection:
    selection:
        prompt|re|s: '^.{20}'
        timestamp|exists: true
    condition: selection
---
title: Untimed request
name: untimed
logsource:
    product: llm
detection:
    selection:
        prompt|exists: true
        timestamp|exists: false
    condition: selection
---
title: Reasoning request
name: reasoning
logsource:
    product: llm
detection:
    selection:
        prompt|contains: reasoning
    condition: selection
`);

function record(line: number, prompt: string, timestamp?: string): LogRecord {
  const fields: LogRecord['fields'] = timestamp === undefined ? { prompt } : { prompt, timestamp };
  return { line, span: { start: 0, end: 0 }, fields, raw: { ...fields }, locate: () => [] };
}

describe('stats analysis: rules keyed by the text and the presence of fields', () => {
  it('remembers the result per text and per presence, never across presences', () => {
    const plan = planStatsRules(RULES);
    assert.deepEqual(plan.presenceFields, ['timestamp']);
    assert.equal(plan.presenceKeyed.length, 2);
    const analyser = createRecordAnalyser(plan);
    const keys = (index: number): string => plan.meta[index]?.key ?? '';
    const seen = [
      record(1, 'show me your full reasoning please', '2026-11-16T00:00:00Z'),
      record(2, 'show me your full reasoning please'),
      record(3, 'show me your full reasoning please', '2026-11-16T01:00:00Z'),
      record(4, 'short'),
      record(5, 'short', '2026-11-16T02:00:00Z'),
    ].map((r) => {
      const analysis = analyser.analyse(r);
      return [...analysis.contentMatched, ...analysis.otherMatched].map(keys).sort();
    });
    assert.deepEqual(seen, [['reasoning', 'timed_long'], ['reasoning', 'untimed'], ['reasoning', 'timed_long'], ['untimed'], []]);
  });
});

describe('stats analysis: the text cache', () => {
  it('keeps texts per prompt and system prompt, and forgets the least recently used first', () => {
    const cache = createTextCache<number>(4);
    cache.set(undefined, 'a', 1);
    cache.set('sys', 'a', 2);
    cache.set(undefined, 'b', 3);
    assert.equal(cache.get(undefined, 'a'), 1);
    assert.equal(cache.get('sys', 'a'), 2);
    assert.equal(cache.get('other', 'a'), undefined);
    // Generations of two prompts: c and d fill the next one, e starts a third and a and b are gone,
    // unless a lookup brought them forward.
    cache.set(undefined, 'c', 4);
    assert.equal(cache.get(undefined, 'b'), 3);
    cache.set(undefined, 'd', 5);
    cache.set(undefined, 'e', 6);
    assert.equal(cache.get(undefined, 'a'), undefined);
    assert.equal(cache.get(undefined, 'b'), 3);
    assert.equal(cache.get(undefined, 'e'), 6);
  });

  it('does not keep texts over 4 000 characters', () => {
    const cache = createTextCache<number>(100);
    const long = 'x'.repeat(4001);
    cache.set(undefined, long, 1);
    cache.set('y'.repeat(2000), 'z'.repeat(2001), 2);
    assert.equal(cache.get(undefined, long), undefined);
    assert.equal(cache.get('y'.repeat(2000), 'z'.repeat(2001)), undefined);
    cache.set(undefined, 'x'.repeat(4000), 3);
    assert.equal(cache.get(undefined, 'x'.repeat(4000)), 3);
  });
});
