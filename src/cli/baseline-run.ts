// Reads a pack's benign baseline logs and snapshot, measures every detection rule over them with
// core/pack/baseline.ts, and rewrites the snapshot on `--update-baseline`.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { readLogRecords, isProblem } from '../core/logs/index';
import type { MatchTarget } from '../core/match/fields';
import type { Problem, RuleFile } from '../core/model';
import {
  baselineCheck,
  compileDetectionRules,
  isAlertingRule,
  DEFAULT_SNAPSHOT_PATH,
  formatBaselineSnapshot,
  judgeBaseline,
  measureBaseline,
  parseBaselineSnapshot,
  snapshotFromMeasure,
  type BaselineSnapshot,
} from '../core/pack/baseline';
import { makeProblem } from '../core/problems';
import { InputError } from './exit';
import { globMatcher, pathKind, readSourceText, walkFiles } from './files';
import { createLocator, locateProblems, type LocatedProblem } from './located';
import { displayPath, reasonOf } from './output';
import { toGlobPath, type Pack } from './packs';

export interface BaselineRuleReport {
  file: string;
  line: number;
  column: number;
  /** The rule's key in the snapshot. */
  key: string;
  ruleId: string | null;
  title: string;
  flagged: number;
  rate: number;
  /** The snapshot's count. */
  expected: number;
  exceedsRate: boolean;
  exceedsSnapshot: boolean;
  /** `file:line` of the first flagged records. */
  samples: string[];
}

export interface BaselineReport {
  files: string[];
  records: number;
  flagged: number;
  rate: number;
  maxFalsePositiveRate: number;
  /** The records flagged by any rule exceed the allowed rate. */
  exceedsRate: boolean;
  snapshot: { file: string; exists: boolean; updated: boolean };
  /** Every detection rule, in file order. */
  rules: BaselineRuleReport[];
  ok: boolean;
}

interface BaselineTarget extends MatchTarget {
  where: string;
}

/** Measures the pack's baseline; null when its promptsift.yaml has no `baseline`. */
export function runBaseline(
  pack: Pack,
  files: readonly RuleFile[],
  options: { cwd: string; isUpdate: boolean },
): { report: BaselineReport | null; problems: LocatedProblem[] } {
  const baseline = pack.config.baseline;
  if (!baseline || pack.configPath === undefined) return { report: null, problems: [] };
  const { cwd } = options;
  const configShown = displayPath(cwd, pack.configPath);
  const problems: LocatedProblem[] = [];
  const configProblem = (messageId: string, data: Record<string, string> = {}): void => {
    const problem = makeProblem(baselineCheck, messageId, { start: 0, end: 0 }, data, configShown);
    problems.push(...locateProblems([problem], new Map([[configShown, pack.configText ?? '']]), configShown));
  };
  const logFiles = baselineFiles(pack, baseline.files);
  if (logFiles.length === 0) configProblem('noFiles', { globs: baseline.files.join(', ') || '(none)' });
  const measure = measureBaseline(readTargets(logFiles, pack, cwd, problems), compileDetectionRules(files.flatMap((file) => file.rules)).filter(isAlertingRule));
  if (logFiles.length > 0 && measure.records === 0) configProblem('noRecords');

  const snapshotPath = resolve(pack.root, baseline.snapshot ?? DEFAULT_SNAPSHOT_PATH);
  const snapshotShown = displayPath(cwd, snapshotPath);
  const exists = pathKind(snapshotPath) === 'file';
  let snapshot: BaselineSnapshot | undefined;
  if (exists) {
    const text = readSourceText(snapshotPath, snapshotShown);
    const parsed = parseBaselineSnapshot(text, snapshotShown);
    snapshot = parsed.value;
    if (!options.isUpdate) problems.push(...locateProblems(parsed.problems, new Map([[snapshotShown, text]]), snapshotShown));
  }
  if (options.isUpdate) {
    snapshot = snapshotFromMeasure(measure, pack.isComplete ? undefined : snapshot);
    writeSnapshot(snapshotPath, snapshotShown, formatBaselineSnapshot(snapshot));
  }
  const verdict = judgeBaseline(measure, baseline.maxFalsePositiveRate, snapshot);
  const locate = createLocator(new Map(files.map((file) => [file.source, file.text])));
  const rules = verdict.rules.map((rule) => ({
    file: rule.rule.source,
    ...pick(locate(rule.rule.source, rule.rule.span)),
    key: rule.key,
    ruleId: rule.rule.id?.value ?? null,
    title: rule.rule.title?.value ?? rule.rule.name?.value ?? '(untitled)',
    flagged: rule.flagged,
    rate: rule.rate,
    expected: rule.expected,
    exceedsRate: rule.isOverRate,
    exceedsSnapshot: rule.isOverSnapshot,
    samples: rule.samples.map((sample) => sample.where),
  }));
  return {
    report: {
      files: logFiles.map((file) => displayPath(cwd, file)),
      records: verdict.records,
      flagged: verdict.flagged,
      rate: verdict.rate,
      maxFalsePositiveRate: verdict.maxRate,
      exceedsRate: verdict.isOverRate,
      snapshot: { file: snapshotShown, exists: exists || options.isUpdate, updated: options.isUpdate },
      rules,
      ok: verdict.isPassed,
    },
    problems,
  };
}

function pick(region: { line: number; column: number }): { line: number; column: number } {
  return { line: region.line, column: region.column };
}

/** The pack's baseline logs: its `baseline.files` globs under the pack root, minus `exclude`. */
function baselineFiles(pack: Pack, globs: readonly string[]): string[] {
  const isBaseline = globMatcher(globs, { dot: false });
  const isExcluded = globMatcher(pack.config.exclude, { dot: true });
  return walkFiles(pack.root).filter((file) => {
    const path = toGlobPath(pack.root, file);
    return isBaseline(path) && !isExcluded(path);
  });
}

/** Every record of the logs, lazily; problems of bad lines land in `problems` as they are read. */
function* readTargets(files: readonly string[], pack: Pack, cwd: string, problems: LocatedProblem[]): Generator<BaselineTarget> {
  for (const file of files) {
    const shown = displayPath(cwd, file);
    const text = readSourceText(file, shown);
    const found: Problem[] = [];
    for (const item of readLogRecords(text, { name: file, fieldMap: pack.config.fieldMap })) {
      if (isProblem(item)) found.push({ ...item, source: shown });
      else yield { fields: item.fields, raw: item.raw, where: `${shown}:${item.line}` };
    }
    problems.push(...locateProblems(found, new Map([[shown, text]]), shown));
  }
}

function writeSnapshot(path: string, shown: string, text: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text, 'utf8');
  } catch (error) {
    throw new InputError(`cannot write ${shown}: ${reasonOf(error)}`);
  }
}
