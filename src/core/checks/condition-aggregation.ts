/** Flags Sigma v1 aggregations (`| count() > 5`, `timeframe`), which v2 replaced by correlation rules. */

import { splitAggregation } from './conditions';
import { detectionOf } from './detections';
import { spanInRule } from './locate';
import type { RuleCheck } from './types';

export const conditionAggregation: RuleCheck = {
  id: 'condition-aggregation',
  scope: 'rule',
  severity: 'warning',
  description: 'Sigma v1 aggregations and `detection.timeframe` were removed in Sigma v2; PromptSift does not run them.',
  messages: {
    aggregation: '"| {{aggregation}}" is a Sigma v1 aggregation, removed in v2; PromptSift cannot run this rule, so write an event_count or value_count correlation rule instead.',
    timeframe: '"timeframe" belongs to Sigma v1 aggregations; in v2 a correlation rule carries the timespan.',
  },
  check(rule, context) {
    const detection = detectionOf(rule)?.detection;
    if (!detection) return;
    const text = context.textOf(rule.source);
    for (const condition of detection.conditions) {
      const aggregation = splitAggregation(condition, text)?.aggregation;
      if (aggregation) context.report(aggregation.span, 'aggregation', { aggregation: aggregation.value });
    }
    const key = rule.kind === 'filter' ? 'filter' : 'detection';
    const body = rule.data[key];
    if (body && typeof body === 'object' && 'timeframe' in body) {
      const span = spanInRule(text, rule, [key, 'timeframe'], 'key');
      if (span) context.report(span, 'timeframe');
    }
  },
};
