// The ordered half of the statistics' work: record analyses arrive in reading order, and here the
// templates join their near-duplicate groups, the derived fields are computed, the rules that read
// them run, and the matches feed the correlation engine and the campaign accumulator.

import { createCorrelationEngine, type CorrelationEngineOptions } from '../correlate/engine';
import { deriveFields, type LogContext } from '../correlate/derived';
import type { MatchTarget } from '../match/fields';
import type { DetectionRule, Rule } from '../model';
import { createRecordGates, restrictItemGates } from '../scan/item-gates';
import { detectionItems } from '../scan/literals';
import { createTextCache, type RecordAnalysis } from './analysis';
import { createCampaignAccumulator, type MatchedRule, type StatsRecord } from './campaign';
import { keyHex } from './hash';
import type { CampaignOptionsInput } from './options';
import type { StatsRules } from './stats-rules';
import { createTemplateGroups, describeTemplate, type TemplateIndexOptions, type TemplateRef, type TemplateShape } from './templates';
import type { CampaignStats } from './types';

export interface OrderedStageOptions {
  /** Every rule of the packs: detection rules, correlations and the filters that narrow them. */
  rules: readonly Rule[];
  plan: StatsRules;
  context: LogContext;
  campaign?: CampaignOptionsInput;
  correlation?: CorrelationEngineOptions;
  templates?: TemplateIndexOptions;
  isExcluded?: (source: string, line: number, rule: string) => boolean;
  /**
   * Describe each record's template here, from its `prompt` and `system` fields, instead of taking
   * the analysis's shape: when the analysis runs on another thread, that thread has less to do.
   */
  describesTemplates?: boolean;
  /**
   * Prompt-only rules (plan indexes) that the analysis left to this stage (createRecordAnalyser's
   * `leavesToOrdered`): run here on each distinct `prompt` and `system`, and merged with the
   * analysis's `contentMatched`.
   */
  contentRules?: readonly number[];
  /** Distinct texts whose template shape (and `contentRules` matches) are remembered. */
  cacheSize?: number;
}

/** What a distinct text gives here: its template shape (null: none, or not described here) and the matching `contentRules`. */
interface TextResult {
  shape: TemplateShape | null;
  matched: readonly number[];
}

const NONE: readonly number[] = Object.freeze([]) as readonly number[];

export interface OrderedStage {
  /** Adds an analysed record; `raw` is the parsed record when the ordered rules need it. */
  add(analysis: RecordAnalysis, source: string, raw?: unknown): void;
  finish(): CampaignStats;
}

const NO_RAW = Object.freeze({});

export function createOrderedStage(options: OrderedStageOptions): OrderedStage {
  const { plan, context, isExcluded } = options;
  const rules = plan.scan.rules.map((planned) => planned.compiled);
  const groups = createTemplateGroups(options.templates);
  const engine = createCorrelationEngine(options.rules, options.correlation);
  const accumulator = createCampaignAccumulator({ ...options.campaign, context });
  const keepsRefs = (options.campaign?.refsPerItem ?? 0) > 0;
  const orderedMatched: number[] = [];
  const contentRules = options.contentRules ?? NONE;
  const describesTemplates = options.describesTemplates === true;
  const isTextWork = describesTemplates || contentRules.length > 0;
  const texts = isTextWork ? createTextCache<TextResult>(options.cacheSize ?? 100_000) : undefined;
  // The gates of the content rules' items only: the automaton then looks for their pieces alone.
  const contentGates = new Set(
    contentRules.flatMap((index) => detectionItems((rules[index] as (typeof rules)[number]).rule.detection).flatMap((item) => plan.scan.gates.idOf.get(item) ?? [])),
  );
  const openGates = contentRules.length > 0 ? createRecordGates(restrictItemGates(plan.scan.gates, contentGates)) : undefined;
  const contentTarget: MatchTarget = { fields: {}, raw: NO_RAW };
  const textResult = (system: string | undefined, prompt: string | undefined): TextResult => {
    const known = texts?.get(system, prompt);
    if (known !== undefined) return known;
    const matched: number[] = [];
    if (openGates) {
      const fields = { system, prompt };
      contentTarget.fields = fields;
      contentTarget.gates = openGates(fields);
      for (const index of contentRules) {
        const rule = rules[index] as (typeof rules)[number];
        if (rule.mayMatch(contentTarget.gates) && rule.matches(contentTarget)) matched.push(index);
      }
    }
    const result: TextResult = { shape: describesTemplates ? (describeTemplate(system, prompt) ?? null) : null, matched: matched.length > 0 ? matched : NONE };
    texts?.set(system, prompt, result);
    return result;
  };
  // Handed to the accumulator, which keeps none of it, record after record.
  const record: StatsRecord = { fields: {}, matched: [], time: undefined, template: undefined, ref: undefined };

  return {
    add(analysis, source, raw) {
      const text = texts ? textResult(analysis.fields.system, analysis.fields.prompt) : undefined;
      const shape = describesTemplates ? (text?.shape ?? undefined) : analysis.shape;
      const contentMatched = text && text.matched.length > 0 ? mergeAscending(analysis.contentMatched, text.matched) : analysis.contentMatched;
      let template: TemplateRef | undefined;
      if (shape) {
        const key = groups.groupOf(shape);
        template = { key, id: keyHex(key), text: shape.text, lines: shape.lines };
      }
      const isMatching = plan.ordered.length > 0 || contentMatched.length > 0 || analysis.otherMatched.length > 0;
      const target: MatchTarget | undefined = isMatching ? { fields: withDerived(analysis, context, template), raw: raw ?? NO_RAW } : undefined;
      orderedMatched.length = 0;
      if (target) for (const index of plan.ordered) if ((rules[index] as (typeof rules)[number]).matches(target)) orderedMatched.push(index);
      let matched = mergeMatches(contentMatched, analysis.otherMatched, orderedMatched);
      if (isExcluded) matched = matched.filter((index) => !isExcluded(source, analysis.line, (plan.meta[index] as MatchedRule).key));
      if (target && matched.length > 0) {
        const detections: DetectionRule[] = matched.map((index) => (rules[index] as (typeof rules)[number]).rule);
        engine.add({ ref: { source, line: analysis.line }, time: analysis.time, target, matched: detections });
      }
      // One shape for every record (absent parts undefined): object spreads of varying keys cost
      // more than the rest of this function.
      record.fields = analysis.fields;
      record.matched = matched.map((index) => plan.meta[index] as MatchedRule);
      record.time = analysis.time;
      record.template = template;
      record.ref = keepsRefs ? { source, line: analysis.line } : undefined;
      accumulator.add(record);
    },
    finish: () => accumulator.finish(engine.finish()),
  };
}

/** The record's fields with its derived values added, in a new object (the analysis's is shared). */
function withDerived(analysis: RecordAnalysis, context: LogContext, template: TemplateRef | undefined): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const own = analysis.fields as Record<string, unknown>;
  for (const key in own) fields[key] = own[key];
  const derived = deriveFields(analysis, context, template) as Record<string, unknown>;
  for (const key in derived) fields[key] = derived[key];
  return fields;
}

/** Two ascending lists of plan indexes as one, appended to `out`. */
function mergeAscending(a: readonly number[], b: readonly number[], out: number[] = []): number[] {
  let j = 0;
  for (const index of a) {
    while (j < b.length && (b[j] as number) < index) out.push(b[j++] as number);
    out.push(index);
  }
  while (j < b.length) out.push(b[j++] as number);
  return out;
}

/** The prompt-only matches first, then the others in plan order, as the rules were always reported. */
function mergeMatches(content: readonly number[], other: readonly number[], ordered: readonly number[]): number[] {
  return mergeAscending(other, ordered, content.slice());
}
