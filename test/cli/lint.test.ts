import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyFixture, ensureBuilt, FIXTURES, runCli } from './helpers';

/** The problems of problems-pack as the text format prints them, in order. */
const PROBLEMS_PACK_LINES = [
  'problems-pack/rules/broken.yml:3:1: error yaml-syntax YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
  'problems-pack/rules/dup.yml:14:1: warning duplicate-key Key "level" appears more than once in this mapping; only one value is kept.',
  'problems-pack/rules/multi.yml:2:5: error duplicate-id Rule id "2d8c5e20-3b4f-4a7c-8d9e-1f2a3b4c5d6e" is also used by "Repeats an id and a key" in problems-pack/rules/dup.yml.',
  'problems-pack/rules/multi.yml:26:29: error condition-unknown-identifier The condition names "missing_selection", which is not a search identifier of this detection.',
  'problems-pack/rules/multi.yml:41:8: error schema "level" is "severe"; allowed values: informational, low, medium, high, critical.',
  'problems-pack/rules/style.yml:12:16: info condition-style "1 of them" covers the single search identifier "selection"; write "selection" instead.',
  'problems-pack/rules/unused.yml:12:5: warning condition-unused-selection Search identifier "leftover" is never used in the condition, so it has no effect.',
];

function lines(text: string): string[] {
  assert.ok(text.endsWith('\n'), 'output ends with a newline');
  return text.slice(0, -1).split('\n');
}

describe('promptsift lint', function () {
  this.timeout(60_000);
  before(() => ensureBuilt());

  describe('text format', () => {
    it('reports nothing for a clean pack, and lints only the files its rules globs select', () => {
      // clean-pack/notes/not-a-rule.yml is broken YAML outside `rules: rules/**/*.yml`.
      const result = runCli(['lint', 'clean-pack']);
      assert.deepEqual([result.code, result.stdout, result.stderr], [0, '0 errors, 0 warnings in 2 files\n', '']);
    });

    it('prints GNU-style lines sorted by file, line and column, then the summary, and exits 1', () => {
      const result = runCli(['lint', 'problems-pack']);
      assert.equal(result.code, 1);
      assert.deepEqual(lines(result.stdout), [...PROBLEMS_PACK_LINES, '4 errors, 2 warnings, 1 info in 5 files']);
      assert.equal(result.stderr, '');
    });

    it('applies the pack config from an ancestor directory, with paths relative to the cwd', () => {
      const result = runCli(['lint'], { cwd: join(FIXTURES, 'problems-pack/rules') });
      assert.equal(result.code, 1);
      const expected = PROBLEMS_PACK_LINES.map((line) => line.replace(/problems-pack\/rules\//g, ''));
      assert.deepEqual(lines(result.stdout), [...expected, '4 errors, 2 warnings, 1 info in 5 files']);
    });

    it('keeps positions right in a file with a byte order mark and CRLF line ends', () => {
      const result = runCli(['lint', 'encoding/bom-crlf.yml']);
      assert.equal(result.code, 1);
      assert.deepEqual(lines(result.stdout), [
        'encoding/bom-crlf.yml:1:8: error schema "title" must be a string.',
        'encoding/bom-crlf.yml:13:8: error schema "level" is "severe"; allowed values: informational, low, medium, high, critical.',
        '2 errors, 0 warnings in 1 file',
      ]);
    });

    it('lints a path with spaces', () => {
      const result = runCli(['lint', 'spaced dir/my rule.yml']);
      assert.equal(result.code, 1);
      assert.deepEqual(lines(result.stdout), [
        'spaced dir/my rule.yml:12:29: error condition-syntax The condition ends too early: an operand is missing.',
        '1 error, 0 warnings in 1 file',
      ]);
    });

    it('lints each file once when arguments overlap', () => {
      const result = runCli(['lint', 'encoding', 'encoding/bom-crlf.yml', './encoding/bom-crlf.yml']);
      assert.deepEqual([result.code, lines(result.stdout).at(-1)], [1, '2 errors, 0 warnings in 1 file']);
    });
  });

  describe('file selection', () => {
    it('expands a glob from the cwd and still applies the pack exclude', () => {
      // rules/excluded/bad.yml matches the glob but the pack excludes rules/excluded/**.
      const result = runCli(['lint', 'problems-pack/**/*.yml']);
      assert.equal(result.code, 1);
      assert.deepEqual(lines(result.stdout), [...PROBLEMS_PACK_LINES, '4 errors, 2 warnings, 1 info in 5 files']);
    });

    it('expands a glob whose literal directory has a space', () => {
      const result = runCli(['lint', 'spaced dir/*.yml']);
      assert.deepEqual([result.code, lines(result.stdout).at(-1)], [1, '1 error, 0 warnings in 1 file']);
    });

    it('lints *.yml and *.yaml of a directory without a pack, skipping dot directories and node_modules', () => {
      const { dir, cleanup } = copyFixture('encoding');
      try {
        const rule = readFileSync(join(FIXTURES, 'spaced dir/my rule.yml'), 'utf8');
        writeFileSync(join(dir, 'second.yaml'), rule);
        writeFileSync(join(dir, 'notes.txt'), 'not yaml: [');
        for (const skipped of ['.hidden', 'node_modules/dep']) {
          mkdirSync(join(dir, skipped), { recursive: true });
          writeFileSync(join(dir, skipped, 'broken.yml'), 'title: [');
        }
        const result = runCli(['lint', '.'], { cwd: dir });
        assert.equal(result.code, 1);
        assert.deepEqual(lines(result.stdout), [
          'bom-crlf.yml:1:8: error schema "title" must be a string.',
          'bom-crlf.yml:13:8: error schema "level" is "severe"; allowed values: informational, low, medium, high, critical.',
          'second.yaml:12:29: error condition-syntax The condition ends too early: an operand is missing.',
          '3 errors, 0 warnings in 2 files',
        ]);
      } finally {
        cleanup();
      }
    });

    it('uses --config for every file, and reports the problems of the config itself', () => {
      const lowered = runCli(['lint', '--config', 'configs/schema-warning.yaml', 'encoding/bom-crlf.yml']);
      assert.equal(lowered.code, 0);
      assert.deepEqual(lines(lowered.stdout), [
        'encoding/bom-crlf.yml:1:8: warning schema "title" must be a string.',
        'encoding/bom-crlf.yml:13:8: warning schema "level" is "severe"; allowed values: informational, low, medium, high, critical.',
        '0 errors, 2 warnings in 1 file',
      ]);
      const broken = runCli(['lint', '--config=configs/unknown-key.yaml', 'encoding/bom-crlf.yml']);
      assert.equal(broken.code, 1);
      assert.deepEqual(lines(broken.stdout).slice(0, 2), [
        'configs/unknown-key.yaml:2:11: error pack-config Check "schema" is set to "loud"; use one of error, warning, info, off.',
        'configs/unknown-key.yaml:3:1: error pack-config Unknown key "rulez"; known keys: rules, exclude, logs, baseline, checks, fieldMap.',
      ]);
    });
  });

  describe('--fail-on', () => {
    const cases: [string, string, number][] = [
      // style.yml has one info, unused.yml one warning, multi.yml errors.
      ['problems-pack/rules/style.yml', 'error', 0],
      ['problems-pack/rules/style.yml', 'warning', 0],
      ['problems-pack/rules/style.yml', 'info', 1],
      ['problems-pack/rules/unused.yml', 'error', 0],
      ['problems-pack/rules/unused.yml', 'warning', 1],
      ['problems-pack/rules/unused.yml', 'info', 1],
      ['problems-pack/rules/multi.yml', 'error', 1],
      ['problems-pack', 'never', 0],
    ];
    for (const [target, level, code] of cases) {
      it(`exits ${code} for ${target} with --fail-on ${level}`, () => {
        assert.equal(runCli(['lint', '--fail-on', level, target]).code, code);
      });
    }

    it('defaults to error', () => {
      assert.equal(runCli(['lint', 'problems-pack/rules/unused.yml']).code, 0);
    });
  });

  describe('json format', () => {
    it('lists every problem with 1-based start and exclusive end, and the counts', () => {
      const result = runCli(['lint', '--format', 'json', 'problems-pack']);
      assert.equal(result.code, 1);
      const json = JSON.parse(result.stdout) as { problems: Record<string, unknown>[]; summary: Record<string, number> };
      const at = (file: string, line: number, column: number, endLine: number, endColumn: number, severity: string, checkId: string) => ({
        file: `problems-pack/rules/${file}`, line, column, endLine, endColumn, severity, checkId,
      });
      assert.deepEqual(
        json.problems.map(({ message: _message, ...rest }) => rest),
        [
          at('broken.yml', 3, 1, 3, 1, 'error', 'yaml-syntax'),
          at('dup.yml', 14, 1, 14, 6, 'warning', 'duplicate-key'),
          at('multi.yml', 2, 5, 2, 41, 'error', 'duplicate-id'),
          at('multi.yml', 26, 29, 26, 46, 'error', 'condition-unknown-identifier'),
          at('multi.yml', 41, 8, 41, 14, 'error', 'schema'),
          at('style.yml', 12, 16, 12, 25, 'info', 'condition-style'),
          at('unused.yml', 12, 5, 12, 13, 'warning', 'condition-unused-selection'),
        ],
      );
      assert.deepEqual(
        json.problems.map((problem) => problem.message),
        PROBLEMS_PACK_LINES.map((line) => line.replace(/^(\S+ ){3}/, '')),
      );
      assert.deepEqual(json.summary, { files: 5, rules: 6, errors: 4, warnings: 2, infos: 1 });
    });

    it('gives exact spans in a BOM + CRLF file and a path with spaces', () => {
      const result = runCli(['lint', '--format=json', 'encoding', 'spaced dir']);
      const json = JSON.parse(result.stdout) as { problems: Record<string, unknown>[] };
      assert.deepEqual(
        json.problems.map((p) => [p.file, p.line, p.column, p.endLine, p.endColumn]),
        [
          ['encoding/bom-crlf.yml', 1, 8, 1, 10],
          ['encoding/bom-crlf.yml', 13, 8, 13, 14],
          ['spaced dir/my rule.yml', 12, 29, 12, 29],
        ],
      );
    });
  });

  describe('--output', () => {
    it('writes the report to the file and nothing to stdout', () => {
      const { dir, cleanup } = copyFixture('encoding');
      try {
        const out = join(dir, 'report.json');
        const result = runCli(['lint', '--format', 'json', '-o', out, 'encoding']);
        assert.deepEqual([result.code, result.stdout, result.stderr], [1, '', '']);
        assert.equal(readFileSync(out, 'utf8'), runCli(['lint', '--format', 'json', 'encoding']).stdout);
      } finally {
        cleanup();
      }
    });

    it('exits 2 when the file cannot be written', () => {
      const result = runCli(['lint', '--output', 'no/such/dir/report.txt', 'clean-pack']);
      assert.deepEqual([result.code, result.stdout], [2, '']);
      assert.equal(result.stderr, 'promptsift: cannot write no/such/dir/report.txt: no such file or directory\n');
    });
  });

  describe('usage errors exit 2 with one line on stderr', () => {
    const cases: [string[], string][] = [
      [['lint', '--bogus', 'clean-pack'], 'promptsift: unknown option --bogus (see promptsift lint --help)'],
      [['lint', '-x'], 'promptsift: unknown option -x (see promptsift lint --help)'],
      [['lint', 'clean-pack', '--format'], 'promptsift: option --format needs a value (see promptsift lint --help)'],
      [['lint', '--format', '--fail-on', 'error'], 'promptsift: option --format needs a value (see promptsift lint --help)'],
      [['lint', '--format', 'xml', 'clean-pack'], 'promptsift: option --format must be one of text, json, sarif, not "xml" (see promptsift lint --help)'],
      [['lint', '--fail-on=warn', 'clean-pack'], 'promptsift: option --fail-on must be one of error, warning, info, never, not "warn" (see promptsift lint --help)'],
      [['lint', 'no-such-file.yml'], 'promptsift: no-such-file.yml: no such file or directory'],
      [['lint', 'no-such-dir/**/*.yml'], 'promptsift: no files match no-such-dir/**/*.yml (see promptsift lint --help)'],
      // The pack's `rules` globs select nothing under its baseline directory.
      [['lint', 'clean-pack/baseline'], 'promptsift: no rule files found in clean-pack/baseline (see promptsift lint --help)'],
      [['lint', '--config', 'missing.yaml', 'clean-pack'], 'promptsift: cannot read the configuration missing.yaml: no such file'],
    ];
    for (const [args, message] of cases) {
      it(args.join(' '), () => {
        const result = runCli(args);
        assert.deepEqual([result.code, result.stdout, result.stderr], [2, '', `${message}\n`]);
      });
    }
  });
});
