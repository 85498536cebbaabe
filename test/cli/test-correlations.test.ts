// `promptsift test` on a pack with correlation fixtures (test/cli/fixtures/correlations): one passes,
// one expects the opposite of what its correlation does, one is not valid JSON.

import { strict as assert } from 'node:assert';
import { appendFileSync, copyFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, runCli } from './helpers';

const CWD = join(__dirname, 'fixtures');
const FIXTURES = 'correlations/fixtures';

function lines(text: string): string[] {
  assert.ok(text.endsWith('\n'), 'output ends with a newline');
  return text.slice(0, -1).split('\n');
}

/** The pack copied to a temporary directory, without the fixtures that fail. */
function passingCopy(): { dir: string; cleanup: () => void } {
  const base = mkdtempSync(join(tmpdir(), 'promptsift-cli-'));
  const dir = join(base, 'correlations');
  cpSync(join(CWD, 'correlations'), dir, { recursive: true });
  for (const name of ['broken', 'shared_ip_wrong']) rmSync(join(dir, 'fixtures', `${name}.expected.json`));
  return { dir, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}

describe('promptsift test: correlation fixtures', function () {
  this.timeout(60_000);
  before(() => ensureBuilt());

  it('prints a line per passing fixture and per failure, counts them, and exits 1 when one fails', () => {
    const result = runCli(['test', 'correlations'], { cwd: CWD });
    assert.deepEqual([result.code, result.stderr], [1, '']);
    assert.deepEqual(lines(result.stdout), [
      `${FIXTURES}/broken.expected.json:4:1: error correlation-fixtures The fixture is not valid JSON: Unexpected token '}'.`,
      `${FIXTURES}/shared_ip.expected.json:1:1: info correlation-fixtures Correlation "shared_ip" passed: ` +
        'alerted for 1 group in "fire", for none of 1 in "silent" and for no other group.',
      `${FIXTURES}/shared_ip_wrong.expected.json:6:5: error correlation-fixtures Correlation "shared_ip" did not alert for ip="10.0.0.2" (fire[0]); ` +
        'it alerted for ip="10.0.0.1".',
      `${FIXTURES}/shared_ip_wrong.expected.json:13:5: error correlation-fixtures Correlation "shared_ip" alerted for the group of request "r1" ` +
        `(ip="10.0.0.1") (silent[0]), which must stay silent; first member at ${FIXTURES}/shared_ip.jsonl:1.`,
      '1 rule, 1 example: 1 passed, 0 failed; 3 correlation fixtures: 1 passed, 2 failed; no baseline configured',
    ]);
  });

  it('gives each fixture, its verdict and its reasons in the JSON report', () => {
    const result = runCli(['test', '--format', 'json', 'correlations'], { cwd: CWD });
    assert.equal(result.code, 1);
    const json = JSON.parse(result.stdout) as {
      packs: { correlationFixtures: { results: { problems: { line: number; severity: string; message: string }[] }[] } & Record<string, unknown>; ok: boolean }[];
      summary: Record<string, unknown>;
    };
    const [pack] = json.packs;
    assert.ok(pack);
    const { results, ...counts } = pack.correlationFixtures;
    assert.deepEqual(counts, { fixtures: 3, passed: 1, failed: 2 });
    assert.deepEqual(
      results.map(({ problems, ...fixture }) => ({ ...fixture, problems: problems.map((p) => [p.line, p.severity, p.message.slice(0, 40)]) })),
      [
        {
          file: `${FIXTURES}/broken.expected.json`,
          rule: null,
          log: null,
          description: '',
          passed: false,
          problems: [[4, 'error', 'The fixture is not valid JSON: Unexpecte']],
        },
        {
          file: `${FIXTURES}/shared_ip.expected.json`,
          rule: 'shared_ip',
          log: `${FIXTURES}/shared_ip.jsonl`,
          description: 'Three accounts on 10.0.0.1 within minutes (fires); two on 10.0.0.2 (silent).',
          passed: true,
          problems: [[1, 'info', 'Correlation "shared_ip" passed: alerted ']],
        },
        {
          file: `${FIXTURES}/shared_ip_wrong.expected.json`,
          rule: 'shared_ip',
          log: `${FIXTURES}/shared_ip.jsonl`,
          description: 'Expects the opposite of what happens.',
          passed: false,
          problems: [
            [6, 'error', 'Correlation "shared_ip" did not alert fo'],
            [13, 'error', 'Correlation "shared_ip" alerted for the '],
          ],
        },
      ],
    );
    assert.equal(pack.ok, false);
    assert.deepEqual(json.summary, { rules: 1, examples: 1, passed: 1, failed: 0, correlationFixtures: { fixtures: 3, passed: 1, failed: 2 }, ok: false });
  });

  it('exits 0 when every fixture passes', () => {
    const { dir, cleanup } = passingCopy();
    try {
      const result = runCli(['test'], { cwd: dir });
      assert.deepEqual([result.code, result.stderr], [0, '']);
      assert.deepEqual(lines(result.stdout), [
        'fixtures/shared_ip.expected.json:1:1: info correlation-fixtures Correlation "shared_ip" passed: ' +
          'alerted for 1 group in "fire", for none of 1 in "silent" and for no other group.',
        '1 rule, 1 example: 1 passed, 0 failed; 1 correlation fixture: 1 passed, 0 failed; no baseline configured',
      ]);
    } finally {
      cleanup();
    }
  });

  it('fails a fixture whose log has a line that does not parse, at that line', () => {
    const { dir, cleanup } = passingCopy();
    try {
      appendFileSync(join(dir, 'fixtures/shared_ip.jsonl'), '{"request_id": "r6",\n');
      const result = runCli(['test'], { cwd: dir });
      assert.equal(result.code, 1);
      const output = lines(result.stdout);
      assert.deepEqual(output[0], 'fixtures/shared_ip.expected.json:1:1: error correlation-fixtures The fixture log fixtures/shared_ip.jsonl has 1 line(s) that do not parse, so the fixture does not run.');
      assert.match(output[1] ?? '', /^fixtures\/shared_ip\.jsonl:6:\d+: error log-malformed Line 6 is not valid JSON/);
      assert.equal(output[2], '1 rule, 1 example: 1 passed, 0 failed; 1 correlation fixture: 0 passed, 1 failed; no baseline configured');
    } finally {
      cleanup();
    }
  });

  it("leaves a nested pack's fixtures to that pack", () => {
    const { dir, cleanup } = passingCopy();
    try {
      const outer = join(dir, '..');
      writeFileSync(join(outer, 'promptsift.yaml'), "rules: '*.yml'\n");
      copyFileSync(join(dir, 'rules/shared-ip.yml'), join(outer, 'outer.yml'));
      const result = runCli(['test', '.'], { cwd: outer });
      assert.equal(result.code, 0);
      assert.deepEqual(lines(result.stdout).filter((line) => !line.includes(' info ')), [
        '.: 1 rule, 1 example: 1 passed, 0 failed; no baseline configured',
        'correlations: 1 rule, 1 example: 1 passed, 0 failed; 1 correlation fixture: 1 passed, 0 failed; no baseline configured',
      ]);
    } finally {
      cleanup();
    }
  });

  it('does not run the fixtures when only part of the pack is tested', () => {
    const result = runCli(['test', 'correlations/rules/shared-ip.yml'], { cwd: CWD });
    assert.deepEqual([result.code, lines(result.stdout)], [0, ['1 rule, 1 example: 1 passed, 0 failed; no baseline configured']]);
    const json = JSON.parse(runCli(['test', '--format', 'json', 'correlations/rules/shared-ip.yml'], { cwd: CWD }).stdout) as { packs: Record<string, unknown>[] };
    assert.equal(json.packs[0]?.correlationFixtures, null);
  });
});
