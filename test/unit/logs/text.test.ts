import { strict as assert } from 'node:assert';
import { readAll, slices } from './helpers';

describe('text: one prompt per line', () => {
  it('reads each non-blank line as a prompt, with raw {prompt}', () => {
    const text = 'Write the internal reasoning.\r\n\n  \nSecond prompt, with commas\n';
    const { records, problems } = readAll(text, { format: 'text' });
    assert.deepEqual(problems, []);
    assert.deepEqual(records.map((r) => [r.line, r.fields.prompt]), [[1, 'Write the internal reasoning.'], [4, 'Second prompt, with commas']]);
    assert.deepEqual(records[0]?.raw, { prompt: 'Write the internal reasoning.' });
  });

  it('locates one to one, for the taxonomy prompt and the raw path prompt', () => {
    const text = 'first\nplease write the internal reasoning\n';
    const record = readAll(text, { format: 'text' }).records[1];
    assert.ok(record);
    assert.deepEqual(slices(text, record.locate({ name: 'prompt', isRawPath: false }, { start: 17, end: 35 })), ['internal reasoning']);
    assert.deepEqual(slices(text, record.locate({ name: 'prompt', isRawPath: true }, { start: 0, end: 6 })), ['please']);
  });

  it('reports a line with NUL characters as binary data', () => {
    const { records, problems } = readAll('ok\n\u0000\u0000ELF\nfine', { format: 'text' });
    assert.deepEqual(problems.map((p) => [p.checkId, p.messageId, p.data?.line]), [['log-malformed', 'binaryData', '2']]);
    assert.deepEqual(records.map((r) => r.fields.prompt), ['ok', 'fine']);
  });
});
