// Compiles a detection rule (and the meta-filters that apply to it) into a matcher.

import type { Detection, DetectionRule, FilterRule, MatchEvidence, SelectionItem, Span } from '../model';
import { parseCondition, patternMatches, type ConditionNode } from '../rules/condition';
import { EXACT_HOLDS, type MatchTarget } from './fields';
import { compileItem, type CompileIssue, type CompiledItem } from './item';

export type { CompileIssue };

export interface CompileOptions {
  /** The gate of an item (see MatchTarget.gates), for the items a plan gates. */
  gateOf?: (item: SelectionItem) => number | undefined;
}

export interface CompiledRule {
  rule: DetectionRule;
  /** Why the rule cannot run; a rule with issues never matches. */
  issues: CompileIssue[];
  /** Fast yes/no, stopping at the first answer. */
  matches(target: MatchTarget): boolean;
  /** The evidence of a match (the selections that made the condition true), or undefined. */
  explain(target: MatchTarget): MatchEvidence[] | undefined;
  /**
   * False when the rule cannot match a target with these item gates (MatchTarget.gates): its
   * condition is false even with every item whose gate is open taken to hold. True without gates.
   */
  mayMatch(gates: Uint8Array): boolean;
  /** How many items of the detection have a gate (CompileOptions.gateOf): with fewer than two, the rule-level prefilter knows as much. */
  readonly gatedItems: number;
  /** True when some item lists several values: gathering evidence then costs much more than a yes/no answer. */
  readonly hasValueLists: boolean;
}

interface CompiledDetection {
  evaluate(target: MatchTarget, explain: boolean): Outcome;
  mayHold(gates: Uint8Array): boolean;
  /** How many of its items have a gate. */
  gatedItems: number;
}

interface Outcome {
  holds: boolean;
  evidence: MatchEvidence[];
}

type SelectionTest = (target: MatchTarget, explain: boolean) => MatchEvidence[] | undefined;

/** Compiles `rule`; `filters` are the meta-filters that name it (by id or name). */
export function compileRule(rule: DetectionRule, filters: readonly FilterRule[] = [], options: CompileOptions = {}): CompiledRule {
  const issues: CompileIssue[] = [];
  const detection = compileDetection(rule.detection, rule.logsource.isLlm, issues, options.gateOf);
  const compiledFilters = filters.map((filter) =>
    compileDetection(filter.filter.detection, (filter.logsource ?? rule.logsource).isLlm, issues),
  );
  const items = rule.detection.selections.flatMap((selection) => selection.alternatives.flat());
  const { gatedItems } = detection;
  const hasValueLists = items.some((item) => item.values.length > 1);
  if (issues.length > 0) {
    return { rule, issues, matches: () => false, explain: () => undefined, mayMatch: () => false, gatedItems, hasValueLists };
  }
  // A meta-filter's condition is AND-ed to the rule's condition (Sigma filters specification):
  // `condition: not selection` keeps only events outside the selection.
  const passesFilters = (target: MatchTarget): boolean => compiledFilters.every((filter) => filter.evaluate(target, false).holds);
  return {
    rule,
    issues,
    matches: (target) => detection.evaluate(target, false).holds && passesFilters(target),
    // The filters only narrow the rule: its own condition decides whether it may match.
    mayMatch: (gates) => detection.mayHold(gates),
    gatedItems,
    hasValueLists,
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

function compileDetection(detection: Detection, isLlm: boolean, issues: CompileIssue[], gateOf?: CompileOptions['gateOf']): CompiledDetection {
  const selections = new Map<string, SelectionTest>();
  /** Per selection, its alternatives' items: a fast yes/no that stops at the first answer. */
  const itemLists = new Map<string, CompiledItem[][]>();
  /** Per selection, the gates of each alternative's gated items: the alternative may hold when all are open. */
  const selectionGates = new Map<string, number[][]>();
  let gatedItems = 0;
  for (const selection of detection.selections) {
    const alternatives: CompiledItem[][] = [];
    const gates: number[][] = [];
    for (const alternative of selection.alternatives) {
      const itemGates = alternative.map((item) => gateOf?.(item));
      const items = alternative.map((item, index) => gated(compileItem(item, selection.name.value, isLlm, issues), itemGates[index]));
      if (!items.every((item): item is CompiledItem => item !== undefined)) continue;
      alternatives.push(items);
      gates.push(itemGates.filter((gate): gate is number => gate !== undefined));
      gatedItems += (gates[gates.length - 1] as number[]).length;
    }
    selections.set(selection.name.value, selectionTest(alternatives));
    itemLists.set(selection.name.value, alternatives);
    selectionGates.set(selection.name.value, gates);
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
  // The yes/no path runs on every candidate record: the conditions by selection index, each
  // selection tested at most once per record, and no evidence built.
  const tests = names.map((name) => itemLists.get(name) as CompiledItem[][]);
  const gatesByIndex = names.map((name) => selectionGates.get(name) as number[][]);
  const indexOf = new Map(names.map((name, index) => [name, index]));
  const compiled = issues.length > 0 ? [] : conditions.map((condition) => compileCondition(condition, indexOf, ofNames));
  // Each selection is tested at most once per evaluation: `testedIn` holds the evaluation that
  // tested it, `held` its answer. Evaluations never nest, so one scratch serves them all.
  const testedIn = new Uint32Array(tests.length);
  const held = new Uint8Array(tests.length);
  let evaluation = 0;
  let current: MatchTarget = { fields: {}, raw: undefined };
  const selectionHeld = (index: number): boolean => {
    if (testedIn[index] !== evaluation) {
      testedIn[index] = evaluation;
      held[index] = selectionHolds(tests[index] as CompiledItem[][], current) ? 1 : 0;
    }
    return held[index] === 1;
  };
  /** Whether a selection may hold on the target, given its item gates (the upper bound of selectionHeld). */
  const selectionMayHold = (gates: Uint8Array, index: number): boolean => {
    for (const alternative of gatesByIndex[index] as number[][]) {
      let isOpen = true;
      for (const gate of alternative) {
        if (gates[gate] === 0) {
          isOpen = false;
          break;
        }
      }
      if (isOpen) return true;
    }
    return false;
  };
  // Whether each selection may hold, at most once per evaluation, as for selectionHeld.
  let currentGates: Uint8Array = new Uint8Array(0);
  const possibleIn = new Uint32Array(tests.length);
  const possible = new Uint8Array(tests.length);
  const selectionPossible = (index: number): boolean => {
    if (possibleIn[index] !== evaluation) {
      possibleIn[index] = evaluation;
      possible[index] = selectionMayHold(currentGates, index) ? 1 : 0;
    }
    return possible[index] === 1;
  };
  return {
    gatedItems,
    evaluate(target, explain) {
      if (!explain) {
        current = target;
        if (++evaluation === 0xffffffff) {
          testedIn.fill(0);
          possibleIn.fill(0);
          evaluation = 1;
        }
        // With gates, a conjunction one of whose operands cannot hold is false before any test runs.
        const possible = target.gates === undefined ? undefined : selectionPossible;
        if (target.gates !== undefined) currentGates = target.gates;
        for (const condition of compiled) if (isTrue(condition, selectionHeld, false, possible)) return HELD;
        return NOT_HELD;
      }
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
          evidence.push(...outcome.evidence);
        }
      }
      return { holds, evidence };
    },
    mayHold(gates) {
      const mayHold = (index: number): boolean => selectionMayHold(gates, index);
      for (const condition of compiled) if (isTrue(condition, mayHold, true)) return true;
      return false;
    },
  };
}

const HELD: Outcome = Object.freeze({ holds: true, evidence: Object.freeze([]) as unknown as MatchEvidence[] });
const NOT_HELD: Outcome = Object.freeze({ holds: false, evidence: Object.freeze([]) as unknown as MatchEvidence[] });

/** A condition with its selections resolved to indexes, for the yes/no path. */
type CompiledCondition =
  | { type: 'selection'; index: number }
  | { type: 'not'; operand: CompiledCondition }
  | { type: 'and' | 'or'; operands: CompiledCondition[] }
  | { type: 'all' | 'one'; indexes: number[] };

function compileCondition(node: ConditionNode, indexOf: ReadonlyMap<string, number>, names: ReadonlyMap<ConditionNode, string[]>): CompiledCondition {
  switch (node.type) {
    case 'identifier':
      return { type: 'selection', index: indexOf.get(node.name) as number };
    case 'not':
      return { type: 'not', operand: compileCondition(node.operand, indexOf, names) };
    case 'and':
    case 'or':
      return { type: node.type, operands: node.operands.map((operand) => compileCondition(operand, indexOf, names)) };
    case 'of':
      return { type: node.quantifier === 'all' ? 'all' : 'one', indexes: (names.get(node) ?? []).map((name) => indexOf.get(name) as number) };
  }
}

/**
 * Whether a condition is true, given whether each selection holds. With `isUpperBound`, `holds`
 * says whether a selection may hold, and the answer whether the condition may be true: `not` may
 * always be (a selection that may hold may also not). With `possible` (whether a selection may
 * hold, cheaply), a conjunction is false without testing its operands when one of them cannot be
 * true: an expensive first operand is not tested for a conjunction that a later one rules out.
 */
function isTrue(node: CompiledCondition, holds: (index: number) => boolean, isUpperBound = false, possible?: (index: number) => boolean): boolean {
  switch (node.type) {
    case 'selection':
      return holds(node.index);
    case 'not':
      return isUpperBound || !isTrue(node.operand, holds, false, possible);
    case 'and':
      if (possible) for (const operand of node.operands) if (!isTrue(operand, possible, true)) return false;
      for (const operand of node.operands) if (!isTrue(operand, holds, isUpperBound, possible)) return false;
      return true;
    case 'or':
      for (const operand of node.operands) if (isTrue(operand, holds, isUpperBound, possible)) return true;
      return false;
    case 'all':
      if (node.indexes.length === 0) return false;
      if (possible) for (const index of node.indexes) if (!possible(index)) return false;
      for (const index of node.indexes) if (!holds(index)) return false;
      return true;
    case 'one':
      for (const index of node.indexes) if (holds(index)) return true;
      return false;
  }
}

/** Whether one alternative of a selection holds: every item of it (an empty alternative never holds). */
function selectionHolds(alternatives: readonly CompiledItem[][], target: MatchTarget): boolean {
  for (const items of alternatives) {
    if (items.length === 0) continue;
    let isHeld = true;
    for (const item of items) {
      if (item.test(target, false) === undefined) {
        isHeld = false;
        break;
      }
    }
    if (isHeld) return true;
  }
  return false;
}

/**
 * The item, answering without a test when its gate on the target knows: "no" when it is closed,
 * and "yes" (without evidence) when it is exact and holds (item-gates.ts EXACT_HOLDS).
 */
function gated(item: CompiledItem | undefined, gate: number | undefined): CompiledItem | undefined {
  if (item === undefined || gate === undefined) return item;
  return {
    test(target, explain) {
      const state = target.gates?.[gate];
      if (state === 0) return undefined;
      if (state === EXACT_HOLDS) return explain ? item.test(target, true, true) : NO_EVIDENCE;
      return item.test(target, explain);
    },
  };
}

const NO_EVIDENCE: MatchEvidence[] = Object.freeze([]) as unknown as MatchEvidence[];

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
