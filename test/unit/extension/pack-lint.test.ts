// The editor's split lint (each file's own problems kept between keystrokes, pack-level checks over
// all files) finds exactly what one `lintFiles` call over the pack finds.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { allCheckMeta, lintFiles, parsePackConfig, parseRuleText, type Problem, type RuleFile } from '../../../src/core/engine';
import { regexFacts } from '../../../src/core/checks/regex-values';
import { lintAcrossFiles, lintOptionsFor, lintOwnProblems, PER_FILE_SET_CHECKS, RULE_TESTS_CHECK } from '../../../src/extension/pack-lint';

const ROOT = join(__dirname, '..', '..', '..');

function ruleFiles(packDir: string, dir = packDir): RuleFile[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return ruleFiles(packDir, path);
    return name.endsWith('.yml') ? [parseRuleText(relative(packDir, path), readFileSync(path, 'utf8'))] : [];
  });
}

const key = (problem: Problem) => `${problem.source}:${problem.span.start}:${problem.span.end}:${problem.checkId}:${problem.severity}:${problem.message}`;

for (const pack of ['test/fixtures/cli/problems-pack', 'rules']) {
  describe(`the split lint of ${pack}`, () => {
    const dir = join(ROOT, pack);
    const { checks } = parsePackConfig(readFileSync(join(dir, 'promptsift.yaml'), 'utf8')).value ?? { checks: {} };
    // Reversed, so that the result does not depend on the order files are loaded in.
    const files = ruleFiles(dir).reverse();

    it('finds the same problems as lintFiles over the whole pack, in source order', () => {
      const whole = lintFiles([...files].sort((a, b) => (a.source < b.source ? -1 : 1)), { checks }).map(key).sort();
      const split = [...files.flatMap((file) => lintOwnProblems(file, checks)), ...lintAcrossFiles(files, checks)].map(key).sort();
      assert.deepEqual(split, whole);
      const memo = {};
      const remembered = [...files.flatMap((file) => lintOwnProblems(file, checks, memo)), ...lintAcrossFiles(files, checks)].map(key).sort();
      assert.deepEqual(remembered, whole, 'a memo changes nothing but the time');
      assert.ok(whole.length > 0 || pack === 'rules', 'the fixture pack should have problems');
    });
  });
}

describe('lintAcrossFiles', () => {
  const rule = (title: string) =>
    `title: ${title}\nid: 6f1c2b0e-3d4a-4e8b-9a57-2c9e1d7f4b10\ndescription: d\nlevel: low\nlogsource: {product: llm}\ndetection:\n  s: {prompt: x}\n  condition: s\n`;

  it('reports a duplicate id on the later file by path, whatever the order it is given', () => {
    const a = parseRuleText('rules/a.yml', rule('A'));
    const b = parseRuleText('rules/b.yml', rule('B'));
    for (const order of [[a, b], [b, a]]) {
      const problems = lintAcrossFiles(order, {});
      assert.deepEqual(problems.map((problem) => [problem.checkId, problem.source]), [['duplicate-id', 'rules/b.yml']]);
    }
  });

  it('leaves the regex checks to each file, whose problems the editor keeps between keystrokes', () => {
    const file = parseRuleText(
      'rules/re.yml',
      "title: R\nlogsource: {product: llm}\ndetection:\n  s:\n    prompt|re: ['(a+)+$', '(?i)x', '[']\n  condition: s\n",
    );
    const own = lintOwnProblems(file, {}).map((problem) => problem.checkId);
    for (const id of PER_FILE_SET_CHECKS) assert.ok(own.includes(id), `${id} is not among ${own.join(', ')}`);
    assert.deepEqual(lintAcrossFiles([file], {}).filter((problem) => PER_FILE_SET_CHECKS.includes(problem.checkId)), []);
    const setChecks = allCheckMeta().filter((check) => 'scope' in check && check.scope === 'set').map((check) => check.id);
    for (const id of PER_FILE_SET_CHECKS) assert.ok(setChecks.includes(id), `${id} is not a set check`);
  });

  it('keeps the regex analyses of runs that share a memo, and finds the same problems', () => {
    const text = "title: R\nlogsource: {product: llm}\ndetection:\n  s:\n    prompt|re: ['(a+)+$', 'b+c']\n  condition: s\n";
    const memo = {};
    const facts = regexFacts(memo, 'b+c', '');
    const file = parseRuleText('rules/re.yml', text);
    assert.deepEqual(lintOwnProblems(file, {}, memo), lintOwnProblems(file, {}));
    assert.equal(regexFacts(memo, 'b+c', ''), facts, 'the lint used the analysis kept in the memo');
    assert.notEqual(regexFacts({}, 'b+c', ''), facts);
    const edited = parseRuleText('rules/re.yml', text.replace('b+c', 'b+cd'));
    assert.deepEqual(lintOwnProblems(edited, {}, memo), lintOwnProblems(edited, {}));
  });

  it('leaves parse problems to lintOwnProblems', () => {
    const broken = parseRuleText('rules/broken.yml', 'title: [unclosed\n');
    assert.ok(broken.problems.length > 0);
    assert.deepEqual(lintAcrossFiles([broken], {}), []);
    assert.ok(lintOwnProblems(broken, {}).some((problem) => problem.checkId === 'yaml-syntax'));
  });
});

describe('lintOptionsFor', () => {
  it('keeps the pack severities in a trusted workspace', () => {
    assert.deepEqual(lintOptionsFor({ checks: { 'duplicate-id': 'warning' } }, { isTrusted: true }), { checks: { 'duplicate-id': 'warning' } });
  });

  it('turns the inline tests off in Restricted Mode', () => {
    assert.deepEqual(lintOptionsFor({ checks: { 'duplicate-id': 'warning' } }, { isTrusted: false }), {
      checks: { 'duplicate-id': 'warning', [RULE_TESTS_CHECK]: 'off' },
    });
    assert.ok(allCheckMeta().some((check) => check.id === RULE_TESTS_CHECK), `${RULE_TESTS_CHECK} is not a check id`);
  });

  it('really skips the inline tests when they are off', () => {
    const failing = 'title: T\nlogsource: {product: llm}\ndetection:\n  s: {prompt|contains: secret}\n  condition: s\ntests:\n  match: [harmless]\n';
    const file = parseRuleText('t.yml', failing);
    assert.ok(lintOwnProblems(file, {}).some((problem) => problem.checkId === RULE_TESTS_CHECK));
    const { checks } = lintOptionsFor({ checks: {} }, { isTrusted: false });
    assert.ok(!lintOwnProblems(file, checks).some((problem) => problem.checkId === RULE_TESTS_CHECK));
  });
});
