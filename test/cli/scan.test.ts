import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { ensureBuilt, ROOT, runCli } from './helpers';

const SCAN = join(ROOT, 'test/fixtures/scan');
const CHAT = readFileSync(join(SCAN, 'logs/chat.jsonl'), 'utf8').split('\n');
const STEPS = '0b1c2d3e-4f50-4a61-8b72-9c8d7e6f5a41';
const COT = '1c2d3e4f-5061-4b72-8c83-ad9e8f7a6b52';

/** The CLI's worker bundle sits beside dist/cli.js; build it when it is missing or stale. */
async function ensureWorkerBuilt(): Promise<void> {
  const out = join(ROOT, 'dist/scan-worker.js');
  let built = 0;
  try {
    built = statSync(out).mtimeMs;
  } catch {
    built = 0;
  }
  if (built >= statSync(join(ROOT, 'dist/cli.js')).mtimeMs) return;
  await esbuild.build({ absWorkingDir: ROOT, entryPoints: { 'scan-worker': 'src/runtime/scan-worker.ts' }, outdir: 'dist', bundle: true, sourcemap: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error' });
}

function scan(args: readonly string[]): ReturnType<typeof runCli> {
  return runCli(['scan', ...args], { cwd: SCAN });
}

/** The text at 1-based [column, endColumn) of a line of chat.jsonl. */
function chatText(line: number, column: number, endColumn: number): string {
  return (CHAT[line - 1] as string).slice(column - 1, endColumn - 1);
}

describe('promptsift scan', function () {
  this.timeout(60_000);
  before(async () => {
    await ensureBuilt();
    await ensureWorkerBuilt();
  });

  it('prints findings and bad lines in file order in the text format, then a summary, and exits 1', () => {
    const result = scan(['--rules', 'rules', 'logs/chat.jsonl', 'logs/export.csv']);
    assert.equal(result.code, 1);
    const lines = result.stdout.split('\n');
    assert.deepEqual(lines.slice(0, 5), [
      `logs/chat.jsonl:1:126: high ${STEPS} Step-by-step reasoning request: "step by step" in prompt`,
      `logs/chat.jsonl:2:144: medium ${COT} Chain-of-thought extraction: "Chain-of-Thought" in prompt`,
      'logs/chat.jsonl:4:33: error log-malformed Line 4 is not valid JSON (unexpected end of line) at "equest_id\\":\\"req-4\\", \\"truncated".',
      `logs/chat.jsonl:5:86: high ${STEPS} Step-by-step reasoning request: "step by step" in prompt`,
      `logs/export.csv:3:5: medium ${COT} Chain-of-thought extraction: "chain of thought" in prompt`,
    ]);
    assert.match(lines[5] as string, /^4 findings in 4 of 6 records \(1 malformed line\) in 2 files, 0\.0 MB in \d+\.\d\d s$/);
    assert.equal(lines[6], '');
    assert.equal(result.stderr, '');
    assert.equal(chatText(1, 126, 138), 'step by step');
    assert.equal(chatText(2, 144, 160), 'Chain-of-Thought');
    assert.equal(chatText(5, 86, 98), 'step by step');
  });

  it('writes the documented JSON shape', () => {
    const result = scan(['--rules', 'rules', '--format', 'json', 'logs/chat.jsonl', 'logs/export.csv']);
    assert.equal(result.code, 1);
    const json = JSON.parse(result.stdout) as { findings: Record<string, unknown>[]; errors: unknown[]; summary: Record<string, unknown> };
    assert.deepEqual(json.findings[0], {
      file: 'logs/chat.jsonl',
      line: 1,
      column: 126,
      endColumn: 138,
      ruleId: STEPS,
      title: 'Step-by-step reasoning request',
      level: 'high',
      field: 'prompt',
      account_id: 'acct-1',
      timestamp: '2026-03-02T10:00:00Z',
      startLine: 1,
      endLine: 1,
      selection: 'selection',
      modifiers: ['contains'],
      value: 'step by step',
      matched: 'step by step',
      recordKey: 'req-1',
    });
    assert.deepEqual(
      json.findings.map((f) => [f.file, f.line, f.column, f.endColumn, f.ruleId, f.account_id, f.timestamp]),
      [
        ['logs/chat.jsonl', 1, 126, 138, STEPS, 'acct-1', '2026-03-02T10:00:00Z'],
        ['logs/chat.jsonl', 2, 144, 160, COT, 'acct-2', '2026-03-02T10:00:01Z'],
        ['logs/chat.jsonl', 5, 86, 98, STEPS, 'acct-3', null],
        ['logs/export.csv', 2, 5, 21, COT, 'acct-9', '2026-03-02T11:00:00Z'],
      ],
    );
    assert.deepEqual(json.errors, [
      {
        file: 'logs/chat.jsonl',
        line: 4,
        message: 'Line 4 is not valid JSON (unexpected end of line) at "equest_id\\":\\"req-4\\", \\"truncated".',
        column: 33,
        severity: 'error',
        checkId: 'log-malformed',
        messageId: 'invalidJson',
      },
    ]);
    const { seconds, ...summary } = json.summary;
    assert.equal(typeof seconds, 'number');
    assert.deepEqual(summary, {
      records: 6,
      findings: 4,
      malformed: 1,
      bytes: 724,
      flaggedRecords: 4,
      lines: 9,
      parsed: 5,
      withoutPrompt: 0,
      warnings: 0,
      files: 2,
      truncated: false,
      cancelled: false,
    });
  });

  it('streams one JSON object per line in the jsonl format, the summary last', () => {
    const result = scan(['--rules', 'rules', '--format', 'jsonl', 'logs/chat.jsonl']);
    assert.equal(result.code, 1);
    const items = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(items.map((item) => [item.type, item.line]), [
      ['finding', 1],
      ['finding', 2],
      ['error', 4],
      ['finding', 5],
      ['summary', undefined],
    ]);
    assert.equal(items[4]?.findings, 3);
  });

  it('streams jsonl into the --output file, and leaves stdout empty', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'promptsift-scan-out-')), 'findings.jsonl');
    const result = scan(['--rules', 'rules', '--format', 'jsonl', '-o', out, 'logs/chat.jsonl']);
    assert.deepEqual([result.code, result.stdout], [1, '']);
    const types = readFileSync(out, 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { type: string }).type);
    assert.deepEqual(types, ['finding', 'finding', 'error', 'finding', 'summary']);
  });

  it('writes SARIF with the rules that reported, their levels and regions in UTF-16 columns', () => {
    const result = scan(['--rules', 'rules', '--format', 'sarif', 'logs/chat.jsonl']);
    assert.equal(result.code, 1);
    const sarif = JSON.parse(result.stdout) as {
      version: string;
      runs: { columnKind: string; tool: { driver: { rules: { id: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }[] } }; results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: object } }[] }[] }[];
    };
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.equal(run?.columnKind, 'utf16CodeUnits');
    assert.deepEqual(
      run?.tool.driver.rules.map((rule) => [rule.id, rule.shortDescription.text, rule.defaultConfiguration.level]),
      [
        [STEPS, 'Asks the model to lay out its reasoning step by step.', 'error'],
        [COT, 'Asks for the hidden chain of thought.', 'warning'],
      ],
    );
    assert.deepEqual(
      run?.results.map((r) => [r.ruleId, r.level, r.locations[0]?.physicalLocation.artifactLocation.uri, r.locations[0]?.physicalLocation.region]),
      [
        [STEPS, 'error', 'logs/chat.jsonl', { startLine: 1, startColumn: 126, endLine: 1, endColumn: 138 }],
        [COT, 'warning', 'logs/chat.jsonl', { startLine: 2, startColumn: 144, endLine: 2, endColumn: 160 }],
        [STEPS, 'error', 'logs/chat.jsonl', { startLine: 5, startColumn: 86, endLine: 5, endColumn: 98 }],
      ],
    );
  });

  it('exits by --fail-on: 0 below the level, 1 at or above it, 0 with never', () => {
    assert.equal(scan(['--rules', 'rules', '--fail-on', 'critical', 'logs/chat.jsonl']).code, 0);
    assert.equal(scan(['--rules', 'rules', '--fail-on', 'high', 'logs/chat.jsonl']).code, 1);
    assert.equal(scan(['--rules', 'rules', '--fail-on', 'high', 'logs/export.csv']).code, 0);
    assert.equal(scan(['--rules', 'rules', '--fail-on', 'medium', 'logs/export.csv']).code, 1);
    assert.equal(scan(['--rules', 'rules', '--fail-on', 'never', 'logs/chat.jsonl']).code, 0);
  });

  it('runs only the rules at or above --min-level', () => {
    const high = scan(['--rules', 'rules', '--min-level', 'high', 'logs/chat.jsonl']);
    const found = high.stdout.split('\n').filter((line) => / (high|medium) /.test(line));
    assert.deepEqual(found.map((line) => line.split(' ').slice(0, 3).join(' ')), [`logs/chat.jsonl:1:126: high ${STEPS}`, `logs/chat.jsonl:5:86: high ${STEPS}`]);
    assert.match(high.stdout, /\n2 findings in 2 of 4 records \(1 malformed line\) in 1 file/);
    // The default, low, keeps the medium rule; informational rules (none here) would be left out.
    assert.match(scan(['--rules', 'rules', 'logs/chat.jsonl']).stdout, / medium /);
    assert.equal(scan(['--rules', 'rules', '--min-level', 'critical', 'logs/chat.jsonl']).code, 0);
    assert.equal(scan(['--rules', 'rules', '--min-level', 'severe', 'logs/chat.jsonl']).code, 2);
  });

  it('exits 0 with no finding', () => {
    const result = scan(['--rules', 'rules', '--format', 'json', 'logs/clean.jsonl']);
    assert.equal(result.code, 0);
    assert.deepEqual((JSON.parse(result.stdout) as { findings: unknown[] }).findings, []);
  });

  it('exits 2 on usage errors, with one line on stderr', () => {
    const cases: [string[], string][] = [
      [['logs/chat.jsonl'], 'promptsift: --rules is required (see promptsift scan --help)\n'],
      [['--rules', 'rules'], 'promptsift: no log files given (see promptsift scan --help)\n'],
      [['--rules', 'rules', '--format', 'xml', 'logs/chat.jsonl'], 'promptsift: option --format must be one of text, json, jsonl, sarif, not "xml" (see promptsift scan --help)\n'],
      [['--rules', 'rules', 'logs/missing.jsonl'], 'promptsift: logs/missing.jsonl: no such file or directory\n'],
      [['--rules', 'rules', '--workers', '0', 'logs/chat.jsonl'], 'promptsift: option --workers must be a positive integer, not "0" (see promptsift scan --help)\n'],
    ];
    for (const [args, stderr] of cases) {
      const result = scan(args);
      assert.deepEqual([result.code, result.stdout, result.stderr], [2, '', stderr], args.join(' '));
    }
  });

  it('caps the findings kept for json with --max-findings and says so', () => {
    const result = scan(['--rules', 'rules', '--format', 'json', '--max-findings', '1', 'logs/chat.jsonl']);
    const json = JSON.parse(result.stdout) as { findings: unknown[]; summary: { findings: number; truncated: boolean } };
    assert.deepEqual([json.findings.length, json.summary.findings, json.summary.truncated], [1, 3, true]);
    assert.equal(result.stderr, 'promptsift: only the first 1 findings are in the report (--max-findings); the summary counts all\n');
  });
});
