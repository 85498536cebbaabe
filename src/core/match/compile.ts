// Compiles a detection rule (and the meta-filters that apply to it) into a matcher.

import type { Detection, DetectionRule, FilterRule, MatchEvidence, Span } from '../model';
import { parseCondition, patternMatches, type ConditionNode } from '../rules/condition';
import type { MatchTarget } from './fields';
import { compileItem, type CompileIssue, type CompiledItem } from './item';

export type { CompileIssue };

export interface CompiledRule {
  rule: DetectionRule;
  /** Why the rule cannot run; a rule with issues never matches. */
  issues: CompileIssue[];
  /** Fast yes/no, stopping at the first answer. */
  matches(target: MatchTarget): boolean;
  /** The evidence of a match (the selections that made the condition true), or undefined. */
  explain(target: MatchTarget): MatchEvidence[] | undefined;
}

interface CompiledDetection {
  evaluate(target: MatchTarget, explain: boolean): Outcome;
}

interface Outcome {
  holds: boolean;
  evidence: MatchEvidence[];
}

type SelectionTest = (target: MatchTarget, explain: boolean) => MatchEvidence[] | undefined;

/** Compiles `rule`; `filters` are the meta-filters that name it (by id or name). */
export function compileRule(rule: DetectionRule, filters: readonly FilterRule[] = []): CompiledRule {
  const issues: CompileIssue[] = [];
  const detection = compileDetection(rule.detection, rule.logsource.isLlm, issues);
  const compiledFilters = filters.map((filter) =>
    compileDetection(filter.filter.detection, (filter.logsource ?? rule.logsource).isLlm, issues),
  );
  if (issues.length > 0) {
    return { rule, issues, matches: () => false, explain: () => undefined };
  }
  // A meta-filter's condition is AND-ed to the rule's condition (Sigma filters specification):
  // `condition: not selection` keeps only events outside the selection.
  const passesFilters = (target: MatchTarget): boolean => compiledFilters.every((filter) => filter.evaluate(target, false).holds);
  return {
    rule,
    issues,
    matches: (target) => detection.evaluate(target, false).holds && passesFilters(target),
    explain(target) {
      const outcome = detection.evaluate(target, true);
      return outcome.holds && passesFilters(target) ? withoutCoveredEvidence(outcome.evidence) : undefined;
    },
  };
}

/**
 * The evidence without the items whose every span lies inside a span of another item on the same
 * field: a prefilter selection's `reason` inside the `internal reasoning behind…` that the rule's
 * pattern matched says nothing more, and would underline the same words twice. Items without
 * spans (`exists`, numbers) and items on other fields are kept.
 */
export function withoutCoveredEvidence(evidence: MatchEvidence[]): MatchEvidence[] {
  if (evidence.length < 2) return evidence;
  const covers = (outer: Span, inner: Span): boolean => outer.start <= inner.start && inner.end <= outer.end && outer.end - outer.start > inner.end - inner.start;
  const kept = evidence.filter(
    (item) =>
      item.spans.length === 0 ||
      !item.spans.every((span) => evidence.some((other) => other !== item && other.path === item.path && other.spans.some((outer) => covers(outer, span)))),
  );
  return kept.length === evidence.length ? evidence : kept;
}

/** Whether a filter names a rule (by id or by name). */
export function filterApplies(filter: FilterRule, rule: DetectionRule): boolean {
  return filter.filter.rules.some((ref) => ref.value === rule.id?.value || ref.value === rule.name?.value);
}

function compileDetection(detection: Detection, isLlm: boolean, issues: CompileIssue[]): CompiledDetection {
  const selections = new Map<string, SelectionTest>();
  for (const selection of detection.selections) {
    const alternatives: CompiledItem[][] = [];
    for (const alternative of selection.alternatives) {
      const items = alternative.map((item) => compileItem(item, selection.name.value, isLlm, issues));
      if (items.every((item): item is CompiledItem => item !== undefined)) alternatives.push(items);
    }
    selections.set(selection.name.value, selectionTest(alternatives));
  }
  const conditions: ConditionNode[] = [];
  if (detection.conditionMissing) issues.push({ reason: 'the detection has no condition', span: detection.span });
  for (const condition of detection.conditions) {
    const parsed = parseCondition(condition.value);
    if (parsed.error) {
      issues.push({ reason: `the condition does not parse (${parsed.error.messageId})`, span: condition.span });
      continue;
    }
    checkReferences(parsed.ast, selections, condition.span, issues);
    conditions.push(parsed.ast);
  }
  const names = [...selections.keys()];
  // `x of pattern` resolves to the same selections for every event: resolve it once.
  const ofNames = new Map<ConditionNode, string[]>();
  for (const condition of conditions) {
    const stack = [condition];
    while (stack.length > 0) {
      const node = stack.pop() as ConditionNode;
      if (node.type === 'of') ofNames.set(node, matchingNames(node, names));
      else if (node.type === 'not') stack.push(node.operand);
      else if (node.type === 'and' || node.type === 'or') stack.push(...node.operands);
    }
  }
  return {
    evaluate(target, explain) {
      const cache = new Map<string, MatchEvidence[] | undefined>();
      const select = (name: string): MatchEvidence[] | undefined => {
        if (!cache.has(name)) cache.set(name, (selections.get(name) as SelectionTest)(target, explain));
        return cache.get(name);
      };
      const evidence: MatchEvidence[] = [];
      let holds = false;
      for (const condition of conditions) {
        const outcome = evaluate(condition, select, ofNames, explain);
        if (outcome.holds) {
          holds = true;
          if (!explain) break;
          evidence.push(...outcome.evidence);
        }
      }
      return { holds, evidence };
    },
  };
}

function selectionTest(alternatives: CompiledItem[][]): SelectionTest {
  return (target, explain) => {
    let evidence: MatchEvidence[] | undefined;
    for (const items of alternatives) {
      const found: MatchEvidence[] = [];
      const holds = items.every((item) => {
        const result = item.test(target, explain);
        if (result) found.push(...result);
        return result !== undefined;
      });
      if (!holds || items.length === 0) continue;
      if (!explain) return found;
      evidence = [...(evidence ?? []), ...found];
    }
    return evidence;
  };
}

function checkReferences(node: ConditionNode, selections: Map<string, SelectionTest>, span: CompileIssue['span'], issues: CompileIssue[]): void {
  const stack = [node];
  while (stack.length > 0) {
    const current = stack.pop() as ConditionNode;
    if (current.type === 'identifier' && !selections.has(current.name)) {
      issues.push({ reason: `the condition names "${current.name}", which is not a selection`, span });
    } else if (current.type === 'of' && !matchingNames(current, [...selections.keys()]).length) {
      issues.push({ reason: `"${current.pattern}" matches no selection`, span });
    } else if (current.type === 'not') {
      stack.push(current.operand);
    } else if (current.type === 'and' || current.type === 'or') {
      stack.push(...current.operands);
    }
  }
}

function matchingNames(node: Extract<ConditionNode, { type: 'of' }>, names: string[]): string[] {
  return names.filter((name) => (node.isThem ? !name.startsWith('_') : patternMatches(node.pattern, name)));
}

/** Evaluates a condition; evidence comes only from the parts that made it true (never from `not`). */
function evaluate(
  node: ConditionNode,
  select: (name: string) => MatchEvidence[] | undefined,
  names: ReadonlyMap<ConditionNode, string[]>,
  explain: boolean,
): Outcome {
  switch (node.type) {
    case 'identifier': {
      const result = select(node.name);
      return { holds: result !== undefined, evidence: result ?? [] };
    }
    case 'not':
      return { holds: !evaluate(node.operand, select, names, false).holds, evidence: [] };
    case 'and': {
      const evidence: MatchEvidence[] = [];
      for (const operand of node.operands) {
        const outcome = evaluate(operand, select, names, explain);
        if (!outcome.holds) return { holds: false, evidence: [] };
        evidence.push(...outcome.evidence);
      }
      return { holds: true, evidence };
    }
    case 'or': {
      const evidence: MatchEvidence[] = [];
      let holds = false;
      for (const operand of node.operands) {
        const outcome = evaluate(operand, select, names, explain);
        if (!outcome.holds) continue;
        holds = true;
        if (!explain) break;
        evidence.push(...outcome.evidence);
      }
      return { holds, evidence };
    }
    case 'of': {
      const matched = names.get(node) ?? [];
      const evidence: MatchEvidence[] = [];
      let count = 0;
      for (const name of matched) {
        const result = select(name);
        if (result === undefined) {
          if (node.quantifier === 'all') return { holds: false, evidence: [] };
          continue;
        }
        count++;
        evidence.push(...result);
        if (node.quantifier === 'one' && !explain) break;
      }
      return { holds: count > 0 && (node.quantifier === 'one' || count === matched.length), evidence };
    }
  }
}
