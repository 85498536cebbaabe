import { strict as assert } from 'node:assert';
import { followPath, mapStringSpan, skipString, skipValue } from '../../../src/core/logs/json-spans';

/** Decoded unit i of the string token at `at` must be produced by exactly the raw slice mapped. */
function assertUnitsMap(text: string, at: number): void {
  const end = skipString(text, at, text.length);
  const decoded = JSON.parse(text.slice(at, end)) as string;
  let previousEnd = at + 1;
  for (let i = 0; i < decoded.length; i++) {
    const span = mapStringSpan(text, at, { start: i, end: i + 1 });
    assert.equal(span.start, previousEnd, `unit ${i} starts where unit ${i - 1} ended`);
    const unit = JSON.parse(`"${text.slice(span.start, span.end)}"`) as string;
    assert.equal(unit, decoded[i], `unit ${i} of ${text}`);
    previousEnd = span.end;
  }
  assert.equal(previousEnd, end - 1, 'the last unit ends at the closing quote');
}

describe('json-spans: scanning raw JSON', () => {
  it('skips strings with escaped quotes and backslashes', () => {
    const text = '"a\\"b\\\\" , 1';
    assert.equal(skipString(text, 0, text.length), 8);
    assert.equal(skipString('"never closes', 0, 13), -1);
  });

  it('skips nested values, strings holding brackets, and scalars', () => {
    const text = '{"a":[1,{"b":"]}"}],"c":true} tail';
    assert.equal(skipValue(text, 0, text.length), text.indexOf(' tail'));
    assert.equal(skipValue('-12.5e3,', 0, 8), 7);
    assert.equal(skipValue('[[[', 0, 3), -1);
  });

  it('skips 100000 levels of nesting without recursion', () => {
    const text = '['.repeat(100_000) + ']'.repeat(100_000);
    assert.equal(skipValue(text, 0, text.length), text.length);
  });

  it('follows keys and indices to a value, taking the last of duplicate keys as JSON.parse does', () => {
    const text = '{"a": 1, "m": [ {"x": "no"}, {"x": "yes"} ], "a": 2}';
    const found = followPath(text, 0, text.length, ['m', 1, 'x']);
    assert.equal(text.slice(found.pos, found.pos + 5), '"yes"');
    assert.equal(text[followPath(text, 0, text.length, ['a']).pos], '2');
    assert.equal(followPath(text, 0, text.length, ['m', 2]).pos, -1);
    assert.equal(followPath(text, 0, text.length, ['zz']).pos, -1);
  });

  it('matches keys written with escapes by their decoded text', () => {
    const text = '{"k\\u0065y": "v", "a\\"b": "w"}';
    assert.equal(text.slice(followPath(text, 0, text.length, ['key']).pos).slice(0, 3), '"v"');
    assert.equal(text.slice(followPath(text, 0, text.length, ['a"b']).pos).slice(0, 3), '"w"');
  });

  it('stops at a string where the path goes on, reporting how much it used', () => {
    const text = '{"body": "{\\"x\\": 1}"}';
    assert.deepEqual(followPath(text, 0, text.length, ['body', 'x']), { pos: 9, used: 1 });
  });
});

describe('json-spans: decoded offsets → raw offsets', () => {
  it('maps one to one where there are no escapes', () => {
    const text = '{"p": "hello world"}';
    assert.deepEqual(mapStringSpan(text, 6, { start: 6, end: 11 }), { start: 13, end: 18 });
  });

  it('maps after \\n, \\", \\\\ and \\/ (each one unit for two raw characters)', () => {
    const text = '"a\\nb\\"c\\\\d\\/e internal"';
    const decoded = JSON.parse(text) as string;
    const at = decoded.indexOf('internal');
    const span = mapStringSpan(text, 0, { start: at, end: at + 8 });
    assert.equal(text.slice(span.start, span.end), 'internal');
  });

  it('includes the whole escape when a span crosses it', () => {
    const text = '"line one\\nplease write"';
    const span = mapStringSpan(text, 0, { start: 5, end: 15 });
    assert.equal(text.slice(span.start, span.end), 'one\\nplease');
  });

  it('maps a \\uXXXX escape as one unit of six raw characters', () => {
    const text = '"caf\\u00e9 time"';
    assert.equal(text.slice(...spanArgs(mapStringSpan(text, 0, { start: 3, end: 4 }))), '\\u00e9');
    assert.equal(text.slice(...spanArgs(mapStringSpan(text, 0, { start: 5, end: 9 }))), 'time');
  });

  it('maps an escaped surrogate pair (two units) to its twelve raw characters', () => {
    const text = '"x \\ud83d\\ude00 y"';
    const decoded = JSON.parse(text) as string;
    assert.equal(decoded.length, 6);
    assert.equal(text.slice(...spanArgs(mapStringSpan(text, 0, { start: 2, end: 4 }))), '\\ud83d\\ude00');
    assert.equal(text.slice(...spanArgs(mapStringSpan(text, 0, { start: 3, end: 4 }))), '\\ude00');
    assert.equal(text.slice(...spanArgs(mapStringSpan(text, 0, { start: 5, end: 6 }))), 'y');
  });

  it('maps a raw astral character as the same two units', () => {
    const text = '"a😀b"';
    assert.equal(text.slice(...spanArgs(mapStringSpan(text, 0, { start: 1, end: 3 }))), '😀');
    assert.equal(text.slice(...spanArgs(mapStringSpan(text, 0, { start: 3, end: 4 }))), 'b');
  });

  it('maps an empty span to a point', () => {
    const text = '"ab\\ncd"';
    assert.deepEqual(mapStringSpan(text, 0, { start: 3, end: 3 }), { start: 5, end: 5 });
  });

  it('agrees with JSON.parse unit by unit on strings full of escapes', () => {
    assertUnitsMap('"\\"\\\\\\/\\b\\f\\n\\r\\t\\u0000\\uFFFF\\ud800 é😀\\ud83d\\ude00z"', 0);
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = ['a', ' ', '\n', '"', '\\', '/', '\u0001', 'é', '😀', '\ud800', '\u2028'];
    for (let round = 0; round < 200; round++) {
      let value = '';
      for (let i = 0; i < 12; i++) value += alphabet[Math.floor(random() * alphabet.length)];
      // JSON.stringify writes some characters raw and escapes others; \u-escape a few more by hand.
      const raw = JSON.stringify(value).replace(/é/g, '\\u00e9').replace(/\//g, '\\/');
      assertUnitsMap(`{"k": ${raw}}`, 6);
    }
  });
});

function spanArgs(span: { start: number; end: number }): [number, number] {
  return [span.start, span.end];
}
