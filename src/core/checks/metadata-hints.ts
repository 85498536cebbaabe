/** Hints about optional metadata: a level and a description help triage; deprecated rules do not run in SIEMs. */

import type { Rule, Span } from '../model';
import { looksLikeRule } from './detections';
import { spanInRule } from './locate';
import type { CheckContext, SetCheck } from './types';

const INACTIVE = ['deprecated', 'unsupported'];

export const metadataHints: SetCheck = {
  id: 'metadata-hints',
  scope: 'set',
  severity: 'info',
  description: 'Detection rules should say how severe a match is (`level`) and what they detect (`description`); deprecated and unsupported rules are flagged.',
  messages: {
    missingLevel: 'The rule has no level; add one of informational, low, medium, high, critical.',
    missingDescription: 'The rule has no description; say what it detects and why that matters.',
    inactive: 'The rule is "{{status}}"; Sigma tools skip it by default.',
  },
  checkSet(rules, _files, context) {
    // Base rules of a correlation leave the level to it: only the outermost rule alerts.
    const bases = new Set<string>();
    for (const rule of rules) if (rule.kind === 'correlation') for (const ref of rule.correlation.rules) bases.add(ref.value.toLowerCase());
    const isBase = (rule: Rule): boolean => [rule.id?.value, rule.name?.value].some((v) => v !== undefined && bases.has(v.toLowerCase()));
    for (const rule of rules) if (looksLikeRule(rule)) checkRule(rule, isBase(rule), context);
  },
};

function checkRule(rule: Rule, isBase: boolean, context: CheckContext): void {
  const start: Span = rule.title?.span ?? { start: rule.span.start, end: rule.span.start };
  if (rule.kind === 'detection' && !isBase && rule.data.level === undefined) context.reportIn(rule.source, start, 'missingLevel');
  if (rule.kind !== 'filter' && rule.data.description === undefined) context.reportIn(rule.source, start, 'missingDescription');
  if (rule.status && INACTIVE.includes(rule.status)) {
    const span = spanInRule(context.textOf(rule.source), rule, ['status'], 'value') ?? start;
    context.reportIn(rule.source, span, 'inactive', { status: rule.status });
  }
}
