// The `date` and `modified` attributes of a rule: both Sigma forms, YYYY-MM-DD and the older YYYY/MM/DD.

import type { Rule } from '../model';

export interface RuleDate {
  key: 'date' | 'modified';
  text: string;
  /** True for the v1 form YYYY/MM/DD. */
  isSlashForm: boolean;
  /** False for a day the month does not have, such as 2026-02-30. */
  isReal: boolean;
  /** Comparable as a number: YYYYMMDD. */
  ordinal: number;
}

/** The schema's two forms; a month 13 or a day 32 fails the schema's pattern and is reported there. */
const FORM = /^(\d{4})([-/])(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])$/;

/** The rule's `date` or `modified` when it has one of the two forms (other values are the schema's to report). */
export function ruleDate(rule: Rule, key: 'date' | 'modified'): RuleDate | undefined {
  const text = rule.data[key];
  if (typeof text !== 'string') return undefined;
  const match = FORM.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[3]), Number(match[4])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const isReal = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return { key, text, isSlashForm: match[2] === '/', isReal, ordinal: year * 10_000 + month * 100 + day };
}
