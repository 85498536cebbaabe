// `promptsift test`: runs every rule's inline examples, the pack's correlation fixtures and its
// false-positive baseline.

import { dirname, join } from 'node:path';
import { PACK_CONFIG_FILE, parseRuleText } from '../../core/engine';
import type { Problem, RuleFile } from '../../core/model';
import { FIXTURE_SUFFIX, parseCorrelationFixture, runCorrelationFixture, type FixtureLog } from '../../core/pack/correlation-fixtures';
import { parseCommandArgs } from '../args';
import { runBaseline } from '../baseline-run';
import { EXIT_CLEAN, EXIT_FAILED, UsageError } from '../exit';
import { compareText, globMatcher, pathKind, readSourceText, walkFiles } from '../files';
import {
  formatTestJson,
  formatTestText,
  type CorrelationFixtureReport,
  type CorrelationFixturesReport,
  type PackTestReport,
} from '../formats/test-report';
import { compareLocated, locateProblems } from '../located';
import { displayPath, emit, shouldUseColour } from '../output';
import { collectPacks, toGlobPath, type Pack } from '../packs';
import { runInlineTests } from '../rule-tests';
import type { Command } from './types';

const OPTIONS = {
  format: { type: 'string', choices: ['text', 'json'] },
  'update-baseline': { type: 'boolean' },
  config: { type: 'string' },
  output: { type: 'string', short: 'o' },
} as const;

const HELP = `Usage: promptsift test [options] [pack directories|rule files...]

Runs every detection rule's inline tests (each \`match\` example must match, no \`nomatch\`
example may), then the pack's correlation fixtures (every fixtures/<name>.expected.json under the
pack root, with its log <name>.jsonl beside it, when the whole pack is tested: a directory that
holds its promptsift.yaml), then its false-positive baseline: every detection rule over every record
of the benign logs named by promptsift.yaml's \`baseline.files\`. It fails when a rule, or all
rules together, flag more than \`baseline.maxFalsePositiveRate\` of the records, or when a rule
flags more records than the committed snapshot (baseline/expected-false-positives.json, or
\`baseline.snapshot\`) expects. No arguments test the current directory.

Options:
  --format <text|json>  output format (default: text)
  --update-baseline     rewrite the snapshot with the counts of this run
  --config <file>       use this promptsift.yaml for every file
  -o, --output <file>   write the report to a file instead of stdout
  -h, --help            show this help

Exit codes: 0 everything passed, 1 a test, a correlation fixture or the baseline failed, 2 usage
or internal error.
`;

export const testCommand: Command = {
  name: 'test',
  summary: "run the rules' inline tests, the pack's correlation fixtures and its false-positive baseline",
  help: HELP,
  run(argv, io) {
    const { values, positionals } = parseCommandArgs('test', argv, OPTIONS);
    if (values.help) {
      io.stdout(HELP);
      return EXIT_CLEAN;
    }
    const packs = collectPacks(positionals, { cwd: io.cwd, configPath: values.config, command: 'test' });
    const isUpdate = values['update-baseline'] === true;
    if (isUpdate && !packs.some((pack) => pack.configPath !== undefined && pack.config.baseline)) {
      throw new UsageError('--update-baseline: no promptsift.yaml of these files has a `baseline`', 'test');
    }
    const reports = packs.map((pack) => testPack(pack, io.cwd, isUpdate));
    const text =
      values.format === 'json' ? formatTestJson(reports) : formatTestText(reports, { isColour: shouldUseColour(io, values.output) });
    emit(io, text, values.output);
    return reports.every((report) => report.ok) ? EXIT_CLEAN : EXIT_FAILED;
  },
};

/** Tests one pack: inline examples of its rule files, its correlation fixtures, then its baseline. */
export function testPack(pack: Pack, cwd: string, isUpdate: boolean): PackTestReport {
  const configShown = pack.configPath === undefined ? null : displayPath(cwd, pack.configPath);
  const files = pack.files.map((file) => {
    const name = displayPath(cwd, file);
    return parseRuleText(name, readSourceText(file, name));
  });
  const inline = runInlineTests(files);
  // Only files that do not parse stop tests from running; other rule problems are lint's business.
  const problems: Problem[] = [...pack.configProblems, ...files.flatMap((file) => file.problems.filter((p) => p.checkId === 'yaml-syntax'))];
  problems.push(...inline.problems);
  const texts = new Map(files.map((file) => [file.source, file.text]));
  if (configShown !== null) texts.set(configShown, pack.configText ?? '');
  const correlationFixtures = runCorrelationFixtures(pack, files, cwd);
  const baseline = runBaseline(pack, files, { cwd, isUpdate });
  const located = [...locateProblems(problems, texts, configShown ?? '.'), ...baseline.problems].sort(compareLocated);
  const failed = inline.failures.length;
  return {
    root: displayPath(cwd, pack.root),
    config: configShown,
    rules: inline.rules,
    examples: inline.examples,
    passed: inline.passed,
    failed,
    failures: inline.failures.sort((a, b) => compareText(a.file, b.file) || a.line - b.line || a.column - b.column),
    problems: located,
    baseline: baseline.report,
    correlationFixtures,
    ok:
      failed === 0 &&
      located.every((problem) => problem.severity !== 'error') &&
      (correlationFixtures?.failed ?? 0) === 0 &&
      (baseline.report?.ok ?? true),
  };
}

/** Where a pack keeps correlation fixtures, relative to its root; `exclude` does not apply (packs exclude them from rules and logs). */
const isFixturePath = globMatcher([`**/fixtures/*${FIXTURE_SUFFIX}`], { dot: false });

/**
 * Runs every correlation fixture of a pack with all of its rules; null without a promptsift.yaml or
 * when only part of the pack was named, since a correlation needs its base rules from anywhere in it.
 */
function runCorrelationFixtures(pack: Pack, files: readonly RuleFile[], cwd: string): CorrelationFixturesReport | null {
  if (pack.configPath === undefined || !pack.isComplete) return null;
  const rules = files.flatMap((file) => file.rules);
  const results = walkFiles(pack.root)
    .filter((file) => isFixturePath(toGlobPath(pack.root, file)) && !isInNestedPack(pack.root, dirname(file)))
    .map((file) => runCorrelationFixtureFile(file, rules, pack, cwd));
  const passed = results.filter((result) => result.passed).length;
  return { fixtures: results.length, passed, failed: results.length - passed, results };
}

/** True when a promptsift.yaml below `root` governs `directory`: its fixtures belong to that pack. */
function isInNestedPack(root: string, directory: string): boolean {
  for (let current = directory; current !== root && dirname(current) !== current; current = dirname(current)) {
    if (pathKind(join(current, PACK_CONFIG_FILE)) === 'file') return true;
  }
  return false;
}

function runCorrelationFixtureFile(file: string, rules: RuleFile['rules'], pack: Pack, cwd: string): CorrelationFixtureReport {
  const shown = displayPath(cwd, file);
  const text = readSourceText(file, shown);
  const texts = new Map([[shown, text]]);
  const parsed = parseCorrelationFixture(text, shown);
  const fixture = parsed.value;
  if (!fixture) {
    return { file: shown, rule: null, log: null, description: '', passed: false, problems: locateProblems(parsed.problems, texts, shown) };
  }
  const logPath = join(dirname(file), fixture.log);
  const logShown = displayPath(cwd, logPath);
  let log: FixtureLog | undefined;
  if (pathKind(logPath) === 'file') {
    log = { source: logShown, text: readSourceText(logPath, logShown), fieldMap: pack.config.fieldMap };
    texts.set(logShown, log.text);
  }
  const run = runCorrelationFixture(rules, fixture, shown, log);
  return {
    file: shown,
    rule: fixture.rule,
    log: logShown,
    description: fixture.description,
    passed: run.passed,
    problems: locateProblems(run.problems, texts, shown),
  };
}
