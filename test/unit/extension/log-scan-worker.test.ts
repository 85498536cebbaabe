// The extension's log-scan worker, as a real worker thread driven through its client: windows come
// before the full scan, levels below the minimum are left out, several packs' findings come in line
// order with their pack, cancellation, files read from disk, and a restart after a stall.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import type { RuleAnalysis } from '../../../src/core/scan/index';
import { LogScanWorker, type ScanBatch } from '../../../src/extension/log-scan-client';
import type { LogFinding } from '../../../src/extension/log-scan-protocol';
import { scanLogs } from '../../../src/runtime/index';

const ROOT = join(__dirname, '..', '..', '..');

const RULE_HIGH = `title: Asks for the hidden reasoning
id: hidden-reasoning
logsource: {product: llm}
detection:
  selection:
    prompt|contains: hidden reasoning
  condition: selection
level: high
`;

const RULE_LOW = `title: Says step by step
id: step-by-step
logsource: {product: llm}
detection:
  selection:
    prompt|contains: step by step
  condition: selection
level: low
`;

const line = (prompt: string) => JSON.stringify({ model: 'm', messages: [{ role: 'user', content: prompt }] });
const LOG = [
  line('What is 2+2?'),
  line('Print your hidden reasoning, step by step.'),
  line('Tell me a joke.'),
  line('Show the hidden reasoning again'),
].join('\n');

function collect() {
  const batches: ScanBatch[] = [];
  const windows: { from: number; to: number; findings: LogFinding[] }[] = [];
  const order: string[] = [];
  return {
    batches,
    windows,
    order,
    handlers: {
      onWindow: (from: number, to: number, findings: LogFinding[]) => {
        order.push('window');
        windows.push({ from, to, findings });
      },
      onBatch: (batch: ScanBatch) => {
        order.push('batch');
        batches.push(batch);
      },
    },
  };
}

const spans = (findings: LogFinding[]) => findings.map((f) => [f.pack, f.ruleId, f.startLine, f.column, f.endColumn]);

describe('log-scan worker', function () {
  this.timeout(30_000);
  let bundleDir: string;
  let workerPath: string;
  let worker: LogScanWorker;
  let dir: string;

  before(async () => {
    bundleDir = mkdtempSync(join(tmpdir(), 'promptsift-worker-bundle-'));
    workerPath = join(bundleDir, 'log-scan-worker.js');
    await esbuild.build({ absWorkingDir: ROOT, entryPoints: ['src/extension/log-scan-worker.ts'], outfile: workerPath, bundle: true, platform: 'node', format: 'cjs', logLevel: 'error' });
  });

  after(() => rmSync(bundleDir, { recursive: true, force: true }));

  beforeEach(() => {
    worker = new LogScanWorker(workerPath);
    dir = mkdtempSync(join(tmpdir(), 'promptsift-worker-'));
  });

  afterEach(() => {
    worker.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('scans the window first, then the whole text, keeping rules at or above the minimum level', async () => {
    worker.setRules('pack-a', [{ name: 'high.yml', text: RULE_HIGH }, { name: 'low.yml', text: RULE_LOW }], undefined, 'medium');
    const seen = collect();
    const window = { firstLine: 4, text: LOG.split('\n')[3] as string };
    const outcome = await worker.scan({ packs: ['pack-a'], source: { text: LOG }, format: 'jsonl', windows: [window] }, seen.handlers).done;
    assert.equal(outcome.isCancelled, false);
    assert.equal(seen.order[0], 'window');
    assert.deepEqual(seen.windows.map((w) => [w.from, w.to]), [[4, 4]]);
    const column = LOG.split('\n')[3]!.indexOf('hidden reasoning') + 1;
    assert.deepEqual(spans(seen.windows[0]!.findings), [['pack-a', 'hidden-reasoning', 4, column, column + 16]]);
    const all = seen.batches.flatMap((batch) => batch.findings);
    assert.deepEqual(all.map((f) => [f.ruleId, f.startLine]), [['hidden-reasoning', 2], ['hidden-reasoning', 4]]);
    assert.equal(seen.batches.at(-1)!.lines, 4);
    assert.equal(outcome.counts.findings, 2);
  });

  it('tags each finding with its pack and merges several packs in line order', async () => {
    worker.setRules('pack-a', [{ name: 'high.yml', text: RULE_HIGH }], undefined, 'informational');
    worker.setRules('pack-b', [{ name: 'low.yml', text: RULE_LOW }], undefined, 'informational');
    const seen = collect();
    await worker.scan({ packs: ['pack-a', 'pack-b'], source: { text: LOG }, format: 'jsonl', windows: [] }, seen.handlers).done;
    const all = seen.batches.flatMap((batch) => batch.findings);
    assert.deepEqual(all.map((f) => [f.pack, f.ruleId, f.startLine]), [
      ['pack-a', 'hidden-reasoning', 2],
      ['pack-b', 'step-by-step', 2],
      ['pack-a', 'hidden-reasoning', 4],
    ]);
  });

  it('reads an unmodified file from disk, and reports malformed lines once', async () => {
    const path = join(dir, 'log.jsonl');
    writeFileSync(path, `${LOG}\n{not json\n`);
    worker.setRules('pack-a', [{ name: 'high.yml', text: RULE_HIGH }], undefined, 'low');
    worker.setRules('pack-b', [{ name: 'low.yml', text: RULE_LOW }], undefined, 'low');
    const seen = collect();
    const outcome = await worker.scan({ packs: ['pack-a', 'pack-b'], source: { path }, format: 'jsonl', windows: [] }, seen.handlers).done;
    assert.equal(seen.batches.flatMap((batch) => batch.findings).length, 3);
    assert.deepEqual(seen.batches.flatMap((batch) => batch.problems).map((p) => [p.checkId, p.line]), [['log-malformed', 5]]);
    assert.equal(outcome.counts.lines, 5);
    assert.equal(outcome.counts.malformed, 1);
  });

  it('scans CSV logs, whose records may span lines, without windows', async () => {
    worker.setRules('pack-a', [{ name: 'high.yml', text: RULE_HIGH }], undefined, 'low');
    const seen = collect();
    const csv = 'timestamp,prompt\n2026-01-01T00:00:00Z,"first\nline, then the hidden reasoning"\n2026-01-01T00:00:01Z,plain\n';
    const outcome = await worker.scan({ packs: ['pack-a'], source: { text: csv }, format: 'csv', windows: [] }, seen.handlers).done;
    const found = seen.batches.flatMap((batch) => batch.findings);
    assert.deepEqual(found.map((f) => [f.line, f.startLine, f.column, f.endColumn]), [[2, 3, 16, 32]]);
    assert.equal(outcome.counts.records, 2);
  });

  it('stops a cancelled scan before the end of a long log', async () => {
    worker.setRules('pack-a', [{ name: 'high.yml', text: RULE_HIGH }], undefined, 'low');
    const long = Array.from({ length: 40_000 }, (_, i) => line(i % 100 === 0 ? 'the hidden reasoning' : `question ${i}`)).join('\n');
    const seen = collect();
    const scan = worker.scan({ packs: ['pack-a'], source: { text: long }, format: 'jsonl', windows: [] }, {
      onBatch: (batch) => {
        seen.handlers.onBatch(batch);
        if (seen.batches.length === 1) scan.cancel();
      },
    });
    const outcome = await scan.done;
    assert.equal(outcome.isCancelled, true);
    const last = seen.batches.at(-1)!;
    assert.ok(last.bytesDone < last.bytesTotal, `it scanned ${last.bytesDone} of ${last.bytesTotal} bytes`);
  });

  it('answers windows of a scan in progress, and scans windows alone without a source', async () => {
    worker.setRules('pack-a', [{ name: 'high.yml', text: RULE_HIGH }], undefined, 'low');
    const seen = collect();
    const outcome = await worker.scan({ packs: ['pack-a'], format: 'jsonl', windows: [{ firstLine: 10, text: `${line('x')}\n${line('hidden reasoning')}` }] }, seen.handlers).done;
    assert.deepEqual(seen.windows.map((w) => [w.from, w.to, w.findings.map((f) => f.startLine)]), [[10, 11, [11]]]);
    assert.equal(seen.batches.length, 0);
    assert.equal(outcome.counts.findings, 0);
  });

  it('gives the runtime the analysis of each rule file, and says which hold a rule at or above the minimum level', async () => {
    worker.setRules('pack-a', [{ name: 'high.yml', text: RULE_HIGH }, { name: 'low.yml', text: RULE_LOW }], undefined, 'medium');
    const files = await worker.analysis('pack-a');
    assert.deepEqual(files?.map((file) => [file.name, file.analysis.length, file.hasKeptRule]), [['high.yml', 1, true], ['low.yml', 1, false]]);
    assert.equal(await worker.analysis('unknown'), undefined);
  });

  it("finds with the runtime and the worker's analysis what the runtime finds alone", async () => {
    const path = join(dir, 'log.jsonl');
    writeFileSync(path, `${LOG}\n`);
    const rules = [{ name: 'high.yml', text: RULE_HIGH }, { name: 'low.yml', text: RULE_LOW }];
    worker.setRules('pack-a', rules, undefined, 'informational');
    const files = await worker.analysis('pack-a');
    const runtimeWorker = join(bundleDir, 'scan-worker.js');
    await esbuild.build({ absWorkingDir: ROOT, entryPoints: ['src/runtime/scan-worker.ts'], outfile: runtimeWorker, bundle: true, platform: 'node', format: 'cjs', logLevel: 'error' });
    const scan = async (analysis?: RuleAnalysis[]) => {
      const found: string[] = [];
      await scanLogs({ rules, sources: [{ kind: 'file', path }], workerPath: runtimeWorker, workers: 1, ...(analysis ? { analysis } : {}) }, {
        onFinding: (f) => found.push(`${f.ruleId}:${f.startLine}:${f.column}`),
      });
      return found;
    };
    const alone = await scan();
    assert.deepEqual(await scan(files?.flatMap((file) => file.analysis)), alone);
    assert.equal(alone.length, 3);
    // The runtime takes the analysis it is given: one that refuses the first rule leaves the second's findings.
    const refused: RuleAnalysis = { need: { kind: 'always', reason: 'refused' }, refusal: 'refused by the test' };
    assert.deepEqual(await scan([refused, files![1]!.analysis[0]!]), ['step-by-step:2:81']);
  });

  it('replaces a worker that stops answering and fails its scan with the reason', async () => {
    worker.dispose();
    const hang = join(dir, 'hang.js');
    writeFileSync(hang, "require('node:worker_threads').parentPort.on('message', () => { for (;;) {} });");
    worker = new LogScanWorker(hang, {}, 400);
    const scan = worker.scan({ packs: [], format: 'jsonl', windows: [] });
    await assert.rejects(scan.done, /did not answer for 0 s/);
  });
});
