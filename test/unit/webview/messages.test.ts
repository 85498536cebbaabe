// The check of what the campaign view's webview sends: exactly our messages, with the numbers the
// host handed out, and nothing else (extra keys, strings for numbers, odd prototypes).
import assert from 'node:assert/strict';
import { parseWebviewMessage } from '../../../src/shared/messages';

describe('webview messages', () => {
  it('accepts each message as the webview sends it', () => {
    const valid = [
      { type: 'ready' },
      { type: 'open', generation: 3, target: 0 },
      { type: 'open', generation: 0, target: 41 },
      { type: 'step', offset: 1 },
      { type: 'step', offset: -1 },
      { type: 'clearSelection' },
      { type: 'refresh' },
      { type: 'stop' },
      { type: 'export' },
      { type: 'choosePack', pack: 2 },
    ];
    for (const message of valid) assert.deepEqual(parseWebviewMessage(message), message, JSON.stringify(message));
  });

  it('refuses values that are not plain objects', () => {
    const values = [undefined, null, 0, 'ready', ['ready'], [{ type: 'ready' }], () => 'ready', Object.assign(Object.create(null), { type: 'ready' }), new (class Message { type = 'ready'; })()];
    values.forEach((value, index) => assert.equal(parseWebviewMessage(value), undefined, `value ${index}`));
  });

  it('refuses unknown types, and names that only exist on Object.prototype', () => {
    for (const type of ['openFile', 'READY', '', 'toString', '__proto__', 'constructor', 'hasOwnProperty', 1]) {
      assert.equal(parseWebviewMessage({ type }), undefined, String(type));
    }
  });

  it('refuses missing, extra and ill-formed values', () => {
    const invalid: unknown[] = [
      { type: 'open', target: 1 },
      { type: 'open', generation: 1 },
      { type: 'open', generation: 1, target: 1, uri: 'file:///etc/passwd' },
      { type: 'open', generation: 1, target: '1' },
      { type: 'open', generation: 1, target: -1 },
      { type: 'open', generation: 1, target: 1.5 },
      { type: 'open', generation: 1, target: Number.NaN },
      { type: 'open', generation: 1, target: Number.POSITIVE_INFINITY },
      { type: 'open', generation: 1, target: 2 ** 53 },
      { type: 'open', generation: '1', target: 1 },
      { type: 'open', generation: 1, target: { valueOf: () => 1 } },
      { type: 'step', offset: 2 },
      { type: 'step', offset: '1' },
      { type: 'step' },
      { type: 'ready', extra: true },
      { type: 'export', path: '/tmp/report.html' },
      { type: 'choosePack', pack: -3 },
      { type: 'choosePack', pack: null },
      JSON.parse('{"type":"ready","__proto__":{"isAdmin":true}}'),
      JSON.parse('{"type":"open","generation":1,"target":1,"__proto__":{}}'),
    ];
    for (const value of invalid) assert.equal(parseWebviewMessage(value), undefined, JSON.stringify(value));
  });
});
