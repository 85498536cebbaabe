import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { copyFixture, ensureBuilt, FIXTURES, ROOT, runCli } from './helpers';

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: Record<string, number> } }[];
  partialFingerprints: Record<string, string>;
}

interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; informationUri: string; version: string; semanticVersion: string; rules: Record<string, unknown>[] } };
    columnKind: string;
    results: SarifResult[];
  }[];
}

function sarifOf(args: string[]): { code: number | null; log: SarifLog } {
  const result = runCli(['lint', '--format', 'sarif', ...args]);
  assert.equal(result.stderr, '');
  return { code: result.code, log: JSON.parse(result.stdout) as SarifLog };
}

const validate = (() => {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(FIXTURES, 'sarif-2.1.0-subset.schema.json'), 'utf8')) as object);
})();

function assertValid(log: unknown): void {
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
}

describe('promptsift lint --format sarif', function () {
  this.timeout(60_000);
  before(() => ensureBuilt());

  it('writes a log that the SARIF 2.1.0 constraints accept, for problems and for a clean run', () => {
    assertValid(sarifOf(['problems-pack', 'encoding', 'spaced dir']).log);
    const clean = sarifOf(['clean-pack']);
    assertValid(clean.log);
    assert.equal(clean.code, 0);
    assert.deepEqual([clean.log.runs[0]?.tool.driver.rules, clean.log.runs[0]?.results], [[], []]);
  });

  it('rejects what code scanning would reject (the schema check can fail)', () => {
    const { log } = sarifOf(['problems-pack']);
    const broken = JSON.parse(JSON.stringify(log)) as SarifLog;
    const first = broken.runs[0]?.results[0] as SarifResult;
    (first as unknown as Record<string, unknown>).level = 'info';
    assert.equal(validate(broken), false);
    const noMessage = JSON.parse(JSON.stringify(log)) as Record<string, unknown[]>;
    delete (noMessage.runs?.[0] as { results: Record<string, unknown>[] }).results[0]?.message;
    assert.equal(validate(noMessage), false);
  });

  it('describes the tool with the package version and one descriptor per check used', () => {
    const { log } = sarifOf(['problems-pack']);
    const packageVersion = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const run = log.runs[0] as SarifLog['runs'][number];
    assert.equal(run.columnKind, 'utf16CodeUnits');
    const { rules, ...driver } = run.tool.driver;
    // package.json names no project home, so the log carries no invented links.
    assert.deepEqual(driver, { name: 'PromptSift', version: packageVersion, semanticVersion: packageVersion });
    assert.deepEqual(
      rules.map((rule) => [rule.id, rule.name, rule.helpUri, (rule.help as { text: string }).text.endsWith(`See docs/checks.md#${rule.id} in the PromptSift documentation.`), rule.defaultConfiguration]),
      [
        ['condition-style', 'ConditionStyle', undefined, true, { level: 'note' }],
        ['condition-unknown-identifier', 'ConditionUnknownIdentifier', undefined, true, { level: 'error' }],
        ['condition-unused-selection', 'ConditionUnusedSelection', undefined, true, { level: 'warning' }],
        // duplicate-key is lowered to a warning by the pack, but its default stays error.
        ['duplicate-id', 'DuplicateId', undefined, true, { level: 'error' }],
        ['duplicate-key', 'DuplicateKey', undefined, true, { level: 'error' }],
        ['schema', 'Schema', undefined, true, { level: 'error' }],
        ['yaml-syntax', 'YamlSyntax', undefined, true, { level: 'error' }],
      ],
    );
    const yamlSyntax = rules.find((rule) => rule.id === 'yaml-syntax');
    assert.deepEqual([yamlSyntax?.shortDescription, yamlSyntax?.fullDescription], [
      { text: 'The file must be well-formed YAML.' },
      { text: 'The file must be well-formed YAML.' },
    ]);
  });

  it('reports each problem with its rule index, level, message and region', () => {
    const { code, log } = sarifOf(['problems-pack']);
    assert.equal(code, 1);
    const run = log.runs[0] as SarifLog['runs'][number];
    for (const result of run.results) assert.equal(run.tool.driver.rules[result.ruleIndex]?.id, result.ruleId);
    assert.deepEqual(
      run.results.map((result) => {
        const { artifactLocation, region } = result.locations[0]?.physicalLocation ?? { artifactLocation: undefined, region: undefined };
        return [result.ruleId, result.level, artifactLocation?.uri, artifactLocation?.uriBaseId, region];
      }),
      [
        ['yaml-syntax', 'error', 'problems-pack/rules/broken.yml', '%SRCROOT%', { startLine: 3, startColumn: 1, endLine: 3, endColumn: 1 }],
        ['duplicate-key', 'warning', 'problems-pack/rules/dup.yml', '%SRCROOT%', { startLine: 14, startColumn: 1, endLine: 14, endColumn: 6 }],
        ['duplicate-id', 'error', 'problems-pack/rules/multi.yml', '%SRCROOT%', { startLine: 2, startColumn: 5, endLine: 2, endColumn: 41 }],
        ['condition-unknown-identifier', 'error', 'problems-pack/rules/multi.yml', '%SRCROOT%', { startLine: 26, startColumn: 29, endLine: 26, endColumn: 46 }],
        ['schema', 'error', 'problems-pack/rules/multi.yml', '%SRCROOT%', { startLine: 41, startColumn: 8, endLine: 41, endColumn: 14 }],
        ['condition-style', 'note', 'problems-pack/rules/style.yml', '%SRCROOT%', { startLine: 12, startColumn: 16, endLine: 12, endColumn: 25 }],
        ['condition-unused-selection', 'warning', 'problems-pack/rules/unused.yml', '%SRCROOT%', { startLine: 12, startColumn: 5, endLine: 12, endColumn: 13 }],
      ],
    );
    assert.equal(run.results[4]?.message.text, '"level" is "severe"; allowed values: informational, low, medium, high, critical.');
  });

  it('percent-encodes spaces in artifact URIs', () => {
    const { log } = sarifOf(['spaced dir']);
    assert.equal(log.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri, 'spaced%20dir/my%20rule.yml');
  });

  it('fingerprints check id, file and message, so line moves keep the alert', () => {
    const { log } = sarifOf(['problems-pack', 'encoding']);
    const results = log.runs[0]?.results ?? [];
    const expected = (result: SarifResult, occurrence: number): string => {
      const file = result.locations[0]?.physicalLocation.artifactLocation.uri ?? '';
      return `${createHash('sha256').update(`${result.ruleId}\0${file}\0${result.message.text}`).digest('hex')}:${occurrence}`;
    };
    for (const result of results) assert.deepEqual(result.partialFingerprints, { 'promptsift/v1': expected(result, 1) });
    assert.equal(new Set(results.map((result) => result.partialFingerprints['promptsift/v1'])).size, results.length);
    // The same problems in another argument order fingerprint alike.
    const again = sarifOf(['encoding', 'problems-pack']).log.runs[0]?.results ?? [];
    assert.deepEqual(again.map((result) => result.partialFingerprints), results.map((result) => result.partialFingerprints));
  });

  it('numbers identical problems of one file in order', () => {
    const { dir, cleanup } = copyFixture('encoding');
    try {
      const rule = readFileSync(join(FIXTURES, 'problems-pack/rules/unused.yml'), 'utf8').replace('level: low\n', 'level: low\nlevel: high\nlevel: medium\n');
      writeFileSync(join(dir, 'twice.yml'), rule);
      const result = runCli(['lint', '--format', 'sarif', 'twice.yml'], { cwd: dir });
      const duplicates = (JSON.parse(result.stdout) as SarifLog).runs[0]?.results.filter((r) => r.ruleId === 'duplicate-key') ?? [];
      const hash = createHash('sha256')
        .update('duplicate-key\0twice.yml\0Key "level" appears more than once in this mapping; only one value is kept.')
        .digest('hex');
      assert.deepEqual(
        duplicates.map((r) => [r.locations[0]?.physicalLocation.region.startLine, r.partialFingerprints['promptsift/v1']]),
        [
          [16, `${hash}:1`],
          [17, `${hash}:2`],
        ],
      );
    } finally {
      cleanup();
    }
  });
});
