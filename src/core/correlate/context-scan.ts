// The first pass over a log, cheaply: for JSON Lines only the three fields the context needs
// (timestamp, model, account) are read, with the log reader's own functions so that the values
// are the ones the second pass sees. Other formats go through the full reader. Text arrives in
// chunks cut anywhere, so a log of any size is read with bounded memory.

import { createLogReader, detectLogFormat, isProblem, parseTimestamp, type LogFormat, type LogReadOptions } from '../logs/index';
import { expandEmbeddedJson } from '../logs/embedded-json';
import { compileFieldMap, readField, viewRecord, type FieldPlan } from '../logs/field-map';
import { isPlainObject } from '../logs/paths';
import type { LogContextBuilder } from './derived';

export interface LogContextScanner {
  /** Reads a chunk (the first chunk decides the format when none was given). */
  push(chunk: string): void;
  end(): void;
}

/** A scanner that adds every record of one log to the builder; unreadable lines are skipped (the second pass reports them). */
export function createLogContextScanner(builder: LogContextBuilder, options: Pick<LogReadOptions, 'name' | 'format' | 'fieldMap'> = {}): LogContextScanner {
  const plan = isFieldPlan(options.fieldMap) ? options.fieldMap : compileFieldMap(options.fieldMap);
  let format: LogFormat | undefined = options.format;
  let carry = '';
  let reader: ReturnType<typeof createLogReader> | undefined;
  let isFirst = true;
  const lines = (text: string, isLast: boolean): void => {
    let start = 0;
    for (;;) {
      const newline = text.indexOf('\n', start);
      if (newline < 0) break;
      addLine(builder, text, start, newline, plan);
      start = newline + 1;
    }
    carry = text.slice(start);
    if (isLast && carry !== '') addLine(builder, carry, 0, carry.length, plan);
  };
  return {
    push(chunk) {
      let text = chunk;
      if (isFirst) {
        isFirst = false;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        format ??= detectLogFormat(options.name ?? '', text.slice(0, 4096));
        if (format !== 'jsonl') reader = createLogReader({ format, fieldMap: plan });
      }
      if (reader) {
        for (const item of reader.push(text)) if (!isProblem(item)) builder.add(item);
      } else {
        lines(carry + text, false);
      }
    },
    end() {
      if (reader) {
        for (const item of reader.end()) if (!isProblem(item)) builder.add(item);
      } else {
        lines(carry, true);
      }
    },
  };
}

/** Adds every record of a whole text to the builder. */
export function addLogContext(builder: LogContextBuilder, text: string, options: Pick<LogReadOptions, 'name' | 'format' | 'fieldMap'> = {}): void {
  const scanner = createLogContextScanner(builder, options);
  scanner.push(text);
  scanner.end();
}

function addLine(builder: LogContextBuilder, text: string, start: number, end: number, plan: FieldPlan): void {
  const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
  const line = text.slice(start, stop);
  if (line.trim() === '') return;
  let value: unknown;
  try {
    value = JSON.parse(line);
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
