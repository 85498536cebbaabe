// The second pass over the logs: derived fields, the detection rules, correlations and the
// campaign accumulator, record by record. The shells read the files; this takes records.
//
// Rules run through the scanner's plan: a rule is evaluated on a record only when the record's raw
// text holds one of the literals the rule needs (or the rule needs none), as `promptsift scan`
// does. Rules that read derived fields always run, since those values are not in the raw text.
// Prompts repeat (apps, retries, campaigns), so the template and the results of the rules that
// read only `prompt` and `system` are remembered per distinct text, in a bounded cache.

import { createCorrelationEngine, type CorrelationEngineOptions } from '../correlate/engine';
import { deriveFields, type LogContext } from '../correlate/derived';
import { ruleKey } from '../correlate/plan';
import { filterApplies } from '../match/compile';
import type { MatchTarget } from '../match/fields';
import { DERIVED_FIELDS, type Detection, type DetectionRule, type FilterRule, type LogRecord, type Rule } from '../model';
import { planScan, type PlannedRule, type ScanPlan } from '../scan/plan';
import { findLiteralsInBytes } from '../scan/prefilter';
import { createCampaignAccumulator, type MatchedRule } from './campaign';
import type { CampaignOptionsInput } from './options';
import { createTemplateIndex, type TemplateIndexOptions, type TemplateRef } from './templates';
import type { CampaignStats } from './types';

export interface StatsPipelineOptions {
  /** Every rule of the packs: detection rules, correlations and the filters that narrow them. */
  rules: readonly Rule[];
  /** What the first pass learned (see createLogContextBuilder). */
  context: LogContext;
  campaign?: CampaignOptionsInput;
  correlation?: CorrelationEngineOptions;
  templates?: TemplateIndexOptions;
  /** Distinct prompt texts whose template and rule results are remembered; 20 000 by default. */
  cacheSize?: number;
  /**
   * Matches a reviewer marked as false positives, by log, 1-based line and rule key: the rule is
   * taken not to match that record, which still counts as a request of its account, template and model.
   */
  isExcluded?: (source: string, line: number, rule: string) => boolean;
}

export interface StatsPipeline {
  /**
   * Adds a record; `source` is the opaque name of its log (a path, a URI), used in findings.
   * `rawText` is the record's text as logged (`text.slice(record.span.start, record.span.end)`);
   * without it every rule runs on the record, which gives the same result, only slower.
   */
  add(record: LogRecord, source: string, rawText?: string): void;
  finish(): CampaignStats;
  /** Detection rules that do not run because they do not compile. */
  readonly brokenRules: readonly { rule: string; reasons: string[] }[];
}

/** What a distinct prompt text gives, whatever record carries it. */
interface ContentResult {
  system: string | undefined;
  template: TemplateRef | undefined;
  /** Indexes of the prompt-only rules that match the text. */
  matched: number[];
}

/** Longer texts are not cached: they rarely repeat, and the cache stays small. */
const MAX_CACHED_TEXT = 4000;

/** Creates the pipeline; give it the records in the same order as the first pass saw them. */
export function createStatsPipeline(options: StatsPipelineOptions): StatsPipeline {
  // The regex budget of `scan` is not applied: its analysis costs seconds per pack, and lint's
  // regex checks report the same regexes.
  const plan = planScan([{ source: '', text: '', rules: [...options.rules], problems: [] }], { allowSuperLinear: true });
  const filters = options.rules.filter((rule): rule is FilterRule => rule.kind === 'filter');
  const meta = plan.rules.map((planned) => matchedRule(planned.compiled.rule));
  const isPromptOnly = plan.rules.map((planned) => readsOnlyPrompt(planned.compiled.rule, filters));
  const always = plan.rules.flatMap((planned, index) => (planned.need.kind === 'always' || usesDerivedField(planned.compiled.rule) ? [index] : []));
  const otherAlways = always.filter((index) => !isPromptOnly[index]);
  const needsPrefilter = plan.rules.some((_, index) => !isPromptOnly[index] && !always.includes(index));
  const selected = new Uint8Array(plan.rules.length);
  const encoder = new TextEncoder();
  const templates = createTemplateIndex(options.templates);
  const engine = createCorrelationEngine(options.rules, options.correlation);
  const accumulator = createCampaignAccumulator({ ...options.campaign, context: options.context });
  const cache = createContentCache(options.cacheSize ?? 20_000);
  const keepsRefs = (options.campaign?.refsPerItem ?? 0) > 0;

  const candidates = (rawText: string | undefined): number[] => {
    if (rawText === undefined) return plan.rules.map((_, index) => index);
    return rulesFor(plan, findLiteralsInBytes(plan.prefilter, encoder.encode(rawText)), always, selected);
  };
  const matches = (index: number, target: MatchTarget): boolean => (plan.rules[index] as PlannedRule).compiled.matches(target);

  return {
    add(record, source, rawText) {
      const { system, prompt } = record.fields;
      const isCached = (system?.length ?? 0) + (prompt?.length ?? 0) <= MAX_CACHED_TEXT;
      let content = isCached ? cache.get(system, prompt) : undefined;
      let others: number[];
      let fresh: number[] = [];
      if (content) {
        others = needsPrefilter ? candidates(rawText).filter((index) => !isPromptOnly[index]) : otherAlways;
      } else {
        const all = candidates(rawText);
        content = { system, template: templates.templateOf(system, prompt), matched: [] };
        fresh = all.filter((index) => isPromptOnly[index]);
        others = all.filter((index) => !isPromptOnly[index]);
        if (isCached) cache.set(prompt, content);
      }
      const target: MatchTarget = { fields: { ...record.fields, ...deriveFields(record, options.context, content.template) }, raw: record.raw };
      for (const index of fresh) if (matches(index, target)) content.matched.push(index);
      let matched = [...content.matched, ...others.filter((index) => matches(index, target))];
      const { isExcluded } = options;
      if (isExcluded) matched = matched.filter((index) => !isExcluded(source, record.line, (meta[index] as MatchedRule).key));
      if (matched.length > 0) {
        const rules = matched.map((index) => (plan.rules[index] as PlannedRule).compiled.rule);
        engine.add({ ref: { source, line: record.line }, time: record.time, target, matched: rules });
      }
      accumulator.add({
        fields: record.fields,
        matched: matched.map((index) => meta[index] as MatchedRule),
        ...(record.time === undefined ? {} : { time: record.time }),
        ...(content.template ? { template: content.template } : {}),
        ...(keepsRefs ? { ref: { source, line: record.line } } : {}),
      });
    },
    finish: () => accumulator.finish(engine.finish()),
    brokenRules: plan.notices.map((notice) => ({ rule: notice.title, reasons: [notice.reason] })),
  };
}

/** A least-recently-used cache of prompt results, keyed by the prompt, then the system prompt. */
function createContentCache(size: number): { get(system: string | undefined, prompt: string | undefined): ContentResult | undefined; set(prompt: string | undefined, result: ContentResult): void } {
  const byPrompt = new Map<string | undefined, ContentResult[]>();
  return {
    get(system, prompt) {
      const entries = byPrompt.get(prompt);
      const found = entries?.find((entry) => entry.system === system);
      if (entries && found) {
        byPrompt.delete(prompt);
        byPrompt.set(prompt, entries);
      }
      return found;
    },
    set(prompt, result) {
      const entries = byPrompt.get(prompt);
      if (entries) {
        if (entries.length < 8) entries.push(result);
        return;
      }
      if (byPrompt.size >= size) byPrompt.delete(byPrompt.keys().next().value as string | undefined);
      byPrompt.set(prompt, [result]);
    },
  };
}

/** The rules to run on a record: those needing a literal it holds, and those needing none. */
function rulesFor(plan: ScanPlan, found: readonly number[], always: readonly number[], selected: Uint8Array): number[] {
  if (found.some((id) => id >= plan.triggerStart)) return plan.rules.map((_, index) => index);
  const out: number[] = [];
  const add = (index: number): void => {
    if (selected[index] === 1) return;
    selected[index] = 1;
    out.push(index);
  };
  for (const id of found) for (const index of plan.rulesByLiteral[id] as number[]) add(index);
  for (const index of always) add(index);
  for (const index of out) selected[index] = 0;
  return out.sort((a, b) => a - b);
}

function matchedRule(rule: DetectionRule): MatchedRule {
  const matched: MatchedRule = { key: ruleKey(rule) };
  if (rule.title) matched.title = rule.title.value;
  if (rule.level) matched.level = rule.level;
  return matched;
}

const DERIVED: ReadonlySet<string> = new Set(DERIVED_FIELDS);
const PROMPT_FIELDS: ReadonlySet<string> = new Set(['prompt', 'system']);

/** True when a selection item names a derived field (its value is not in the raw text). */
function usesDerivedField(rule: DetectionRule): boolean {
  return fieldsOf(rule.detection).some((field) => field !== undefined && DERIVED.has(field));
}

/**
 * True when the rule (with its filters) reads nothing but the `prompt` and `system` taxonomy
 * fields, so that its result depends on the prompt text alone. Keyword searches read every field.
 */
function readsOnlyPrompt(rule: DetectionRule, filters: readonly FilterRule[]): boolean {
  if (!rule.logsource.isLlm) return false;
  const applied = filters.filter((filter) => filterApplies(filter, rule));
  if (applied.some((filter) => filter.logsource !== undefined && !filter.logsource.isLlm)) return false;
  return [rule.detection, ...applied.map((filter) => filter.filter.detection)].every((detection) =>
    detection.selections.every((selection) =>
      selection.alternatives.every((items) =>
        items.every((item) => item.field !== undefined && PROMPT_FIELDS.has(item.field.value) && !item.modifiers.some((m) => m.value === 'fieldref')),
      ),
    ),
  );
}

/** The field of every selection item (undefined for keyword items). */
function fieldsOf(detection: Detection): (string | undefined)[] {
  return detection.selections.flatMap((selection) => selection.alternatives.flatMap((items) => items.map((item) => item.field?.value)));
}
