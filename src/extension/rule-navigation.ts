// Where names in rule files point, as offsets: a condition identifier to its selection, an `x of`
// pattern to the selections it covers, a correlation's or filter's rule reference to that rule (in
// any file of the pack), and back (references). No `vscode` import; definition.ts converts.
import { namesCoveredBy, splitAggregation } from '../core/checks/conditions';
import { detectionOf } from '../core/checks/detections';
import { indexRules } from '../core/checks/references';
import { offsetMapper } from '../core/checks/types';
import type { Detection, Located, Rule, RuleFile, Span } from '../core/model';
import { conditionIdentifiers, conditionQuantifiers, parseCondition } from '../core/rules/condition';

export interface NameTarget {
  source: string;
  span: Span;
}

/** What the name at `offset` of `file` refers to; empty when there is no name there. */
export function definitionsAt(files: readonly RuleFile[], file: RuleFile, offset: number): NameTarget[] {
  const rule = ruleAt(file, offset);
  if (!rule) return [];
  const detection = detectionOf(rule)?.detection;
  if (detection) {
    const names = detection.selections.map((selection) => selection.name.value);
    for (const use of conditionUses(detection, file.text)) {
      if (!contains(use.span, offset)) continue;
      const covered = use.kind === 'identifier' ? [use.name] : namesCoveredBy(use.node, names);
      return detection.selections
        .filter((selection) => covered.includes(selection.name.value))
        .map((selection) => ({ source: file.source, span: selection.name.span }));
    }
  }
  const reference = ruleReferences(rule).find((located) => contains(located.span, offset));
  if (!reference) return [];
  const target = indexRules(files.flatMap((candidate) => candidate.rules)).resolve(reference.value);
  if (!target) return [];
  const span = target.name?.value === reference.value ? target.name.span : (target.id ?? target.name ?? target.title)?.span;
  return [{ source: target.source, span: span ?? { start: target.span.start, end: target.span.start } }];
}

/** Where the name at `offset` is used: a selection in conditions, a rule id or name in correlations and filters. */
export function referencesAt(files: readonly RuleFile[], file: RuleFile, offset: number): NameTarget[] {
  const rule = ruleAt(file, offset);
  if (!rule) return [];
  const detection = detectionOf(rule)?.detection;
  const selection = detection?.selections.find((candidate) => contains(candidate.name.span, offset));
  if (detection && selection) {
    const names = detection.selections.map((candidate) => candidate.name.value);
    return conditionUses(detection, file.text)
      .filter((use) => (use.kind === 'identifier' ? use.name === selection.name.value : namesCoveredBy(use.node, names).includes(selection.name.value)))
      .map((use) => ({ source: file.source, span: use.kind === 'identifier' ? use.span : use.node.patternSpan }));
  }
  const own = [rule.id, rule.name].find((located) => located && contains(located.span, offset));
  if (!own || rule.kind === 'filter') return [];
  const index = indexRules(files.flatMap((candidate) => candidate.rules));
  return files.flatMap((candidate) =>
    candidate.rules.flatMap((other) =>
      ruleReferences(other)
        .filter((reference) => index.resolve(reference.value) === rule)
        .map((reference) => ({ source: candidate.source, span: reference.span })),
    ),
  );
}

type ConditionUse =
  | { kind: 'identifier'; name: string; span: Span }
  | { kind: 'of'; node: ReturnType<typeof conditionQuantifiers>[number]; span: Span };

/** Identifiers and `x of` expressions of a detection's conditions, with spans in the file. */
function conditionUses(detection: Detection, text: string): ConditionUse[] {
  const uses: ConditionUse[] = [];
  for (const condition of detection.conditions) {
    const search = splitAggregation(condition, text)?.search ?? condition;
    const parsed = parseCondition(search.value, offsetMapper(text, search));
    if (!parsed.ast) continue;
    for (const { name, span } of conditionIdentifiers(parsed.ast)) uses.push({ kind: 'identifier', name, span });
    for (const node of conditionQuantifiers(parsed.ast)) uses.push({ kind: 'of', node, span: node.span });
  }
  return uses;
}

/** The rule ids and names a correlation or a filter lists under `rules`. */
function ruleReferences(rule: Rule): Located<string>[] {
  if (rule.kind === 'correlation') return rule.correlation.rules;
  if (rule.kind === 'filter') return rule.filter.rules;
  return [];
}

function ruleAt(file: RuleFile, offset: number): Rule | undefined {
  return file.rules.find((rule) => rule.span.start <= offset && offset <= rule.span.end);
}

/** Inclusive of the end, so that the cursor right after a name still finds it. */
function contains(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}
