// The detections a check should look at: a detection rule's `detection` and a filter's body.

import type { Detection, Rule, Selection, SelectionItem } from '../model';

export interface DetectionOf {
  detection: Detection;
  /** Whether field names resolve through the LLM taxonomy (`logsource: {product: llm}`). */
  isLlm: boolean;
}

/** The detection of a detection rule or of a filter; none for correlations. */
export function detectionOf(rule: Rule): DetectionOf | undefined {
  if (rule.kind === 'detection') return { detection: rule.detection, isLlm: rule.logsource.isLlm };
  if (rule.kind === 'filter') return { detection: rule.filter.detection, isLlm: rule.logsource?.isLlm ?? false };
  return undefined;
}

/** Every selection item of a detection, with its selection. */
export function* selectionItems(detection: Detection): Generator<{ selection: Selection; item: SelectionItem }> {
  for (const selection of detection.selections) {
    for (const alternative of selection.alternatives) {
      for (const item of alternative) yield { selection, item };
    }
  }
}

/**
 * False for a document that has none of `detection`, `correlation` and `filter` (a config file, a
 * correlation written without its `correlation:` key): the schema reports it, and hints about its
 * metadata would only add noise.
 */
export function looksLikeRule(rule: Rule): boolean {
  return rule.kind !== 'detection' || rule.data.detection !== undefined;
}
