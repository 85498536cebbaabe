import { strict as assert } from 'node:assert';
import { lintSources } from '../../src/core/lint';
import { ruleTestsMinimum } from '../../src/core/checks/rule-tests-minimum';
import { testCheck } from './check-tester';

const rule = (tests: string): string =>
  `title: t\nlogsource:\n    product: llm\ndetection:\n    sel:\n        prompt|contains: secret\n    condition: sel\n${tests}`;
const list = (n: number, word: string): string => `[${Array.from({ length: n }, (_, i) => `'${word} ${i}'`).join(', ')}]`;

testCheck(ruleTestsMinimum, {
  valid: [
    // Not a rule at all (the schema says so): no hints about its metadata.
    'rules:\n    - \'**/*.yml\'\nchecks: {}\n',
    rule(`tests:\n    match: ${list(3, 'secret')}\n    nomatch: ${list(4, 'public')}\n`),
    // Only detection rules carry tests.
    'title: c\ncorrelation:\n    type: temporal\n    rules: [a, b]\n    group-by: [ip]\n    timespan: 1h\n',
  ],
  invalid: [
    { input: rule(''), errors: [{ messageId: 'missing', data: { min: '3' }, line: 1, column: 8 }] },
    {
      input: rule(`tests:\n    match: ${list(1, 'secret')}\n`),
      errors: [
        { messageId: 'fewMatch', data: { count: '1', min: '3' }, line: 9, column: 5 },
        { messageId: 'fewNomatch', data: { count: '0', min: '3' }, line: 9, column: 5 },
      ],
    },
  ],
});

describe('rule-tests-minimum without a pack setting', () => {
  it('stays silent unless the pack config names it', () => {
    const text = 'title: t\nlevel: low\ndescription: d\nlogsource:\n    product: llm\ndetection:\n    sel:\n        prompt: x\n    condition: sel\n';
    const ids = (checks: Record<string, 'error' | 'off'>) =>
      lintSources([{ name: 'r.yml', text }], { only: [ruleTestsMinimum], checks }).problems.map((problem) => `${problem.checkId}/${problem.severity}`);
    assert.deepEqual(ids({}), []);
    assert.deepEqual(ids({ 'rule-tests-minimum': 'error' }), ['rule-tests-minimum/error']);
  });
});
