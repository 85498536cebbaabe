import { strict as assert } from 'node:assert';
import type { Problem } from '../../../src/core/model';
import { line, readAll, slices, summaryOf } from './helpers';

function problemsOf(text: string, maxRecordLength?: number): Problem[] {
  return readAll(text, { format: 'jsonl', maxRecordLength }).problems;
}

function brief(problem: Problem | undefined): { checkId?: string; messageId?: string; line?: string; reason?: string } {
  return { checkId: problem?.checkId, messageId: problem?.messageId, line: problem?.data?.line, reason: problem?.data?.reason };
}

describe('jsonl: malformed lines', () => {
  it('reports a truncated line with its line number and reads on', () => {
    const text = [line({ prompt: 'a' }), '{"prompt": "cut off', line({ prompt: 'c' })].join('\n');
    const { records, problems } = readAll(text, { format: 'jsonl' });
    assert.deepEqual(records.map((r) => [r.line, r.fields.prompt]), [[1, 'a'], [3, 'c']]);
    assert.deepEqual(problems.map(brief), [{ checkId: 'log-malformed', messageId: 'invalidJson', line: '2', reason: 'unexpected end of line' }]);
    assert.equal(problems[0]?.severity, 'error');
  });

  it('points at the offending character with a stable reason', () => {
    const cases: [string, string, string][] = [
      ['{"a": tru}', 'unexpected character', 'tru}'],
      ['{"a" 1}', "expected ':'", '1'],
      ['{"a": "b\\x"}', 'bad escape in a string', '\\x'],
      ['{"a": "b\tc"}', 'control character in a string', '\t'],
      ['{"a": 1} {"b": 2}', 'text after the JSON value', '{"b'],
      ['{a: 1}', 'expected a property name', 'a'],
      ['{"a": [1, 2,]}', 'unexpected character', ']'],
    ];
    for (const [text, reason, at] of cases) {
      const [problem] = problemsOf(text);
      assert.equal(problem?.data?.reason, reason, text);
      assert.equal(problem?.span.start, text.indexOf(at), text);
      assert.equal(problem?.span.end, (problem?.span.start ?? 0) + 1);
    }
  });

  it('quotes a short excerpt of a long bad line, with control characters escaped', () => {
    const text = `{"prompt": "${'x'.repeat(200)}\u0007"}`;
    const [problem] = problemsOf(text);
    assert.equal(problem?.messageId, 'invalidJson');
    assert.ok((problem?.message.length ?? 0) < 200, problem?.message);
    assert.match(problem?.data?.excerpt ?? '', /^"\\u0007\\"}"$/);
  });

  it('reports binary junk (NUL bytes) as binaryData', () => {
    const text = `${line({ prompt: 'ok' })}\n\u0000\u0001\u0002PK\u0003\u0004\u0000\n${line({ prompt: 'after' })}`;
    const { records, problems } = readAll(text, { format: 'jsonl' });
    assert.deepEqual(problems.map(brief), [{ checkId: 'log-malformed', messageId: 'binaryData', line: '2', reason: undefined }]);
    assert.deepEqual(records.map((r) => r.line), [1, 3]);
  });

  it('warns about U+FFFD (invalid UTF-8 replaced) but keeps the record', () => {
    const text = line({ prompt: 'caf\uFFFD\uFFFD au lait' });
    const { records, problems } = readAll(text, { format: 'jsonl' });
    assert.equal(records[0]?.fields.prompt, 'caf\uFFFD\uFFFD au lait');
    assert.deepEqual(problems.map((p) => [p.checkId, p.messageId, p.severity]), [['log-encoding', 'replacementCharacter', 'warning']]);
    assert.equal(text.slice(problems[0]?.span.start, problems[0]?.span.end), '\uFFFD');
  });

  it('reports JSON values that are not objects with their kind', () => {
    const text = ['[1, 2]', '"just a string"', '42', 'null', 'true'].join('\n');
    const problems = problemsOf(text);
    assert.deepEqual(problems.map((p) => [p.messageId, p.data?.kind, p.data?.line]), [
      ['notObject', 'array', '1'], ['notObject', 'string', '2'], ['notObject', 'number', '3'], ['notObject', 'null', '4'],
      ['notObject', 'boolean', '5'],
    ]);
  });

  it('survives 100000 levels of nesting: open (truncated), closed array, and closed object', () => {
    const open = '['.repeat(100_000);
    const closed = `${open}${']'.repeat(100_000)}`;
    const deepObject = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const { records, problems } = readAll([open, closed, deepObject, line({ prompt: 'still here' })].join('\n'), { format: 'jsonl' });
    assert.deepEqual(problems.map(brief), [
      { checkId: 'log-malformed', messageId: 'invalidJson', line: '1', reason: 'unexpected end of line' },
      { checkId: 'log-malformed', messageId: 'notObject', line: '2', reason: undefined },
    ]);
    assert.deepEqual(records.map((r) => [r.line, r.fields.prompt]), [[3, undefined], [4, 'still here']]);
  });

  it('reads a line of several megabytes', () => {
    const prompt = `${'lorem ipsum '.repeat(500_000)}internal reasoning`;
    const text = `${line({ prompt })}\n${line({ prompt: 'next' })}`;
    const { records, problems } = readAll(text, { format: 'jsonl' });
    assert.deepEqual(problems, []);
    assert.equal(records[0]?.fields.prompt?.length, prompt.length);
    const at = prompt.indexOf('internal');
    const spans = records[0]?.locate({ name: 'prompt', isRawPath: false }, { start: at, end: at + 8 }) ?? [];
    assert.deepEqual(slices(text, spans), ['internal']);
  });

  it('skips a record longer than maxRecordLength with a problem', () => {
    const text = [line({ prompt: 'x'.repeat(100) }), line({ prompt: 'ok' })].join('\n');
    const { records, problems } = readAll(text, { format: 'jsonl', maxRecordLength: 50 });
    assert.deepEqual(problems.map((p) => [p.messageId, p.data?.line, p.data?.limit]), [['recordTooLong', '1', '50']]);
    assert.deepEqual(records.map((r) => r.fields.prompt), ['ok']);
  });

  it('skips blank lines, strips CRLF and a byte-order mark', () => {
    const text = `\uFEFF${line({ prompt: 'first' })}\r\n   \r\n\r\n${line({ prompt: 'second' })}\r\n`;
    const { records, problems } = readAll(text, { format: 'jsonl' });
    assert.deepEqual(problems, []);
    assert.deepEqual(records.map((r) => [r.line, r.fields.prompt]), [[1, 'first'], [4, 'second']]);
    assert.equal(text.slice(records[0]?.span.start, records[0]?.span.end), line({ prompt: 'first' }));
  });

  it('warns about a timestamp that does not parse, at its raw span, and keeps the record', () => {
    const text = line({ prompt: 'p', timestamp: 'yesterday at noon' });
    const { records, problems } = readAll(text, { format: 'jsonl' });
    assert.equal(records[0]?.time, undefined);
    assert.equal(records[0]?.fields.timestamp, 'yesterday at noon');
    assert.deepEqual(problems.map((p) => [p.checkId, p.messageId, p.data?.value, p.severity]), [
      ['log-timestamp', 'unparsedTimestamp', '"yesterday at noon"', 'warning'],
    ]);
    assert.equal(text.slice(problems[0]?.span.start, problems[0]?.span.end), 'yesterday at noon');
  });

  it('counts records and problems in the summary', () => {
    const text = [line({ prompt: 'a' }), '{', line({ user: 'u' })].join('\n');
    assert.deepEqual(summaryOf(text, { format: 'jsonl' }), { format: 'jsonl', records: 2, withoutPrompt: 1, problems: 1 });
  });
});
