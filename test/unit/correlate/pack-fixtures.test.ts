// Runs every correlation fixture of the shipped pack (rules/campaigns/fixtures/<name>.jsonl with
// <name>.expected.json) through core/pack/correlation-fixtures.ts, the code `promptsift test`
// runs, so the pack's correlations are proven to fire as their authors expect. The format is in
// docs/rules.md, "Correlation fixtures".

import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type CorrelationRule, type Rule } from '../../../src/core/model';
import { parseCorrelationFixture, runCorrelationFixture } from '../../../src/core/pack/correlation-fixtures';
import { parseRuleText } from '../../../src/core/rules/load';

const PACK = join(__dirname, '../../../rules');
const FIXTURES = join(PACK, 'campaigns/fixtures');

function ruleFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return path === FIXTURES ? [] : ruleFiles(path);
    return name.endsWith('.yml') ? [path] : [];
  });
}

const RULES: Rule[] = ruleFiles(PACK).flatMap((file) => parseRuleText(file, readFileSync(file, 'utf8')).rules);

describe('rule pack correlation fixtures', () => {
  const files = readdirSync(FIXTURES).filter((name) => name.endsWith('.expected.json')).sort();
  const parsed = files.map((name) => ({ name, ...parseCorrelationFixture(readFileSync(join(FIXTURES, name), 'utf8'), name) }));

  it('finds a fixture for every correlation rule of the pack', () => {
    const names = RULES.filter((rule): rule is CorrelationRule => rule.kind === 'correlation').map((rule) => rule.name?.value).sort();
    assert.deepEqual(parsed.flatMap((fixture) => fixture.problems), []);
    assert.deepEqual(parsed.map((fixture) => fixture.value?.rule).sort(), names);
  });

  for (const { name, value: fixture } of parsed) {
    it(`${fixture?.rule ?? name}: ${fixture?.description ?? ''}`, () => {
      assert.ok(fixture);
      const log = { source: fixture.log, text: readFileSync(join(FIXTURES, fixture.log), 'utf8') };
      const run = runCorrelationFixture(RULES, fixture, name, log);
      assert.deepEqual(
        run.problems.map((problem) => [problem.severity, problem.messageId]),
        [['info', 'passed']],
        run.problems.map((problem) => problem.message).join('\n'),
      );
      assert.equal(run.passed, true);
    });
  }
});
