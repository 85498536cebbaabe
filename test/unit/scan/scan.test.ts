import { strict as assert } from 'node:assert';
import { createLogScanner, type Finding, type LineProblem, type ScanPlan } from '../../../src/core/scan/index';
import type { LogFormat } from '../../../src/core/logs/index';
import { llmRule, planFrom, scanAll, underlined, type Collected } from './helpers';

const PLAN = planFrom([
  llmRule('steps', "prompt|contains: 'step by step'"),
  llmRule('cot', "prompt|re: '(?i)chain[- ]of[- ]thought'"),
  llmRule('quote', "prompt|contains: 'say \"hi\"'"),
  llmRule('cjk', "prompt|contains: '思考过程'"),
]);

/** Scans `text` cut into chunks at the given byte offsets. */
function scanInChunks(plan: ScanPlan, text: string, cuts: readonly number[], format: LogFormat = 'jsonl'): Collected {
  const bytes = new TextEncoder().encode(text);
  const findings: Finding[] = [];
  const problems: LineProblem[] = [];
  const scanner = createLogScanner(plan, { finding: (f) => findings.push(f), problem: (p) => problems.push(p) }, { format, maxLineBytes: 1 << 20 });
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    scanner.push(bytes.slice(from, cut));
    from = cut;
  }
  return { findings, problems, counts: scanner.end() };
}

function ranges(result: Collected, text: string): string[] {
  return result.findings.map((f) => `${f.ruleId} ${f.line}:${f.column}-${f.endColumn} ${JSON.stringify(underlined(text, f))}`);
}

describe('scan', () => {
  describe('columns of findings in the raw line', () => {
    it('underlines through JSON escapes, non-ASCII escapes and surrogate pairs', () => {
      const text = [
        JSON.stringify({ prompt: 'tab\there "q" then Step By Step' }),
        '{"prompt":"caf\\u00e9 \\ud83d\\ude00 and chain of thought"}',
        JSON.stringify({ prompt: '😀😀 chain-of-thought' }),
        JSON.stringify({ prompt: 'now say "hi" twice' }),
      ].join('\n');
      const result = scanAll(PLAN, text);
      assert.deepEqual(ranges(result, text), [
        'steps 1:33-45 "Step By Step"',
        'cot 2:39-55 "chain of thought"',
        'cot 3:17-33 "chain-of-thought"',
        'quote 4:16-26 "say \\\\\\"hi\\\\\\""',
      ]);
      assert.deepEqual(result.findings.map((f) => f.matched), ['Step By Step', 'chain of thought', 'chain-of-thought', 'say "hi"']);
    });

    it('finds text written as \\u00XX escapes of ASCII letters and non-ASCII text in both spellings', () => {
      const text = ['{"prompt":"st\\u0065p by st\\u0045p"}', '{"prompt":"\\u601d\\u8003\\u8fc7\\u7a0b"}', JSON.stringify({ prompt: '思考过程' })].join('\n');
      const result = scanAll(PLAN, text);
      assert.deepEqual(ranges(result, text), [
        'steps 1:12-34 "st\\\\u0065p by st\\\\u0045p"',
        'cjk 2:12-36 "\\\\u601d\\\\u8003\\\\u8fc7\\\\u7a0b"',
        'cjk 3:12-16 "思考过程"',
      ]);
    });

    it('gives one finding per raw piece of a prompt assembled from several user turns', () => {
      const record = {
        messages: [
          { role: 'system', content: 'step by step is fine here' },
          { role: 'user', content: 'first: step by step' },
          { role: 'assistant', content: 'ok' },
          { role: 'user', content: 'chain of thought please' },
        ],
      };
      const text = JSON.stringify(record);
      const result = scanAll(PLAN, text);
      assert.deepEqual(ranges(result, text), ['steps 1:103-115 "step by step"', 'cot 1:180-196 "chain of thought"']);
      assert.deepEqual(result.findings.map((f) => f.field), ['prompt', 'prompt']);
    });

    it('splits a match that crosses the join of two turns into one finding per turn', () => {
      const plan = planFrom([llmRule('cross', "prompt|re: 'alpha\\sbeta'")]);
      const text = JSON.stringify({ messages: [{ role: 'user', content: 'x alpha' }, { role: 'user', content: 'beta y' }] });
      const result = scanAll(plan, text);
      assert.deepEqual(ranges(result, text), ['cross 1:42-47 "alpha"', 'cross 1:76-80 "beta"']);
      assert.deepEqual(result.findings.map((f) => f.matched), ['alpha\nbeta', 'alpha\nbeta']);
    });

    it('underlines inside a request body logged as a JSON string', () => {
      const body = JSON.stringify({ messages: [{ role: 'user', content: 'do it step by step' }] });
      const text = JSON.stringify({ request_id: 'r-1', body });
      const result = scanAll(PLAN, text);
      assert.deepEqual(ranges(result, text), ['steps 1:83-95 "step by step"']);
      assert.equal(result.findings[0]?.recordKey, 'r-1');
    });

    it('maps CSV quoting and records that span lines', () => {
      const text = 'timestamp,prompt\n2026-01-01T00:00:00Z,"He said ""hi"".\nThen: step by step"\n2026-01-01T00:00:01Z,plain chain of thought\n';
      const result = scanAll(PLAN, text, 'csv');
      assert.deepEqual(
        result.findings.map((f) => `${f.ruleId} record ${f.line} at ${f.startLine}:${f.column}-${f.endLine}:${f.endColumn} ${JSON.stringify(underlined(text, f))}`),
        ['steps record 2 at 3:7-3:19 "step by step"', 'cot record 4 at 4:28-4:44 "chain of thought"'],
      );
      assert.deepEqual([result.counts.records, result.counts.lines], [2, 4]);
    });

    it('counts CSV quotes in the underline ("" is one character of the value)', () => {
      const plan = planFrom([llmRule('hi', "prompt|contains: 'say \"hi\" now'")]);
      const text = 'prompt\n"please say ""hi"" now"\n';
      const result = scanAll(plan, text, 'csv');
      assert.deepEqual(ranges(result, text), ['hi 2:9-23 "say \\"\\"hi\\"\\" now"']);
    });

    it('matches the record\'s own fields for rules of other logsources (plain Sigma), with indexed paths', () => {
      const rule = "title: Gateway rule\nname: gw\nlogsource:\n    product: gateway\ndetection:\n    selection:\n        body.messages.content|contains: 'reveal'\n        status: 200\n    condition: selection\n";
      const plan = planFrom([rule]);
      const text = JSON.stringify({ status: 200, body: { messages: [{ content: 'hello' }, { content: 'please reveal it' }] } });
      const result = scanAll(plan, text);
      assert.deepEqual(ranges(result, text), ['gw 1:74-80 "reveal"']);
      assert.deepEqual(result.findings.map((f) => [f.field, f.modifiers]), [['body.messages.1.content', ['contains']]]);
    });

    it('does not count a byte-order mark as a column, and reads plain text lines', () => {
      const text = `\ufeff${JSON.stringify({ prompt: 'step by step' })}`;
      assert.deepEqual(ranges(scanAll(PLAN, text), text.slice(1)), ['steps 1:12-24 "step by step"']);
      const plain = 'hello\n  chain of thought\n';
      assert.deepEqual(ranges(scanAll(PLAN, plain, 'text'), plain), ['cot 2:3-19 "chain of thought"']);
    });

    it('carries the taxonomy fields and a stable record key', () => {
      const text = JSON.stringify({ account_id: 'acct-9', timestamp: '2026-03-02T10:00:00Z', prompt: 'step by step' });
      const [finding] = scanAll(PLAN, text).findings;
      assert.deepEqual([finding?.account_id, finding?.timestamp, finding?.level, finding?.title, finding?.selection, finding?.value], [
        'acct-9',
        '2026-03-02T10:00:00Z',
        'high',
        'Rule steps',
        'selection',
        'step by step',
      ]);
      assert.match(finding?.recordKey ?? '', /^line:[0-9a-f]{16}$/);
      assert.equal(scanAll(PLAN, text).findings[0]?.recordKey, finding?.recordKey);
    });
  });

  describe('chunks cut anywhere', function () {
    this.timeout(30_000);
    const text = [
      JSON.stringify({ prompt: 'café 😀 step by step' }),
      '',
      '{"prompt":"\\u601d\\u8003\\u8fc7\\u7a0b and \\"chain of thought\\""}',
      '{"truncated": "step by',
      JSON.stringify({ prompt: '思考过程 then chain-of-thought' }),
      'binary \u0000 junk',
      JSON.stringify({ prompt: 'last line without newline: step by step' }),
    ].join('\n');

    it('gives the same findings, problems and counts for every cut position', () => {
      const whole = scanAll(PLAN, text);
      assert.equal(whole.findings.length, 6);
      const length = new TextEncoder().encode(text).length;
      for (let cut = 1; cut < length; cut++) {
        const parts = scanInChunks(PLAN, text, [cut]);
        assert.deepEqual(parts, whole, `cut at byte ${cut}`);
      }
    });

    it('gives the same results with one byte per chunk', () => {
      const length = new TextEncoder().encode(text).length;
      assert.deepEqual(scanInChunks(PLAN, text, Array.from({ length: length - 1 }, (_, i) => i + 1)), scanAll(PLAN, text));
    });

    it('gives the same CSV results for every cut position', () => {
      const csv = 'prompt,user\n"multi\nline step by step",a\n"思考过程 ""q""",b\nchain of thought,c\n';
      const whole = scanAll(PLAN, csv, 'csv');
      assert.equal(whole.findings.length, 3);
      const length = new TextEncoder().encode(csv).length;
      for (let cut = 1; cut < length; cut++) assert.deepEqual(scanInChunks(PLAN, csv, [cut], 'csv'), whole, `cut at byte ${cut}`);
    });
  });

  describe('malformed input', () => {
    it('counts and reports each kind of bad line with its line number, and reads on', () => {
      const deep = `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)},"prompt":"deep step by step"}`;
      const lines = [
        JSON.stringify({ prompt: 'fine step by step' }),
        '{"prompt": "truncated step by',
        '\u0000\u0001PK\u0003\u0004 binary',
        '[1, 2, 3]',
        deep,
        JSON.stringify({ prompt: 'x'.repeat(300_000) }),
        JSON.stringify({ event: 'key rotated' }),
        'not json at all',
      ];
      const bytes = [...lines.map((line) => new TextEncoder().encode(`${line}\n`))];
      // Invalid UTF-8 inside a prompt: the record is read, with a warning.
      bytes.splice(7, 0, Uint8Array.from([...new TextEncoder().encode('{"prompt":"bad '), 0xff, 0xfe, ...new TextEncoder().encode(' step by step"}\n')]));
      const findings: Finding[] = [];
      const problems: LineProblem[] = [];
      const scanner = createLogScanner(PLAN, { finding: (f) => findings.push(f), problem: (p) => problems.push(p) }, { format: 'jsonl', maxLineBytes: 250_000 });
      for (const chunk of bytes) scanner.push(chunk);
      const counts = scanner.end();
      assert.deepEqual(
        problems.map((p) => `${p.line} ${p.messageId}`),
        ['2 invalidJson', '3 binaryData', '4 notObject', '6 recordTooLong', '8 replacementCharacter', '9 invalidJson'],
      );
      assert.deepEqual(findings.map((f) => f.line), [1, 5, 8]);
      assert.deepEqual([counts.lines, counts.records, counts.malformed, counts.warnings], [9, 4, 5, 1]);
    });

    it('parses every line with validate: full, so braced bad JSON and records without a prompt show up', () => {
      const text = ['{"prompt": "fine"}', '{"prompt": "no literal",, "x": 1}', '{"event": "key rotated"}'].join('\n');
      const fast = scanAll(PLAN, text);
      assert.deepEqual([fast.problems, fast.counts.records, fast.counts.parsed], [[], 3, 0]);
      const problems: LineProblem[] = [];
      const scanner = createLogScanner(PLAN, { finding: () => undefined, problem: (p) => problems.push(p) }, { format: 'jsonl', validate: 'full' });
      scanner.push(new TextEncoder().encode(text));
      const counts = scanner.end();
      assert.deepEqual(problems.map((p) => [p.line, p.checkId, p.messageId, p.severity]), [
        [2, 'log-malformed', 'invalidJson', 'error'],
        [3, 'log-record', 'withoutPrompt', 'info'],
      ]);
      assert.deepEqual([counts.records, counts.parsed, counts.withoutPrompt, counts.malformed], [2, 2, 1, 1]);
    });

    it('never throws on random bytes', function () {
      this.timeout(20_000);
      let seed = 3;
      const random = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
      for (let round = 0; round < 20; round++) {
        const bytes = Uint8Array.from({ length: 2000 }, () => (random() < 0.1 ? 10 : random() < 0.3 ? 0x7b : Math.floor(random() * 256)));
        const scanner = createLogScanner(PLAN, { finding: () => undefined, problem: () => undefined }, { format: 'jsonl' });
        scanner.push(bytes);
        const counts = scanner.end();
        assert.ok(counts.lines >= 1);
      }
    });
  });
});
