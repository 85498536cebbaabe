import assert from 'node:assert/strict';
import { formatTriage, isRelativePath, isSafeToRewrite, markKey, parseTriage, withChange, type TriageMark } from '../../../src/extension/triage-file';

const mark = (overrides: Partial<TriageMark>): TriageMark => ({
  file: 'logs/a.jsonl',
  recordKey: 'req-1',
  ruleId: 'rule-1',
  verdict: 'confirmed',
  at: '2026-11-28T10:00:00.000Z',
  ...overrides,
});

describe('triage file', () => {
  it('writes one line per mark, keys in a stable order, sorted by file, record and rule', () => {
    const text = formatTriage([
      mark({ file: 'logs/b.jsonl', recordKey: 'req-1' }),
      mark({ recordKey: 'req-2', verdict: 'false_positive', note: 'staff test', by: 'ana' }),
      mark({ recordKey: 'req-2', ruleId: 'rule-0', verdict: 'needs_review' }),
      mark({}),
    ]);
    assert.equal(
      text,
      [
        '{"file":"logs/a.jsonl","recordKey":"req-1","ruleId":"rule-1","verdict":"confirmed","at":"2026-11-28T10:00:00.000Z"}',
        '{"file":"logs/a.jsonl","recordKey":"req-2","ruleId":"rule-0","verdict":"needs_review","at":"2026-11-28T10:00:00.000Z"}',
        '{"file":"logs/a.jsonl","recordKey":"req-2","ruleId":"rule-1","verdict":"false_positive","note":"staff test","by":"ana","at":"2026-11-28T10:00:00.000Z"}',
        '{"file":"logs/b.jsonl","recordKey":"req-1","ruleId":"rule-1","verdict":"confirmed","at":"2026-11-28T10:00:00.000Z"}',
        '',
      ].join('\n'),
    );
  });

  it('reads back what it writes, and writes the same text again', () => {
    const marks = [mark({ note: 'a "quoted"\nnote', by: 'b' }), mark({ recordKey: 'line:00ff', verdict: 'needs_review' })];
    const text = formatTriage(marks);
    const parsed = parseTriage(text);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual([...parsed.marks.values()].sort((a, b) => a.recordKey.localeCompare(b.recordKey)), [...marks].sort((a, b) => a.recordKey.localeCompare(b.recordKey)));
    assert.equal(formatTriage(parsed.marks.values()), text);
  });

  it('orders by code units, whatever the locale', () => {
    const text = formatTriage([mark({ recordKey: 'b' }), mark({ recordKey: 'B' }), mark({ recordKey: 'ä' }), mark({ recordKey: 'a' })]);
    assert.deepEqual(text.trimEnd().split('\n').map((line) => JSON.parse(line).recordKey), ['B', 'a', 'b', 'ä']);
  });

  it('reads both sides of a merge conflict, reports the markers, and keeps the later mark of a record', () => {
    const ours = JSON.stringify(mark({ verdict: 'confirmed', at: '2026-11-28T10:00:00.000Z' }));
    const theirs = JSON.stringify(mark({ verdict: 'false_positive', at: '2026-11-29T09:00:00.000Z' }));
    const other = JSON.stringify(mark({ recordKey: 'req-9' }));
    const parsed = parseTriage(['<<<<<<< HEAD', ours, '=======', theirs, other, '>>>>>>> review/bob', ''].join('\n'));
    assert.deepEqual(parsed.problems.map((problem) => [problem.line, problem.kind]), [[1, 'conflict-marker'], [3, 'conflict-marker'], [4, 'duplicate'], [6, 'conflict-marker']]);
    assert.equal(parsed.marks.get(markKey(mark({})))?.verdict, 'false_positive');
    assert.equal(parsed.marks.size, 2);
    assert.equal(isSafeToRewrite(parsed.problems), false);
  });

  it('keeps the earlier line when it is the later mark', () => {
    const parsed = parseTriage([JSON.stringify(mark({ verdict: 'false_positive', at: '2026-12-01T00:00:00Z' })), JSON.stringify(mark({ at: '2026-11-01T00:00:00Z' }))].join('\n'));
    assert.equal(parsed.marks.get(markKey(mark({})))?.verdict, 'false_positive');
    assert.equal(isSafeToRewrite(parsed.problems), true);
  });

  it('reports lines that are not marks, with their line numbers, and reads the rest', () => {
    const lines = [
      JSON.stringify(mark({})),
      '{"file": "logs/a.jsonl"',
      JSON.stringify({ ...mark({}), verdict: 'maybe' }),
      JSON.stringify({ ...mark({}), file: '../outside.jsonl' }),
      JSON.stringify({ ...mark({}), at: 'yesterday' }),
      '[1, 2]',
      JSON.stringify({ ...mark({ recordKey: 'req-3' }), note: 5 }),
      '   ',
      JSON.stringify(mark({ recordKey: 'req-4' })),
    ];
    const parsed = parseTriage(lines.join('\r\n'));
    assert.deepEqual(parsed.problems.map((problem) => [problem.line, problem.kind]), [[2, 'not-json'], [3, 'not-a-mark'], [4, 'not-a-mark'], [5, 'not-a-mark'], [6, 'not-a-mark'], [7, 'not-a-mark']]);
    assert.match(parsed.problems[1]?.message ?? '', /verdict must be one of confirmed, false_positive, needs_review/);
    assert.deepEqual([...parsed.marks.values()].map((found) => found.recordKey), ['req-1', 'req-4']);
    assert.equal(isSafeToRewrite(parsed.problems), false);
  });

  it('keeps keys it does not know, after its own, sorted', () => {
    const parsed = parseTriage(JSON.stringify({ zeta: 1, ...mark({}), alpha: 'x' }));
    assert.equal(formatTriage(parsed.marks.values()), '{"file":"logs/a.jsonl","recordKey":"req-1","ruleId":"rule-1","verdict":"confirmed","at":"2026-11-28T10:00:00.000Z","alpha":"x","zeta":1}\n');
  });

  it('sets a verdict in place of the earlier one of the same record and rule, and clears it', () => {
    const first = withChange(new Map(), { set: mark({}) });
    const second = withChange(first, { set: mark({ verdict: 'false_positive', at: '2026-11-29T00:00:00.000Z' }) });
    assert.equal(second.size, 1);
    assert.equal(second.get(markKey(mark({})))?.verdict, 'false_positive');
    assert.equal(first.get(markKey(mark({})))?.verdict, 'confirmed', 'the earlier map is left as it was');
    assert.equal(withChange(second, { clear: markKey(mark({})) }).size, 0);
    assert.equal(formatTriage([]), '');
  });

  it('accepts only paths inside the workspace folder', () => {
    for (const good of ['a.jsonl', 'logs/2026/a.jsonl', 'a..b.jsonl']) assert.ok(isRelativePath(good), good);
    for (const bad of ['/etc/passwd', '../a.jsonl', 'logs/../../a', 'C:/a.jsonl', 'logs\\a.jsonl', 'logs//a', './a']) assert.ok(!isRelativePath(bad), bad);
  });
});
