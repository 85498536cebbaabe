import { strict as assert } from 'node:assert';
import type { Problem, Rule } from '../../../src/core/model';
import { parseCorrelationFixture, runCorrelationFixture, type CorrelationFixtureRun } from '../../../src/core/pack/correlation-fixtures';
import { parseRuleText } from '../../../src/core/rules/load';

const RULES: Rule[] = parseRuleText(
  'pack.yml',
  `title: Any request
name: llm_request
logsource:
    product: llm
detection:
    selection:
        prompt|exists: true
    condition: selection
level: informational
---
title: One address, many accounts
name: shared_ip
correlation:
    type: value_count
    rules:
        - llm_request
    group-by:
        - ip
    timespan: 1h
    condition:
        gte: 3
        field: account_id
level: low
`,
).rules;

/** 10.0.0.1 and 10.0.0.3 have three accounts each (they alert); 10.0.0.2 has two. */
const LOG = [
  ['r1', '10.0.0.1', 'a'],
  ['r2', '10.0.0.1', 'b'],
  ['r3', '10.0.0.1', 'c'],
  ['r4', '10.0.0.2', 'd'],
  ['r5', '10.0.0.2', 'e'],
  ['r6', '10.0.0.3', 'f'],
  ['r7', '10.0.0.3', 'g'],
  ['r8', '10.0.0.3', 'h'],
]
  .map(([id, ip, account], index) =>
    JSON.stringify({ timestamp: `2026-11-20T00:0${index}:00Z`, request_id: id, ip, account_id: account, prompt: 'What is 2 + 2?' }),
  )
  .join('\n');

const SOURCE = 'fixtures/shared_ip.expected.json';

function fixtureText(fields: Record<string, unknown>): string {
  return JSON.stringify({ rule: 'shared_ip', log: 'shared_ip.jsonl', description: 'test', ...fields }, null, 2);
}

/** Parses and runs a fixture; the parse must succeed. */
function run(text: string, log: string | null = LOG): CorrelationFixtureRun {
  const parsed = parseCorrelationFixture(text, SOURCE);
  assert.deepEqual(parsed.problems, []);
  assert.ok(parsed.value);
  return runCorrelationFixture(RULES, parsed.value, SOURCE, log === null ? undefined : { source: 'shared_ip.jsonl', text: log });
}

function summary(problems: readonly Problem[]): { id: string; message: string }[] {
  return problems.map((problem) => ({ id: problem.messageId, message: problem.message }));
}

/** The text a problem's span covers. */
function at(text: string, problem: Problem | undefined): string {
  assert.ok(problem);
  return text.slice(problem.span.start, problem.span.end);
}

describe('correlation fixtures', () => {
  describe('running', () => {
    it('passes when the listed groups alert and the silent ones do not', () => {
      const result = run(fixtureText({ fire: [{ group: { ip: '10.0.0.1' } }], silent: [{ group: { ip: '10.0.0.2' } }, { groupOf: 'r5' }] }));
      assert.equal(result.passed, true);
      assert.deepEqual(summary(result.problems), [
        { id: 'passed', message: 'Correlation "shared_ip" passed: alerted for 1 group in "fire", for none of 2 in "silent".' },
      ]);
      assert.equal(result.problems[0]?.severity, 'info');
      assert.equal(result.problems[0]?.source, SOURCE);
    });

    it('fails when a group expected to alert does not, at that group, naming the groups that did', () => {
      const text = fixtureText({ fire: [{ group: { ip: '10.0.0.2' } }] });
      const result = run(text);
      assert.equal(result.passed, false);
      assert.deepEqual(summary(result.problems), [
        {
          id: 'notFired',
          message: 'Correlation "shared_ip" did not alert for ip="10.0.0.2" (fire[0]); it alerted for ip="10.0.0.1"; ip="10.0.0.3".',
        },
      ]);
      assert.equal(result.problems[0]?.severity, 'error');
      assert.equal(at(text, result.problems[0]).replace(/\s+/g, ''), '{"group":{"ip":"10.0.0.2"}}');
    });

    it('fails when a silent group alerts, with its first member', () => {
      const text = fixtureText({ silent: [{ groupOf: 'r2' }] });
      const result = run(text);
      assert.equal(result.passed, false);
      assert.deepEqual(summary(result.problems), [
        {
          id: 'fired',
          message: 'Correlation "shared_ip" alerted for the group of request "r2" (ip="10.0.0.1") (silent[0]), which must stay silent; first member at shared_ip.jsonl:1.',
        },
      ]);
      assert.equal(at(text, result.problems[0]).replace(/\s+/g, ''), '{"groupOf":"r2"}');
    });

    it('with onlyListed, fails for each group that alerts without being listed in fire', () => {
      const text = fixtureText({ fire: [{ group: { ip: '10.0.0.1' } }], onlyListed: true });
      const result = run(text);
      assert.equal(at(text, result.problems[0]), 'true');
      assert.deepEqual(summary(result.problems), [
        {
          id: 'unlisted',
          message: 'Correlation "shared_ip" alerted for ip="10.0.0.3", which "fire" does not list, and "onlyListed" is true; first member at shared_ip.jsonl:6.',
        },
      ]);
      const listed = run(fixtureText({ fire: [{ group: { ip: '10.0.0.1' } }, { group: { ip: '10.0.0.3' } }], onlyListed: true }));
      assert.deepEqual(summary(listed.problems), [
        { id: 'passed', message: 'Correlation "shared_ip" passed: alerted for 2 groups in "fire", for none of 0 in "silent" and for no other group.' },
      ]);
    });

    it('fails on a correlation the pack does not have, at the rule name', () => {
      const text = fixtureText({ rule: 'shared_ipp', fire: [{ group: { ip: '10.0.0.1' } }] });
      const result = run(text);
      assert.deepEqual(summary(result.problems), [
        { id: 'unknownRule', message: 'No correlation rule of the pack is named "shared_ipp" (by name or id); its correlations: shared_ip.' },
      ]);
      assert.equal(at(text, result.problems[0]), '"shared_ipp"');
    });

    it('fails on a group that names other fields than the group-by, and on an unknown request', () => {
      const text = fixtureText({ fire: [{ group: { account_id: 'a' } }], silent: [{ groupOf: 'r99' }] });
      assert.deepEqual(summary(run(text).problems), [
        { id: 'groupFields', message: 'fire[0] names "account_id", but correlation "shared_ip" groups by "ip".' },
      ]);
      assert.deepEqual(summary(run(fixtureText({ silent: [{ groupOf: 'r99' }] })).problems), [
        { id: 'unknownRequest', message: 'silent[0] names request "r99", which is not in shared_ip.jsonl.' },
      ]);
    });

    it('does not run over a log that is missing, empty or has lines that do not parse', () => {
      const text = fixtureText({ fire: [{ group: { ip: '10.0.0.1' } }] });
      assert.deepEqual(summary(run(text, null).problems), [{ id: 'noLog', message: 'The fixture log shared_ip.jsonl does not exist.' }]);
      assert.deepEqual(summary(run(text, '').problems), [{ id: 'emptyLog', message: 'The fixture log shared_ip.jsonl holds no records.' }]);
      const broken = run(text, `${LOG}\n{"request_id": "r9",`);
      assert.equal(broken.passed, false);
      assert.deepEqual(
        broken.problems.map((problem) => [problem.checkId, problem.messageId, problem.source]),
        [
          ['correlation-fixtures', 'badLog', SOURCE],
          ['log-malformed', 'invalidJson', 'shared_ip.jsonl'],
        ],
      );
      assert.equal(broken.problems[0]?.message, 'The fixture log shared_ip.jsonl has 1 line(s) that do not parse, so the fixture does not run.');
      assert.ok((broken.problems[1]?.span.start ?? 0) > LOG.length, 'the problem lies on the bad line of the log');
    });
  });

  describe('parsing', () => {
    it('reports JSON that does not parse at its position, without throwing', () => {
      const text = '{"rule": "shared_ip",\n "fire": [}';
      const parsed = parseCorrelationFixture(text, SOURCE);
      assert.equal(parsed.value, undefined);
      assert.deepEqual(
        parsed.problems.map((problem) => [problem.checkId, problem.messageId, problem.source]),
        [['correlation-fixtures', 'json', SOURCE]],
      );
      assert.match(parsed.problems[0]?.message ?? '', /^The fixture is not valid JSON: .+\.$/);
      assert.equal(parsed.problems[0]?.span.start, text.indexOf('}'));
    });

    it('reports a wrong shape at the offending value', () => {
      const text = JSON.stringify({ rule: '', log: '../x.jsonl', fire: {}, silent: [{ group: {} }, { groupOf: 'r1', group: { ip: 'x' } }], onlyListed: 'yes', extra: 1 });
      const parsed = parseCorrelationFixture(text, SOURCE);
      assert.equal(parsed.value, undefined);
      assert.deepEqual(
        parsed.problems.map((problem) => [problem.message, text.slice(problem.span.start, problem.span.end)]),
        [
          ['Unknown key "extra"; known keys: rule, log, description, fire, silent, onlyListed.', text],
          ['"rule" must be a non-empty string.', '""'],
          ['"log" must be a file name beside the fixture.', '"../x.jsonl"'],
          ['"onlyListed" must be true or false.', '"yes"'],
          ['"fire" must be a list of groups.', '{}'],
          ['silent[0] must be {"group": {"<group-by field>": "<value>", …}} or {"groupOf": "<request_id>"}.', '{"group":{}}'],
          ['silent[1] must be {"group": {"<group-by field>": "<value>", …}} or {"groupOf": "<request_id>"}.', '{"groupOf":"r1","group":{"ip":"x"}}'],
        ],
      );
    });

    it('reports JSON that is not an object, and a missing rule', () => {
      for (const text of ['null', '[]', '"shared_ip"', '42']) {
        assert.deepEqual(parseCorrelationFixture(text, SOURCE).problems.map((problem) => problem.messageId), ['notObject'], text);
      }
      assert.deepEqual(summary(parseCorrelationFixture('{"fire": []}', SOURCE).problems), [{ id: 'field', message: '"rule" must be a non-empty string.' }]);
    });

    it('names the log <name>.jsonl when the fixture does not, and reads fire and silent as lists of groups', () => {
      const parsed = parseCorrelationFixture('{"rule": "shared_ip", "fire": [{"group": {"hour": 3}}]}', 'a/b/shared_ip.expected.json');
      assert.deepEqual(parsed.problems, []);
      assert.equal(parsed.value?.log, 'shared_ip.jsonl');
      assert.deepEqual(parsed.value?.fire.map((spec) => [spec.where, spec.group]), [['fire[0]', { hour: '3' }]]);
      assert.deepEqual([parsed.value?.silent, parsed.value?.onlyListed, parsed.value?.description], [[], false, '']);
    });
  });
});
