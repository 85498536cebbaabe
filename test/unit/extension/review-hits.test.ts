import assert from 'node:assert/strict';
import { groupHits, hitId, NO_ACCOUNT, NO_CAMPAIGN, stepIndex, treeOrder, type ReviewHit } from '../../../src/extension/review-hits';

function hit(file: string, line: number, rule: string, level: string, account?: string, column = 10): ReviewHit {
  const log = `file:///w/${file}`;
  return {
    id: hitId(log, line, 'pack', `rules/${rule}.yml`, rule),
    log,
    file,
    line,
    spans: [{ startLine: line, column, endLine: line, endColumn: column + 5 }],
    pack: 'pack',
    ruleSource: `rules/${rule}.yml`,
    ruleOffset: 0,
    ruleId: rule,
    title: `Title of ${rule}`,
    level,
    field: 'prompt',
    matched: 'text',
    ...(account ? { account } : {}),
    recordKey: `${file}:${line}`,
  };
}

const hits = [
  hit('logs/b.jsonl', 3, 'medium-rule', 'medium', 'acct_2'),
  hit('logs/a.jsonl', 7, 'high-rule', 'high', 'acct_1'),
  hit('logs/a.jsonl', 2, 'medium-rule', 'medium'),
  hit('logs/b.jsonl', 1, 'high-rule', 'high', 'acct_2'),
  hit('logs/a.jsonl', 2, 'high-rule', 'high', 'acct_1', 40),
  hit('logs/a.jsonl', 9, 'medium-rule', 'medium', 'acct_2'),
  hit('logs/a.jsonl', 4, 'critical-rule', 'critical', 'acct_3'),
];
const where = (list: readonly ReviewHit[]) => list.map((item) => `${item.file}:${item.line} ${item.ruleId}`);

describe('review hits', () => {
  it('groups by rule: the most severe level first, then the most hits; hits in log and line order', () => {
    const groups = groupHits(hits, 'rule');
    assert.deepEqual(groups.map((group) => [group.label, group.level, group.hits.length]), [
      ['Title of critical-rule', 'critical', 1],
      ['Title of high-rule', 'high', 3],
      ['Title of medium-rule', 'medium', 3],
    ]);
    assert.deepEqual(where(groups[1]?.hits ?? []), ['logs/a.jsonl:2 high-rule', 'logs/a.jsonl:7 high-rule', 'logs/b.jsonl:1 high-rule']);
  });

  it('breaks ties between rules of one level by count, then by title', () => {
    const groups = groupHits([hit('a', 1, 'zeta', 'high'), hit('a', 2, 'alpha', 'high'), hit('a', 3, 'zeta', 'high')], 'rule');
    assert.deepEqual(groups.map((group) => group.label), ['Title of zeta', 'Title of alpha']);
    const even = groupHits([hit('a', 1, 'zeta', 'high'), hit('a', 2, 'alpha', 'high')], 'rule');
    assert.deepEqual(even.map((group) => group.label), ['Title of alpha', 'Title of zeta']);
  });

  it('groups by account: the most hits first, hits without an account last', () => {
    const groups = groupHits(hits, 'account');
    assert.deepEqual(groups.map((group) => [group.label, group.hits.length]), [['acct_2', 3], ['acct_1', 2], ['acct_3', 1], [NO_ACCOUNT, 1]]);
  });

  it('groups by campaign in the order given, an account in two campaigns under both, the rest last', () => {
    const campaigns = [
      { key: 'c2', label: 'Campaign two', accounts: new Set(['acct_2', 'acct_3']) },
      { key: 'c9', label: 'Empty campaign', accounts: new Set(['acct_9']) },
      { key: 'c1', label: 'Campaign one', accounts: new Set(['acct_1', 'acct_3']) },
    ];
    const groups = groupHits(hits, 'campaign', campaigns);
    assert.deepEqual(groups.map((group) => [group.label, group.hits.length]), [['Campaign two', 4], ['Campaign one', 3], [NO_CAMPAIGN, 1]]);
    const order = treeOrder(groups);
    assert.equal(order.length, hits.length, 'a hit under two campaigns is stepped to once');
    assert.deepEqual(where(order).slice(0, 4), ['logs/a.jsonl:4 critical-rule', 'logs/a.jsonl:9 medium-rule', 'logs/b.jsonl:1 high-rule', 'logs/b.jsonl:3 medium-rule']);
  });

  it('steps through the tree order across files, and wraps at both ends', () => {
    const order = treeOrder(groupHits(hits, 'rule'));
    assert.deepEqual(where(order), [
      'logs/a.jsonl:4 critical-rule',
      'logs/a.jsonl:2 high-rule',
      'logs/a.jsonl:7 high-rule',
      'logs/b.jsonl:1 high-rule',
      'logs/a.jsonl:2 medium-rule',
      'logs/a.jsonl:9 medium-rule',
      'logs/b.jsonl:3 medium-rule',
    ]);
    assert.deepEqual(stepIndex(order, undefined, 1), { index: 0, hasWrapped: false });
    assert.deepEqual(stepIndex(order, undefined, -1), { index: 6, hasWrapped: false });
    assert.deepEqual(stepIndex(order, { hitId: order[2]?.id as string }, 1), { index: 3, hasWrapped: false });
    assert.deepEqual(stepIndex(order, { hitId: order[3]?.id as string }, -1), { index: 2, hasWrapped: false });
    assert.deepEqual(stepIndex(order, { hitId: order[6]?.id as string }, 1), { index: 0, hasWrapped: true });
    assert.deepEqual(stepIndex(order, { hitId: order[0]?.id as string }, -1), { index: 6, hasWrapped: true });
    assert.equal(stepIndex([], undefined, 1), undefined);
  });

  it('steps from the cursor to the nearest hit of that log after or before it', () => {
    const order = treeOrder(groupHits(hits, 'rule'));
    const a = 'file:///w/logs/a.jsonl';
    assert.equal(where([order[stepIndex(order, { log: a, line: 2, column: 20 }, 1)?.index as number] as ReviewHit])[0], 'logs/a.jsonl:2 high-rule');
    assert.equal(where([order[stepIndex(order, { log: a, line: 2, column: 40 }, 1)?.index as number] as ReviewHit])[0], 'logs/a.jsonl:4 critical-rule');
    assert.equal(where([order[stepIndex(order, { log: a, line: 7, column: 1 }, -1)?.index as number] as ReviewHit])[0], 'logs/a.jsonl:4 critical-rule');
    assert.equal(where([order[stepIndex(order, { log: a, line: 2, column: 40 }, -1)?.index as number] as ReviewHit])[0], 'logs/a.jsonl:2 medium-rule');
    // Past the last hit of the log: the first hit of the tree.
    assert.deepEqual(stepIndex(order, { log: a, line: 50, column: 1 }, 1), { index: 0, hasWrapped: false });
    // A hit that is gone: from the start.
    assert.deepEqual(stepIndex(order, { hitId: 'gone' }, 1), { index: 0, hasWrapped: false });
  });
});
