/** Metadata Sigma v2 expects: an id, dates written YYYY-MM-DD, `modified` not before `date`. */

import type { Span } from '../model';
import { ruleDate } from './dates';
import { looksLikeRule } from './detections';
import { spanInRule } from './locate';
import type { RuleCheck } from './types';

export const metadata: RuleCheck = {
  id: 'metadata',
  scope: 'rule',
  severity: 'warning',
  description: 'Rules should have an id, write dates as YYYY-MM-DD, and not be modified before they were created.',
  messages: {
    missingId: 'The rule has no id; add a random UUID so that correlations, filters and tools can refer to it.',
    slashDate: '"{{key}}: {{value}}" uses the Sigma v1 form; v2 writes dates as YYYY-MM-DD ("{{suggestion}}").',
    modifiedBeforeDate: '"modified: {{modified}}" is before "date: {{date}}".',
  },
  check(rule, context) {
    if (!looksLikeRule(rule)) return;
    const text = context.textOf(rule.source);
    const start: Span = rule.title?.span ?? { start: rule.span.start, end: rule.span.start };
    if (rule.data.id === undefined) context.report(start, 'missingId');
    const created = ruleDate(rule, 'date');
    const modified = ruleDate(rule, 'modified');
    for (const date of [created, modified]) {
      if (!date?.isSlashForm) continue;
      const span = spanInRule(text, rule, [date.key], 'value') ?? start;
      context.report(span, 'slashDate', { key: date.key, value: date.text, suggestion: date.text.replace(/\//g, '-') });
    }
    if (created?.isReal && modified?.isReal && modified.ordinal < created.ordinal) {
      const span = spanInRule(text, rule, ['modified'], 'value') ?? start;
      context.report(span, 'modifiedBeforeDate', { modified: modified.text, date: created.text });
    }
  },
};
