// The second pass over the logs: derived fields, the detection rules, correlations and the
// campaign accumulator, record by record. The shells read the files; this takes records.
//
// Each record is analysed (analysis.ts: its template's shape and the rules that need only the
// record, with a cache per distinct prompt text), then the ordered stage (ordered-stage.ts) groups
// templates, derives the fields that need the whole log, runs the rules that read them and feeds
// correlations and accounts. Rules run through the scanner's plan, with item gates (stats-rules.ts):
// a selection item on `prompt` or `system` is tested only when that text holds one of the literals
// it needs, and a rule only when its condition can still hold.

import type { CorrelationEngineOptions } from '../correlate/engine';
import type { LogContext } from '../correlate/derived';
import type { LogRecord, Rule } from '../model';
import { createRecordAnalyser, type RecordAnalysis } from './analysis';
import type { CampaignOptionsInput } from './options';
import { createOrderedStage } from './ordered-stage';
import { planStatsRules, type StatsRules } from './stats-rules';
import type { TemplateIndexOptions } from './templates';
import type { CampaignStats } from './types';

export interface StatsPipelineOptions {
  /** Every rule of the packs: detection rules, correlations and the filters that narrow them. */
  rules: readonly Rule[];
  /** What the first pass learned (see createLogContextBuilder). */
  context: LogContext;
  campaign?: CampaignOptionsInput;
  correlation?: CorrelationEngineOptions;
  templates?: TemplateIndexOptions;
  /** Distinct prompt texts whose template and rule results are remembered; 100 000 by default. */
  cacheSize?: number;
  /**
   * Matches a reviewer marked as false positives, by log, 1-based line and rule key: the rule is
   * taken not to match that record, which still counts as a request of its account, template and model.
   */
  isExcluded?: (source: string, line: number, rule: string) => boolean;
}

export interface StatsPipeline {
  /** Adds a record; `source` is the opaque name of its log (a path, a URI), used in findings. */
  add(record: LogRecord, source: string): void;
  finish(): CampaignStats;
  /** Detection rules that do not run because they do not compile. */
  readonly brokenRules: readonly { rule: string; reasons: string[] }[];
}

/** Creates the pipeline; give it the records in the same order as the first pass saw them. */
export function createStatsPipeline(options: StatsPipelineOptions): StatsPipeline {
  const plan = planStatsRules(options.rules);
  const analyser = createRecordAnalyser(plan, options.cacheSize);
  const stage = createOrderedStage({ ...options, plan });
  return {
    add(record, source) {
      stage.add(analyser.analyse(record), source, record.raw);
    },
    finish: () => stage.finish(),
    brokenRules: plan.scan.notices.map((notice) => ({ rule: notice.title, reasons: [notice.reason] })),
  };
}

/** The ordered half alone, fed with analyses computed elsewhere (on a worker: see createRecordAnalyser). */
export interface OrderedPipeline {
  /** Adds the analysis of the next record in reading order; `source` as in StatsPipeline.add. */
  add(analysis: RecordAnalysis, source: string): void;
  finish(): CampaignStats;
  readonly brokenRules: readonly { rule: string; reasons: string[] }[];
  /** The plan the analyses' rule indexes refer to (the same rules give the same plan anywhere). */
  readonly plan: StatsRules;
}

/**
 * Creates the ordered half; give it the analyses of the records in the same order as the first
 * pass saw them, made by an analyser over the same rules. It never sees the parsed records, so
 * the rules must not need them (see analysesShipWithout).
 */
export function createOrderedPipeline(options: StatsPipelineOptions & { plan?: StatsRules; describesTemplates?: boolean; contentRules?: readonly number[] }): OrderedPipeline {
  const plan = options.plan ?? planStatsRules(options.rules);
  const stage = createOrderedStage({ ...options, plan });
  return {
    add: (analysis, source) => stage.add(analysis, source),
    finish: () => stage.finish(),
    brokenRules: plan.scan.notices.map((notice) => ({ rule: notice.title, reasons: [notice.reason] })),
    plan,
  };
}
