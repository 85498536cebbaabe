// Derived fields (`template`, `hour`, `model_age_h`, `model_is_new`, `account_age_h`,
// `account_is_new`): they depend on the whole scanned log, so a first pass collects when the logs
// start and when each model and account first appears, and the second pass derives each record's
// values from that context.

import type { LogRecord } from '../model';
import type { TemplateRef } from '../stats/templates';

const HOUR_MS = 3_600_000;
/**
 * A model or account counts as new when it first appears more than this long after the logs
 * start: one seen in the first hour was most likely in use before the logs begin (a busy model
 * shows up minutes after the first record, not exactly with it).
 */
export const NEW_AFTER_MS = HOUR_MS;

/** Whether something first seen at `first` is new in logs that start at `start`. */
export function isNewSince(first: number, start: number): boolean {
  return first > start + NEW_AFTER_MS;
}

/** What the first pass learns about the whole log. */
export interface LogContext {
  /** Earliest and latest record time (epoch ms); undefined when no record has a time. */
  start?: number;
  end?: number;
  /** Model → time of its first request. */
  modelFirstSeen: ReadonlyMap<string, number>;
  /** Account → time of its first request. */
  accountFirstSeen: ReadonlyMap<string, number>;
  records: number;
}

export interface LogContextBuilder {
  add(record: Pick<LogRecord, 'time' | 'fields'>): void;
  finish(): LogContext;
}

/** Collects the log's context in a first pass; memory grows with distinct models and accounts only. */
export function createLogContextBuilder(): LogContextBuilder {
  const modelFirstSeen = new Map<string, number>();
  const accountFirstSeen = new Map<string, number>();
  let start: number | undefined;
  let end: number | undefined;
  let records = 0;
  const earliest = (map: Map<string, number>, key: string | undefined, time: number): void => {
    if (key === undefined) return;
    const seen = map.get(key);
    if (seen === undefined || time < seen) map.set(key, time);
  };
  return {
    add(record) {
      records++;
      const { time } = record;
      if (time === undefined || !Number.isFinite(time)) return;
      if (start === undefined || time < start) start = time;
      if (end === undefined || time > end) end = time;
      earliest(modelFirstSeen, record.fields.model, time);
      earliest(accountFirstSeen, record.fields.account_id, time);
    },
    finish() {
      const context: LogContext = { modelFirstSeen, accountFirstSeen, records };
      if (start !== undefined) context.start = start;
      if (end !== undefined) context.end = end;
      return context;
    },
  };
}

/** The derived values of one record; a value is absent when its inputs are. */
export interface DerivedValues {
  template?: string;
  hour?: number;
  model_age_h?: number;
  model_is_new?: boolean;
  account_age_h?: number;
  account_is_new?: boolean;
}

/**
 * Derives a record's values. `template` is the record's template from a TemplateIndex, which the
 * caller asks in record order (near-duplicates group by order of appearance).
 */
export function deriveFields(record: Pick<LogRecord, 'time' | 'fields'>, context: LogContext, template: TemplateRef | undefined): DerivedValues {
  const values: DerivedValues = {};
  if (template) values.template = template.id;
  const { time } = record;
  if (time === undefined || !Number.isFinite(time)) return values;
  values.hour = new Date(time).getUTCHours();
  const age = (map: ReadonlyMap<string, number>, key: string | undefined): { hours: number; isNew: boolean } | undefined => {
    const first = key === undefined ? undefined : map.get(key);
    if (first === undefined || context.start === undefined) return undefined;
    return { hours: Math.max(0, time - first) / HOUR_MS, isNew: isNewSince(first, context.start) };
  };
  const model = age(context.modelFirstSeen, record.fields.model);
  if (model) {
    values.model_age_h = model.hours;
    values.model_is_new = model.isNew;
  }
  const account = age(context.accountFirstSeen, record.fields.account_id);
  if (account) {
    values.account_age_h = account.hours;
    values.account_is_new = account.isNew;
  }
  return values;
}
