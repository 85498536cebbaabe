// The fast pass must change nothing but the speed: its automaton sinks on exactly the lines the
// exact pass would look at, its WebAssembly agrees with the JavaScript automaton and newline count,
// and the chunk scanner hands on the same lines with and without it, wherever chunks, streams and
// blocks are cut.

import { strict as assert } from 'node:assert';
import { ChunkScanner } from '../../../src/core/scan/chunk-scanner';
import { FastPassSource, type FastPassVisitor } from '../../../src/core/scan/fast-pass';
import { buildPrefilter, findLiteralsInBytes, type Prefilter } from '../../../src/core/scan/index';
import { buildSkipTable, type SkipTable } from '../../../src/core/scan/skip-table';
import { mulberry32 as prng } from '../../../scripts/eval/random';

const LITERALS = ['step by step', 'chain of', 'think', '\\u0065', 'caf\u00c3\u00a9', '}x', '{"', 'a b'];

/** Steps the skip automaton over `bytes` in JavaScript, from the line start; true when it sinks. */
function sinks(table: SkipTable, bytes: Uint8Array): boolean {
  let state = table.lineStart;
  for (const byte of bytes) {
    state = table.transitions[(state + (table.classOf[byte] as number) * 4) / 4] as number;
    if (state === table.sink) return true;
  }
  return false;
}

/**
 * Whether the fast pass may count the line as clean: no control byte, no literal, and the quick
 * shape check of the exact pass (`{…}`, or `{…}` and CR, for JSONL; no leading white space for text).
 */
function isCleanLine(prefilter: Prefilter, line: Uint8Array, shape: 'json' | 'text'): boolean {
  if (line.some((byte) => byte < 32 && byte !== 9 && byte !== 13)) return false;
  if (findLiteralsInBytes(prefilter, line).length > 0) return false;
  if (shape === 'text') return line.length > 0 && ![32, 9, 13].includes(line[0] as number);
  const end = line[line.length - 1] === 13 ? line.length - 1 : line.length;
  return line[0] === 123 && end >= 2 && line[end - 1] === 125;
}

const PIECES = ['{', '}', '{"a":"', '"}', ' ', '\t', '\r', '\u0001', 'step', ' by ', 'step by step', 'chain', ' of', 'think', '\\u0065', '\\u00', 'café', 'caf', '}x', '{"', 'x', 'zz'];

function randomLine(random: () => number): Uint8Array {
  const parts = Array.from({ length: Math.floor(random() * 8) }, () => PIECES[Math.floor(random() * PIECES.length)] as string);
  if (random() < 0.6) parts.unshift('{');
  if (random() < 0.6) parts.push('}');
  if (random() < 0.1) parts.push('\r');
  return new TextEncoder().encode(parts.join(''));
}

describe('scan fast pass', () => {
  const prefilter = buildPrefilter(LITERALS);

  it('sinks on exactly the lines the exact pass would look at (JSONL and text shapes)', () => {
    const random = prng(5);
    for (const shape of ['json', 'text'] as const) {
      const table = buildSkipTable(prefilter, shape);
      for (let round = 0; round < 3000; round++) {
        const line = randomLine(random);
        const withNewline = Uint8Array.from([...line, 10]);
        assert.equal(sinks(table, withNewline), !isCleanLine(prefilter, line, shape), `${shape} ${JSON.stringify(Buffer.from(line).toString('latin1'))}`);
      }
    }
  });

  it('counts clean lines and sends the others to the exact pass, in order, like the JavaScript automaton', () => {
    const random = prng(11);
    const source = new FastPassSource(prefilter);
    for (const shape of ['json', 'text'] as const) {
      const table = buildSkipTable(prefilter, shape);
      const fast = source.create(shape);
      assert.ok(fast, 'WebAssembly runs here');
      let cleanLines = 0;
      for (let round = 0; round < 16; round++) {
        const lines = Array.from({ length: 20 + Math.floor(random() * 3000) }, () => (random() < 0.9 ? new TextEncoder().encode(`{"p":"${'x'.repeat(Math.floor(random() * 80))}"}`) : randomLine(random)));
        const bytes = Uint8Array.from(lines.flatMap((line) => [...line, 10]));
        const seen: string[] = [];
        let exactLines = 0;
        const visitor: FastPassVisitor = {
          clean: (count) => seen.push(...new Array<string>(count).fill('clean')),
          exact(start, from, state, end) {
            // The line is clean up to `from`: the prefilter state there is the one its bytes lead to.
            let expected = prefilter.start;
            for (let i = start; i < from; i++) expected = prefilter.transitions[(expected << prefilter.shift) | (prefilter.classOf[bytes[i] as number] as number)] as number;
            assert.equal(state, expected, `round ${round}: state at ${from}`);
            const text = bytes.subarray(start, end);
            for (let i = 0; i < text.length; i++) if (text[i] === 10) exactLines++;
            seen.push(...Buffer.from(text).toString('latin1').split('\n').slice(0, -1).map((line) => `exact ${line}`));
          },
        };
        fast.scan(bytes, 0, bytes.length, visitor);
        assert.equal(seen.length, lines.length, `round ${round}: every line once`);
        seen.forEach((what, i) => {
          const line = lines[i] as Uint8Array;
          // A clean line may be read again by the exact pass (it shares a block with a line that sank), never the reverse.
          if (sinks(table, Uint8Array.from([...line, 10]))) assert.ok(what.startsWith('exact'), `round ${round} line ${i} must go to the exact pass`);
          if (what.startsWith('exact')) assert.equal(what.slice(6), Buffer.from(line).toString('latin1'), `round ${round} line ${i}`);
        });
        cleanLines += lines.length - exactLines;
      }
      assert.ok(cleanLines > 0, 'some lines counted clean');
    }
  });

  it('hands on the same lines with and without the fast pass, for logs cut at random places', () => {
    const random = prng(23);
    let fastStretches = 0;
    for (let round = 0; round < 12; round++) {
      const lines = Array.from({ length: 500 + Math.floor(random() * 4000) }, () => (random() < 0.93 ? `{"prompt":"${'benign words '.repeat(1 + Math.floor(random() * 20))}"}` : Buffer.from(randomLine(random)).toString('latin1')));
      const bytes = Uint8Array.from(Buffer.from(`${lines.join('\n')}${random() < 0.5 ? '\n' : ''}`, 'latin1'));
      const cuts = Array.from({ length: Math.floor(random() * 5) }, () => Math.floor(random() * bytes.length)).sort((a, b) => a - b);
      const source = new FastPassSource(prefilter);
      const create = source.create.bind(source);
      source.create = (shape) => {
        const fast = create(shape);
        if (!fast) return fast;
        return {
          input: fast.input,
          scan(b, from, to, visitor) {
            fastStretches++;
            fast.scan(b, from, to, visitor);
          },
        };
      };
      for (const shape of ['json', 'text'] as const) {
        const exact = handedOn(bytes, cuts, shape, false, prefilter, source);
        assert.deepEqual(handedOn(bytes, cuts, shape, true, prefilter, source), exact, `round ${round} ${shape}`);
      }
    }
    assert.ok(fastStretches > 0, 'the fast pass ran');
  });

  it('gives the same results for chunks read into its own region (scanned in place) as for copies', () => {
    const random = prng(31);
    for (let round = 0; round < 6; round++) {
      const lines = Array.from({ length: 2000 + Math.floor(random() * 6000) }, () => (random() < 0.95 ? `{"prompt":"${'plain words '.repeat(1 + Math.floor(random() * 30))}"}` : Buffer.from(randomLine(random)).toString('latin1')));
      const bytes = Uint8Array.from(Buffer.from(`${lines.join('\n')}\n`, 'latin1'));
      const source = new FastPassSource(prefilter);
      const expected = handedOn(bytes, [], 'json', false, prefilter, source);
      let inPlace = 0;
      const create = source.create.bind(source);
      source.create = (shape) => {
        const fast = create(shape);
        if (!fast) return fast;
        return {
          input: fast.input,
          scan(b, from, to, visitor) {
            if (b.buffer === fast.input.buffer) inPlace++;
            fast.scan(b, from, to, visitor);
          },
        };
      };
      const out: string[] = [];
      const scanner = new ChunkScanner({
        prefilter,
        fastPass: source,
        shape: 'json',
        readEveryLine: false,
        maxLineBytes: 1 << 24,
        sink: {
          line: (b, start, end, line, found, flags) => out.push(`${line} [${[...found].sort().join(',')}] ${flags} ${Buffer.from(b.subarray(start, end)).toString('latin1')}`),
          tooLong: (line) => out.push(`${line} too long`),
        },
      });
      const region = scanner.readRegion();
      assert.ok(region && region.length > 0, 'a region to read into');
      for (let at = 0; at < bytes.length; ) {
        const length = Math.min(bytes.length - at, 1 + Math.floor(random() * region.length));
        region.set(bytes.subarray(at, at + length));
        scanner.push(region.subarray(0, length));
        at += length;
      }
      scanner.end();
      out.push(`lines ${scanner.lines} skipped ${scanner.skippedRecords}`);
      assert.deepEqual(out, expected, `round ${round}`);
      assert.ok(inPlace > 0, `round ${round}: scanned in place`);
    }
  });

  it('counts the newlines of clean lines (SIMD) exactly', () => {
    const random = prng(3);
    const fast = new FastPassSource(prefilter).create('json');
    assert.ok(fast);
    for (let round = 0; round < 50; round++) {
      const lines = Array.from({ length: 1 + Math.floor(random() * 2000) }, () => `{${' '.repeat(Math.floor(random() * 40))}}`);
      const bytes = new TextEncoder().encode(`${lines.join('\n')}\n`);
      let counted = 0;
      const exact = (start: number, _from: number, _state: number, end: number): void => {
        for (let i = start; i < end; i++) if (bytes[i] === 10) counted++;
      };
      fast.scan(bytes, 0, bytes.length, { clean: (count) => (counted += count), exact });
      assert.equal(counted, lines.length, `round ${round}`);
    }
  });
});

/** What the chunk scanner hands on, with its counts. */
function handedOn(bytes: Uint8Array, cuts: readonly number[], shape: 'json' | 'text', isFast: boolean, prefilter: Prefilter, fastPass: FastPassSource): string[] {
  const out: string[] = [];
  const scanner = new ChunkScanner({
    prefilter,
    fastPass,
    shape,
    readEveryLine: false,
    maxLineBytes: 1 << 24,
    isFast,
    sink: {
      line: (b, start, end, line, found, flags) => out.push(`${line} [${[...found].sort().join(',')}] ${flags} ${Buffer.from(b.subarray(start, end)).toString('latin1')}`),
      tooLong: (line) => out.push(`${line} too long`),
    },
  });
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    scanner.push(bytes.subarray(from, cut));
    from = cut;
  }
  scanner.end();
  out.push(`lines ${scanner.lines} skipped ${scanner.skippedRecords}`);
  return out;
}
