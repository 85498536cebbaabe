// Resolves the rule references of correlations and filters (a rule id or name) within the loaded set.

import type { Rule } from '../model';

export interface RuleIndex {
  /** The rule a reference names, by id (any case) or by name. */
  resolve(reference: string): Rule | undefined;
}

/** Indexes `rules` by id and name; filters are never the target of a reference. */
export function indexRules(rules: readonly Rule[]): RuleIndex {
  const byId = new Map<string, Rule>();
  const byName = new Map<string, Rule>();
  for (const rule of rules) {
    if (rule.kind === 'filter') continue;
    if (rule.id && !byId.has(rule.id.value.toLowerCase())) byId.set(rule.id.value.toLowerCase(), rule);
    if (rule.name && !byName.has(rule.name.value)) byName.set(rule.name.value, rule);
  }
  return { resolve: (reference) => byName.get(reference) ?? byId.get(reference.toLowerCase()) };
}

/** How a message names a rule: its name, else its id, else its title. */
export function ruleLabel(rule: Rule): string {
  return rule.name?.value ?? rule.id?.value ?? rule.title?.value ?? '(untitled)';
}
