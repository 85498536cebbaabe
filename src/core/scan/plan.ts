// A scan plan: the pack's detection rules compiled once, the literals each needs, the prefilter
// over all of them, and the rules the scan will not run (with the reason).

import { compileFieldMap, type FieldMap, type FieldPlan } from '../logs/index';
import { compileRule, filterApplies, type CompiledRule } from '../match/compile';
import type { DetectionRule, FilterRule, RuleFile } from '../model';
import { assessRuleBudget } from './budget';
import type { RuleNotice } from './findings';
import { escapeTriggers, ruleLiteralNeed, type LiteralNeed } from './literals';
import { buildPrefilter, type Prefilter } from './prefilter';

export interface PlanOptions {
  fieldMap?: FieldMap;
  /** The runtime enabled V8's linear-time fallback for regexes (see budget.ts). */
  hasLinearFallback?: boolean;
  /** Run rules whose regexes may backtrack without bound anyway (default false). */
  allowSuperLinear?: boolean;
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
  prefilter: Prefilter;
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

/** Plans a scan over the detection rules of `files` (filters are applied to the rules they name). */
export function planScan(files: readonly RuleFile[], options: PlanOptions = {}): ScanPlan {
  const all = files.flatMap((file) => file.rules);
  const filters = all.filter((rule): rule is FilterRule => rule.kind === 'filter');
  const rules: PlannedRule[] = [];
  const notices: RuleNotice[] = [];
  for (const rule of all) {
    if (rule.kind !== 'detection') continue;
    const key = ruleKey(rule);
    const title = rule.title?.value ?? key;
    const compiled = compileRule(rule, filters.filter((filter) => filterApplies(filter, rule)));
    if (compiled.issues.length > 0) {
      notices.push({ ruleId: key, title, ruleSource: rule.source, kind: 'not-compiled', reason: compiled.issues.map((issue) => issue.reason).join('; ') });
      continue;
    }
    const verdict = options.allowSuperLinear ? {} : assessRuleBudget(rule, options.hasLinearFallback ?? false);
    if (verdict.refusal) {
      notices.push({ ruleId: key, title, ruleSource: rule.source, kind: 'refused', reason: verdict.refusal });
      continue;
    }
    rules.push({ compiled, key, title, level: rule.level ?? 'informational', need: ruleLiteralNeed(rule) });
  }
  const literalIds = new Map<string, number>();
  const rulesByLiteral: number[][] = [];
  const alwaysRules: number[] = [];
  rules.forEach((planned, index) => {
    if (planned.need.kind === 'always') {
      alwaysRules.push(index);
      return;
    }
    for (const piece of planned.need.pieces) {
      let id = literalIds.get(piece);
      if (id === undefined) {
        literalIds.set(piece, (id = rulesByLiteral.length));
        rulesByLiteral.push([]);
      }
      (rulesByLiteral[id] as number[]).push(index);
    }
  });
  const pieces = [...literalIds.keys()];
  const literals = [...pieces, ...escapeTriggers(pieces)];
  return {
    rules,
    prefilter: buildPrefilter(literals),
    rulesByLiteral,
    triggerStart: pieces.length,
    alwaysRules,
    fieldPlan: compileFieldMap(options.fieldMap),
    notices,
  };
}
