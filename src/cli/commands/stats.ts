// `promptsift stats`: campaign statistics over prompt logs — every detection rule on every record,
// the correlation rules, accounts linked into campaigns, model pivots — as text, JSON, Markdown or
// a self-contained HTML report.

import type { FieldMap } from '../../core/logs/index';
import { LEVELS, type Level, type Rule } from '../../core/model';
import { renderHtmlReport } from '../../core/report/html';
import { renderMarkdownReport, type ReportMeta } from '../../core/report/markdown';
import type { RuleAnalysis } from '../../core/scan/plan';
import type { CampaignOptionsInput } from '../../core/stats/options';
import type { CampaignStats } from '../../core/stats/types';
import { defaultScanCacheDir, loadStatsRules } from '../../runtime/scan-cache';
import { runStatsOverRules } from '../../runtime/stats-run';
import { parseCommandArgs, takeRules } from '../args';
import { EXIT_CLEAN, EXIT_FAILED, InputError, UsageError } from '../exit';
import { readSourceText, resolveLogFiles } from '../files';
import { formatStatsJson } from '../formats/stats-json';
import { formatStatsText, type StatsRun } from '../formats/stats-text';
import { displayPath, emit, shouldUseColour } from '../output';
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
 * Two passes over the logs (runtime/stats-run.ts): the context, then everything else, with the
 * first log problems located. The second pass's analysis runs on a worker thread when the stats
 * worker is bundled beside the CLI (`analysis: 'worker'`, the default); `'in-process'` runs that
 * same split here, `'sequential'` the plain pipeline. A log that cannot be read is an InputError.
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
  const run = runStatsOverRules(rules, { ...options, logs, analysis: options.analysis ?? 'worker', locate: MAX_PROBLEMS });
  const unreadable = run.files.find((file) => file.error !== undefined);
  if (unreadable) throw new InputError(`cannot read ${unreadable.name}: ${unreadable.error}`);
  return {
    stats: run.stats,
    files: run.files.map((file) => ({ file: file.name, records: file.records, problems: file.problems })),
    problems: run.problems,
    brokenRules: run.brokenRules,
  };
}

function isFailing(stats: CampaignStats, failOn: (typeof FAIL_ON)[number]): boolean {
  if (failOn === 'never') return false;
  if (stats.campaigns.length > 0) return true;
  return failOn === 'correlation' && stats.correlations.some((finding) => finding.level !== undefined && finding.level !== 'informational');
}

