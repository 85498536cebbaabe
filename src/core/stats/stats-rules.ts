// The detection rules as the statistics run them: the scanner's plan (compiled rules, literal
// prefilter), and which rules can run where. A rule that reads only `prompt` and `system` gives
// the same answer for the same text, so its result is remembered per distinct text; a rule that
// reads a derived field needs the whole log's context and the record's template group, which only
// the ordered stage knows; every other rule runs on each record during its analysis.

import { filterApplies } from '../match/compile';
import { COMPUTED_FIELDS, DERIVED_FIELDS, LLM_FIELDS, type Detection, type DetectionRule, type FilterRule, type Rule } from '../model';
import { ruleKey } from '../correlate/plan';
import { analyzeRules, planScan, type RuleAnalysis, type ScanPlan } from '../scan/plan';
import type { MatchedRule } from './campaign';

export interface StatsRules {
  scan: ScanPlan;
  /** Per plan index: the rule as the statistics report it. */
  meta: MatchedRule[];
  /** Per plan index: 1 when the rule (and its filters) reads only `prompt` and `system`. */
  isPromptOnly: Uint8Array;
  /**
   * Rules that read `prompt` and `system` and otherwise only whether some taxonomy fields exist
   * (`timestamp|exists`): their results are remembered per text and per the presence of those fields.
   */
  presenceKeyed: number[];
  /** Per plan index: 1 for the rules in `presenceKeyed`. */
  isPresenceKeyed: Uint8Array;
  /** The taxonomy fields whose presence the presenceKeyed rules test. */
  presenceFields: string[];
  /** Rules that run on every record whatever its text holds (no literal need, or a derived field). */
  always: number[];
  /** Rules of the analysis that run on every record: always, not prompt-only nor presence-keyed, no derived field. */
  otherAlways: number[];
  /** Rules that read derived fields: the ordered stage runs them, on every record. */
  ordered: number[];
  /** Per plan index: 1 for the rules in `ordered`. */
  isOrdered: Uint8Array;
  /** True when some rule is neither prompt-only nor always: the raw text's literals pick the rules to run. */
  needsPrefilter: boolean;
  /** Taxonomy fields the ordered rules read (derived fields aside). */
  orderedFields: Set<string>;
  /** Why the ordered rules need the whole record (a raw path or a keyword search), if they do. */
  orderedNeedsRecord?: string;
}

const DERIVED: ReadonlySet<string> = new Set(DERIVED_FIELDS);
const TAXONOMY: ReadonlySet<string> = new Set(LLM_FIELDS);
/** `prompt`, `system` and the computed fields, worked out from them alone: a rule reading only these gives one answer per distinct text. */
const PROMPT_FIELDS: ReadonlySet<string> = new Set(['prompt', 'system', ...COMPUTED_FIELDS]);

/** Plans the detection rules of `rules` (filters applied) for the statistics. */
export function planStatsRules(rules: readonly Rule[], options: { analysis?: readonly RuleAnalysis[] } = {}): StatsRules {
  // The regex budget of `scan` is not applied: its analysis costs seconds per pack, and lint's
  // regex checks report the same regexes.
  const files = [{ source: '', text: '', rules: [...rules], problems: [] }];
  const analysis = options.analysis ?? analyzeStatsRules(rules);
  const scan = planScan(files, { allowSuperLinear: true, analysis });
  const filters = rules.filter((rule): rule is FilterRule => rule.kind === 'filter');
  const size = scan.rules.length;
  const isPromptOnly = new Uint8Array(size);
  const isOrdered = new Uint8Array(size);
  const isPresenceKeyed = new Uint8Array(size);
  const presenceFields = new Set<string>();
  const always: number[] = [];
  const orderedFields = new Set<string>();
  let orderedNeedsRecord: string | undefined;
  scan.rules.forEach((planned, index) => {
    const rule = planned.compiled.rule;
    const detections = appliedDetections(rule, filters);
    if (readsOnlyPrompt(rule, detections)) {
      isPromptOnly[index] = 1;
    } else {
      const tested = presenceTested(rule, detections);
      if (tested) {
        isPresenceKeyed[index] = 1;
        for (const field of tested) presenceFields.add(field);
      }
    }
    if (planned.need.kind === 'always' || fieldsOf(rule.detection).some((field) => field !== undefined && DERIVED.has(field))) always.push(index);
    if (!detections.some(({ detection, isLlm }) => isLlm && fieldsOf(detection).some((field) => field !== undefined && DERIVED.has(field)))) return;
    isOrdered[index] = 1;
    for (const { detection, isLlm } of detections) {
      if (hasFieldRef(detection)) orderedNeedsRecord ??= `${ruleKey(rule)} compares fields`;
      for (const field of fieldsOf(detection)) {
        if (field === undefined) orderedNeedsRecord ??= `${ruleKey(rule)} searches keywords`;
        else if (!isLlm || !(TAXONOMY.has(field) || DERIVED.has(field))) orderedNeedsRecord ??= `${ruleKey(rule)} reads ${field}`;
        else if (!DERIVED.has(field)) orderedFields.add(field);
      }
    }
  });
  const plan: StatsRules = {
    scan,
    meta: scan.rules.map((planned) => matchedRule(planned.compiled.rule)),
    isPromptOnly,
    presenceKeyed: scan.rules.flatMap((_, index) => (isPresenceKeyed[index] ? [index] : [])),
    isPresenceKeyed,
    presenceFields: [...presenceFields],
    always,
    otherAlways: always.filter((index) => !isPromptOnly[index] && !isOrdered[index] && !isPresenceKeyed[index]),
    ordered: scan.rules.flatMap((_, index) => (isOrdered[index] ? [index] : [])),
    isOrdered,
    needsPrefilter: scan.rules.some((_, index) => !isPromptOnly[index] && !isPresenceKeyed[index] && !always.includes(index)),
    orderedFields,
  };
  if (orderedNeedsRecord !== undefined) plan.orderedNeedsRecord = orderedNeedsRecord;
  return plan;
}

/**
 * The prompt-only rules the ordered stage runs itself when the analysis runs on another thread: the
 * thread that only analyses is the slower one (it parses and runs the rules), so the ordered side,
 * which meets every distinct text anyway to describe its template, takes about `share` of the
 * prompt-only rules' weight (the length of their values, a rough measure of what their regexes
 * cost), in plan order.
 */
export function orderedContentRules(plan: StatsRules, share: number): number[] {
  const weights = plan.scan.rules.map((planned, index) => (plan.isPromptOnly[index] ? detectionWeight(planned.compiled.rule.detection) : 0));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const chosen: number[] = [];
  let taken = 0;
  weights.forEach((weight, index) => {
    if (weight === 0 || taken + weight / 2 > share * total) return;
    chosen.push(index);
    taken += weight;
  });
  return chosen;
}

function detectionWeight(detection: Detection): number {
  let weight = 0;
  for (const selection of detection.selections) {
    for (const items of selection.alternatives) for (const item of items) for (const value of item.values) weight += String(value.value).length;
  }
  return weight;
}

/** The regex analysis planStatsRules needs (computed once, it can be given to every plan of the same rules). */
export function analyzeStatsRules(rules: readonly Rule[]): RuleAnalysis[] {
  return analyzeRules([{ source: '', text: '', rules: [...rules], problems: [] }], { allowSuperLinear: true });
}

function matchedRule(rule: DetectionRule): MatchedRule {
  const matched: MatchedRule = { key: ruleKey(rule) };
  if (rule.title) matched.title = rule.title.value;
  if (rule.level) matched.level = rule.level;
  return matched;
}

/** The rule's detection and those of the filters that apply to it, with how each resolves field names. */
function appliedDetections(rule: DetectionRule, filters: readonly FilterRule[]): { detection: Detection; isLlm: boolean }[] {
  const applied = filters.filter((filter) => filterApplies(filter, rule));
  return [
    { detection: rule.detection, isLlm: rule.logsource.isLlm },
    ...applied.map((filter) => ({ detection: filter.filter.detection, isLlm: (filter.logsource ?? rule.logsource).isLlm })),
  ];
}

/**
 * True when the rule (with its filters) reads nothing but the `prompt` and `system` taxonomy
 * fields, so that its result depends on the prompt text alone. Keyword searches read every field.
 */
function readsOnlyPrompt(rule: DetectionRule, detections: readonly { detection: Detection; isLlm: boolean }[]): boolean {
  if (!rule.logsource.isLlm || detections.some((applied) => !applied.isLlm)) return false;
  return detections.every(({ detection }) =>
    detection.selections.every((selection) =>
      selection.alternatives.every((items) =>
        items.every((item) => item.field !== undefined && PROMPT_FIELDS.has(item.field.value) && !item.modifiers.some((m) => m.value === 'fieldref')),
      ),
    ),
  );
}

/**
 * The taxonomy fields (other than `prompt` and `system`) whose presence the rule (with its
 * filters) tests, when it reads nothing else but `prompt` and `system`; undefined otherwise. For a
 * taxonomy field of an LLM rule, `exists` reads only whether the field is there.
 */
function presenceTested(rule: DetectionRule, detections: readonly { detection: Detection; isLlm: boolean }[]): string[] | undefined {
  if (!rule.logsource.isLlm || detections.some((applied) => !applied.isLlm)) return undefined;
  const tested = new Set<string>();
  for (const { detection } of detections) {
    for (const selection of detection.selections) {
      for (const items of selection.alternatives) {
        for (const item of items) {
          const field = item.field?.value;
          if (field === undefined || item.modifiers.some((m) => m.value === 'fieldref')) return undefined;
          if (PROMPT_FIELDS.has(field)) continue;
          if (!TAXONOMY.has(field) || !item.modifiers.some((m) => m.value === 'exists')) return undefined;
          tested.add(field);
        }
      }
    }
  }
  return [...tested];
}

function hasFieldRef(detection: Detection): boolean {
  return detection.selections.some((selection) => selection.alternatives.some((items) => items.some((item) => item.modifiers.some((m) => m.value === 'fieldref'))));
}

/** The field of every selection item (undefined for keyword items). */
function fieldsOf(detection: Detection): (string | undefined)[] {
  return detection.selections.flatMap((selection) => selection.alternatives.flatMap((items) => items.map((item) => item.field?.value)));
}
