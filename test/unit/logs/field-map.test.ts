import { strict as assert } from 'node:assert';
import { compileFieldMap, DEFAULT_SOURCES } from '../../../src/core/logs/index';
import { LLM_FIELDS } from '../../../src/core/model';
import { line, locateText, oneJson, readAll, slices } from './helpers';

describe('field map: defaults', () => {
  it('has sources for every taxonomy field', () => {
    assert.deepEqual(Object.keys(DEFAULT_SOURCES).sort(), [...LLM_FIELDS].sort());
  });

  it('tries sources in order: account_id before user_id before user', () => {
    assert.equal(oneJson(line({ user: 'u', user_id: 'uid', account_id: 'acct' })).fields.account_id, 'acct');
    assert.equal(oneJson(line({ user: 'u', user_id: 'uid' })).fields.account_id, 'uid');
    assert.equal(oneJson(line({ user: { id: 'nested', email: 'a@example.com' } })).fields.account_id, 'nested');
  });

  it('reads body-level sources ($body.user, $body.metadata.user_id) inside any wrapper', () => {
    assert.equal(oneJson(line({ request: { user: 'end-user-1', messages: [] } })).fields.account_id, 'end-user-1');
    assert.equal(oneJson(line({ body: { metadata: { user_id: 'anth-user' }, messages: [] } })).fields.account_id, 'anth-user');
  });

  it('reads header-style sources and converts numbers to strings', () => {
    const record = oneJson(line({ headers: { 'user-agent': 'curl/8.5.0', 'x-forwarded-for': '198.51.100.7' }, org_id: 12345 }));
    assert.equal(record.fields.user_agent, 'curl/8.5.0');
    assert.equal(record.fields.ip, '198.51.100.7');
    assert.equal(record.fields.org_id, '12345');
  });

  it('skips empty strings and null for identity fields and takes the next source', () => {
    assert.equal(oneJson(line({ account_id: '', user_id: null, user: 'fallback' })).fields.account_id, 'fallback');
  });

  it('takes the first element of an array for identity fields', () => {
    assert.equal(oneJson(line({ ip: ['192.0.2.1', '10.0.0.1'] })).fields.ip, '192.0.2.1');
  });

  it('does not find keys on Object.prototype', () => {
    assert.equal(oneJson(line({ prompt: 'p' }), { fieldMap: { model: ['constructor.name'] } }).fields.model, undefined);
    assert.equal(oneJson(line({ constructor: 'c' }), { fieldMap: { model: ['constructor'] } }).fields.model, 'c');
  });
});

describe('field map: overrides', () => {
  const event = { data: { question: 'Q?', who: { login: 'team-member' } }, messages: [{ role: 'user', content: 'shape prompt' }] };

  it('replaces the defaults of the fields it names, tried in order', () => {
    const fieldMap = { prompt: ['data.missing', 'data.question'], account_id: ['data.who.login'] };
    const record = oneJson(line(event), { fieldMap });
    assert.equal(record.fields.prompt, 'Q?');
    assert.equal(record.fields.account_id, 'team-member');
  });

  it('can fall back to the built-in shapes with $shape', () => {
    const record = oneJson(line(event), { fieldMap: { prompt: ['data.nothing', '$shape'] } });
    assert.equal(record.fields.prompt, 'shape prompt');
  });

  it('joins every string leaf of a text field path, and locates each', () => {
    const text = line({ turns: [{ said: 'one' }, { said: 'two' }] });
    const record = oneJson(text, { fieldMap: { prompt: ['turns.said'] } });
    assert.equal(record.fields.prompt, 'one\ntwo');
    assert.deepEqual(slices(text, locateText(record, 'prompt', 'one\ntwo')), ['one', 'two']);
  });

  it('accepts a compiled plan, reused across calls', () => {
    const plan = compileFieldMap({ model: ['engine'] });
    assert.equal(readAll(line({ engine: 'e1' }), { format: 'jsonl', fieldMap: plan }).records[0]?.fields.model, 'e1');
    assert.equal(readAll(line({ engine: 'e2' }), { format: 'jsonl', fieldMap: plan }).records[0]?.fields.model, 'e2');
  });

  it('reads the timestamp and time from an overridden source', () => {
    const record = oneJson(line({ meta: { at: '2025-06-10T12:00:00+02:00' } }), { fieldMap: { timestamp: ['meta.at'] } });
    assert.equal(record.time, Date.UTC(2025, 5, 10, 10));
  });

  it('ignores empty paths and $shape on a non-text field', () => {
    const record = oneJson(line({ user: 'u' }), { fieldMap: { account_id: ['', '..', '$shape', 'user'] } });
    assert.equal(record.fields.account_id, 'u');
  });
});
