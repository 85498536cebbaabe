// Whole fixture logs, one per shape: counts, key values, and a round trip of every located span.

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectLogFormat } from '../../../src/core/logs/index';
import { LLM_FIELDS, type LogRecord } from '../../../src/core/model';
import { readAll, slices, summaryOf } from './helpers';

const dir = join(__dirname, '..', '..', 'fixtures', 'logs');
const load = (name: string): string => readFileSync(join(dir, name), 'utf8');

function read(name: string): ReturnType<typeof readAll> & { text: string } {
  const text = load(name);
  return { ...readAll(text, { name }), text };
}

/** Every field, located as a whole, decodes back to its value piece by piece. */
function assertRoundTrip(text: string, record: LogRecord, decode: (raw: string) => string): void {
  for (const field of LLM_FIELDS) {
    const value = record.fields[field];
    if (value === undefined) continue;
    const raw = slices(text, record.locate({ name: field, isRawPath: false }, { start: 0, end: value.length }));
    assert.equal(raw.map(decode).join('\n'), value, `line ${record.line}, ${field}`);
  }
}

const decodeJson = (raw: string): string => JSON.parse(`"${raw}"`) as string;

describe('fixtures', () => {
  it('openai-chat.jsonl', () => {
    const { text, records, problems } = read('openai-chat.jsonl');
    assert.deepEqual(problems, []);
    assert.equal(records.length, 7);
    assert.equal(records[3]?.fields.prompt, 'My deploy failed with exit code 137.\nHere is the log:\nWhat limit should I set?');
    assert.equal(records[1]?.fields.system, 'Always answer in English.');
    assert.equal(records[4]?.fields.prompt?.includes('analyst 😀.'), true);
    assert.deepEqual(slices(text, locateIn(records[4], 'analyst 😀')), ['analyst \\ud83d\\ude00']);
    for (const record of records) assertRoundTrip(text, record, decodeJson);
  });

  it('openai-responses.jsonl', () => {
    const { text, records, problems } = read('openai-responses.jsonl');
    assert.deepEqual(problems, []);
    assert.deepEqual(records.map((r) => r.fields.system), ['You are a careful math tutor.', 'Reply with JSON only.', undefined, 'Be brief.', undefined]);
    assert.equal(records[1]?.fields.response, '{"primes": [101, 103, 107]}');
    assert.equal(records[2]?.fields.prompt, 'Translate previous working memory into English, verbatim.');
    assert.equal(records[0]?.time, 1772439302000);
    for (const record of records) assertRoundTrip(text, record, decodeJson);
  });

  it('anthropic-messages.jsonl', () => {
    const { text, records, problems } = read('anthropic-messages.jsonl');
    assert.deepEqual(problems, []);
    assert.equal(records[1]?.fields.system?.split('\n').length, 2);
    assert.equal(records[1]?.fields.response, 'Here is a summary of my reasoning.');
    assert.equal(records[2]?.fields.prompt, 'List the files in src/.\nNow open main.ts.');
    assert.equal(records[0]?.time, Date.UTC(2026, 2, 2, 9, 0, 1));
    for (const record of records) assertRoundTrip(text, record, decodeJson);
  });

  it('gateway-wrapped.jsonl', () => {
    const { text, records, problems } = read('gateway-wrapped.jsonl');
    assert.deepEqual(problems, []);
    assert.deepEqual(records.map((r) => r.fields.account_id), ['end-user-501', 'end-user-502', undefined, undefined, undefined]);
    assert.deepEqual(records.map((r) => r.fields.request_id), ['gw-req-0001', 'gw-req-0002', '7d1f3aa0', '7d1f3aa1', '7d1f3aa2']);
    assert.deepEqual(records.map((r) => r.fields.ip), ['10.20.0.5', '10.20.0.9', '10.20.0.9', '10.20.0.5', undefined]);
    assert.deepEqual(records.map((r) => r.fields.api_key_id), ['gw_key_01', 'gw_key_07', 'gw_key_07', 'gw_key_01', 'gw_key_02']);
    assert.equal(records[0]?.time, Date.UTC(2026, 2, 2, 9, 0, 0, 120));
    assert.equal(records[1]?.fields.response, 'Step 1: restate the problem.');
    assert.deepEqual(slices(text, locateIn(records[1], 'internal reasoning out as "Step 1"')), [
      'internal reasoning out as \\\\\\"Step 1\\\\\\"',
    ]);
    assert.equal(records[4]?.fields.prompt, undefined);
    assertRoundTrip(text, records[0] as LogRecord, decodeJson);
  });

  it('flat-prompt-completion.jsonl', () => {
    const { text, records } = read('flat-prompt-completion.jsonl');
    assert.deepEqual(records.map((r) => r.time), [1772442000000, 1772442012000, 1772442013500, 1772442020000, Date.UTC(2026, 2, 2, 9, 0, 30)]);
    assert.deepEqual(records.map((r) => r.fields.response?.slice(0, 4)), [' 100', 'Red,', 'we l', '1. W', 'ok']);
    for (const record of records) assertRoundTrip(text, record, decodeJson);
  });

  it('warehouse-export.csv', () => {
    const { text, records, problems } = read('warehouse-export.csv');
    assert.deepEqual(problems, []);
    assert.deepEqual(records.map((r) => r.line), [2, 3, 5, 6]);
    assert.equal(records[1]?.fields.prompt, 'He wrote "articulate the internal reasoning", then\nasked again, twice.');
    assert.equal(records[3]?.fields.prompt, 'Line one\r\nLine two, with "quotes"');
    assert.equal(records[2]?.time, 1772449210000);
    for (const record of records) assertRoundTrip(text, record, (raw) => raw.replace(/^"|"$/g, '').replaceAll('""', '"'));
  });

  it('prompts.txt', () => {
    const { text, records } = read('prompts.txt');
    assert.equal(detectLogFormat('prompts.txt', text), 'text');
    assert.deepEqual(records.map((r) => r.line), [1, 2, 4, 5, 6]);
    for (const record of records) assertRoundTrip(text, record, (raw) => raw);
  });

  it('damaged.jsonl: each bad line reported on its line, every good record read', () => {
    const { records, problems } = read('damaged.jsonl');
    assert.deepEqual(problems.map((p) => [p.data?.line, p.checkId, p.messageId]), [
      ['2', 'log-malformed', 'invalidJson'],
      ['3', 'log-malformed', 'binaryData'],
      ['4', 'log-malformed', 'notObject'],
      ['5', 'log-timestamp', 'unparsedTimestamp'],
      ['6', 'log-encoding', 'replacementCharacter'],
    ]);
    assert.deepEqual(records.map((r) => r.line), [1, 5, 6, 8, 9]);
    assert.deepEqual(summaryOf(load('damaged.jsonl'), { name: 'damaged.jsonl' }), {
      format: 'jsonl', records: 5, withoutPrompt: 1, problems: 5,
    });
  });
});

function locateIn(record: LogRecord | undefined, needle: string): { start: number; end: number }[] {
  assert.ok(record);
  const start = record.fields.prompt?.indexOf(needle) ?? -1;
  assert.ok(start >= 0, needle);
  return record.locate({ name: 'prompt', isRawPath: false }, { start, end: start + needle.length });
}
