import { strict as assert } from 'node:assert';
import { closestMatch, editDistance } from '../../src/core/checks/closest';

describe('checks/closest', () => {
  it('counts insertions, deletions, substitutions and swapped neighbours, ignoring case', () => {
    assert.equal(editDistance('contians', 'contains'), 1);
    assert.equal(editDistance('startwith', 'startswith'), 1);
    assert.equal(editDistance('Prompt', 'prompt'), 0);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
  });

  it('stops early once the distance exceeds the limit', () => {
    assert.equal(editDistance('abcdefgh', 'zyxwvuts', 2), 3);
    assert.equal(editDistance('a', 'abcdef', 1), 2);
  });

  it('suggests a candidate only when it is a likely typo of the word', () => {
    assert.equal(closestMatch('promt', ['prompt', 'system']), 'prompt');
    assert.equal(closestMatch('Contains', ['contains', 'cased']), 'contains');
    assert.equal(closestMatch('acount_id', ['account_id', 'org_id']), 'account_id');
    // Short words allow only case differences: "id" is not a typo of "ip".
    assert.equal(closestMatch('id', ['ip']), undefined);
    assert.equal(closestMatch('frobnicate', ['contains', 'endswith']), undefined);
    assert.equal(closestMatch('x'.repeat(10_000), ['x'.repeat(10_001)]), undefined);
  });
});
