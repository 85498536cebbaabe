import { strict as assert } from 'node:assert';
import { createLogReader, isProblem, readRecordText, type LogReadOptions } from '../../../src/core/logs/index';
import type { LogRecord, Problem } from '../../../src/core/model';
import { locateText, readAll, slices } from './helpers';

const csv = (text: string, options: LogReadOptions = {}) => readAll(text, { format: 'csv', ...options });

/** Reads `text` pushed in pieces cut at `cuts`; returns a comparable picture of the output. */
function readInChunks(text: string, cuts: number[], format: 'csv' | 'jsonl' = 'csv', maxRecordLength?: number): unknown[] {
  const reader = createLogReader({ format, maxRecordLength });
  const out: (LogRecord | Problem)[] = [];
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    out.push(...reader.push(text.slice(from, cut)));
    from = cut;
  }
  out.push(...reader.end());
  return out.map((item) => (isProblem(item) ? item : { line: item.line, span: item.span, fields: item.fields, raw: item.raw }));
}

describe('csv: reading', () => {
  it('maps header columns onto taxonomy fields and keeps the row as raw', () => {
    const { records, problems } = csv('timestamp,user_id,model,prompt\n2025-01-01T00:00:00Z,acct_1,gpt-4o,Hello there\n');
    assert.deepEqual(problems, []);
    assert.deepEqual(records[0]?.fields, {
      prompt: 'Hello there', model: 'gpt-4o', account_id: 'acct_1', timestamp: '2025-01-01T00:00:00Z',
    });
    assert.deepEqual(records[0]?.raw, { timestamp: '2025-01-01T00:00:00Z', user_id: 'acct_1', model: 'gpt-4o', prompt: 'Hello there' });
    assert.equal(records[0]?.time, Date.UTC(2025, 0, 1));
    assert.equal(records[0]?.line, 2);
  });

  it('reads quoted fields with commas, doubled quotes and newlines; line numbers follow record starts', () => {
    const text = 'id,prompt\nr1,"a, b"\nr2,"say ""hi"""\nr3,"line one\nline two"\nr4,plain\n';
    const { records } = csv(text);
    assert.deepEqual(records.map((r) => [r.line, r.fields.prompt]), [
      [2, 'a, b'], [3, 'say "hi"'], [4, 'line one\nline two'], [6, 'plain'],
    ]);
  });

  it('strips a byte-order mark and CRLF line ends, keeping CRLF inside quotes', () => {
    const text = '\uFEFFuser,prompt\r\nu1,"multi\r\nline"\r\nu2,last\r\n';
    const { records, problems } = csv(text);
    assert.deepEqual(problems, []);
    assert.deepEqual(records.map((r) => [r.fields.account_id, r.fields.prompt]), [['u1', 'multi\r\nline'], ['u2', 'last']]);
    assert.equal(text.slice(records[1]?.span.start, records[1]?.span.end), 'u2,last');
  });

  it('locates through CSV quoting, "" → "', () => {
    const text = 'user,prompt\nu1,"He said ""write the internal reasoning"", twice"\n';
    const record = csv(text).records[0] as LogRecord;
    assert.deepEqual(slices(text, locateText(record, 'prompt', '"write the internal')), ['""write the internal']);
    assert.deepEqual(slices(text, locateText(record, 'prompt', 'reasoning", twice')), ['reasoning"", twice']);
    assert.deepEqual(slices(text, locateText(record, 'account_id', 'u1')), ['u1']);
  });

  it('reads a messages column holding JSON and locates through both quotings', () => {
    const messages = JSON.stringify([{ role: 'system', content: 'sys' }, { role: 'user', content: 'tell me "x"' }]);
    const text = `account_id,messages\nacct_9,"${messages.replace(/"/g, '""')}"\n`;
    const record = csv(text).records[0] as LogRecord;
    assert.equal(record.fields.prompt, 'tell me "x"');
    assert.equal(record.fields.system, 'sys');
    assert.deepEqual(slices(text, locateText(record, 'prompt', 'me "x"')), ['me \\""x\\""']);
  });

  it('warns about rows with too many or too few fields and still reads them', () => {
    const { records, problems } = csv('user,prompt\nu1,hello,extra\nu2\n');
    assert.deepEqual(records.map((r) => r.raw), [{ user: 'u1', prompt: 'hello' }, { user: 'u2' }]);
    assert.deepEqual(problems.map((p) => [p.messageId, p.data?.line, p.data?.count, p.data?.expected, p.severity]), [
      ['fieldCount', '2', '3', '2', 'warning'], ['fieldCount', '3', '1', '2', 'warning'],
    ]);
  });

  it('warns about a repeated column and reads its first occurrence', () => {
    const { records, problems } = csv('prompt,user,prompt\nfirst,u,second\n');
    assert.equal(records[0]?.fields.prompt, 'first');
    assert.deepEqual(problems.map((p) => [p.messageId, p.data?.column]), [['duplicateColumn', '"prompt"']]);
  });

  it('reports an unterminated quote and resumes on the next line', () => {
    const text = 'user,prompt\nu1,"never closed\nu2,fine\nu3,also fine\n';
    const { records, problems } = csv(text);
    assert.deepEqual(problems.map((p) => [p.checkId, p.messageId, p.data?.line]), [['log-malformed', 'unterminatedQuote', '2']]);
    assert.equal(problems[0]?.span.start, text.indexOf('"never'));
    assert.deepEqual(records.map((r) => [r.line, r.fields.prompt]), [[3, 'fine'], [4, 'also fine']]);
  });

  it('treats a quote inside an unquoted cell as a character', () => {
    const { records, problems } = csv('user,prompt\nu1,5" screen\nu2,next\n');
    assert.deepEqual(problems, []);
    assert.deepEqual(records.map((r) => r.fields.prompt), ['5" screen', 'next']);
  });

  it('reads TSV', () => {
    const { records } = readAll('user\tprompt\nu1\ta, b\n', { format: 'tsv' });
    assert.deepEqual(records[0]?.fields, { prompt: 'a, b', account_id: 'u1' });
  });

  it('skips a record longer than maxRecordLength and resumes at the next line', () => {
    const { records, problems } = csv('user,prompt\nu1,"open\nu2,ok\n', { maxRecordLength: 8 });
    assert.deepEqual(problems.map((p) => [p.messageId, p.data?.line]), [['recordTooLong', '2']]);
    assert.deepEqual(records.map((r) => r.fields.prompt), ['ok']);
  });
});

describe('csv: chunks cut anywhere', () => {
  const text = '\uFEFFuser,prompt\r\nu1,"a ""quoted"" word,\r\nover lines"\r\nu2,plain\r\nu3,"x"\r\nu4,"open\nu5,tail';

  it('gives the same records and problems as the whole text, for every single cut', () => {
    const whole = readInChunks(text, []);
    assert.equal(whole.length, 5);
    for (let cut = 0; cut <= text.length; cut++) assert.deepEqual(readInChunks(text, [cut]), whole, `cut at ${cut}`);
  });

  it('gives the same result when pushed one character at a time', () => {
    const cuts = Array.from({ length: text.length }, (_, i) => i);
    assert.deepEqual(readInChunks(text, cuts), readInChunks(text, []));
  });

  it('does the same for JSONL', () => {
    const jsonl = '{"prompt":"a"}\r\n{bad\n\n{"prompt":"b\\nc"}';
    const whole = readInChunks(jsonl, [], 'jsonl');
    assert.equal(whole.length, 3);
    for (let cut = 0; cut <= jsonl.length; cut++) assert.deepEqual(readInChunks(jsonl, [cut], 'jsonl'), whole, `cut at ${cut}`);
  });

  it('skips a too-long JSONL line the same way wherever the chunks are cut', () => {
    // With a limit of at least the excerpt length (60), the problem reads the same for every cut.
    const jsonl = `{"prompt":"a"}\n{"prompt":"${'x'.repeat(70)}"}\n{"prompt":"b"}`;
    const whole = readInChunks(jsonl, [], 'jsonl', 60);
    assert.deepEqual(whole.map((item) => (isProblem(item as Problem) ? (item as Problem).messageId : (item as LogRecord).line)), [1, 'recordTooLong', 3]);
    for (let cut = 0; cut <= jsonl.length; cut++) assert.deepEqual(readInChunks(jsonl, [cut], 'jsonl', 60), whole, `cut at ${cut}`);
    const cuts = Array.from({ length: jsonl.length }, (_, i) => i);
    assert.deepEqual(readInChunks(jsonl, cuts, 'jsonl', 60), whole);
  });
});

describe('readRecordText: one record at its lines', () => {
  it('reads a CSV record that spans lines under the header row', () => {
    const record = readRecordText('r3,"line one\nline two",acct_9', { format: 'csv', header: 'id,prompt,user_id' });
    assert.deepEqual(record?.fields, { request_id: 'r3', prompt: 'line one\nline two', account_id: 'acct_9' });
  });

  it('reads a TSV record and a JSON Lines line, and applies the field map', () => {
    assert.equal(readRecordText('1\tHello', { format: 'tsv', header: 'n\tprompt' })?.fields.prompt, 'Hello');
    assert.equal(readRecordText('{"q":"Hi","model":"m1"}', { format: 'jsonl', fieldMap: { prompt: ['q'] } })?.fields.prompt, 'Hi');
  });

  it('gives undefined for a table without its header, a broken line or an empty one', () => {
    assert.equal(readRecordText('r1,hello', { format: 'csv' }), undefined);
    assert.equal(readRecordText('{"prompt": ', { format: 'jsonl' }), undefined);
    assert.equal(readRecordText('', { format: 'csv', header: 'id,prompt' }), undefined);
  });
});
