// What the campaign view shows of the statistics of the pack's sample logs: the figures of the
// core, cut to what the panel lists; a target with the first records of each listed campaign,
// account, template and rule; the timeline rows (pivot models always among them); log text made
// safe to show; notes about what could not be read or run.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPanelModel, LISTED, shown } from '../../../src/extension/stats-model';
import { runStatsPasses, type StatsRunResult } from '../../../src/runtime/stats-run';

const PACK = join(__dirname, '..', '..', '..', 'rules');

function ruleFiles(below = ''): { name: string; text: string }[] {
  return readdirSync(join(PACK, below), { withFileTypes: true }).flatMap((entry) => {
    const name = below === '' ? entry.name : `${below}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === 'fixtures' || entry.name === 'node_modules' ? [] : ruleFiles(name);
    return entry.name.endsWith('.yml') ? [{ name, text: readFileSync(join(PACK, name), 'utf8') }] : [];
  });
}

const LOGS = ['anthropic-messages.jsonl', 'flat-prompt-completion.jsonl', 'gateway-export.csv', 'openai-chat-gateway.jsonl'].map((file) => ({ path: join(PACK, 'samples', file), name: `samples/${file}` }));

describe('campaign view model', function () {
  this.timeout(60_000);
  let result: StatsRunResult;
  before(() => {
    result = runStatsPasses({ rules: ruleFiles(), logs: [...LOGS, { path: join(PACK, 'samples', 'missing.jsonl'), name: 'samples/missing.jsonl' }], flagLevel: 'low', refsPerItem: 50 });
  });

  it('shows the totals of the statistics, and says which log could not be read', () => {
    const { model } = buildPanelModel({ result, generation: 7, pack: 'rules', computedAt: 0 });
    const { stats } = result;
    assert.equal(model.generation, 7);
    assert.deepEqual(model.totals, { records: stats.records, accounts: stats.accounts, flaggedRecords: stats.flaggedRecords, flagLevel: 'low', timeRange: stats.timeRange });
    assert.deepEqual(model.levels.map((entry) => entry.level), ['critical', 'high', 'medium', 'low'].filter((level) => level in stats.totals.levels));
    assert.equal(model.levels.reduce((sum, entry) => sum + entry.count, 0), stats.flaggedRecords);
    assert.deepEqual(model.logs, { count: 5, unreadable: 1, malformedLines: 0 });
    assert.ok(model.notes.some((note) => note.startsWith('1 log could not be read: samples/missing.jsonl (ENOENT)')), model.notes.join(' / '));
  });

  it('lists the campaign with its figures, and a target with its first records', () => {
    const { model, targets } = buildPanelModel({ result, generation: 1, pack: 'rules', computedAt: 0 });
    const campaign = result.stats.campaigns[0]!;
    const card = model.campaigns[0]!;
    assert.equal(model.campaigns.length, 1);
    assert.deepEqual([card.id, card.accounts, card.requests, card.flaggedRequests], [campaign.id, campaign.accounts.length, campaign.requests, campaign.flaggedRequests]);
    const target = targets[card.target!]!;
    assert.deepEqual([target.kind, target.key, target.label, target.total], ['campaign', 'C1', 'Campaign C1', campaign.requests]);
    assert.deepEqual(target.refs, result.stats.refs?.campaigns.find((item) => item.key === 'C1')?.refs);
    assert.equal(card.members.length, LISTED.members);
    assert.equal(card.moreMembers, campaign.accounts.length - LISTED.members);
    // The busiest accounts first: those among the top accounts, in their order.
    const top = result.stats.topAccounts.map((account) => account.id).filter((id) => campaign.accounts.includes(id));
    assert.deepEqual(card.members.map((member) => member.id), top.slice(0, LISTED.members));
    for (const member of card.members) {
      const memberTarget = targets[member.target!]!;
      assert.deepEqual([memberTarget.kind, memberTarget.key], ['account', member.id]);
      assert.equal(memberTarget.total, member.requests);
    }
  });

  it('gives one target per item, shared by every list that shows it', () => {
    const { model, targets } = buildPanelModel({ result, generation: 1, pack: 'rules', computedAt: 0 });
    const keys = targets.map((target) => `${target.kind}:${target.key}`);
    assert.equal(new Set(keys).size, keys.length);
    assert.equal(model.rules.length, Math.min(LISTED.rules, result.stats.totals.rules.length));
    for (const row of model.rules) {
      const target = targets[row.target!]!;
      assert.deepEqual([target.kind, target.key], ['rule', row.key]);
      assert.ok(target.refs.length > 0 && target.refs.length <= 50);
      assert.equal(target.total, result.stats.totals.rules.find((rule) => rule.rule === row.key)?.count);
    }
    const cardRule = model.campaigns[0]!.rules[0]!;
    assert.equal(cardRule.target, model.rules.find((row) => row.key === cardRule.key)?.target);
    assert.equal(model.templates.length, LISTED.templates);
    for (const row of model.templates) assert.deepEqual([targets[row.target!]!.kind, targets[row.target!]!.key], ['template', row.id]);
  });

  it('draws a row for every model the campaign pivoted to, folds the smallest, and keeps every request', () => {
    const { model } = buildPanelModel({ result, generation: 1, pack: 'rules', computedAt: 0 });
    const campaign = result.stats.campaigns[0]!;
    const { timeline } = model.campaigns[0]!;
    assert.ok(campaign.pivots.length > 0);
    for (const pivot of campaign.pivots) {
      const row = timeline.rows.find((candidate) => candidate.model === pivot.model);
      assert.ok(row, `no row for ${pivot.model}`);
      assert.equal(row.pivotAt, pivot.pivotAt);
      assert.equal(row.releasedAt, pivot.firstSeen);
    }
    const other = timeline.rows.at(-1)!;
    assert.ok(other.otherModels !== undefined && other.otherModels > 1);
    assert.equal(timeline.rows.length, Math.max(LISTED.timelineRows, campaign.pivots.length + 1) + 1);
    assert.equal(timeline.rows.reduce((sum, row) => sum + row.total, 0), campaign.requests);
    assert.equal(timeline.peak, Math.max(...timeline.rows.flatMap((row) => row.counts)));
    assert.ok(timeline.rows.every((row) => row.counts.length === timeline.hours));
  });

  it('names a model rather than fold it alone into "1 other model"', () => {
    const campaign = result.stats.campaigns[0]!;
    const pivoted = new Set(campaign.pivots.map((pivot) => pivot.model));
    const room = Math.max(1, LISTED.timelineRows - pivoted.size);
    const others = Object.keys(campaign.timeline.byModel).filter((model) => !pivoted.has(model));
    assert.ok(others.length > room + 1, 'the sample campaign has too few models for this test');
    // The campaign with one model more than there is room for besides its pivots.
    const kept = new Set([...pivoted, ...others.slice(0, room + 1)]);
    const byModel = Object.fromEntries(Object.entries(campaign.timeline.byModel).filter(([model]) => kept.has(model)));
    const narrowed = { ...result, stats: { ...result.stats, campaigns: [{ ...campaign, timeline: { ...campaign.timeline, byModel } }] } };
    const { rows } = buildPanelModel({ result: narrowed, generation: 1, pack: 'rules', computedAt: 0 }).model.campaigns[0]!.timeline;
    assert.deepEqual(rows.map((row) => row.model).sort(), [...kept].sort());
    assert.ok(rows.every((row) => row.otherModels === undefined));
  });

  it('shows log text on one line, without controls or bidi marks, cut to a length', () => {
    assert.equal(shown('acct\u202egnp.exe'), 'acct\ufffdgnp.exe');
    assert.equal(shown('a\nb\r\nc\td'), 'a b c d');
    assert.equal(shown('<img src=x onerror=alert(1)>'), '<img src=x onerror=alert(1)>');
    assert.equal(shown('\u2066x\u2069\u200f\u0007'), '\ufffdx\ufffd\ufffd\ufffd');
    const long = shown('x'.repeat(1000));
    assert.equal(long.length, 240);
    assert.ok(long.endsWith('\u2026'));
  });
});
