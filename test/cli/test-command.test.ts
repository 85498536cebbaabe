import { strict as assert } from 'node:assert';
import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { copyFixture, ensureBuilt, runCli } from './helpers';

function lines(text: string): string[] {
  assert.ok(text.endsWith('\n'), 'output ends with a newline');
  return text.slice(0, -1).split('\n');
}

const SNAPSHOT_RULES = {
  rationale: 'e39412ec-f705-4037-8d9a-d5e6f708192a',
  narrowed: 'f4a523fd-0816-4148-9eab-e6f708192a3b',
};

describe('promptsift test', function () {
  this.timeout(60_000);
  before(() => ensureBuilt());

  it('passes a clean pack: inline tests, rate and snapshot (exit 0)', () => {
    const result = runCli(['test', 'clean-pack']);
    assert.deepEqual([result.code, result.stderr], [0, '']);
    assert.deepEqual(lines(result.stdout), [
      'clean-pack/rules/extraction/reveal-reasoning.yml:1:1: info baseline Rule "Reveal hidden reasoning" flagged 1 of 4 baseline records (25.00%) (clean-pack/baseline/benign.jsonl:2).',
      '2 rules, 5 examples: 5 passed, 0 failed; baseline: 4 records, 1 flagged (25.00%) — max allowed 25.00%',
    ]);
  });

  it('reports each failing example at its position, with what matched, and exits 1', () => {
    const result = runCli(['test', 'failing-tests']);
    assert.equal(result.code, 1);
    assert.deepEqual(lines(result.stdout), [
      'failing-tests/rules/cannot-run.yml:15:5: error rule-tests The inline tests cannot run: the condition names "nowhere", which is not a selection.',
      'failing-tests/rules/distill.yml:19:11: error rule-tests Rule "Distillation request" match[1]: expected a match, got none.',
      'failing-tests/rules/distill.yml:22:11: error rule-tests Rule "Distillation request" nomatch[1]: expected no match, got a match: ' +
        'selection "selection_rationale" matched "write a rationale" in prompt (rule value "write a rationale"); ' +
        'selection "selection_answer" matched "given answer" in prompt (rule value "given answer").',
      '2 rules, 6 examples: 4 passed, 2 failed; no baseline configured',
    ]);
  });

  it('gives the same information as JSON', () => {
    const result = runCli(['test', '--format', 'json', 'failing-tests']);
    assert.equal(result.code, 1);
    const rule = { ruleId: '9e4fcd97-a2b0-4be2-9e45-8091a2b3c4d5', title: 'Distillation request' };
    assert.deepEqual(JSON.parse(result.stdout), {
      packs: [
        {
          root: 'failing-tests',
          config: 'failing-tests/promptsift.yaml',
          rules: 2,
          examples: 6,
          passed: 4,
          failed: 2,
          failures: [
            { file: 'failing-tests/rules/distill.yml', line: 19, column: 11, ...rule, example: 'match[1]', expected: 'match', got: 'nomatch', evidence: [] },
            {
              file: 'failing-tests/rules/distill.yml',
              line: 22,
              column: 11,
              ...rule,
              example: 'nomatch[1]',
              expected: 'nomatch',
              got: 'match',
              evidence: [
                { selection: 'selection_rationale', path: 'prompt', value: 'write a rationale', excerpt: 'write a rationale' },
                { selection: 'selection_answer', path: 'prompt', value: 'given answer', excerpt: 'given answer' },
              ],
            },
          ],
          problems: [
            {
              file: 'failing-tests/rules/cannot-run.yml',
              line: 15,
              column: 5,
              endLine: 17,
              endColumn: 1,
              severity: 'error',
              checkId: 'rule-tests',
              message: 'The inline tests cannot run: the condition names "nowhere", which is not a selection.',
            },
          ],
          baseline: null,
          correlationFixtures: { fixtures: 0, passed: 0, failed: 0, results: [] },
          ok: false,
        },
      ],
      summary: { rules: 2, examples: 6, passed: 4, failed: 2, correlationFixtures: { fixtures: 0, passed: 0, failed: 0 }, ok: false },
    });
  });

  it('fails when a rule and the rules together flag more than the allowed rate', () => {
    const result = runCli(['test', 'baseline-rate']);
    assert.equal(result.code, 1);
    assert.deepEqual(lines(result.stdout), [
      'baseline-rate/rules/homework.yml:1:1: error baseline Rule "Worked solution request" flagged 2 of 5 baseline records (40.00%): over the 20.00% limit ' +
        '(baseline-rate/baseline/benign.jsonl:1, baseline-rate/baseline/benign.jsonl:2).',
      'baseline-rate/rules/teacher.yml:1:1: info baseline Rule "Teacher persona" flagged 1 of 5 baseline records (20.00%) (baseline-rate/baseline/benign.jsonl:3).',
      'baseline: 60.00% of the records are flagged by some rule, over the 20.00% limit',
      '1 rule, 1 example: 1 passed, 0 failed; baseline: 5 records, 3 flagged (60.00%) — max allowed 20.00%',
    ]);
    const json = JSON.parse(runCli(['test', '--format', 'json', 'baseline-rate']).stdout) as { packs: { baseline: Record<string, unknown> }[] };
    const { rules, ...totals } = json.packs[0]?.baseline as { rules: Record<string, unknown>[] };
    assert.deepEqual(totals, {
      files: ['baseline-rate/baseline/benign.jsonl'],
      records: 5,
      flagged: 3,
      rate: 0.6,
      maxFalsePositiveRate: 0.2,
      exceedsRate: true,
      snapshot: { file: 'baseline-rate/baseline/expected-false-positives.json', exists: true, updated: false },
      ok: false,
    });
    assert.deepEqual(
      rules.map((rule) => [rule.title, rule.flagged, rule.rate, rule.expected, rule.exceedsRate, rule.exceedsSnapshot]),
      [
        ['Worked solution request', 2, 0.4, 2, true, false],
        ['Teacher persona', 1, 0.2, 1, false, false],
      ],
    );
  });

  it('fails when a rule flags more baseline records than the committed snapshot', () => {
    const result = runCli(['test', 'baseline-snapshot']);
    assert.equal(result.code, 1);
    const snapshot = 'baseline-snapshot/expected/false-positives.json';
    assert.deepEqual(lines(result.stdout), [
      `baseline-snapshot/rules/narrowed.yml:1:1: info baseline Rule "Narrowed rule" flagged 0 of 4 baseline records (0.00%): fewer than the 1 in ${snapshot}; --update-baseline records it.`,
      `baseline-snapshot/rules/rationale.yml:1:1: error baseline Rule "Rationale request" flagged 2 of 4 baseline records (50.00%): 1 more than the 1 in ${snapshot} ` +
        '(baseline-snapshot/logs/benign.jsonl:1, baseline-snapshot/logs/benign.jsonl:2).',
      '0 rules, 0 examples: 0 passed, 0 failed; baseline: 4 records, 2 flagged (50.00%) — max allowed 50.00%',
    ]);
  });

  describe('--update-baseline', () => {
    it('rewrites the snapshot of a whole pack, after which the run passes', () => {
      const { dir, cleanup } = copyFixture('baseline-snapshot');
      try {
        const updated = runCli(['test', '--update-baseline', '.'], { cwd: dir });
        assert.equal(updated.code, 0);
        assert.deepEqual(lines(updated.stdout).slice(-2), [
          'baseline: wrote expected/false-positives.json',
          '0 rules, 0 examples: 0 passed, 0 failed; baseline: 4 records, 2 flagged (50.00%) — max allowed 50.00%',
        ]);
        assert.deepEqual(JSON.parse(readFileSync(join(dir, 'expected/false-positives.json'), 'utf8')), {
          records: 4,
          rules: {
            [SNAPSHOT_RULES.rationale]: { title: 'Rationale request', flagged: 2 },
            [SNAPSHOT_RULES.narrowed]: { title: 'Narrowed rule', flagged: 0 },
          },
        });
        const again = runCli(['test'], { cwd: dir });
        assert.deepEqual([again.code, lines(again.stdout).length], [0, 2]);
      } finally {
        cleanup();
      }
    });

    it('keeps the entries of rules a partial run did not measure', () => {
      const { dir, cleanup } = copyFixture('baseline-snapshot');
      try {
        assert.equal(runCli(['test', '--update-baseline', 'rules/rationale.yml'], { cwd: dir }).code, 0);
        assert.deepEqual(JSON.parse(readFileSync(join(dir, 'expected/false-positives.json'), 'utf8')).rules, {
          [SNAPSHOT_RULES.rationale]: { title: 'Rationale request', flagged: 2 },
          [SNAPSHOT_RULES.narrowed]: { title: 'Narrowed rule', flagged: 1 },
        });
      } finally {
        cleanup();
      }
    });

    it('creates a missing snapshot; without one every flagged record is new and fails', () => {
      const { dir, cleanup } = copyFixture('clean-pack');
      try {
        rmSync(join(dir, 'baseline/expected-false-positives.json'));
        const missing = runCli(['test'], { cwd: dir });
        assert.equal(missing.code, 1);
        assert.equal(
          lines(missing.stdout)[0],
          'rules/extraction/reveal-reasoning.yml:1:1: error baseline Rule "Reveal hidden reasoning" flagged 1 of 4 baseline records (25.00%): ' +
            '1 more than the 0 in baseline/expected-false-positives.json (baseline/benign.jsonl:2).',
        );
        assert.equal(runCli(['test', '--update-baseline'], { cwd: dir }).code, 0);
        assert.equal(
          readFileSync(join(dir, 'baseline/expected-false-positives.json'), 'utf8'),
          readFileSync(join(__dirname, '../fixtures/cli/clean-pack/baseline/expected-false-positives.json'), 'utf8'),
        );
      } finally {
        cleanup();
      }
    });

    it('is a usage error when no pack has a baseline', () => {
      const result = runCli(['test', '--update-baseline', 'failing-tests']);
      assert.deepEqual([result.code, result.stdout], [2, '']);
      assert.equal(result.stderr, 'promptsift: --update-baseline: no promptsift.yaml of these files has a `baseline` (see promptsift test --help)\n');
    });
  });

  it('reports a bad baseline line at its position and fails, still counting the good records', () => {
    const { dir, cleanup } = copyFixture('clean-pack');
    try {
      appendFileSync(join(dir, 'baseline/benign.jsonl'), '{"prompt": "unterminated\n');
      const result = runCli(['test'], { cwd: dir });
      assert.equal(result.code, 1);
      const output = lines(result.stdout);
      assert.equal(output.length, 3);
      assert.equal(
        output[0],
        'baseline/benign.jsonl:5:24: error log-malformed Line 5 is not valid JSON (unexpected end of line) at "{\\"prompt\\": \\"unterminated".',
      );
      assert.equal(output[2], '2 rules, 5 examples: 5 passed, 0 failed; baseline: 4 records, 1 flagged (25.00%) — max allowed 25.00%');
    } finally {
      cleanup();
    }
  });

  it('fails when the baseline files match nothing', () => {
    const { dir, cleanup } = copyFixture('clean-pack');
    try {
      rmSync(join(dir, 'baseline/benign.jsonl'));
      const result = runCli(['test'], { cwd: dir });
      assert.equal(result.code, 1);
      assert.deepEqual(lines(result.stdout), [
        'promptsift.yaml:1:1: error baseline baseline.files (baseline/*.jsonl) matches no file.',
        '2 rules, 5 examples: 5 passed, 0 failed; baseline: 0 records, 0 flagged (0.00%) — max allowed 25.00%',
      ]);
    } finally {
      cleanup();
    }
  });

  it('reports a rule file that does not parse and fails', () => {
    const result = runCli(['test', 'problems-pack/rules/broken.yml']);
    assert.equal(result.code, 1);
    assert.deepEqual(lines(result.stdout), [
      'problems-pack/rules/broken.yml:3:1: error yaml-syntax YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
      '0 rules, 0 examples: 0 passed, 0 failed; no baseline configured',
    ]);
  });

  it('prints one summary per pack, prefixed with its root, when several are tested', () => {
    const result = runCli(['test', 'clean-pack', 'failing-tests']);
    assert.equal(result.code, 1);
    const summaries = lines(result.stdout).filter((line) => / rules?, \d+ examples?: /.test(line));
    assert.deepEqual(summaries, [
      'clean-pack: 2 rules, 5 examples: 5 passed, 0 failed; baseline: 4 records, 1 flagged (25.00%) — max allowed 25.00%',
      'failing-tests: 2 rules, 6 examples: 4 passed, 2 failed; no baseline configured',
    ]);
  });

  it('rejects unknown options and formats with exit 2', () => {
    for (const [args, message] of [
      [['test', '--fail-on', 'error'], 'unknown option --fail-on'],
      [['test', '--format', 'sarif'], 'option --format must be one of text, json, not "sarif"'],
      [['test', '--update-baseline=yes'], 'option --update-baseline does not take a value'],
    ] as const) {
      const result = runCli([...args]);
      assert.deepEqual([result.code, result.stdout, result.stderr], [2, '', `promptsift: ${message} (see promptsift test --help)\n`]);
    }
  });
});
