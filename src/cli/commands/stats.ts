// `promptsift stats`: campaign statistics over prompt logs — every detection rule on every record,
// the correlation rules, accounts linked into campaigns, model pivots — as text, JSON, Markdown or
// a self-contained HTML report.

import { createLogContextScanner } from '../../core/correlate/context-scan';
import { createLogContextBuilder, type LogContext } from '../../core/correlate/derived';
import { compileFieldMap, createLogReader, detectLogFormat, isProblem, type FieldMap, type LogReader } from '../../core/logs/index';
import { LEVELS, type Level, type LogRecord, type Problem, type Rule } from '../../core/model';
import { renderHtmlReport } from '../../core/report/html';
import { renderMarkdownReport, type ReportMeta } from '../../core/report/markdown';
import type { CampaignOptionsInput } from '../../core/stats/options';
import { createOrderedPipeline, createStatsPipeline } from '../../core/stats/pipeline';
import { fieldsToShip } from '../../core/stats/shipped';
import type { RuleAnalysis } from '../../core/scan/plan';
import { analyzeStatsRules, planStatsRules } from '../../core/stats/stats-rules';
import { forEachAnalysis, readPieces } from '../../runtime/stats-analysis';
import { defaultAnalysisWorkerPath, startAnalysis } from '../../runtime/stats-parallel';
import { defaultScanCacheDir, loadStatsRules } from '../../runtime/scan-cache';
import { createRawWindow } from '../../runtime/stats-window';
import type { CampaignStats } from '../../core/stats/types';
import { parseCommandArgs, takeRules } from '../args';
import { EXIT_CLEAN, EXIT_FAILED, InputError, UsageError } from '../exit';
import { readSourceText, resolveLogFiles } from '../files';
import { formatStatsJson } from '../formats/stats-json';
import { formatStatsText, type StatsRun } from '../formats/stats-text';
import type { LocatedProblem } from '../located';
import { displayPath, emit, reasonOf, shouldUseColour } from '../output';
import { collectPacks } from '../packs';
import type { Command } from './types';

const FORMATS = ['text', 'json', 'md', 'html'] as const;
const FAIL_ON = ['campaign', 'correlation', 'never'] as const;

const OPTIONS = {
  format: { type: 'string', choices: FORMATS },
  'fail-on': { type: 'string', choices: FAIL_ON },
  'flag-level': { type: 'string', choices: LEVELS },
  config: { type: 'string' },
  output: { type: 'string', short: 'o' },
} as const;

/** Log problems kept for the report; the rest are counted. */
const MAX_PROBLEMS = 100;

const HELP = `Usage: promptsift stats --rules <path> [--rules <path>...] [options] <logs...>

Reads prompt logs (JSONL, CSV/TSV or plain text), runs every detection rule on every record,
evaluates the correlation rules, links accounts into campaigns through shared payment
fingerprints, API keys, addresses, orgs and prompt templates, and reports per campaign the
accounts, requests, flagged share, templates, rules, link evidence, hourly timeline and the
pivots to models that first appear during the logs.

--rules takes a rule file, a directory (its pack's rules) or a glob; repeat it for more. A log
argument is a file, a directory (every file in it) or a glob. Logs are read twice (the first
pass learns when the logs start and when each model and account first appears).

Options:
  --rules <path>                        rules to run (required, repeatable)
  --format <text|json|md|html>          output format (default: text); html is one
                                        self-contained file with charts
  --flag-level <level>                  a match of a rule at or above this level flags a
                                        record (default: low)
  --fail-on <campaign|correlation|never>
                                        exit with 1 when a campaign is found, or when a
                                        campaign or a correlation finding at level low or
                                        above is (default: never)
  --config <file>                       use this promptsift.yaml (its fieldMap) for the rules
  -o, --output <file>                   write the report to a file instead of stdout
  -h, --help                            show this help

Exit codes: 0 nothing at or above --fail-on, 1 something is, 2 usage or internal error.
`;

export const statsCommand: Command = {
  name: 'stats',
  summary: 'campaign statistics, correlations and model pivots over prompt logs (text, json, md or html)',
  help: HELP,
  run(argv, io) {
    const { rulePaths, rest } = takeRules(argv, 'stats');
    const { values, positionals } = parseCommandArgs('stats', rest, OPTIONS);
    if (values.help) {
      io.stdout(HELP);
      return EXIT_CLEAN;
    }
    if (rulePaths.length === 0) throw new UsageError('--rules is required', 'stats');
    if (positionals.length === 0) throw new UsageError('no log files given', 'stats');
    const packs = collectPacks(rulePaths, { cwd: io.cwd, configPath: values.config, command: 'stats' });
    const sources = packs.flatMap((pack) => pack.files.map((file) => ({ name: displayPath(io.cwd, file), text: readSourceText(file, displayPath(io.cwd, file)) })));
    // Only a built CLI caches: its key covers the bundle, while sources run by tsx (tests) could change unseen.
    const loaded = loadStatsRules(sources, __filename.endsWith('.js') ? defaultScanCacheDir() : undefined, [__filename]);
    const rules: Rule[] = loaded.ruleFiles.flatMap((file) => file.rules);
    const fieldMap = packs.find((pack) => pack.configPath !== undefined)?.config.fieldMap;
    const logs = resolveLogFiles(positionals, io.cwd, 'stats');
    const run = runStats(logs, rules, { fieldMap, flagLevel: (values['flag-level'] ?? 'low') as Level, ruleAnalysis: loaded.analysis });
    const meta: ReportMeta = { files: run.files.map((file) => file.file), rules: rules.filter((rule) => rule.kind !== 'filter').length };
    const format = values.format ?? 'text';
    const text =
      format === 'json'
        ? formatStatsJson(run)
        : format === 'md'
          ? renderMarkdownReport(run.stats, meta)
          : format === 'html'
            ? renderHtmlReport(run.stats, meta)
            : formatStatsText(run, { isColour: shouldUseColour(io, values.output) });
    emit(io, text, values.output);
    if (run.brokenRules.length > 0) io.stderr(`promptsift: ${run.brokenRules.length} detection rule(s) cannot run and match nothing (see promptsift lint)\n`);
    return isFailing(run.stats, (values['fail-on'] ?? 'never') as (typeof FAIL_ON)[number]) ? EXIT_FAILED : EXIT_CLEAN;
  },
};

/**
 * Two passes over the logs: the context (log start, model and account first seen, read cheaply),
 * then everything else, with the log problems collected on the way. The second pass's analysis
 * (parsing, templates, the rules that need only the record) runs on a worker thread from the start
 * when the stats worker is bundled beside the CLI, while this thread reads the context and then
 * runs the ordered stage; `analysis: 'in-process'` runs that same split here, `'sequential'` the
 * plain pipeline (as also when the rules need whole records in the ordered stage).
 */
export function runStats(
  logs: readonly { path: string; name: string }[],
  rules: readonly Rule[],
  options: {
    fieldMap?: FieldMap;
    flagLevel: Level;
    campaign?: CampaignOptionsInput;
    chunkBytes?: number;
    analysis?: 'worker' | 'in-process' | 'sequential';
    /** analyzeStatsRules' answer for `rules`, when the caller has it. */
    ruleAnalysis?: RuleAnalysis[];
  },
): StatsRun {
  const chunkBytes = options.chunkBytes ?? CHUNK_BYTES;
  const ruleAnalysis = options.ruleAnalysis ?? analyzeStatsRules(rules);
  const plan = planStatsRules(rules, { analysis: ruleAnalysis });
  const fields = options.analysis === 'sequential' ? undefined : fieldsToShip(rules, plan);
  const workerPath = options.analysis === 'in-process' ? undefined : defaultAnalysisWorkerPath();
  if (fields === undefined || (workerPath === undefined && options.analysis !== 'in-process')) return runSequential(logs, rules, options, chunkBytes);
  const source = startAnalysis({ rules: [...rules], analysis: ruleAnalysis, ...(options.fieldMap ? { fieldMap: options.fieldMap } : {}), logs: [...logs], chunkBytes, locate: MAX_PROBLEMS, fields }, workerPath);
  try {
    const context = readContext(logs, options.fieldMap, chunkBytes);
    const pipeline = createOrderedPipeline({ rules, context, campaign: { ...options.campaign, flagLevel: options.flagLevel }, plan });
    const problems: LocatedProblem[] = [];
    const files = logs.map((log) => ({ file: log.name, records: 0, problems: 0 }));
    for (const message of source) {
      if (message.type === 'failed') throw new Error(message.message);
      const log = logs[message.log] as (typeof logs)[number];
      if (message.type === 'end') {
        if (message.error !== undefined) throw new InputError(`cannot read ${log.name}: ${message.error}`);
        continue;
      }
      const file = files[message.log] as (typeof files)[number];
      file.records += message.count;
      forEachAnalysis(message, fields, (analysis) => pipeline.add(analysis, log.name));
      file.problems += message.problemCount;
      for (const problem of message.problems) if (problems.length < MAX_PROBLEMS) problems.push(problem);
    }
    return { stats: pipeline.finish(), files, problems, brokenRules: [...pipeline.brokenRules] };
  } finally {
    source.close();
  }
}

/** The first pass: when the logs start, when each model and account first appears. */
function readContext(logs: readonly { path: string; name: string }[], fieldMapInput: FieldMap | undefined, chunkBytes: number): LogContext {
  const builder = createLogContextBuilder();
  const fieldMap = compileFieldMap(fieldMapInput);
  for (const log of logs) {
    const scanner = createLogContextScanner(builder, { name: log.path, fieldMap });
    readInChunks(log.path, log.name, chunkBytes, (chunk) => scanner.push(chunk));
    scanner.end();
  }
  return builder.finish();
}

/** Both passes on this thread, the second through the whole pipeline record by record. */
function runSequential(
  logs: readonly { path: string; name: string }[],
  rules: readonly Rule[],
  options: { fieldMap?: FieldMap; flagLevel: Level; campaign?: CampaignOptionsInput },
  chunkBytes: number,
): StatsRun {
  const context = readContext(logs, options.fieldMap, chunkBytes);
  const fieldMap = compileFieldMap(options.fieldMap);
  const pipeline = createStatsPipeline({ rules, context, campaign: { ...options.campaign, flagLevel: options.flagLevel } });
  const problems: LocatedProblem[] = [];
  const files = logs.map((log) => {
    const file = { file: log.name, records: 0, problems: 0 };
    const window = createRawWindow();
    let reader: LogReader | undefined;
    const take = (items: Iterable<LogRecord | Problem>): void => {
      for (const item of items) {
        if (isProblem(item)) {
          file.problems++;
          if (problems.length < MAX_PROBLEMS) problems.push(window.locate({ ...item, source: log.name }));
        } else {
          file.records++;
          pipeline.add(item, log.name, window.slice(item.span));
        }
      }
    };
    readInChunks(log.path, log.name, chunkBytes, (chunk) => {
      reader ??= createLogReader({ format: detectLogFormat(log.path, chunk.slice(0, 4096)), fieldMap });
      window.advance(chunk);
      take(reader.push(chunk));
    });
    if (reader) take(reader.end());
    return file;
  });
  return { stats: pipeline.finish(), files, problems, brokenRules: [...pipeline.brokenRules] };
}

/** Logs are read in pieces of this many bytes, so memory does not grow with their size. */
const CHUNK_BYTES = 4 * 1024 * 1024;

/** Calls `onChunk` with a file's text in pieces (the runtime's readPieces); a file that cannot be read is an InputError. */
function readInChunks(path: string, shown: string, chunkBytes: number, onChunk: (text: string) => void): void {
  try {
    for (const { text } of readPieces(path, chunkBytes)) if (text !== '') onChunk(text);
  } catch (error) {
    throw new InputError(`cannot read ${shown}: ${reasonOf(error)}`);
  }
}

function isFailing(stats: CampaignStats, failOn: (typeof FAIL_ON)[number]): boolean {
  if (failOn === 'never') return false;
  if (stats.campaigns.length > 0) return true;
  return failOn === 'correlation' && stats.correlations.some((finding) => finding.level !== undefined && finding.level !== 'informational');
}

