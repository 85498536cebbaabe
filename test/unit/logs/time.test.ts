import { strict as assert } from 'node:assert';
import { parseTimestamp } from '../../../src/core/logs/index';
import { oneJson, line } from './helpers';

const T = Date.UTC(2025, 5, 10, 12, 34, 56);

describe('time: ISO 8601', () => {
  it('reads Z, offsets in three spellings, and UTC', () => {
    assert.equal(parseTimestamp('2025-06-10T12:34:56Z'), T);
    assert.equal(parseTimestamp('2025-06-10T14:34:56+02:00'), T);
    assert.equal(parseTimestamp('2025-06-10T07:34:56-0500'), T);
    assert.equal(parseTimestamp('2025-06-10T21:34:56+09'), T);
    assert.equal(parseTimestamp('2025-06-10 12:34:56 UTC'), T);
  });

  it('reads a zone-less timestamp as UTC, whatever the machine zone', () => {
    assert.equal(parseTimestamp('2025-06-10T12:34:56'), T);
    assert.equal(parseTimestamp('2025-06-10 12:34:56'), T);
    assert.equal(parseTimestamp('2025-06-10T12:34'), T - 56_000);
    assert.equal(parseTimestamp('2025-06-10'), Date.UTC(2025, 5, 10));
  });

  it('keeps fractions to the millisecond, with a dot or a comma', () => {
    assert.equal(parseTimestamp('2025-06-10T12:34:56.789Z'), T + 789);
    assert.equal(parseTimestamp('2025-06-10T12:34:56,5Z'), T + 500);
    assert.equal(parseTimestamp('2025-06-10T12:34:56.123456789Z'), T + 123);
  });

  it('reads a leap second as the last millisecond of its minute, and 24:00 as the next midnight', () => {
    assert.equal(parseTimestamp('2016-12-31T23:59:60Z'), Date.UTC(2016, 11, 31, 23, 59, 59, 999));
    assert.equal(parseTimestamp('2025-06-10T24:00:00Z'), Date.UTC(2025, 5, 11));
  });

  it('rejects impossible dates and other formats', () => {
    for (const bad of ['2025-02-30T00:00:00Z', '2025-13-01', '2025-06-10T25:00:00Z', '2025-06-10T12:60:00Z',
      '2025-06-10T12:00:00+25:00', 'Tue, 10 Jun 2025 12:34:56 GMT', '10/06/2025', '', 'now', '-5', '12abc']) {
      assert.equal(parseTimestamp(bad), undefined, bad);
    }
    assert.equal(parseTimestamp('2024-02-29'), Date.UTC(2024, 1, 29));
    assert.equal(parseTimestamp('2100-02-29'), undefined);
  });

  it('reads years below 100 as themselves', () => {
    assert.equal(parseTimestamp('0001-01-01T00:00:00Z'), new Date('0001-01-01T00:00:00Z').getTime());
  });
});

describe('time: epoch numbers', () => {
  it('tells seconds, milliseconds, microseconds and nanoseconds apart by magnitude', () => {
    assert.equal(parseTimestamp(T / 1000), T);
    assert.equal(parseTimestamp(T), T);
    assert.equal(parseTimestamp(T * 1000), T);
    assert.equal(parseTimestamp(T * 1e6), T);
    assert.equal(parseTimestamp(1718000000.25), 1718000000250);
  });

  it('reads numeric strings the same way', () => {
    assert.equal(parseTimestamp(String(T / 1000)), T);
    assert.equal(parseTimestamp(String(T)), T);
    assert.equal(parseTimestamp(' 1749558896 '), T);
  });

  it('rejects negative, infinite and non-numeric values', () => {
    assert.equal(parseTimestamp(-1), undefined);
    assert.equal(parseTimestamp(Number.POSITIVE_INFINITY), undefined);
    assert.equal(parseTimestamp(true), undefined);
    assert.equal(parseTimestamp({ seconds: 1 }), undefined);
  });
});

describe('time: on records', () => {
  it('sets time from the first timestamp source and keeps the text in fields.timestamp', () => {
    const record = oneJson(line({ created_at: 1749558896, prompt: 'p' }));
    assert.equal(record.time, T);
    assert.equal(record.fields.timestamp, '1749558896');
  });

  it('falls back to response.created (epoch seconds) when the record has no timestamp of its own', () => {
    const record = oneJson(line({ messages: [{ role: 'user', content: 'p' }], response: { created: 1749558896, choices: [] } }));
    assert.equal(record.time, T);
  });
});
