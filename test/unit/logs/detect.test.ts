import { strict as assert } from 'node:assert';
import { detectLogFormat } from '../../../src/core/logs/index';
import { readAll } from './helpers';

describe('detectLogFormat', () => {
  it('goes by extension for .jsonl, .ndjson, .jsonlines, .csv and .tsv, whatever the content', () => {
    assert.equal(detectLogFormat('logs/2025-06-10.jsonl', 'hello'), 'jsonl');
    assert.equal(detectLogFormat('a.NDJSON', ''), 'jsonl');
    assert.equal(detectLogFormat('a.jsonlines', ''), 'jsonl');
    assert.equal(detectLogFormat('export.csv', '{"a":1}'), 'csv');
    assert.equal(detectLogFormat('export.tsv', ''), 'tsv');
    assert.equal(detectLogFormat('gateway.jsonl.gz', ''), 'jsonl');
  });

  it('goes by content for other names', () => {
    assert.equal(detectLogFormat('gateway.log', '\uFEFF\n  {"ts": 1}\n'), 'jsonl');
    assert.equal(detectLogFormat('dump.json', '{"prompt": "x"}'), 'jsonl');
    assert.equal(detectLogFormat('export.txt', 'timestamp,user_id,prompt\n1,u,hi'), 'csv');
    assert.equal(detectLogFormat('export', '"timestamp","prompt"\n'), 'csv');
    assert.equal(detectLogFormat('export.dat', 'user\tprompt\n'), 'tsv');
    assert.equal(detectLogFormat('prompts.txt', 'Write a poem about the sea.\nSummarise this.'), 'text');
  });

  it('does not take a prose line with commas for a CSV header', () => {
    assert.equal(detectLogFormat('prompts.txt', 'Hello, world\n'), 'text');
    assert.equal(detectLogFormat('prompts.txt', 'alpha,beta\n'), 'text');
  });

  it('is used by readLogRecords when no format is given', () => {
    assert.equal(readAll('user,prompt\nu,hi\n', { name: 'x.log' }).records[0]?.fields.prompt, 'hi');
    assert.equal(readAll('{"prompt":"hi"}', { name: 'x.log' }).records[0]?.fields.prompt, 'hi');
    assert.equal(readAll('just a prompt', { name: 'x.log' }).records[0]?.fields.prompt, 'just a prompt');
  });
});
