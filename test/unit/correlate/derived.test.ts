import { strict as assert } from 'node:assert';
import { addLogContext } from '../../../src/core/correlate/context-scan';
import { createLogContextBuilder, deriveFields, NEW_AFTER_MS } from '../../../src/core/correlate/derived';
import { isProblem, readLogRecords } from '../../../src/core/logs/index';
import { createTemplateIndex } from '../../../src/core/stats/templates';

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 20, 0, 0, 0);

function context(records: { time?: number; model?: string; account_id?: string }[]): ReturnType<ReturnType<typeof createLogContextBuilder>['finish']> {
  const builder = createLogContextBuilder();
  for (const { time, ...fields } of records) builder.add({ time, fields });
  return builder.finish();
}

describe('derived fields', () => {
  it('learns the start, the end and first appearances from records in any order', () => {
    const ctx = context([
      { time: T0 + 5 * H, model: 'new', account_id: 'b' },
      { time: T0 + 2 * H, model: 'new', account_id: 'b' },
      { time: T0, model: 'old', account_id: 'a' },
      { model: 'untimed', account_id: 'c' },
    ]);
    assert.equal(ctx.start, T0);
    assert.equal(ctx.end, T0 + 5 * H);
    assert.equal(ctx.records, 4);
    assert.deepEqual([...ctx.modelFirstSeen], [['new', T0 + 2 * H], ['old', T0]]);
    assert.deepEqual([...ctx.accountFirstSeen], [['b', T0 + 2 * H], ['a', T0]]);
  });

  it('derives the UTC hour, the model age and whether the model is new', () => {
    const ctx = context([{ time: T0, model: 'old' }, { time: T0 + 10 * H, model: 'new' }]);
    const values = deriveFields({ time: T0 + 13.5 * H, fields: { model: 'new', account_id: 'a' } }, ctx, undefined);
    assert.deepEqual(values, { hour: 13, model_age_h: 3.5, model_is_new: true });
    assert.deepEqual(deriveFields({ time: T0 + 11 * H, fields: { model: 'old' } }, ctx, undefined), { hour: 11, model_age_h: 11, model_is_new: false });
  });

  it('counts a model or account first seen within the first hour of the logs as already known', () => {
    const ctx = context([
      { time: T0, model: 'first', account_id: 'a' },
      { time: T0 + NEW_AFTER_MS, model: 'at-the-edge', account_id: 'b' },
      { time: T0 + NEW_AFTER_MS + 1, model: 'later', account_id: 'c' },
    ]);
    const isNew = (model: string, account: string): [boolean | undefined, boolean | undefined] => {
      const values = deriveFields({ time: T0 + 2 * H, fields: { model, account_id: account } }, ctx, undefined);
      return [values.model_is_new, values.account_is_new];
    };
    assert.deepEqual(isNew('first', 'a'), [false, false]);
    assert.deepEqual(isNew('at-the-edge', 'b'), [false, false]);
    assert.deepEqual(isNew('later', 'c'), [true, true]);
  });

  it('derives the account age and the template id, and leaves out what it has no input for', () => {
    const ctx = context([{ time: T0, account_id: 'a' }, { time: T0 + 4 * H, account_id: 'b' }]);
    const template = createTemplateIndex().templateOf(undefined, 'Summarize this article: the sky is blue.');
    const values = deriveFields({ time: T0 + 6 * H, fields: { account_id: 'b' } }, ctx, template);
    assert.equal(values.template, template?.id);
    assert.equal(values.account_age_h, 2);
    assert.equal(values.account_is_new, true);
    assert.equal(values.model_is_new, undefined);
    assert.deepEqual(deriveFields({ fields: { model: 'x' } }, ctx, undefined), {});
  });
});

describe('first pass over a log', () => {
  it('learns the same context from JSON Lines as the full reader does, and skips lines that do not parse', () => {
    const log = [
      '\ufeff{"timestamp": "2026-11-20T02:00:00Z", "request": "{\\"model\\": \\"m-new\\", \\"messages\\": [{\\"role\\": \\"user\\", \\"content\\": \\"hi\\"}], \\"user\\": \\"acct_b\\"}"}',
      '{"ts": 1795140000, "model": "m-old", "account_id": "acct_a"}\r',
      '',
      'not json',
      '["an array"]',
      '{"model": "m-untimed"}',
    ].join('\n');
    const light = createLogContextBuilder();
    addLogContext(light, log, { name: 'x.jsonl' });
    const full = createLogContextBuilder();
    for (const item of readLogRecords(log, { name: 'x.jsonl' })) if (!isProblem(item)) full.add(item);
    assert.deepEqual(light.finish(), full.finish());
    const context = light.finish();
    assert.deepEqual([...context.modelFirstSeen.keys()], ['m-new', 'm-old']);
    assert.deepEqual([...context.accountFirstSeen.keys()], ['acct_b', 'acct_a']);
  });

  it('reads other formats with the full reader', () => {
    const builder = createLogContextBuilder();
    addLogContext(builder, 'timestamp,account_id,model,prompt\n2026-11-20T01:00:00Z,a,m,"hi, there"\n', { name: 'x.csv' });
    assert.equal(builder.finish().start, Date.UTC(2026, 10, 20, 1));
  });
});
