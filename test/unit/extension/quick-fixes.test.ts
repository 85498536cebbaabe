// Each quick fix, applied to the text the check complained about, makes that problem go away and
// changes nothing else; a text that changed since the check ran gets no fix.
import assert from 'node:assert/strict';
import { lintFiles, parseRuleText, type Problem } from '../../../src/core/engine';
import { FIXABLE, quickFixFor, type TextFix } from '../../../src/extension/quick-fixes';

const ID = '0b0d6f0e-5c1a-4a8e-9d3b-7f2e6c1a9b40';

function lint(text: string): Problem[] {
  return lintFiles([parseRuleText('r.yml', text)]);
}

function problem(text: string, key: string): Problem {
  const found = lint(text).find((candidate) => `${candidate.checkId}/${candidate.messageId}` === key);
  assert.ok(found, `no ${key} in ${lint(text).map((p) => `${p.checkId}/${p.messageId}`).join(', ')}`);
  return found;
}

function apply(text: string, fix: TextFix): string {
  return [...fix.edits].sort((a, b) => b.span.start - a.span.start).reduce((out, edit) => out.slice(0, edit.span.start) + edit.newText + out.slice(edit.span.end), text);
}

function fixed(text: string, key: string): { fix: TextFix; text: string } {
  const fix = quickFixFor(problem(text, key), { file: parseRuleText('r.yml', text), newId: () => ID });
  assert.ok(fix, `no fix for ${key}`);
  const after = apply(text, fix);
  const count = (problems: Problem[]) => problems.filter((p) => `${p.checkId}/${p.messageId}` === key).length;
  assert.ok(count(lint(after)) < count(lint(text)), `${key} is still reported after the fix:\n${after}`);
  return { fix, text: after };
}

const rule = (lines: string[]) => `${lines.join('\n')}\n`;
const base = ['logsource: {product: llm}', 'description: d', 'level: low', 'detection:', '  s:', '    prompt|contains: x', '  condition: s'];

describe('quick fixes', () => {
  it('adds a fresh id on the line after the title, at its indentation, in every document', () => {
    const text = rule(['title: First', ...base, '---', 'title: >-', '  A folded', '  title', ...base]);
    const { text: after } = fixed(text, 'metadata/missingId');
    assert.equal(after, rule(['title: First', `id: ${ID}`, ...base, '---', 'title: >-', '  A folded', '  title', ...base]));
    const { text: second } = fixed(after, 'metadata/missingId');
    assert.match(second, new RegExp(`  title\\nid: ${ID}\\nlogsource`));
    assert.equal(lint(second).filter((p) => p.messageId === 'missingId').length, 0);
  });

  it('keeps CRLF line ends and adds the id at the end of a file without a final line break', () => {
    const text = ['title: T', ...base].join('\r\n');
    assert.ok(fixed(text, 'metadata/missingId').text.includes(`title: T\r\nid: ${ID}\r\nlogsource`));
    const last = ['logsource: {product: llm}', 'detection: {s: {prompt: x}, condition: s}', 'title: Last'].join('\n');
    assert.ok(fixed(last, 'metadata/missingId').text.endsWith(`title: Last\nid: ${ID}`));
  });

  it('writes a v1 date with dashes, quoted or not', () => {
    assert.match(fixed(rule(['title: T', `id: ${ID}`, 'date: 2024/01/31', ...base]), 'metadata/slashDate').text, /^date: 2024-01-31$/m);
    assert.match(fixed(rule(['title: T', `id: ${ID}`, "date: '2024/01/31'", ...base]), 'metadata/slashDate').text, /^date: '2024-01-31'$/m);
  });

  it('replaces an unknown modifier with the suggestion', () => {
    const text = rule(['title: T', `id: ${ID}`, ...base]).replace('prompt|contains', 'prompt|contans');
    const { fix, text: after } = fixed(text, 'modifier-unknown/unknownSuggest');
    assert.equal(fix.title, 'Change "contans" to "contains"');
    assert.match(after, /prompt\|contains: x/);
  });

  it('adds contains to a field-bound all', () => {
    const text = rule(['title: T', `id: ${ID}`, ...base]).replace('prompt|contains: x', 'prompt|all: [a, b]');
    assert.match(fixed(text, 'modifier-combination/allWithoutPosition').text, /prompt\|contains\|all: \[a, b\]/);
  });

  it('moves an inline (?i) into the key when every value of the item has it', () => {
    const text = rule(['title: T', `id: ${ID}`, ...base]).replace('prompt|contains: x', "prompt|re: ['(?i)ab+c', '(?i)d']");
    const { text: after } = fixed(text, 'regex-portable/inlineFlags');
    assert.match(after, /prompt\|re\|i: \['ab\+c', 'd'\]/);
    assert.deepEqual(lint(after).filter((p) => p.checkId === 'regex-portable'), []);
    const already = rule(['title: T', `id: ${ID}`, ...base]).replace('prompt|contains: x', "prompt|re|i: '(?i)x'");
    const { fix, text: cleaned } = fixed(already, 'regex-portable/inlineFlags');
    assert.match(fix.title, /already sets/);
    assert.match(cleaned, /prompt\|re\|i: 'x'/);
  });

  it('offers no flag fix when the values of the item differ, since the modifier would change the others', () => {
    const text = rule(['title: T', `id: ${ID}`, ...base]).replace('prompt|contains: x', "prompt|re: ['(?i)a', 'b']");
    assert.equal(quickFixFor(problem(text, 'regex-portable/inlineFlags'), { file: parseRuleText('r.yml', text), newId: () => ID }), undefined);
  });

  it('offers nothing when the text at the problem changed since the check ran', () => {
    const text = rule(['title: T', `id: ${ID}`, ...base]).replace('prompt|contains', 'prompt|contans');
    const stale = problem(text, 'modifier-unknown/unknownSuggest');
    const edited = text.replace('contans', 'cantons');
    assert.equal(quickFixFor(stale, { file: parseRuleText('r.yml', edited), newId: () => ID }), undefined);
  });

  it('names message ids the checks have', async () => {
    const { allCheckMeta } = await import('../../../src/core/engine');
    for (const key of FIXABLE) {
      const [checkId, messageId] = key.split('/');
      const check = allCheckMeta().find((candidate) => candidate.id === checkId);
      assert.ok(check?.messages[messageId as string], `${key} is not a message of a check`);
    }
  });
});
