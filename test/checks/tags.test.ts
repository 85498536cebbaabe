import { tags } from '../../src/core/checks/tags';
import { testCheck } from './check-tester';

const rule = (...list: string[]): string =>
  `title: t\ntags:\n${list.map((tag) => `    - ${tag}\n`).join('')}logsource:\n    product: llm\ndetection:\n    sel:\n        prompt: a\n    condition: sel\n`;

testCheck(tags, {
  valid: [
    rule('atlas.aml.t0024.002', 'atlas.aml.ta0010', 'atlas.aml.m0004', 'atlas.aml.t0008.005', 'atlas.aml.t0112.001'),
    rule('attack.exfiltration', 'attack.t1059.001', 'attack.defense-evasion', 'attack.g0016'),
    rule('car.2016-03-001', 'cve.2021-44228', 'd3fend.d3-ant', 'detection.threat-hunting', 'stp.1u', 'tlp.amber'),
    // Tags that break the tag pattern are the schema's to report.
    rule('Attack.T1059', 'nonamespace'),
    'title: c\ncorrelation:\n    type: temporal\n    rules: [a, b]\n    group-by: [ip]\n    timespan: 1h\ntags: [atlas.aml.t0024]\n',
  ],
  invalid: [
    {
      input: rule('ai.prompt-injection'),
      errors: [
        {
          messageId: 'unknownNamespace',
          data: { tag: 'ai.prompt-injection', namespace: 'ai', known: 'attack, atlas, car, cve, d3fend, detection, stp, tlp' },
          line: 3,
          column: 7,
          endColumn: 26,
        },
      ],
    },
    {
      input: rule('atlas.aml.t0024.002', 'attack.t1059', 'atlas.aml.t0024.002'),
      errors: [{ messageId: 'duplicate', data: { tag: 'atlas.aml.t0024.002' }, line: 5, column: 7 }],
    },
    { input: rule('atlas.t0024'), errors: [{ messageId: 'atlasForm', data: { tag: 'atlas.t0024' }, line: 3, column: 7 }] },
    { input: rule('atlas.aml.t0024.009'), errors: [{ messageId: 'atlasUnknown', data: { tag: 'atlas.aml.t0024.009' }, line: 3, column: 7 }] },
    { input: rule('atlas.aml.t0009'), errors: [{ messageId: 'atlasUnknown', data: { tag: 'atlas.aml.t0009' }, line: 3, column: 7 }] },
    {
      input: rule('attack.defense_evasion'),
      errors: [{ messageId: 'attackUnderscore', data: { tag: 'attack.defense_evasion', suggestion: 'attack.defense-evasion' }, line: 3, column: 7 }],
    },
    {
      input: rule('detection.hunting'),
      errors: [{ messageId: 'detectionUnknown', data: { tag: 'detection.hunting', known: 'dfir, emerging-threats, threat-hunting' }, line: 3, column: 7 }],
    },
  ],
});
