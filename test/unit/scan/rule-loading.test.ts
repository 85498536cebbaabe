// The scan path parses rules without the JSON Schema check (lint keeps it): the same rules come
// out, only the schema problems are left out.

import { strict as assert } from 'node:assert';
import { parseRuleText } from '../../../src/core/rules/load';
import { llmRule } from './helpers';

describe('scan rule loading', () => {
  const text = [
    llmRule('good', "prompt|contains: 'step by step'"),
    // Schema problems: an unknown status and a level outside the list; the rule still loads.
    `${llmRule('odd', "prompt|contains: 'chain of'").replace('level: high', 'level: severe')}status: someday\n`,
  ].join('---\n');

  it('gives the same rules without the schema check, and no schema problems', () => {
    const full = parseRuleText('rules.yml', text);
    const fast = parseRuleText('rules.yml', text, { isSchemaValidated: false });
    assert.ok(full.problems.some((problem) => problem.checkId === 'schema'), 'the text has schema problems');
    assert.deepEqual(fast.problems.filter((problem) => problem.checkId === 'schema'), []);
    assert.deepEqual(fast.rules, full.rules);
    assert.deepEqual(fast.problems, full.problems.filter((problem) => problem.checkId !== 'schema'));
  });

  it('still reports YAML syntax problems', () => {
    const fast = parseRuleText('rules.yml', 'title: [unclosed\n', { isSchemaValidated: false });
    assert.deepEqual(fast.problems.map((problem) => problem.checkId), ['yaml-syntax']);
  });
});
