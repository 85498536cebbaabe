// How the panel writes numbers, shares and times.
import assert from 'node:assert/strict';
import { counted, formatCount, formatHours, formatRange, formatShare, formatTime } from '../../../src/webview/format';

describe('panel formats', () => {
  it('writes counts with separators and plurals', () => {
    assert.equal(formatCount(200674), '200,674');
    assert.equal(counted(1, 'account'), '1 account');
    assert.equal(counted(24, 'account'), '24 accounts');
    assert.equal(counted(2, 'match', 'matches'), '2 matches');
  });

  it('writes shares with one decimal, and whole numbers at the ends', () => {
    assert.equal(formatShare(0.4179), '41.8%');
    assert.equal(formatShare(1), '100%');
    assert.equal(formatShare(0), '0%');
    assert.equal(formatShare(0.9996), '100%');
    assert.equal(formatShare(0.166), '16.6%');
  });

  it('writes hours and times of the logs in UTC', () => {
    assert.equal(formatHours(0.58), '0.6 h');
    assert.equal(formatHours(18), '18 h');
    assert.equal(formatTime(Date.UTC(2026, 10, 20, 14, 5)), 'Nov 20 14:05');
    assert.equal(formatRange(Date.UTC(2026, 10, 20, 0, 5), Date.UTC(2026, 10, 21, 11, 56)), 'Nov 20 00:05 \u2013 Nov 21 11:56 UTC');
    assert.equal(formatTime(Number.NaN), '?');
  });
});
