// Every check together, on rule text written to break them: they report problems, never throw.

import { strict as assert } from 'node:assert';
import { lintSources } from '../../src/core/lint';

const detection = (body: string): string => `title: t\nlogsource:\n    product: llm\ndetection:\n${body}`;

const HOSTILE: string[] = [
  '\u0000\u0001\u0002\ufffe',
  '{',
  '- [a, b]\n- c\n',
  'title: t\nlogsource:\n    service: *missing\n',
  detection('    sel: [[[[1]]]]\n    condition: sel\n'),
  detection('    sel:\n        "|||": x\n        prompt|re|re|i|i: [null, 1, true, {a: b}]\n    condition: 1 of them\n'),
  detection(`    sel:\n        prompt|re: '${'('.repeat(400)}a${')'.repeat(400)}'\n    condition: sel\n`),
  detection(`    ${'s'.repeat(5000)}:\n        prompt: a\n    condition: ${'t'.repeat(5000)}\n`),
  detection(`    sel:\n        prompt: a\n    condition: '${'not '.repeat(500)}sel'\n`),
  detection('    sel:\n        ip|cidr: [":::::/999", "999.1.1.1/33", "", null]\n        n|gt|lt|hour: [abc, 1e400]\n    condition: sel | count() by\n'),
  detection('    sel:\n        prompt|exists: [true, false]\n    condition: [sel, "", null, 3]\n'),
  'title: c\ncorrelation:\n    type: temporal\n    rules: c\n    aliases: {x: {c: [1]}, y: 3}\n    condition: {gt: x, lt: [], eq: 1}\n',
  'title: c\nname: c\ncorrelation:\n    type: temporal\n    rules: [c, c]\n    group-by: [a]\n    timespan: 1h\n    condition: "c and ("\n',
  'title: f\nfilter:\n    rules: {a: b}\n    condition: []\n',
  'title: t\ndate: 9999/99/99\nmodified: 0000-00-00\ntags: [atlas., atlas.aml.t, ., "a.b.c.d"]\n',
  `title: t\ntests:\n    match: [1, [2], {prompt: {a: b}}]\n    nomatch: "x"\n${detection('    sel:\n        prompt: a\n    condition: sel\n').slice(9)}`,
];

describe('all checks on hostile rule text', () => {
  HOSTILE.forEach((text, i) => {
    it(`case #${i + 1} returns problems without throwing`, () => {
      const result = lintSources([{ name: 'hostile.yml', text }]);
      for (const problem of result.problems) {
        assert.ok(problem.span.start >= 0 && problem.span.end <= text.length && problem.span.start <= problem.span.end, JSON.stringify(problem));
        assert.ok(!problem.message.includes('{{'), problem.message);
      }
    });
  });
});
