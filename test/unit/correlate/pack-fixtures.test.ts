// Runs every correlation fixture of the shipped pack (rules/campaigns/fixtures/<name>.jsonl with
// <name>.expected.json) through the correlation engine, so the pack's correlations are proven to
// fire as their authors expect.
//
// The format (docs/rules.md, "Correlation fixtures"), as read here:
// - the whole pack (every rules/**/*.yml) is loaded and the log scanned with it; derived fields are
//   computed over this log alone;
// - `fire`: each listed group has at least one finding of `rule` (its name or id);
// - `silent`: no listed group has a finding;
// - `onlyListed: true`: every finding's group is one of `fire`;
// - a group is `group` (a value for every group-by field; compared field by field) or `groupOf`
//   (the group of the record with that `request_id`: its taxonomy and derived values for the
//   correlation's group-by fields).

import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createLogContextBuilder, deriveFields } from '../../../src/core/correlate/derived';
import { isProblem, readLogRecords } from '../../../src/core/logs/index';
import { type CorrelationRule, type LogRecord, type Rule } from '../../../src/core/model';
import { parseRuleText } from '../../../src/core/rules/load';
import { createStatsPipeline } from '../../../src/core/stats/pipeline';
import { createTemplateIndex } from '../../../src/core/stats/templates';

const PACK = join(__dirname, '../../../rules');
const FIXTURES = join(PACK, 'campaigns/fixtures');

interface GroupSpec {
  group?: Record<string, string>;
  groupOf?: string;
}

interface Expected {
  rule: string;
  log: string;
  description: string;
  fire: GroupSpec[];
  silent: GroupSpec[];
  onlyListed?: boolean;
}

function ruleFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return path === FIXTURES ? [] : ruleFiles(path);
    return name.endsWith('.yml') ? [path] : [];
  });
}

const RULES: Rule[] = ruleFiles(PACK).flatMap((file) => parseRuleText(file, readFileSync(file, 'utf8')).rules);

function readRecords(file: string): LogRecord[] {
  return [...readLogRecords(readFileSync(file, 'utf8'), { name: file })].filter((item): item is LogRecord => !isProblem(item));
}

/** Group-by values of every record, keyed by request_id, computed as the scan computes them. */
function groupsByRequest(records: readonly LogRecord[], groupBy: readonly string[]): Map<string, Record<string, string>> {
  const builder = createLogContextBuilder();
  for (const record of records) builder.add(record);
  const context = builder.finish();
  const templates = createTemplateIndex();
  const out = new Map<string, Record<string, string>>();
  for (const record of records) {
    const template = templates.templateOf(record.fields.system, record.fields.prompt);
    const fields: Record<string, unknown> = { ...record.fields, ...deriveFields(record, context, template) };
    const group = Object.fromEntries(groupBy.map((name) => [name, String(fields[name])]));
    if (record.fields.request_id !== undefined) out.set(record.fields.request_id, group);
  }
  return out;
}

function sameGroup(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => a[key] === b[key]);
}

describe('rule pack correlation fixtures', () => {
  const files = readdirSync(FIXTURES).filter((name) => name.endsWith('.expected.json')).sort();

  it('finds a fixture for every correlation rule of the pack', () => {
    const names = RULES.filter((rule): rule is CorrelationRule => rule.kind === 'correlation').map((rule) => rule.name?.value).sort();
    const covered = files.map((name) => (JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as Expected).rule).sort();
    assert.deepEqual(covered, names);
  });

  for (const name of files) {
    const expected = JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as Expected;
    it(`${expected.rule}: ${expected.description}`, () => {
      const correlation = RULES.find((rule): rule is CorrelationRule => rule.kind === 'correlation' && (rule.name?.value === expected.rule || rule.id?.value === expected.rule));
      assert.ok(correlation, `no correlation named ${expected.rule}`);
      const records = readRecords(join(FIXTURES, expected.log));
      const builder = createLogContextBuilder();
      for (const record of records) builder.add(record);
      const pipeline = createStatsPipeline({ rules: RULES, context: builder.finish() });
      for (const record of records) pipeline.add(record, expected.log);
      const stats = pipeline.finish();
      assert.deepEqual(stats.correlationIssues, []);
      const findings = stats.correlations.filter((finding) => finding.rule === correlation.name?.value);
      const groupBy = correlation.correlation.groupBy.map((g) => g.value);
      const byRequest = groupsByRequest(records, groupBy);
      const resolve = (spec: GroupSpec): Record<string, string> => {
        const group = spec.group ?? byRequest.get(spec.groupOf as string);
        assert.ok(group, `fixture names an unknown request ${spec.groupOf}`);
        return group;
      };
      const fire = expected.fire.map(resolve);
      for (const group of fire) assert.ok(findings.some((f) => sameGroup(f.group, group)), `expected a finding for ${JSON.stringify(group)}`);
      for (const group of expected.silent.map(resolve)) {
        assert.ok(!findings.some((f) => sameGroup(f.group, group)), `expected no finding for ${JSON.stringify(group)}`);
      }
      if (expected.onlyListed) {
        const extra = findings.filter((f) => !fire.some((group) => sameGroup(f.group, group)));
        assert.deepEqual(extra.map((f) => f.group), []);
      }
    });
  }
});
