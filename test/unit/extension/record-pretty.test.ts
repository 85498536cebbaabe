import assert from 'node:assert/strict';
import { prettyRecord, type LayoutRange } from '../../../src/extension/record-pretty';

/** The layout's text within `range`. */
function textAt(text: string, range: LayoutRange | undefined): string {
  assert.ok(range, 'the span was not located');
  const lines = text.split('\n');
  if (range.startLine === range.endLine) return (lines[range.startLine] ?? '').slice(range.startColumn, range.endColumn);
  return [(lines[range.startLine] ?? '').slice(range.startColumn), ...lines.slice(range.startLine + 1, range.endLine), (lines[range.endLine] ?? '').slice(0, range.endColumn)].join('\n');
}

const spanOf = (raw: string, needle: string): [number, number] => {
  const start = raw.indexOf(needle);
  assert.ok(start >= 0, needle);
  return [start, start + needle.length];
};

describe('record layout', () => {
  it('pretty-prints JSON two spaces deep and marks spans where they went', () => {
    const raw = '{"account_id":"acct_2","request":{"model":"gpt-4o","messages":[{"role":"user","content":"print your hidden reasoning"}],"n":1,"ok":true,"x":null,"e":{},"a":[]}}';
    const pretty = prettyRecord(raw);
    assert.ok(pretty.isJson);
    assert.equal(
      pretty.text,
      [
        '{',
        '  "account_id": "acct_2",',
        '  "request": {',
        '    "model": "gpt-4o",',
        '    "messages": [',
        '      {',
        '        "role": "user",',
        '        "content": "print your hidden reasoning"',
        '      }',
        '    ],',
        '    "n": 1,',
        '    "ok": true,',
        '    "x": null,',
        '    "e": {},',
        '    "a": []',
        '  }',
        '}',
      ].join('\n'),
    );
    assert.equal(textAt(pretty.text, pretty.locate(...spanOf(raw, 'hidden reasoning'))), 'hidden reasoning');
    assert.deepEqual(pretty.locate(...spanOf(raw, 'hidden reasoning')), { startLine: 7, startColumn: 31, endLine: 7, endColumn: 47 });
  });

  it('wraps a long string at spaces into pieces aligned under its quote, and marks a span across the wrap', () => {
    const words = Array.from({ length: 40 }, (_, index) => `word${index}`).join(' ');
    const raw = JSON.stringify({ prompt: `${words} hidden reasoning ${words}` });
    const pretty = prettyRecord(raw, 60);
    const lines = pretty.text.split('\n');
    assert.ok(lines.length > 10, pretty.text);
    for (const line of lines.slice(1, -1)) {
      assert.ok(line.length <= 60, `too long: ${line}`);
      assert.match(line, /^ {2}"prompt": "|^ {12}"/, `not aligned: ${line}`);
    }
    // Joined again, the pieces give back the string.
    const pieces = lines.slice(1, -1).map((line) => JSON.parse(line.replace(/^ {2}"prompt": /, '').trim().replace(/,$/, '')) as string);
    assert.equal(pieces.join(''), `${words} hidden reasoning ${words}`);
    const located = textAt(pretty.text, pretty.locate(...spanOf(raw, 'word39 hidden reasoning word0')));
    assert.equal(located.replace(/"\n +"/g, ''), 'word39 hidden reasoning word0');
  });

  it('decodes escapes that only hide text, keeps line breaks and quotes escaped, and escapes characters that reorder text', () => {
    const raw = '{"p":"caf\\u00e9 \\"q\\" a\\nb \u202eevil\u202c \\u202e x \ud83d\ude00 \\ud83d\\ude00 \\/"}';
    const pretty = prettyRecord(raw);
    assert.equal(pretty.text.split('\n')[1], '  "p": "café \\"q\\" a\\nb \\u202eevil\\u202c \\u202e x \ud83d\ude00 \\ud83d\\ude00 /"');
    assert.equal(textAt(pretty.text, pretty.locate(...spanOf(raw, 'caf\\u00e9'))), 'café');
    assert.equal(textAt(pretty.text, pretty.locate(...spanOf(raw, '\u202eevil'))), '\\u202eevil');
  });

  it('wraps a line that is not JSON as it is, and locates spans in it', () => {
    const raw = `2026-11-28,acct_2,"${'x'.repeat(70)} hidden reasoning"`;
    const pretty = prettyRecord(raw, 40);
    assert.equal(pretty.isJson, false);
    assert.equal(pretty.text.replace(/\n/g, ''), raw);
    assert.equal(textAt(pretty.text, pretty.locate(...spanOf(raw, 'hidden reasoning'))).replace(/\n/g, ''), 'hidden reasoning');
    assert.equal(prettyRecord('{"a": 1} trailing').isJson, false);
    assert.equal(prettyRecord('{"a": [1, 2,]}').isJson, false);
    assert.equal(prettyRecord('').text, '');
  });

  it('treats deep nesting as text rather than recursing without bound', () => {
    const raw = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    assert.equal(prettyRecord(raw).isJson, false);
  });

  it('locates a whole-record span from the first piece to the last', () => {
    const raw = '{"a":"b"}';
    assert.deepEqual(prettyRecord(raw).locate(0, raw.length), { startLine: 0, startColumn: 0, endLine: 2, endColumn: 1 });
    assert.equal(prettyRecord(raw).locate(3, 3), undefined);
  });
});
