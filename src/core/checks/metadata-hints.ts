/** Hints about optional metadata: a level and a description help triage; deprecated rules do not run in SIEMs. */

import type { Span } from '../model';
import { looksLikeRule } from './detections';
import { spanInRule } from './locate';
import type { RuleCheck } from './types';

const INACTIVE = ['deprecated', 'unsupported'];

export const metadataHints: RuleCheck = {
  id: 'metadata-hints',
  scope: 'rule',
  severity: 'info',
  description: 'Detection rules should say how severe a match is (`level`) and what they detect (`description`); deprecated and unsupported rules are flagged.',
  messages: {
    missingLevel: 'The rule has no level; add one of informational, low, medium, high, critical.',
    missingDescription: 'The rule has no description; say what it detects and why that matters.',
    inactive: 'The rule is "{{status}}"; Sigma tools skip it by default.',
  },
  check(rule, context) {
    if (!looksLikeRule(rule)) return;
    const start: Span = rule.title?.span ?? { start: rule.span.start, end: rule.span.start };
    if (rule.kind === 'detection' && rule.data.level === undefined) context.report(start, 'missingLevel');
    if (rule.kind !== 'filter' && rule.data.description === undefined) context.report(start, 'missingDescription');
    if (rule.status && INACTIVE.includes(rule.status)) {
      const span = spanInRule(context.textOf(rule.source), rule, ['status'], 'value') ?? start;
      context.report(span, 'inactive', { status: rule.status });
    }
  },
};
