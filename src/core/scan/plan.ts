// A scan plan: the pack's detection rules compiled once, the literals each needs, the prefilter
// over all of them, and the rules the scan will not run (with the reason).

import { compileFieldMap, type FieldMap, type FieldPlan } from '../logs/index';
import { compileRule, filterApplies, type CompiledRule } from '../match/compile';
import type { DetectionRule, FilterRule, RuleFile } from '../model';
import { assessRuleBudget } from './budget';
import type { RuleNotice } from './findings';
import { planItemGates, type ItemGatePlan } from './item-gates';
import { indexPieces, ruleLiteralNeeds, type LiteralNeed } from './literals';
import { FastPassSource } from './fast-pass';
import type { Prefilter } from './prefilter';

export interface PlanOptions {
  fieldMap?: FieldMap;
  /** The runtime enabled V8's linear-time fallback for regexes (see budget.ts). */
  hasLinearFallback?: boolean;
  /** Run rules whose regexes may backtrack without bound anyway (default false). */
  allowSuperLinear?: boolean;
  /** The analysis from analyzeRules, computed once for many plans (one per worker). */
  analysis?: readonly RuleAnalysis[];
  /** Item gates planned already (planItemGates over the same rules and analysis); planned here otherwise. */
  gates?: ItemGatePlan;
}

/** What the (slow) regex analysis says about a detection rule; plain data. */
export interface RuleAnalysis {
  need: LiteralNeed;
  /** The need of each item of the rule's detection, in detectionItems order. */
  items?: LiteralNeed[];
  refusal?: string;
}

/** A rule the scan runs. */
export interface PlannedRule {
  compiled: CompiledRule;
  /** The rule's `id`, else `name`, else title, else its place in its file. */
  key: string;
  title: string;
  level: string;
  need: LiteralNeed;
}

export interface ScanPlan {
  rules: PlannedRule[];
  /**
   * The gates of the items on `prompt` and `system` (item-gates.ts): a record's gates, opened from
   * its gateText and given on its target, let the compiled rules skip the items and rules that
   * cannot hold.
   */
  gates: ItemGatePlan;
  prefilter: Prefilter;
  /** The fast pass's tables and module, shared by the plan's scanners. */
  fastPass: FastPassSource;
  /** For each literal id below `triggerStart`: the indexes (into `rules`) of the rules needing it. */
  rulesByLiteral: number[][];
  /** Literal ids from here on are escape triggers: their line may hold any literal, escaped. */
  triggerStart: number;
  /** Rules that need no literal: they run on every record. */
  alwaysRules: number[];
  fieldPlan: FieldPlan;
  notices: RuleNotice[];
}

/** The display id of a rule: `id`, else `name`, else title, else source#document. */
export function ruleKey(rule: DetectionRule): string {
  return rule.id?.value ?? rule.name?.value ?? rule.title?.value ?? `${rule.source}#${rule.docIndex}`;
}

/**
 * Analyses every detection rule of `files`, in order: its literal need and, unless
 * `allowSuperLinear`, whether its regexes must be refused. Takes milliseconds per regex.
 */
export function analyzeRules(
  files: readonly RuleFile[],
  options: Pick<PlanOptions, 'hasLinearFallback' | 'allowSuperLinear'> & { only?: (index: number) => boolean } = {},
): RuleAnalysis[] {
  const out: RuleAnalysis[] = [];
  let index = -1;
  for (const rule of files.flatMap((file) => file.rules)) {
    if (rule.kind !== 'detection') continue;
    index++;
    // Rules left out (another worker analyses them) leave a hole at their index.
    if (options.only && !options.only(index)) {
      out.length = index + 1;
      continue;
    }
    const verdict = options.allowSuperLinear ? {} : assessRuleBudget(rule, options.hasLinearFallback ?? false);
    out[index] = verdict.refusal ? { need: { kind: 'always', reason: 'refused' }, refusal: verdict.refusal } : ruleLiteralNeeds(rule);
  }
  return out;
}

/** Plans a scan over the detection rules of `files` (filters are applied to the rules they name). */
export function planScan(files: readonly RuleFile[], options: PlanOptions = {}): ScanPlan {
  const all = files.flatMap((file) => file.rules);
  const analysis = options.analysis ?? analyzeRules(files, options);
  const detections = all.filter((rule): rule is DetectionRule => rule.kind === 'detection');
  const gates = options.gates ?? planItemGates(detections.map((rule, index) => ({ detection: rule.detection, isLlm: rule.logsource.isLlm, items: analysis[index]?.items })));
  let detectionIndex = 0;
  const filters = all.filter((rule): rule is FilterRule => rule.kind === 'filter');
  const rules: PlannedRule[] = [];
  const notices: RuleNotice[] = [];
  for (const rule of all) {
    if (rule.kind !== 'detection') continue;
    const analysed = analysis[detectionIndex++];
    if (!analysed) throw new Error('the rule analysis does not match the rules');
    const key = ruleKey(rule);
    const title = rule.title?.value ?? key;
    const compiled = compileRule(rule, filters.filter((filter) => filterApplies(filter, rule)), { gateOf: (item) => gates.idOf.get(item) });
    if (compiled.issues.length > 0) {
      notices.push({ ruleId: key, title, ruleSource: rule.source, kind: 'not-compiled', reason: compiled.issues.map((issue) => issue.reason).join('; ') });
      continue;
    }
    if (analysed.refusal) {
      notices.push({ ruleId: key, title, ruleSource: rule.source, kind: 'refused', reason: analysed.refusal });
      continue;
    }
    rules.push({ compiled, key, title, level: rule.level ?? 'informational', need: analysed.need });
  }
  const alwaysRules: number[] = [];
  const needing: { pieces: readonly string[]; target: number }[] = [];
  rules.forEach((planned, index) => {
    if (planned.need.kind === 'always') alwaysRules.push(index);
    else needing.push({ pieces: planned.need.pieces, target: index });
  });
  const { prefilter, targets: rulesByLiteral, triggerStart } = indexPieces(needing);
  return {
    rules,
    gates,
    prefilter,
    fastPass: new FastPassSource(prefilter),
    rulesByLiteral,
    triggerStart,
    alwaysRules,
    fieldPlan: compileFieldMap(options.fieldMap),
    notices,
  };
}
