// The first pass over a log, cheaply: for JSON Lines only the three fields the context needs
// (timestamp, model, account) are read, with the log reader's own functions so that the values
// are the ones the second pass sees. Other formats go through the full reader.

import { detectLogFormat, isProblem, parseTimestamp, readLogRecords, type LogReadOptions } from '../logs/index';
import { expandEmbeddedJson } from '../logs/embedded-json';
import { compileFieldMap, readField, viewRecord, type FieldPlan } from '../logs/field-map';
import { isPlainObject } from '../logs/paths';
import type { LogContextBuilder } from './derived';

/** Adds every record of `text` to the builder; lines that do not parse are skipped (the second pass reports them). */
export function addLogContext(builder: LogContextBuilder, text: string, options: Pick<LogReadOptions, 'name' | 'format' | 'fieldMap'> = {}): void {
  const format = options.format ?? detectLogFormat(options.name ?? '', text.slice(0, 4096));
  if (format !== 'jsonl') {
    for (const item of readLogRecords(text, options)) if (!isProblem(item)) builder.add(item);
    return;
  }
  const plan = isFieldPlan(options.fieldMap) ? options.fieldMap : compileFieldMap(options.fieldMap);
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    addLine(builder, text, start, end, plan);
    start = end + 1;
  }
}

function addLine(builder: LogContextBuilder, text: string, start: number, end: number, plan: FieldPlan): void {
  const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
  if (text.slice(start, stop).trim() === '') return;
  let value: unknown;
  try {
    value = JSON.parse(text.slice(start, stop));
  } catch {
    return;
  }
  if (!isPlainObject(value)) return;
  expandEmbeddedJson(value, false);
  const view = viewRecord(value);
  const timestamp = readField(view, plan, 'timestamp', false);
  const model = readField(view, plan, 'model', false)?.value;
  const account = readField(view, plan, 'account_id', false)?.value;
  const fields: { model?: string; account_id?: string } = {};
  if (model !== undefined) fields.model = model;
  if (account !== undefined) fields.account_id = account;
  builder.add({ time: timestamp === undefined ? undefined : parseTimestamp(timestamp.leaf), fields });
}

function isFieldPlan(map: LogReadOptions['fieldMap']): map is FieldPlan {
  return (map as FieldPlan | undefined)?.kind === 'field-plan';
}
