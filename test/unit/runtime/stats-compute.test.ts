// The stats worker, as a real worker thread: the same statistics as `promptsift stats` over the
// pack's sample logs, refs to the first records, progress, an abort, an unreadable log, and
// records excluded as false positives.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { runStats } from '../../../src/cli/commands/stats';
import { parseRuleText } from '../../../src/core/rules/load';
import { computeStats, type StatsRunProgress, type StatsRunRequest } from '../../../src/runtime/stats-compute';

const ROOT = join(__dirname, '..', '..', '..');
const PACK = join(ROOT, 'rules');

function ruleFiles(dir: string, below = ''): { name: string; text: string }[] {
  return readdirSync(join(dir, below), { withFileTypes: true }).flatMap((entry) => {
    const name = below === '' ? entry.name : `${below}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === 'fixtures' || entry.name === 'node_modules' ? [] : ruleFiles(dir, name);
    return entry.name.endsWith('.yml') ? [{ name, text: readFileSync(join(dir, name), 'utf8') }] : [];
  });
}

const RULES = ruleFiles(PACK);
const LOGS = ['openai-chat-gateway.jsonl', 'anthropic-messages.jsonl', 'flat-prompt-completion.jsonl', 'gateway-export.csv'].map((file) => ({
  path: join(PACK, 'samples', file),
  name: `samples/${file}`,
}));

describe('stats worker', function () {
  this.timeout(60_000);
  let bundleDir: string;
  let workerPath: string;
  const request: StatsRunRequest = { rules: RULES, logs: LOGS, flagLevel: 'low', refsPerItem: 20, chunkBytes: 16 * 1024 };

  before(async () => {
    bundleDir = mkdtempSync(join(tmpdir(), 'promptsift-stats-worker-'));
    workerPath = join(bundleDir, 'stats-worker.js');
    await esbuild.build({ absWorkingDir: ROOT, entryPoints: ['src/runtime/stats-worker.ts'], outfile: workerPath, bundle: true, platform: 'node', format: 'cjs', logLevel: 'error' });
  });

  after(() => rmSync(bundleDir, { recursive: true, force: true }));

  it('computes the statistics promptsift stats computes, with refs to the first records', async () => {
    const progress: StatsRunProgress[] = [];
    const result = await computeStats(request, { workerPath, onProgress: (p) => progress.push(p) });
    assert.ok(result);
    const rules = RULES.map((file) => parseRuleText(file.name, file.text)).flatMap((file) => file.rules);
    const cli = runStats(LOGS, rules, { flagLevel: 'low' });
    const { refs, ...stats } = result.stats;
    assert.deepEqual(stats, cli.stats);
    assert.deepEqual(result.files.map((f) => [f.name, f.records, f.problems]), cli.files.map((f) => [f.file, f.records, f.problems]));
    assert.equal(stats.campaigns.length, 1);
    const campaign = refs?.campaigns.find((item) => item.key === 'C1');
    assert.equal(campaign?.refs.length, 20);
    // Every ref of an account points at a line of that account, in reading order.
    const account = stats.campaigns[0]!.accounts[0]!;
    const lines = refs?.accounts.find((item) => item.key === account)?.refs ?? [];
    assert.ok(lines.length > 0);
    for (const ref of lines) {
      const log = LOGS.find((l) => l.name === ref.source)!;
      assert.ok(readFileSync(log.path, 'utf8').split('\n')[ref.line - 1]!.includes(account), `${ref.source}:${ref.line} is not a line of ${account}`);
    }
    const order = lines.map((ref) => LOGS.findIndex((l) => l.name === ref.source) * 1e6 + ref.line);
    assert.deepEqual(order, [...order].sort((a, b) => a - b));
    assert.ok(progress.length > 0 && progress.every((p, i) => i === 0 || p.bytesDone >= progress[i - 1]!.bytesDone));
    assert.equal(progress[0]!.phase, 'context');
    assert.equal(progress.at(-1)!.phase, 'records');
  });

  it('resolves with nothing when aborted, at once', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const pending = computeStats(request, { workerPath, signal: controller.signal, onProgress: () => controller.abort() });
    assert.equal(await pending, undefined);
    assert.ok(performance.now() - started < 10_000);
    const aborted = new AbortController();
    aborted.abort();
    assert.equal(await computeStats(request, { workerPath, signal: aborted.signal }), undefined);
  });

  it('counts a log it cannot read and reads the others', async () => {
    const result = await computeStats({ ...request, logs: [{ path: join(bundleDir, 'missing.jsonl'), name: 'missing.jsonl' }, LOGS[0]!] }, { workerPath });
    assert.deepEqual(result?.files.map((f) => [f.name, f.error]), [['missing.jsonl', 'ENOENT'], ['samples/openai-chat-gateway.jsonl', undefined]]);
    assert.ok((result?.stats.records ?? 0) > 0);
  });

  it('takes matches marked as false positives as no matches, and still counts their records', async () => {
    const full = await computeStats({ ...request, logs: [LOGS[0]!] }, { workerPath });
    const flagging = full?.stats.totals.rules.find((rule) => rule.isFlagging)?.rule;
    const first = full?.stats.refs?.rules.find((item) => item.key === flagging)?.refs[0];
    assert.ok(first);
    const count = (result: typeof full | undefined) => result?.stats.totals.rules.find((rule) => rule.rule === flagging)?.count ?? 0;
    const oneRule = await computeStats({ ...request, logs: [LOGS[0]!], excluded: [{ ...first, rule: flagging }] }, { workerPath });
    assert.equal(oneRule?.stats.records, full?.stats.records);
    assert.equal(count(oneRule), count(full) - 1);
    const otherRule = await computeStats({ ...request, logs: [LOGS[0]!], excluded: [{ ...first, rule: 'some_other_rule' }] }, { workerPath });
    assert.equal(count(otherRule), count(full));
    const everyRule = await computeStats({ ...request, logs: [LOGS[0]!], excluded: [first] }, { workerPath });
    assert.equal(everyRule?.stats.flaggedRecords, (full?.stats.flaggedRecords ?? 0) - 1);
  });

  it('rejects when the worker fails', async () => {
    await assert.rejects(computeStats(request, { workerPath: join(bundleDir, 'no-such-worker.js') }));
  });
});
