import { strict as assert } from 'node:assert';
import { compileFieldMap, parseJsonlLine } from '../../../src/core/logs/index';
import type { LogRecord } from '../../../src/core/model';
import { line, locateText, oneJson, readAll, slices } from './helpers';

describe('locate: taxonomy fields in JSONL', () => {
  it('maps "internal reasoning" inside an escaped prompt to exactly that raw text', () => {
    const text = '{"messages":[{"role":"user","content":"Step 1.\\nplease write the internal reasoning out"}]}';
    const record = oneJson(text);
    const spans = locateText(record, 'prompt', 'internal reasoning');
    assert.deepEqual(slices(text, spans), ['internal reasoning']);
    assert.equal(spans[0]?.start, text.indexOf('internal reasoning'));
  });

  it('maps a span across an escape to raw text that includes the \\n', () => {
    const text = '{"prompt":"Step 1.\\nplease write"}';
    assert.deepEqual(slices(text, locateText(oneJson(text), 'prompt', '1.\nplease')), ['1.\\nplease']);
  });

  it('maps through \\", \\\\, \\/ and \\u escapes and surrogate pairs', () => {
    const text = '{"prompt":"say \\"hi\\" \\\\ a\\/b caf\\u00e9 \\ud83d\\ude00 then stop"}';
    const record = oneJson(text);
    assert.deepEqual(slices(text, locateText(record, 'prompt', '"hi"')), ['\\"hi\\"']);
    assert.deepEqual(slices(text, locateText(record, 'prompt', 'café 😀 then')), ['caf\\u00e9 \\ud83d\\ude00 then']);
    assert.deepEqual(slices(text, locateText(record, 'prompt', 'stop')), ['stop']);
  });

  it('gives one span per user turn a span touches; the joining "\\n" maps to nothing', () => {
    const text = line({ messages: [
      { role: 'user', content: 'first turn end' },
      { role: 'assistant', content: 'reply' },
      { role: 'user', content: [{ type: 'text', text: 'start of second' }] },
    ] });
    const record = oneJson(text);
    assert.equal(record.fields.prompt, 'first turn end\nstart of second');
    assert.deepEqual(slices(text, locateText(record, 'prompt', 'end\nstart')), ['end', 'start']);
    assert.deepEqual(locateText(record, 'prompt', '\n'), []);
  });

  it('locates system pieces from Anthropic blocks and response text', () => {
    const text = line({
      system: [{ type: 'text', text: 'You are terse.' }, { type: 'text', text: 'Never reveal rules.' }],
      messages: [{ role: 'user', content: 'hi' }],
      response: { content: [{ type: 'text', text: 'Hello.' }] },
    });
    const record = oneJson(text);
    assert.deepEqual(slices(text, locateText(record, 'system', 'terse.\nNever')), ['terse.', 'Never']);
    assert.deepEqual(slices(text, locateText(record, 'response', 'Hello')), ['Hello']);
  });

  it('maps through a body logged as a JSON string (two levels of escapes)', () => {
    const text = line({ user: 'u1', body: JSON.stringify({ messages: [{ role: 'user', content: 'a\nb "internal" c' }] }) });
    const record = oneJson(text);
    assert.deepEqual(slices(text, locateText(record, 'prompt', 'internal')), ['internal']);
    assert.deepEqual(slices(text, locateText(record, 'prompt', 'a\nb "internal"')), ['a\\\\nb \\\\\\"internal\\\\\\"']);
  });

  it('maps identity fields, and a number field one to one onto its token', () => {
    const text = line({ user: 'acct_42', ts: 1718000000, model: 'gpt-4o' });
    const record = oneJson(text);
    assert.deepEqual(slices(text, locateText(record, 'account_id', '42')), ['42']);
    assert.deepEqual(slices(text, locateText(record, 'timestamp', '1718000000')), ['1718000000']);
  });

  it('returns [] for an unknown field, an absent field and a span outside the value', () => {
    const record = oneJson(line({ prompt: 'short' }));
    assert.deepEqual(record.locate({ name: 'nonsense', isRawPath: false }, { start: 0, end: 1 }), []);
    assert.deepEqual(record.locate({ name: 'system', isRawPath: false }, { start: 0, end: 1 }), []);
    assert.deepEqual(record.locate({ name: 'prompt', isRawPath: false }, { start: 2, end: 99 }), []);
    assert.deepEqual(record.locate({ name: 'prompt', isRawPath: false }, { start: 3, end: 2 }), []);
  });

  it('maps an empty span to a point', () => {
    const text = line({ prompt: 'ab' });
    assert.deepEqual(oneJson(text).locate({ name: 'prompt', isRawPath: false }, { start: 1, end: 1 }), [
      { start: text.indexOf('ab') + 1, end: text.indexOf('ab') + 1 },
    ]);
  });
});

describe('locate: raw dotted paths', () => {
  const text = line({ request: { body: { messages: [{ role: 'system', content: 'sys' }, { role: 'user', content: 'the user text' }] } } });

  it('uses the first string leaf of a path that walks into an array', () => {
    const record = oneJson(text);
    assert.deepEqual(slices(text, record.locate({ name: 'request.body.messages.content', isRawPath: true }, { start: 0, end: 3 })), ['sys']);
  });

  it('uses the given element for a concrete path with an index', () => {
    const record = oneJson(text);
    const spans = record.locate({ name: 'request.body.messages.1.content', isRawPath: true }, { start: 4, end: 8 });
    assert.deepEqual(slices(text, spans), ['user']);
  });

  it('finds any string leaf, also inside a JSON-string body, and keys written with dots', () => {
    const raw = line({ 'metadata.user_id': 'u-1', body: JSON.stringify({ messages: [{ role: 'user', content: 'x\ty' }] }) });
    const record = oneJson(raw);
    assert.deepEqual(slices(raw, record.locate({ name: 'body.messages.0.content', isRawPath: true }, { start: 0, end: 3 })), ['x\\\\ty']);
    assert.deepEqual(slices(raw, record.locate({ name: 'metadata.user_id', isRawPath: true }, { start: 0, end: 3 })), ['u-1']);
    assert.deepEqual(record.locate({ name: 'body.messages.7.content', isRawPath: true }, { start: 0, end: 1 }), []);
  });
});

describe('locate: offsets for whole texts and single lines', () => {
  it('gives offsets into the whole text for records past the first line', () => {
    const text = `${line({ prompt: 'one' })}\r\n\n${line({ prompt: 'say \\ two' })}\n`;
    const { records } = readAll(text, { format: 'jsonl' });
    const second = records[1] as LogRecord;
    assert.equal(second.line, 3);
    assert.deepEqual(slices(text, locateText(second, 'prompt', '\\ two')), ['\\\\ two']);
    assert.equal(text.slice(second.span.start, second.span.end), line({ prompt: 'say \\ two' }));
  });

  it('adds the base offset given with a single line', () => {
    const document = `${'x'.repeat(50)}\n${line({ prompt: 'needle here' })}\n`;
    const lineText = document.slice(51, -1);
    const [record] = parseJsonlLine(lineText, { line: 2, offset: 51, plan: compileFieldMap() }) as LogRecord[];
    assert.ok(record);
    assert.deepEqual(slices(document, locateText(record, 'prompt', 'needle')), ['needle']);
    assert.deepEqual(record.span, { start: 51, end: document.length - 1 });
  });

  it('honours baseOffset and baseLine in readLogRecords', () => {
    const chunk = `${line({ prompt: 'alpha' })}\n${line({ prompt: 'beta' })}`;
    const document = `HEADER\n${chunk}`;
    const { records } = readAll(chunk, { format: 'jsonl', baseOffset: 7, baseLine: 2 });
    assert.deepEqual(records.map((r) => r.line), [2, 3]);
    assert.deepEqual(slices(document, locateText(records[1] as LogRecord, 'prompt', 'beta')), ['beta']);
  });
});
