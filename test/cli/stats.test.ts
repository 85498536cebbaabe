import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStats } from '../../src/cli/commands/stats';
import { parseRuleText } from '../../src/core/rules/load';
import { ensureBuilt, ROOT, runCli } from './helpers';

const CWD = join(ROOT, 'test/fixtures/stats');
const stats = (...args: string[]): ReturnType<typeof runCli> => runCli(['stats', ...args], { cwd: CWD });

describe('promptsift stats', function () {
  this.timeout(60_000);
  before(() => ensureBuilt());

  it('prints the campaign, its pivot and evidence as text, with log text escaped', () => {
    const result = stats('--rules', 'rules', 'logs');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
    const out = result.stdout;
    assert.match(out, /^promptsift stats: 130 records in 2 file\(s\) \(1 unreadable lines or warnings\), 10 accounts, 78 flagged \(60\.0%\)/);
    assert.match(out, /\n {2}C1 {2}4 accounts, 96 requests, 80\.2% flagged/);
    assert.match(out, /linked by: payment_fingerprint pf_farm \(3 of 3 accounts\); api_key_id key_pool \(2 of 2 accounts\)/);
    assert.match(out, /pivot: model-new first seen 2026-11-20 17:06; the campaign moved at 2026-11-21 06:00 \(\+12\.9 h\): 50\.0% of its traffic in the next 24 h/);
    assert.match(out, /medium shared_card payment_fingerprint=pf_farm value 3/);
    assert.match(out, /logs\/gateway\.jsonl:129:77: error log-malformed/);
    assert.ok(out.includes('acct_evil\\u001b[31m<b>'));
    assert.ok(!out.includes('\u001b'), 'no raw escape character from the logs reaches the terminal');
  });

  it('writes the JSON shape with ISO times', () => {
    const result = stats('--rules', 'rules', '--format', 'json', 'logs/gateway.jsonl', 'logs/export.csv');
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout) as Record<string, unknown> & { campaigns: Record<string, unknown>[]; correlations: Record<string, unknown>[] };
    assert.deepEqual(Object.keys(json).slice(0, 5), ['records', 'accounts', 'flaggedRecords', 'timedRecords', 'flagLevel']);
    assert.equal(json.records, 130);
    assert.equal(json.accounts, 10);
    assert.equal(json.flaggedRecords, 78);
    const [campaign] = json.campaigns;
    assert.ok(campaign);
    for (const key of ['id', 'accounts', 'requests', 'flaggedRequests', 'firstSeen', 'lastSeen', 'models', 'templates', 'rules', 'pivots']) assert.ok(key in campaign, key);
    assert.deepEqual(campaign.accounts, ['acct_farm1', 'acct_farm2', 'acct_farm3', 'acct_farm4']);
    assert.equal(campaign.firstSeen, '2026-11-20T00:06:00.000Z');
    assert.deepEqual(campaign.models, { 'model-old': 78, 'model-new': 18 });
    const [pivot] = campaign.pivots as Record<string, unknown>[];
    assert.deepEqual(pivot, {
      model: 'model-new',
      firstSeen: '2026-11-20T17:06:00.000Z',
      pivotAt: '2026-11-21T06:00:00.000Z',
      hoursAfterFirstSeen: 12.9,
      shareBefore: 0,
      shareAfter: 0.5,
      baselineShare: 0,
      baselineRequests: 0,
      requestsAfter: 36,
    });
    assert.equal(json.correlations.length, 1);
    assert.deepEqual(json.correlations[0]?.group, { payment_fingerprint: 'pf_farm' });
    assert.deepEqual(json.files, [{ file: 'logs/gateway.jsonl', records: 128, problems: 1 }, { file: 'logs/export.csv', records: 2, problems: 0 }]);
  });

  it('writes Markdown to stdout and a self-contained HTML report to a file', () => {
    const md = stats('--rules', 'rules', '--format', 'md', 'logs');
    assert.equal(md.code, 0);
    assert.match(md.stdout, /^# PromptSift campaign report\n/);
    assert.match(md.stdout, /### C1: 4 accounts, 96 requests, 80\.2% flagged/);
    const dir = mkdtempSync(join(tmpdir(), 'promptsift-stats-'));
    try {
      const html = stats('--rules', 'rules', '--format', 'html', '--output', join(dir, 'report.html'), 'logs');
      assert.deepEqual([html.code, html.stdout], [0, '']);
      const text = readFileSync(join(dir, 'report.html'), 'utf8');
      assert.match(text, /^<!DOCTYPE html>/);
      assert.ok(!text.includes('<script'));
      assert.ok(text.includes('acct_evil\ufffd[31m&lt;b&gt;'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits with 1 on a campaign or a correlation finding when --fail-on asks for it', () => {
    assert.equal(stats('--rules', 'rules', '--fail-on', 'campaign', 'logs').code, 1);
    assert.equal(stats('--rules', 'rules', '--fail-on', 'correlation', 'logs/export.csv').code, 0);
    assert.equal(stats('--rules', 'rules', '--fail-on', 'never', 'logs').code, 0);
  });

  it('raises the flagging level with --flag-level', () => {
    const json = JSON.parse(stats('--rules', 'rules', '--format', 'json', '--flag-level', 'critical', 'logs').stdout) as { flaggedRecords: number; campaigns: unknown[] };
    assert.deepEqual([json.flaggedRecords, json.campaigns.length], [0, 0]);
  });

  it('reports usage errors with exit 2', () => {
    assert.deepEqual(stats('logs'), { code: 2, stdout: '', stderr: 'promptsift: --rules is required (see promptsift stats --help)\n' });
    assert.deepEqual(stats('--rules', 'rules'), { code: 2, stdout: '', stderr: 'promptsift: no log files given (see promptsift stats --help)\n' });
    assert.deepEqual(stats('--rules', 'rules', 'missing.jsonl'), { code: 2, stdout: '', stderr: 'promptsift: missing.jsonl: no such file or directory\n' });
    assert.equal(stats('--rules', 'rules', '--format', 'xml', 'logs').code, 2);
  });

  it('gives the same statistics, raw text and problem positions when the logs are read in tiny chunks', () => {
    const rules = parseRuleText('rules/extraction.yml', readFileSync(join(CWD, 'rules/extraction.yml'), 'utf8')).rules;
    const logs = ['logs/gateway.jsonl', 'logs/export.csv'].map((name) => ({ path: join(CWD, name), name }));
    const whole = runStats(logs, rules, { flagLevel: 'low' });
    // 61 bytes: chunks end inside records, inside lines longer than a chunk and inside CSV quotes.
    const pieces = runStats(logs, rules, { flagLevel: 'low', chunkBytes: 61 });
    assert.deepEqual(pieces, whole);
    assert.deepEqual(whole.problems.map((p) => [p.file, p.line, p.column, p.checkId]), [['logs/gateway.jsonl', 129, 77, 'log-malformed']]);
  });

  it('documents every option in --help', () => {
    const help = stats('--help');
    assert.equal(help.code, 0);
    assert.deepEqual([...new Set(help.stdout.match(/--[a-z-]+/g))].sort(), ['--config', '--fail-on', '--flag-level', '--format', '--help', '--output', '--rules']);
  });
});
