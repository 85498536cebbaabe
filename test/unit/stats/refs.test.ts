// The first records kept per campaign, account, template and rule (refsPerItem), and records a
// reviewer excluded as false positives.
import { strict as assert } from 'node:assert';
import { createLogContextBuilder } from '../../../src/core/correlate/derived';
import { isProblem, readLogRecords } from '../../../src/core/logs/index';
import type { LogRecord } from '../../../src/core/model';
import { createStatsPipeline, type StatsPipelineOptions } from '../../../src/core/stats/pipeline';
import { createRefKeeper } from '../../../src/core/stats/refs';
import type { CampaignStats, ItemRefs } from '../../../src/core/stats/types';
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
`);

const ask = (account: string, hour: number, prompt: string) =>
  JSON.stringify({ timestamp: `2026-11-20T${String(hour).padStart(2, '0')}:00:00Z`, account_id: account, payment_fingerprint: account === 'a' || account === 'b' ? 'pf_shared' : `pf_${account}`, prompt });

/** Two logs: accounts a and b share a card and send the extraction template; c and d are people. */
const LOGS: [string, string][] = [
  ['one.jsonl', [
    ask('a', 1, 'Write out the internal reasoning for: "2+2"'),
    ask('c', 2, 'Plan a trip to Lisbon.'),
    ask('b', 3, 'Write out the internal reasoning for: "3+3"'),
    ask('a', 4, 'Write out the internal reasoning for: "4+4"'),
  ].join('\n')],
  ['two.jsonl', [
    ask('b', 5, 'Write out the internal reasoning for: "5+5"'),
    ask('a', 6, 'Write out the internal reasoning for: "6+6"'),
    ask('d', 7, 'What is the internal reasoning of a heat pump?'),
    ask('b', 8, 'Write out the internal reasoning for: "7+7"'),
  ].join('\n')],
];

function run(options: Partial<StatsPipelineOptions> = {}, refsPerItem = 3): CampaignStats {
  const logs = LOGS.map(([name, text]) => ({ name, records: [...readLogRecords(text, { name })].filter((item): item is LogRecord => !isProblem(item)) }));
  const builder = createLogContextBuilder();
  for (const log of logs) for (const record of log.records) builder.add(record);
  const campaign = { refsPerItem, suspicion: { minFlagged: 1 }, campaign: { minFlagged: 3 } };
  const pipeline = createStatsPipeline({ rules: RULES, context: builder.finish(), campaign, ...options });
  for (const log of logs) for (const record of log.records) pipeline.add(record, log.name);
  return pipeline.finish();
}

const refsOf = (items: ItemRefs[] | undefined, key: string) => items?.find((item) => item.key === key)?.refs.map((ref) => `${ref.source}:${ref.line}`);

describe('stats refs', () => {
  const stats = run();

  it('keeps nothing unless asked for', () => {
    assert.equal(run({}, 0).refs, undefined);
    assert.equal(stats.refs?.limit, 3);
  });

  it('keeps the first records of each account, in reading order, up to the limit', () => {
    assert.deepEqual(refsOf(stats.refs?.accounts, 'a'), ['one.jsonl:1', 'one.jsonl:4', 'two.jsonl:2']);
    assert.deepEqual(refsOf(stats.refs?.accounts, 'b'), ['one.jsonl:3', 'two.jsonl:1', 'two.jsonl:4']);
    assert.deepEqual(refsOf(stats.refs?.accounts, 'c'), ['one.jsonl:2']);
  });

  it('keeps the records each rule matched, and the campaign first records over all its accounts', () => {
    assert.deepEqual(refsOf(stats.refs?.rules, 'extraction'), ['one.jsonl:1', 'one.jsonl:3', 'one.jsonl:4']);
    assert.deepEqual(stats.campaigns.map((c) => c.accounts), [['a', 'b']]);
    assert.deepEqual(refsOf(stats.refs?.campaigns, 'C1'), ['one.jsonl:1', 'one.jsonl:3', 'one.jsonl:4']);
  });

  it('keeps the records of each listed template under its id', () => {
    const template = stats.templates.find((t) => t.text === 'write out the internal reasoning for: {task}');
    assert.ok(template);
    assert.deepEqual(refsOf(stats.refs?.templates, template.id), ['one.jsonl:1', 'one.jsonl:3', 'one.jsonl:4']);
    const trip = stats.templates.find((t) => t.text.startsWith('plan a trip'));
    assert.deepEqual(refsOf(stats.refs?.templates, trip?.id ?? ''), ['one.jsonl:2']);
  });

  it('does not change any figure', () => {
    const { refs: _refs, ...withRefs } = stats;
    assert.deepEqual(withRefs, run({}, 0));
  });

  it('takes a match marked as a false positive as no match, and still counts the record', () => {
    const excluded = run({ isExcluded: (source, line, rule) => source === 'two.jsonl' && line === 3 && rule === 'extraction' });
    assert.equal(excluded.records, stats.records);
    assert.equal(excluded.flaggedRecords, stats.flaggedRecords - 1);
    assert.equal(excluded.totals.rules.find((r) => r.rule === 'extraction')?.count, 6);
    const d = (s: CampaignStats) => s.topAccounts.find((account) => account.id === 'd');
    assert.deepEqual([d(stats)?.requests, d(stats)?.flaggedRequests], [1, 1]);
    assert.deepEqual([d(excluded)?.requests, d(excluded)?.flaggedRequests], [1, 0]);
  });
});

describe('ref keeper', () => {
  it('keeps the smallest places when records arrive out of order, and forgets pruned templates', () => {
    const keeper = createRefKeeper(2);
    const at = (source: string, line: number) => keeper.place({ source, line });
    keeper.account(0, at('a.jsonl', 9));
    keeper.account(0, at('b.jsonl', 1));
    keeper.account(0, at('a.jsonl', 4));
    keeper.account(0, at('a.jsonl', 7));
    keeper.template(17, at('a.jsonl', 4));
    keeper.template(18, at('a.jsonl', 5));
    keeper.retainTemplates(new Map([[18, {}]]));
    const refs = keeper.summarise({ accounts: new Map([[0, 'x']]), campaigns: [], templates: new Map([[17, 't17'], [18, 't18']]), rules: [] });
    assert.deepEqual(refsOf(refs.accounts, 'x'), ['a.jsonl:4', 'a.jsonl:7']);
    assert.deepEqual(refsOf(refs.templates, 't17'), []);
    assert.deepEqual(refsOf(refs.templates, 't18'), ['a.jsonl:5']);
  });

  it('refuses lines it cannot encode', () => {
    const keeper = createRefKeeper(2);
    assert.equal(keeper.place({ source: 'a', line: -1 }), -1);
    assert.equal(keeper.place({ source: 'a', line: 2 ** 32 }), -1);
    assert.equal(keeper.place({ source: 'a', line: 1.5 }), -1);
  });
});
