// `promptsift scan`: runs a rule pack over prompt logs on worker threads and prints the findings.

import { closeSync, openSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { LEVELS, type RuleFile, type SourceText } from '../../core/model';
import { parseRuleText } from '../../core/rules/load';
import type { FieldMap } from '../../core/logs/index';
import { ruleKey } from '../../core/scan/index';
import { defaultScanCacheDir } from '../../runtime/scan-cache';
import { scanLogs, type FileFinding, type FileNotice, type FileProblem, type ScanSource } from '../../runtime/index';
import { parseCommandArgs, takeRules } from '../args';
import { EXIT_CLEAN, EXIT_FAILED, InputError, UsageError } from '../exit';
import { readSourceText, resolveLogFiles } from '../files';
import {
  findingJson,
  findingLine,
  formatFindingsSarif,
  noticeLine,
  problemJson,
  problemLine,
  summaryJson,
  summaryText,
  FindingsJsonWriter,
  type FindingsReport,
} from '../formats/findings';
import { displayPath, emit, reasonOf, shouldUseColour } from '../output';
import { collectPacks } from '../packs';
import type { Command } from './types';

const FORMATS = ['text', 'json', 'jsonl', 'sarif'] as const;
const FAIL_ON = [...LEVELS, 'never'] as const;

const OPTIONS = {
  format: { type: 'string', choices: FORMATS },
  'fail-on': { type: 'string', choices: FAIL_ON },
  'min-level': { type: 'string', choices: LEVELS },
  config: { type: 'string' },
  output: { type: 'string', short: 'o' },
  workers: { type: 'string' },
  'max-findings': { type: 'string' },
  'rule-timeout': { type: 'string' },
  validate: { type: 'string', choices: ['fast', 'full'] },
} as const;

const DEFAULT_MAX_FINDINGS = 100_000;

const HELP = `Usage: promptsift scan --rules <path> [--rules <path>...] [options] <logs...>

Runs the detection rules over prompt logs (JSONL, CSV/TSV or plain text) and prints every
match with the exact column range of the matched words in the raw line.

--rules takes a rule file, a directory (its pack's rules) or a glob; repeat it for more. A log
argument is a file, a directory (every file in it) or a glob. Logs are only read.

Options:
  --rules <path>                      rules to run (required, repeatable)
  --format <text|json|jsonl|sarif>    output format (default: text)
  --min-level <level>                 run only the rules of this level or above:
                                      informational, low, medium, high, critical (default: low;
                                      informational rules are mostly the base rules of
                                      correlations, which match every request)
  --fail-on <level|never>             exit with 1 when a finding's rule level is at or above
                                      this one (default: informational, i.e. any finding)
  --config <file>                     use this promptsift.yaml (its fieldMap) for the rules
  --workers <n>                       worker threads (default: 2, or 1 on one core)
  --max-findings <n>                  findings kept for json and sarif (default: ${DEFAULT_MAX_FINDINGS});
                                      the rest are counted
  --rule-timeout <ms>                 stop a rule that runs longer than this on one record
                                      (default: 10000)
  --validate <fast|full>              fast (default): parse only lines a rule could match or
                                      that look malformed; full: parse every line, reporting
                                      every malformed line and every record without a prompt
  -o, --output <file>                 write the report to a file instead of stdout
  -h, --help                          show this help

The parsed rules and their regex analysis are kept per pack in PROMPTSIFT_CACHE_DIR, else
~/.cache/promptsift, and reused while the rules, the options and the build stay the same
(PROMPTSIFT_CACHE_DIR=off: no cache).

Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 usage or internal error.
`;

export const scanCommand: Command = {
  name: 'scan',
  summary: 'run detection rules over prompt logs (text, json, jsonl or sarif output)',
  help: HELP,
  async run(argv, io) {
    const { rulePaths, rest } = takeRules(argv, 'scan');
    const { values, positionals } = parseCommandArgs('scan', rest, OPTIONS);
    if (values.help) {
      io.stdout(HELP);
      return EXIT_CLEAN;
    }
    if (rulePaths.length === 0) throw new UsageError('--rules is required', 'scan');
    if (positionals.length === 0) throw new UsageError('no log files given', 'scan');
    const packs = collectPacks(rulePaths, { cwd: io.cwd, configPath: values.config, command: 'scan' });
    const rules: SourceText[] = packs.flatMap((pack) => pack.files.map((file) => ({ name: displayPath(io.cwd, file), text: readSourceText(file, displayPath(io.cwd, file)) })));
    const fieldMap: FieldMap | undefined = packs.find((pack) => pack.config.fieldMap)?.config.fieldMap;
    const sources: ScanSource[] = resolveLogFiles(positionals, io.cwd, 'scan').map((log) => ({ kind: 'file', ...log }));
    const format = values.format ?? 'text';
    const isColour = shouldUseColour(io, values.output);
    const isStreaming = format === 'text' || format === 'jsonl';
    const isWrittenInPieces = isStreaming || format === 'json';
    const maxFindings = positiveInteger(values['max-findings'], '--max-findings') ?? DEFAULT_MAX_FINDINGS;
    const minimumRank = LEVELS.indexOf((values['min-level'] ?? 'low') as (typeof LEVELS)[number]);
    const failRank = values['fail-on'] === 'never' ? Infinity : LEVELS.indexOf((values['fail-on'] ?? 'informational') as (typeof LEVELS)[number]);
    // Text and JSON Lines go out as they come, to stdout or to the --output file.
    const output = isWrittenInPieces && values.output !== undefined ? openOutput(resolve(io.cwd, values.output), values.output) : undefined;
    const writeOut = (text: string): void => {
      if (output) output.write(text);
      else io.stdout(text);
    };
    const write = (text: string): void => {
      if (isStreaming) writeOut(text);
    };
    const report: FindingsReport = { findings: [], problems: [], notices: [], result: undefined as never, flaggedRecords: 0, isTruncated: false, rules: new Map() };
    const jsonWriter = format === 'json' ? new FindingsJsonWriter(writeOut) : undefined;
    // Parsed once the scan's worker threads are starting, so that both overlap, unless the cache
    // has them. Scanning does not check the rule schema (lint does): a schema problem does not
    // stop a rule from running.
    const parseRules = (): RuleFile[] => rules.map((source) => withMinimumLevel(parseRuleText(source.name, source.text, { isSchemaValidated: false }), minimumRank));
    let lastRecord = '';
    let isFailed = false;
    useSmallerInlining();
    const result = await runScan(output, () => scanLogs(
      {
        rules,
        ruleFiles: parseRules,
        fieldMap,
        sources,
        workers: positiveInteger(values.workers, '--workers'),
        ruleTimeoutMs: positiveInteger(values['rule-timeout'], '--rule-timeout'),
        validate: values.validate as 'fast' | 'full' | undefined,
        // Only a built CLI caches: its key covers the bundles, while sources run by tsx (tests) could change unseen.
        cacheDir: __filename.endsWith('.js') ? defaultScanCacheDir() : undefined,
        cacheVariant: `min-level ${minimumRank}`,
      },
      {
        onRuleFiles(files) {
          report.rules = ruleMeta(files, io.stderr);
        },
        onFinding(finding: FileFinding) {
          const record = `${finding.file}\0${finding.line}`;
          if (record !== lastRecord) report.flaggedRecords++;
          lastRecord = record;
          if (LEVELS.indexOf(finding.level as (typeof LEVELS)[number]) >= failRank) isFailed = true;
          if (format === 'text') write(findingLine(finding, isColour));
          else if (format === 'jsonl') write(`${JSON.stringify({ type: 'finding', ...findingJson(finding) })}\n`);
          else if (report.findings.length + (jsonWriter?.written ?? 0) >= maxFindings) report.isTruncated = true;
          // JSON writes each finding as it comes (its compact text, on a line of its own).
          else if (jsonWriter) jsonWriter.add(JSON.stringify(findingJson(finding)));
          else report.findings.push(finding);
        },
        onProblem(problem: FileProblem) {
          if (format === 'text') write(problemLine(problem, isColour));
          else if (format === 'jsonl') write(`${JSON.stringify({ type: problem.severity === 'error' ? 'error' : 'warning', ...problemJson(problem) })}\n`);
          else if (report.problems.length < maxFindings) report.problems.push(problem);
        },
        onNotice(notice: FileNotice) {
          report.notices.push(notice);
          io.stderr(noticeLine(notice));
        },
      },
    ));
    report.result = result;
    if (format === 'text') write(summaryText(report));
    else if (format === 'jsonl') write(`${JSON.stringify({ type: 'summary', ...summaryJson(report) })}\n`);
    jsonWriter?.finish(report);
    output?.close();
    if (format === 'sarif') emit(io, formatFindingsSarif(report), values.output);
    if (report.isTruncated) io.stderr(`promptsift: only the first ${maxFindings} findings are in the report (--max-findings); the summary counts all\n`);
    return isFailed ? EXIT_FAILED : EXIT_CLEAN;
  },
};

/**
 * Makes V8's optimising compiler inline less, in this process (the CLI's, workers included): the
 * code that reads candidate lines (parse, match, locate) is optimised anew in every worker, and
 * with the default budget that compiling took about 0.6 CPU seconds of a 1 GB scan; with this
 * budget the whole scan took 8–15% less CPU (medians of 6–7 paired runs: 3.83 vs 4.53 s). Flags are
 * process-wide, which is why the runtime (also run inside the editor) does not set it.
 */
function useSmallerInlining(): void {
  try {
    setFlagsFromString('--max-inlined-bytecode-size-cumulative=200');
  } catch {
    // Another V8 without the flag: the default budget.
  }
}

interface OutputFile {
  write(text: string): void;
  close(): void;
}

/** The --output file for the streaming formats, written as findings come; truncated first. */
function openOutput(absolute: string, shown: string): OutputFile {
  const fail = (error: unknown): never => {
    throw new InputError(`cannot write ${shown}: ${reasonOf(error)}`);
  };
  let fd = -1;
  try {
    fd = openSync(absolute, 'w');
  } catch (error) {
    fail(error);
  }
  return {
    write(text) {
      try {
        writeSync(fd, text);
      } catch (error) {
        fail(error);
      }
    },
    close: () => closeSync(fd),
  };
}

/** Runs the scan and closes the output file also when it fails. */
async function runScan<T>(output: OutputFile | undefined, scan: () => Promise<T>): Promise<T> {
  try {
    return await scan();
  } catch (error) {
    output?.close();
    throw error;
  }
}

function positiveInteger(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`option ${option} must be a positive integer, not "${value}"`, 'scan');
  return n;
}

/** Log arguments: files, every file of a directory, or glob matches; nothing matching is an error. */
/** Titles, descriptions and levels by rule id, for SARIF's rule descriptors; says which files have errors. */
function ruleMeta(files: readonly RuleFile[], warn: (text: string) => void): FindingsReport['rules'] {
  const meta: FindingsReport['rules'] = new Map();
  for (const parsed of files) {
    const errors = parsed.problems.filter((problem) => problem.severity === 'error').length;
    if (errors > 0) warn(`promptsift: ${parsed.source}: ${errors} error${errors === 1 ? '' : 's'} in the rule file; rules that do not load are not run (see promptsift lint)\n`);
    for (const rule of parsed.rules) {
      if (rule.kind !== 'detection') continue;
      const key = ruleKey(rule);
      if (!meta.has(key)) meta.set(key, { title: rule.title?.value ?? key, description: rule.description ?? '', level: rule.level ?? 'informational' });
    }
  }
  return meta;
}

/** The file without its detection rules below the minimum level (a rule without a level is informational). */
function withMinimumLevel(file: RuleFile, minimumRank: number): RuleFile {
  const isKept = (rule: RuleFile['rules'][number]): boolean => rule.kind !== 'detection' || LEVELS.indexOf(rule.level ?? 'informational') >= minimumRank;
  return file.rules.every(isKept) ? file : { ...file, rules: file.rules.filter(isKept) };
}
