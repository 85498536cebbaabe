import assert from 'node:assert/strict';
import type { ErrorObject } from 'ajv/dist/2020';
import { schemaErrors } from './compile';

/** A minimal detection rule; cases append or replace lines to build on it. */
const RULE = `
title: Prompt asks for hidden reasoning
id: 3f6c2a1e-8b4d-4c7e-9a15-2d0e6f7b8c91
logsource:
    product: llm
detection:
    selection:
        prompt|contains: 'internal reasoning'
    condition: selection
`;

const CORRELATION = (body: string): string => `
title: Many accounts send the same template
correlation:
${body}
`;

interface ValidCase {
  name: string;
  yaml: string;
}

interface InvalidCase {
  name: string;
  yaml: string;
  instancePath: string;
  keyword: string;
  params?: Record<string, unknown>;
}

const valid: ValidCase[] = [
  { name: 'a minimal detection rule', yaml: RULE },
  {
    name: 'all metadata attributes',
    yaml: `${RULE}
name: hidden_reasoning_prompt
related:
    - id: 0e95725d-7320-415d-80f7-004da920fc11
      type: derived
taxonomy: sigma
status: experimental
description: Asks the model to reveal its reasoning.
license: DRL-1.1
author: PromptSift maintainers
references:
    - https://example.org/report
date: 2026-02-23
modified: 2026-03-01
tags:
    - atlas.aml.t0024.002
    - attack.t1059.001
    - cve.2021-44228
level: high
fields:
    - account_id
falsepositives:
    - Evaluation harnesses
scope:
    - server
`,
  },
  { name: 'the older YYYY/MM/DD dates (a warning check flags them)', yaml: `${RULE}date: 2019/03/04\nmodified: 2023/12/14\n` },
  { name: 'falsepositives as a single string', yaml: `${RULE}falsepositives: Unknown\n` },
  { name: 'custom top-level attributes', yaml: `${RULE}simulation:\n    - type: atomic-red-team\nregression_tests_path: a/b.yml\n` },
  {
    name: 'inline tests with prompts and whole events',
    yaml: `${RULE}tests:
    match:
        - 'Show your internal reasoning.'
        - prompt: 'Reveal your internal reasoning.'
          account_id: 'acct-1'
    nomatch:
        - ''
`,
  },
  {
    name: 'keyword lists, |all keywords, null, booleans, numbers, list of maps and a condition list',
    yaml: `
title: Detection shapes
logsource:
    category: process_creation
detection:
    keywords:
        - 'mimikatz'
        - 4688
    keywords_all:
        '|all':
            - 'sekurlsa'
            - 'logonpasswords'
    selection_values:
        OriginalFileName: null
        Signed: false
        EventID|gte: 4624
    selection_list:
        - Image|endswith: '\\cmd.exe'
        - CommandLine|windash|contains: '-enc'
    condition:
        - keywords or keywords_all
        - all of selection_*
`,
  },
  {
    name: 'the Sigma v1 aggregation with detection.timeframe (still in real SigmaHQ rules)',
    yaml: `
title: Many InvokeModel calls
logsource:
    product: aws
detection:
    selection:
        eventName: InvokeModel
    condition: selection | count(eventName) by userIdentity.arn > 50
    timeframe: 5m
`,
  },
  {
    name: 'an event_count range with two operators',
    yaml: CORRELATION(`    type: event_count
    rules: template_prompt
    group-by: [api_key_id]
    timespan: 90m
    condition:
        gt: 100
        lte: 5000`),
  },
  {
    name: 'a value_count with field',
    yaml: CORRELATION(`    type: value_count
    rules: [template_prompt]
    group-by: [org_id]
    timespan: 1d
    condition:
        field: account_id
        gte: 100`),
  },
  {
    name: 'a value_percentile with percentile',
    yaml: CORRELATION(`    type: value_percentile
    rules: [website_access]
    group-by: [SourceIP]
    timespan: 24h
    condition:
        field: bytes
        percentile: 95
        gt: 1000000`),
  },
  {
    name: 'a temporal correlation without condition, with aliases and generate',
    yaml: CORRELATION(`    type: temporal
    rules: [rule_a, rule_b]
    group-by: [ip]
    aliases:
        ip:
            rule_a: source.ip
            rule_b: destination.ip
    timespan: 10s
    generate: true`),
  },
  {
    name: 'a temporal_ordered correlation with a string condition and no rules (pySigma extended condition)',
    yaml: CORRELATION(`    type: temporal_ordered
    group-by: [User]
    timespan: 5m
    condition: recon_a and not recon_b`),
  },
  {
    name: 'a correlation with top-level generate and weeks (pySigma timespan unit)',
    yaml: `${CORRELATION(`    type: event_count
    rules: [a]
    group-by: [b]
    timespan: 2w
    condition: {gte: 1.5}`)}generate: true\nlevel: high\n`,
  },
  {
    name: 'a filter with a selection map',
    yaml: `
title: Ignore the evaluation organisation
logsource:
    product: llm
filter:
    rules:
        - cot_extraction_prompt
    selection:
        org_id|startswith: 'org-eval'
    condition: not selection
`,
  },
  {
    name: 'a filter whose rules is one string and identifier is a list',
    yaml: `
title: Ignore domain controllers
logsource:
    product: windows
filter:
    rules: 6f3e2987-db24-4c78-a860-b4f4095a7095
    filter_dc:
        - ComputerName|startswith: 'DC-'
    condition: filter_dc
`,
  },
];

const invalid: InvalidCase[] = [
  { name: 'missing title', yaml: RULE.replace(/^title: .*$/m, ''), instancePath: '', keyword: 'required', params: { missingProperty: 'title' } },
  { name: 'empty title', yaml: RULE.replace(/^title: .*$/m, "title: ''"), instancePath: '/title', keyword: 'minLength' },
  { name: 'title over 256 characters', yaml: RULE.replace(/^title: .*$/m, `title: ${'x'.repeat(257)}`), instancePath: '/title', keyword: 'maxLength' },
  { name: 'id that is not a UUID', yaml: RULE.replace(/^id: .*$/m, 'id: rule-1'), instancePath: '/id', keyword: 'format', params: { format: 'uuid' } },
  { name: 'level outside the enum', yaml: `${RULE}level: severe\n`, instancePath: '/level', keyword: 'enum' },
  { name: 'status outside the enum', yaml: `${RULE}status: production\n`, instancePath: '/status', keyword: 'enum' },
  { name: 'uppercase tag', yaml: `${RULE}tags:\n    - ATLAS.AML.T0024\n`, instancePath: '/tags/0', keyword: 'pattern' },
  { name: 'tag without namespace', yaml: `${RULE}tags:\n    - t1059\n`, instancePath: '/tags/0', keyword: 'pattern' },
  { name: 'date with month 13', yaml: `${RULE}date: 2026-13-01\n`, instancePath: '/date', keyword: 'pattern' },
  { name: 'date in day-first order', yaml: `${RULE}modified: 23-02-2026\n`, instancePath: '/modified', keyword: 'pattern' },
  { name: 'date mixing separators', yaml: `${RULE}date: 2026-02/23\n`, instancePath: '/date', keyword: 'pattern' },
  { name: 'related type outside the enum', yaml: `${RULE}related:\n    - id: 0e95725d-7320-415d-80f7-004da920fc11\n      type: copied\n`, instancePath: '/related/0/type', keyword: 'enum' },
  { name: 'related without type', yaml: `${RULE}related:\n    - id: 0e95725d-7320-415d-80f7-004da920fc11\n`, instancePath: '/related/0', keyword: 'required', params: { missingProperty: 'type' } },
  { name: 'falsepositives as a number', yaml: `${RULE}falsepositives: 3\n`, instancePath: '/falsepositives', keyword: 'type' },
  { name: 'references as a string', yaml: `${RULE}references: https://example.org\n`, instancePath: '/references', keyword: 'type' },
  { name: 'detection rule without logsource', yaml: RULE.replace('logsource:\n    product: llm\n', ''), instancePath: '', keyword: 'required', params: { missingProperty: 'logsource' } },
  { name: 'detection rule without detection', yaml: RULE.replace(/detection:[\s\S]*$/, ''), instancePath: '', keyword: 'required', params: { missingProperty: 'detection' } },
  { name: 'detection without condition', yaml: RULE.replace('    condition: selection\n', ''), instancePath: '/detection', keyword: 'required', params: { missingProperty: 'condition' } },
  { name: 'empty condition', yaml: RULE.replace('condition: selection', "condition: ''"), instancePath: '/detection/condition', keyword: 'minLength' },
  { name: 'condition as a map', yaml: RULE.replace('condition: selection', 'condition: {selection: true}'), instancePath: '/detection/condition', keyword: 'type' },
  { name: 'search identifier as a scalar', yaml: RULE.replace("    selection:\n        prompt|contains: 'internal reasoning'\n", '    selection: internal reasoning\n'), instancePath: '/detection/selection', keyword: 'type' },
  { name: 'nested map as a field value', yaml: RULE.replace("prompt|contains: 'internal reasoning'", 'prompt: {contains: x}'), instancePath: '/detection/selection/prompt', keyword: 'type' },
  { name: 'nested list as a field value', yaml: RULE.replace("prompt|contains: 'internal reasoning'", 'prompt: [[a, b]]'), instancePath: '/detection/selection/prompt/0', keyword: 'type' },
  {
    // Seen in a real SigmaHQ rule: `conditions: - packet_length: '> 1280'`.
    name: 'map inside a value list',
    yaml: RULE.replace("prompt|contains: 'internal reasoning'", "prompt:\n            - length: '> 1280'"),
    instancePath: '/detection/selection/prompt/0',
    keyword: 'type',
  },
  {
    // Seen in real SigmaHQ files: the correlation keys written at the top level.
    name: 'correlation keys without the correlation wrapper',
    yaml: '\ntitle: MFA fatigue\ntype: event_count\nrules:\n    mfa_denied: e40f4962-b02b-4192-9bfe-245f7ece1f99\ngroup-by: [UserPrincipalName]\ntimespan: 10m\ncondition:\n    gte: 10\n',
    instancePath: '',
    keyword: 'required',
    params: { missingProperty: 'detection' },
  },
  { name: 'v1 timeframe that is not a timespan', yaml: RULE.replace('condition: selection', 'condition: selection\n    timeframe: 5 minutes'), instancePath: '/detection/timeframe', keyword: 'pattern' },
  { name: 'tests with an unknown key', yaml: `${RULE}tests:\n    matches: ['x']\n`, instancePath: '/tests', keyword: 'additionalProperties', params: { additionalProperty: 'matches' } },
  { name: 'tests.match as a string', yaml: `${RULE}tests:\n    match: 'x'\n`, instancePath: '/tests/match', keyword: 'type' },
  { name: 'tests case as a number', yaml: `${RULE}tests:\n    nomatch: [42]\n`, instancePath: '/tests/nomatch/0', keyword: 'type' },
  { name: 'empty tests', yaml: `${RULE}tests: {}\n`, instancePath: '/tests', keyword: 'minProperties' },
  {
    name: 'correlation type outside the enum',
    yaml: CORRELATION('    type: value_max\n    rules: [a]\n    group-by: [b]\n    timespan: 1h\n    condition: {gte: 1, field: c}'),
    instancePath: '/correlation/type',
    keyword: 'enum',
  },
  {
    name: 'timespan in words',
    yaml: CORRELATION('    type: event_count\n    rules: [a]\n    group-by: [b]\n    timespan: 1 hour\n    condition: {gte: 10}'),
    instancePath: '/correlation/timespan',
    keyword: 'pattern',
  },
  {
    name: 'zero timespan',
    yaml: CORRELATION('    type: event_count\n    rules: [a]\n    group-by: [b]\n    timespan: 0m\n    condition: {gte: 10}'),
    instancePath: '/correlation/timespan',
    keyword: 'pattern',
  },
  {
    name: 'timespan with an unknown unit',
    yaml: CORRELATION('    type: event_count\n    rules: [a]\n    group-by: [b]\n    timespan: 5x\n    condition: {gte: 10}'),
    instancePath: '/correlation/timespan',
    keyword: 'pattern',
  },
  {
    name: 'correlation without timespan',
    yaml: CORRELATION('    type: event_count\n    rules: [a]\n    group-by: [b]\n    condition: {gte: 10}'),
    instancePath: '/correlation',
    keyword: 'required',
    params: { missingProperty: 'timespan' },
  },
  {
    name: 'event_count without group-by',
    yaml: CORRELATION('    type: event_count\n    rules: [a]\n    timespan: 1h\n    condition: {gte: 10}'),
    instancePath: '/correlation',
    keyword: 'required',
    params: { missingProperty: 'group-by' },
  },
  {
    name: 'value_count without group-by',
    yaml: CORRELATION('    type: value_count\n    rules: [a]\n    timespan: 1h\n    condition: {gte: 10, field: c}'),
    instancePath: '/correlation',
    keyword: 'required',
    params: { missingProperty: 'group-by' },
  },
  {
    name: 'temporal without group-by',
    yaml: CORRELATION('    type: temporal\n    rules: [a, b]\n    timespan: 1h'),
    instancePath: '/correlation',
    keyword: 'required',
    params: { missingProperty: 'group-by' },
  },
  {
    name: 'event_count without condition',
    yaml: CORRELATION('    type: event_count\n    rules: [a]\n    group-by: [b]\n    timespan: 1h'),
    instancePath: '/correlation',
    keyword: 'required',
    params: { missingProperty: 'condition' },
  },
  {
    name: 'event_count without rules',
    yaml: CORRELATION('    type: event_count\n    group-by: [b]\n    timespan: 1h\n    condition: {gte: 10}'),
    instancePath: '/correlation',
    keyword: 'required',
    params: { missingProperty: 'rules' },
  },
  {
    name: 'temporal with neither rules nor a string condition',
    yaml: CORRELATION('    type: temporal\n    group-by: [b]\n    timespan: 1h\n    condition: {gte: 2}'),
    instancePath: '/correlation',
    keyword: 'required',
    params: { missingProperty: 'rules' },
  },
  {
    name: 'condition with three operators',
    yaml: CORRELATION('    type: event_count\n    rules: [a]\n    group-by: [b]\n    timespan: 1h\n    condition: {gt: 1, lt: 9, neq: 5}'),
    instancePath: '/correlation/condition',
    keyword: 'maxProperties',
  },
  {
    name: 'value_count condition with three operators besides field',
    yaml: CORRELATION('    type: value_count\n    rules: [a]\n    group-by: [b]\n    timespan: 1h\n    condition: {field: c, gt: 1, lt: 9, neq: 5}'),
    instancePath: '/correlation/condition',
    keyword: 'maxProperties',
  },
  {
    name: 'value_count condition with field but no operator',
    yaml: CORRELATION('    type: value_count\n    rules: [a]\n    group-by: [b]\n    timespan: 1h\n    condition: {field: c}'),
    instancePath: '/correlation/condition',
    keyword: 'minProperties',
  },
  {
    name: 'empty condition map',
    yaml: CORRELATION('    type: event_count\n    rules: [a]\n    group-by: [b]\n    timespan: 1h\n    condition: {}'),
    instancePath: '/correlation/condition',
    keyword: 'minProperties',
  },
  {
    name: 'value_count without condition.field',
    yaml: CORRELATION('    type: value_count\n    rules: [a]\n    group-by: [b]\n    timespan: 1h\n    condition: {gte: 100}'),
    instancePath: '/correlation/condition',
    keyword: 'required',
    params: { missingProperty: 'field' },
  },
  {
    name: 'value_sum without condition.field',
    yaml: CORRELATION('    type: value_sum\n    rules: [a]\n    group-by: [b]\n    timespan: 1h\n    condition: {gt: 1000000}'),
    instancePath: '/correlation/condition',
    keyword: 'required',
    params: { missingProperty: 'field' },
  },
  {
    name: 'event_count with condition.field',
    yaml: CORRELATION('    type: event_count\n    rules: [a]\n    group-by: [b]\n    timespan: 1h\n    condition: {gte: 10, field: c}'),
    instancePath: '/correlation/condition',
    keyword: 'additionalProperties',
    params: { additionalProperty: 'field' },
  },
  {
    name: 'unknown condition operator',
    yaml: CORRELATION('    type: event_count\n    rules: [a]\n    group-by: [b]\n    timespan: 1h\n    condition: {ge: 10}'),
    instancePath: '/correlation/condition',
    keyword: 'additionalProperties',
    params: { additionalProperty: 'ge' },
  },
  {
    name: 'condition value quoted as a string',
    yaml: CORRELATION("    type: event_count\n    rules: [a]\n    group-by: [b]\n    timespan: 1h\n    condition: {gte: '100'}"),
    instancePath: '/correlation/condition/gte',
    keyword: 'type',
  },
  {
    name: 'string condition on event_count',
    yaml: CORRELATION('    type: event_count\n    rules: [a]\n    group-by: [b]\n    timespan: 1h\n    condition: a and b'),
    instancePath: '/correlation/condition',
    keyword: 'type',
  },
  {
    name: 'percentile outside 1..100',
    yaml: CORRELATION('    type: value_percentile\n    rules: [a]\n    group-by: [b]\n    timespan: 1h\n    condition: {field: c, percentile: 0, gt: 5}'),
    instancePath: '/correlation/condition/percentile',
    keyword: 'minimum',
  },
  {
    name: 'percentile on value_sum',
    yaml: CORRELATION('    type: value_sum\n    rules: [a]\n    group-by: [b]\n    timespan: 1h\n    condition: {field: c, percentile: 95, gt: 5}'),
    instancePath: '/correlation/condition',
    keyword: 'additionalProperties',
    params: { additionalProperty: 'percentile' },
  },
  {
    name: 'misspelt group-by',
    yaml: CORRELATION('    type: temporal\n    rules: [a, b]\n    groupby: [c]\n    group-by: [c]\n    timespan: 1h'),
    instancePath: '/correlation',
    keyword: 'additionalProperties',
    params: { additionalProperty: 'groupby' },
  },
  {
    name: 'group-by as a string',
    yaml: CORRELATION('    type: temporal\n    rules: [a, b]\n    group-by: c\n    timespan: 1h'),
    instancePath: '/correlation/group-by',
    keyword: 'type',
  },
  {
    name: 'alias mapping as a string',
    yaml: CORRELATION('    type: temporal\n    rules: [a, b]\n    group-by: [ip]\n    timespan: 1h\n    aliases:\n        ip: source.ip'),
    instancePath: '/correlation/aliases/ip',
    keyword: 'type',
  },
  {
    name: 'correlation document that also has a detection',
    yaml: `${CORRELATION('    type: temporal\n    rules: [a, b]\n    group-by: [c]\n    timespan: 1h')}detection:\n    selection:\n        a: b\n    condition: selection\n`,
    instancePath: '/detection',
    keyword: 'false schema',
  },
  {
    name: 'filter without rules',
    yaml: '\ntitle: F\nlogsource:\n    product: llm\nfilter:\n    selection:\n        org_id: x\n    condition: not selection\n',
    instancePath: '/filter',
    keyword: 'required',
    params: { missingProperty: 'rules' },
  },
  {
    name: 'filter without search identifiers',
    yaml: '\ntitle: F\nlogsource:\n    product: llm\nfilter:\n    rules: [a]\n    condition: not selection\n',
    instancePath: '/filter',
    keyword: 'minProperties',
  },
  {
    name: 'filter without logsource',
    yaml: '\ntitle: F\nfilter:\n    rules: [a]\n    selection:\n        org_id: x\n    condition: not selection\n',
    instancePath: '',
    keyword: 'required',
    params: { missingProperty: 'logsource' },
  },
  {
    name: 'filter document that also has a detection',
    yaml: '\ntitle: F\nlogsource:\n    product: llm\nfilter:\n    rules: [a]\n    selection:\n        org_id: x\n    condition: not selection\ndetection:\n    selection:\n        a: b\n    condition: selection\n',
    instancePath: '/detection',
    keyword: 'false schema',
  },
];

function isUnder(path: string, prefix: string): boolean {
  return prefix === '' || path === prefix || path.startsWith(`${prefix}/`);
}

function describeErrors(errors: ErrorObject[]): string {
  return errors.map((e) => `${e.instancePath || '(root)'} ${e.keyword} ${JSON.stringify(e.params)}`).join('\n');
}

describe('rule schema: documents', () => {
  it('has no duplicate case names', () => {
    const names = [...valid, ...invalid].map((c) => c.name);
    assert.deepEqual(names.filter((n, i) => names.indexOf(n) !== i), []);
  });

  describe('accepts', () => {
    for (const c of valid) {
      it(c.name, () => {
        const errors = schemaErrors(c.yaml);
        assert.equal(errors.length, 0, describeErrors(errors));
      });
    }
  });

  describe('rejects', () => {
    for (const c of invalid) {
      it(c.name, () => {
        const errors = schemaErrors(c.yaml);
        const hit = errors.find(
          (e) =>
            e.instancePath === c.instancePath &&
            e.keyword === c.keyword &&
            Object.entries(c.params ?? {}).every(([k, v]) => (e.params as Record<string, unknown>)[k] === v),
        );
        assert.ok(hit, `expected ${c.keyword} at "${c.instancePath}", got:\n${describeErrors(errors)}`);
        // The document kind is chosen before the details are checked, so no error may point
        // outside the part of the document that is actually wrong.
        const stray = errors.filter((e) => !isUnder(e.instancePath, c.instancePath));
        assert.equal(stray.length, 0, `errors outside "${c.instancePath}":\n${describeErrors(stray)}`);
      });
    }
  });
});
