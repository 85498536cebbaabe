import { strict as assert } from 'node:assert';
import { ChunkScanner, LINE_BAD_SHAPE, LINE_BAD_UTF8, LINE_CONTROL } from '../../../src/core/scan/chunk-scanner';
import { buildPrefilter } from '../../../src/core/scan/index';
import { mulberry32 as prng } from '../../../scripts/eval/random';

const PREFILTER = buildPrefilter(['step by step', 'chain of', 'think', '\\u0065']);

/** Everything the scanner hands on, as text, in order. */
function record(bytes: Uint8Array, cuts: readonly number[], options: { isFast: boolean; maxLineBytes?: number; shape?: 'json' | 'text' }): string[] {
  const out: string[] = [];
  const scanner = new ChunkScanner({
    prefilter: PREFILTER,
    shape: options.shape ?? 'json',
    readEveryLine: false,
    maxLineBytes: options.maxLineBytes ?? 1 << 20,
    isFast: options.isFast,
    sink: {
      line: (b, start, end, line, found, flags) => out.push(`${line} [${[...found].sort().join(',')}] ${flags} ${Buffer.from(b.subarray(start, end)).toString('latin1')}`),
      tooLong: (line, head) => out.push(`${line} too long ${Buffer.from(head.subarray(0, 10)).toString('latin1')}`),
    },
  });
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    scanner.push(bytes.subarray(from, cut));
    from = cut;
  }
  scanner.end();
  out.push(`lines ${scanner.lines} skipped ${scanner.skippedRecords} bytes ${scanner.bytes}`);
  return out;
}

/** A log of well-formed lines, with literals, control bytes, bad UTF-8, odd shapes and long lines here and there. */
function randomLog(random: () => number, lines: number): Uint8Array {
  const parts: number[] = [];
  const words = ['step', 'by', 'chain', 'of', 'think', 'x', '\\u0065', 'café', '思考', 'Step By Step'];
  for (let i = 0; i < lines; i++) {
    const roll = random();
    let text = JSON.stringify({ prompt: Array.from({ length: 3 + Math.floor(random() * 40) }, () => words[Math.floor(random() * words.length)]).join(' ') });
    if (roll < 0.03) text = text.slice(0, -5);
    if (roll > 0.97) text = `  ${text}  `;
    if (roll > 0.5 && roll < 0.51) text = 'y'.repeat(3000 + Math.floor(random() * 3000));
    const bytes = [...new TextEncoder().encode(text)];
    if (roll > 0.2 && roll < 0.22) bytes.splice(5, 0, 0x01);
    if (roll > 0.3 && roll < 0.32) bytes.splice(5, 0, 0xff);
    parts.push(...bytes, 10);
    if (roll > 0.9 && roll < 0.92) parts.push(10);
  }
  return Uint8Array.from(parts);
}

describe('scan chunk scanner', () => {
  it('hands on lines with literals, control bytes, bad UTF-8 or a bad shape, and counts the rest', () => {
    const text = ['{"a":"think"}', '{"a":"plain"}', '{"a":"\u0001"}', 'not json', '', '{"a":"chain of"}'].join('\n');
    const bytes = Uint8Array.from([...new TextEncoder().encode(text.slice(0, 14)), 0xff, ...new TextEncoder().encode(`\n${text.slice(14)}`)]);
    const out = record(bytes, [], { isFast: false });
    assert.deepEqual(out, [
      '1 [2] 0 {"a":"think"}',
      `2 [] ${LINE_BAD_UTF8 | LINE_BAD_SHAPE} \u00ff`,
      `4 [] ${LINE_CONTROL} {"a":"\u0001"}`,
      `5 [] ${LINE_BAD_SHAPE} not json`,
      '7 [1] 0 {"a":"chain of"}',
      'lines 7 skipped 1 bytes 66',
    ]);
  });

  it('gives the same results with two streams as with one, for random logs cut at random places', () => {
    const random = prng(99);
    for (let round = 0; round < 20; round++) {
      const bytes = randomLog(random, 50 + Math.floor(random() * 400));
      const cuts = Array.from({ length: Math.floor(random() * 6) }, () => Math.floor(random() * bytes.length)).sort((a, b) => a - b);
      const maxLineBytes = random() < 0.5 ? 4000 : 1 << 20;
      const single = record(bytes, cuts, { isFast: false, maxLineBytes });
      assert.deepEqual(record(bytes, cuts, { isFast: true, maxLineBytes }), single, `round ${round}`);
      assert.deepEqual(record(bytes, [], { isFast: true, maxLineBytes }), single, `round ${round}, one chunk`);
    }
  });

  it('reports a line over the limit once, under its own number, wherever the chunks are cut', () => {
    const bytes = new TextEncoder().encode(`{"a":1}\n${'z'.repeat(100)}\n{"a":"think"}`);
    for (let cut = 1; cut < bytes.length; cut++) {
      assert.deepEqual(record(bytes, [cut], { isFast: false, maxLineBytes: 50 }), ['2 too long zzzzzzzzzz', '3 [2] 0 {"a":"think"}', 'lines 3 skipped 1 bytes 122'], `cut ${cut}`);
    }
  });
});
