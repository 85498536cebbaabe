// `generate: true`: the detection rules such a correlation references keep their own alerts; this
// counts their matches and remembers the first ones.

import type { DetectionRule } from '../model';
import { ruleKey, type CorrelationPlan } from './plan';
import type { EventRef, GeneratedMatches } from './types';

export interface GeneratedCounter {
  record(ref: EventRef, maxMembers: number): void;
  result(): GeneratedMatches;
}

/** Detection rules referenced by a correlation with `generate: true` keep their own alerts. */
export function indexGenerated(plans: readonly CorrelationPlan[]): Map<DetectionRule, GeneratedCounter> {
  const counters = new Map<DetectionRule, GeneratedCounter>();
  for (const plan of plans) {
    if (!plan.rule.correlation.generate) continue;
    for (const reference of plan.references) {
      if (reference?.kind !== 'detection') continue;
      const existing = counters.get(reference.rule);
      if (existing) {
        const names = existing.result().correlations;
        if (!names.includes(plan.key)) names.push(plan.key);
        continue;
      }
      const result: GeneratedMatches = { rule: ruleKey(reference.rule), correlations: [plan.key], count: 0, members: [] };
      counters.set(reference.rule, {
        record(ref, maxMembers) {
          result.count++;
          if (result.members.length < maxMembers) result.members.push(ref);
        },
        result: () => result,
      });
    }
  }
  return counters;
}
