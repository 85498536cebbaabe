// The runtime on worker threads: segments in order, progress, cancellation, the watchdog, and
// logs left untouched. The worker runs from a bundle built once into a temporary directory.

import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import type { RuleFile } from '../../../src/core/model';
import { parseRuleText } from '../../../src/core/rules/load';
import { scanLogs, type FileFinding, type FileNotice, type ScanProgress, type ScanRequest } from '../../../src/runtime/index';
import { llmRule, planFrom, scanAll } from './helpers';

const ROOT = resolve(__dirname, '../../..');
const RULES = [llmRule('steps', "prompt|contains: 'step by step'"), llmRule('cot', "prompt|re: '(?i)chain[- ]of[- ]thought'")];

function logLines(count: number): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const prompt = i % 7 === 0 ? `line ${i}: think step by step` : i % 11 === 0 ? `café 😀 chain of thought ${i}` : `benign text number ${i} ${'x'.repeat(i % 50)}`;
    lines.push(i % 97 === 5 ? '{"broken": ' : JSON.stringify({ request_id: `r${i}`, prompt }));
  }
  return `${lines.join('\n')}\n`;
}

describe('scan runtime', function () {
  this.timeout(60_000);
  let directory: string;
  let workerPath: string;
  let logPath: string;
  const text = logLines(3000);

  before(async () => {
    directory = mkdtempSync(join(tmpdir(), 'promptsift-scan-'));
    workerPath = join(directory, 'scan-worker.js');
    await esbuild.build({ absWorkingDir: ROOT, entryPoints: ['src/runtime/scan-worker.ts'], outfile: workerPath, bundle: true, platform: 'node', format: 'cjs', logLevel: 'error' });
    logPath = join(directory, 'prompts.jsonl');
    writeFileSync(logPath, text);
  });
  after(() => rmSync(directory, { recursive: true, force: true }));

  const request = (extra: Partial<ScanRequest> = {}): ScanRequest => ({
    rules: [{ name: 'rules.yml', text: RULES.join('---\n') }],
    sources: [{ kind: 'file', path: logPath, name: 'prompts.jsonl' }],
    workerPath,
    ...extra,
  });

  it('gives, over many small segments on two workers, exactly what one in-process scan gives, in file order', async () => {
    const findings: FileFinding[] = [];
    const problems: number[] = [];
    const result = await scanLogs(request({ segmentBytes: 5000, workers: 2 }), {
      onFinding: (finding) => findings.push(finding),
      onProblem: (problem) => problems.push(problem.line),
    });
    const expected = scanAll(planFrom(RULES), text);
    const { file: _file, ...first } = findings[0] as FileFinding;
    assert.equal(_file, 'prompts.jsonl');
    assert.deepEqual(first, expected.findings[0]);
    assert.deepEqual(findings.map(({ file: _f, ...rest }) => rest), expected.findings);
    assert.deepEqual(problems, expected.problems.map((problem) => problem.line));
    assert.deepEqual(result.counts, expected.counts);
    assert.equal(result.cancelled, false);
  });

  it('reports progress up to every byte', async () => {
    const progress: ScanProgress[] = [];
    await scanLogs(request({ segmentBytes: 20_000 }), { onProgress: (p) => progress.push(p) });
    const last = progress[progress.length - 1] as ScanProgress;
    assert.equal(last.bytesDone, statSync(logPath).size);
    assert.equal(last.bytesTotal, statSync(logPath).size);
    assert.ok(progress.every((p, i) => i === 0 || p.bytesDone >= (progress[i - 1] as ScanProgress).bytesDone));
  });

  it('scans an in-memory text (an open document) the same way as its file', async () => {
    const findings: FileFinding[] = [];
    await scanLogs(request({ sources: [{ kind: 'text', text, name: 'untitled.jsonl' }] }), { onFinding: (f) => findings.push(f) });
    assert.deepEqual(findings.map(({ file: _f, ...rest }) => rest), scanAll(planFrom(RULES), text).findings);
  });

  it('stops when cancelled, and says so', async () => {
    const controller = new AbortController();
    const scan = scanLogs(request({ segmentBytes: 2000, signal: controller.signal }), {});
    controller.abort();
    const result = await scan;
    assert.equal(result.cancelled, true);
  });

  it('stops a rule stuck on one record, reports it, and resumes after that record without it', async () => {
    const stuckRules = [...RULES, llmRule('slow', "prompt|re: '(?i)^(a|aa)+$'")];
    const lines = [
      JSON.stringify({ prompt: 'aaaa' }),
      JSON.stringify({ prompt: 'step by step' }),
      JSON.stringify({ prompt: `${'a'.repeat(60)}b` }),
      JSON.stringify({ prompt: 'chain of thought' }),
      JSON.stringify({ prompt: 'aa' }),
    ];
    const path = join(directory, 'stuck.jsonl');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const findings: string[] = [];
    const notices: FileNotice[] = [];
    const result = await scanLogs(
      request({ rules: [{ name: 'rules.yml', text: stuckRules.join('---\n') }], sources: [{ kind: 'file', path, name: 'stuck.jsonl' }], allowSuperLinear: true, ruleTimeoutMs: 300 }),
      { onFinding: (f) => findings.push(`${f.line} ${f.ruleId}`), onNotice: (n) => notices.push(n) },
    );
    assert.deepEqual(findings, ['1 slow', '2 steps', '4 cot']);
    assert.deepEqual(notices.map((n) => [n.kind, n.ruleId, n.file, n.line]), [['timeout', 'slow', 'stuck.jsonl', 3]]);
    assert.equal(result.counts.records, 5);
  });

  it('hands the next task of a worker stopped on a stuck rule to another worker, so no part is lost', async () => {
    const stuckRules = [...RULES, llmRule('slow', "prompt|re: '(?i)^(a|aa)+$'")];
    // Parts of about one line each: the stopped worker already holds the task after the stuck one.
    const lines = ['step by step', `${'a'.repeat(60)}b`, 'chain of thought', 'step by step again', 'aa', 'chain of thought again'].map((prompt) => JSON.stringify({ prompt }));
    const path = join(directory, 'stuck-parts.jsonl');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const findings: string[] = [];
    const notices: FileNotice[] = [];
    const result = await scanLogs(
      request({ rules: [{ name: 'rules.yml', text: stuckRules.join('---\n') }], sources: [{ kind: 'file', path, name: 'stuck-parts.jsonl' }], allowSuperLinear: true, ruleTimeoutMs: 300, workers: 1, segmentBytes: 20 }),
      { onFinding: (f) => findings.push(`${f.line} ${f.ruleId}`), onNotice: (n) => notices.push(n) },
    );
    // The slow rule is off from the stuck record on, in its part and every part after it.
    assert.deepEqual(findings, ['1 steps', '3 cot', '4 steps', '6 cot']);
    assert.deepEqual(notices.map((n) => [n.kind, n.ruleId, n.line]), [['timeout', 'slow', 2]]);
    assert.equal(result.counts.records, 6);
  });

  it('takes the parsed rules and their analysis from the cache the second time, with the same results', async () => {
    const cacheDir = join(directory, 'cache');
    let parsed = 0;
    const parse = (): RuleFile[] => {
      parsed++;
      return [parseRuleText('rules.yml', RULES.join('---\n'), { isSchemaValidated: false })];
    };
    const scan = async (extra: Partial<ScanRequest>): Promise<{ findings: FileFinding[]; files: readonly RuleFile[] }> => {
      const findings: FileFinding[] = [];
      let files: readonly RuleFile[] = [];
      await scanLogs(request({ segmentBytes: 20_000, workers: 2, cacheDir, ruleFiles: parse, ...extra }), {
        onFinding: (finding) => findings.push(finding),
        onRuleFiles: (given) => (files = given),
      });
      return { findings, files };
    };
    const first = await scan({});
    assert.equal(parsed, 1);
    assert.equal(readdirSync(cacheDir).filter((name) => name.endsWith('.bin')).length, 1);
    const second = await scan({});
    assert.equal(parsed, 1, 'the second scan parses nothing');
    assert.deepEqual(second.files, first.files);
    assert.deepEqual(second.findings, first.findings);
    assert.ok(first.findings.length > 0);
    // Another variant (an option that drops rules) is another entry; a damaged entry is a miss.
    await scan({ cacheVariant: 'other' });
    assert.equal(parsed, 2);
    for (const name of readdirSync(cacheDir)) writeFileSync(join(cacheDir, name), 'not a cache entry');
    const third = await scan({});
    assert.equal(parsed, 3);
    assert.deepEqual(third.findings, first.findings);
  });

  it('never writes to the log', async () => {
    const before = { hash: createHash('sha256').update(readFileSync(logPath)).digest('hex'), mtime: statSync(logPath).mtimeMs };
    await scanLogs(request({ segmentBytes: 3000 }), {});
    assert.deepEqual({ hash: createHash('sha256').update(readFileSync(logPath)).digest('hex'), mtime: statSync(logPath).mtimeMs }, before);
  });
});
