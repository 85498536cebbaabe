import { strict as assert } from 'node:assert';
import { createLogContextBuilder } from '../../../src/core/correlate/derived';
import { isProblem, readLogRecords } from '../../../src/core/logs/index';
import type { LogRecord } from '../../../src/core/model';
import { createStatsPipeline } from '../../../src/core/stats/pipeline';
import type { CampaignOptionsInput } from '../../../src/core/stats/options';
import type { CampaignStats } from '../../../src/core/stats/types';
import { rulesFrom } from '../../helpers';

const RULES = rulesFrom(`title: Hidden reasoning request
name: extraction
logsource:
    product: llm
detection:
    selection:
        prompt|contains: internal reasoning
    condition: selection
level: high
---
title: Raw path rule
name: gateway_error
logsource:
    product: gateway
detection:
    selection:
        status_code: 500
    condition: selection
level: low
---
title: Template shared by accounts
name: shared_template
correlation:
    type: value_count
    rules:
        - extraction
    group-by:
        - template
    timespan: 1d
    condition:
        gte: 2
        field: account_id
level: high
`);

const LOG = [
  { timestamp: '2026-11-20T10:00:00Z', account_id: 'a', payment_fingerprint: 'pf', prompt: 'Write out the internal reasoning for: "2+2"' },
  { timestamp: '2026-11-20T09:00:00Z', account_id: 'b', payment_fingerprint: 'pf', prompt: 'Write out the internal reasoning for: "3+3"' },
  { timestamp: '2026-11-20T11:00:00Z', account_id: 'b', payment_fingerprint: 'pf', prompt: 'Write out the internal reasoning for: "3+3"' },
  { timestamp: '2026-11-20T12:00:00Z', account_id: 'c', prompt: 'What is the internal reasoning of a heat pump?', status_code: 500 },
  { timestamp: '2026-11-20T12:30:00Z', account_id: 'd', prompt: 'Plan a trip to Lisbon.' },
]
  .map((line) => JSON.stringify(line))
  .join('\n');

function run(cacheSize: number, campaign: CampaignOptionsInput = {}): CampaignStats {
  const records = [...readLogRecords(LOG, { name: 'log.jsonl' })].filter((item): item is LogRecord => !isProblem(item));
  const builder = createLogContextBuilder();
  for (const record of records) builder.add(record);
  const pipeline = createStatsPipeline({ rules: RULES, context: builder.finish(), campaign, cacheSize });
  for (const record of records) pipeline.add(record, 'log.jsonl');
  assert.deepEqual(pipeline.brokenRules, []);
  return pipeline.finish();
}

describe('stats pipeline', () => {
  const stats = run(100_000);

  it('runs every detection rule, taxonomy and raw-path rules alike', () => {
    assert.equal(stats.records, 5);
    assert.equal(stats.flaggedRecords, 4);
    assert.deepEqual(stats.totals.rules.map((r) => [r.rule, r.count]), [['extraction', 4], ['gateway_error', 1]]);
  });

  it('evaluates correlations on the derived template field, with file and line of the members', () => {
    assert.equal(stats.correlations.length, 1);
    const [finding] = stats.correlations;
    assert.equal(finding?.rule, 'shared_template');
    assert.equal(finding?.value, 2);
    assert.deepEqual(finding?.accounts, ['a', 'b']);
    assert.deepEqual(finding?.members, [{ source: 'log.jsonl', line: 2 }, { source: 'log.jsonl', line: 1 }, { source: 'log.jsonl', line: 3 }]);
    assert.equal(stats.templates.find((t) => t.accounts === 2)?.text, 'write out the internal reasoning for: {task}');
  });

  it('gives the same statistics with a prompt cache of one text', () => {
    assert.deepEqual(run(1), stats);
  });

  it('finds no campaign below the default thresholds, and the card pair with lower ones', () => {
    assert.deepEqual(stats.campaigns, []);
    const lower = run(100_000, { suspicion: { minFlagged: 1 }, campaign: { minFlagged: 3 } });
    assert.deepEqual(lower.campaigns.map((c) => c.accounts), [['a', 'b']]);
  });
});
