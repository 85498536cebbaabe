import { strict as assert } from 'node:assert';
import { requiredLiterals, type RequiredLiterals } from '../../../src/core/regex/literals';
import { parseRegex } from '../../../src/core/regex/parse';

function literalsOf(pattern: string, flags = ''): RequiredLiterals | undefined {
  const parsed = parseRegex(pattern, flags);
  assert.ok(parsed.ast, `/${pattern}/ should parse`);
  return requiredLiterals(parsed.ast);
}

function listOf(pattern: string, flags = ''): string[] | undefined {
  return literalsOf(pattern, flags)?.literals;
}

describe('regex/literals', () => {
  it('returns undefined when a match need not contain anything', () => {
    for (const pattern of ['.*', 'a?', 'abc|.*', '\\w+', '[^x]+', '(?:foo)*', '^$', '(a)?\\1']) {
      assert.equal(literalsOf(pattern), undefined, pattern);
    }
  });

  it('keeps a plain literal whole', () => {
    assert.deepEqual(literalsOf('internal reasoning'), { literals: ['internal reasoning'], caseInsensitive: false, isWeak: false });
  });

  it('picks the most selective factor of a concatenation', () => {
    assert.deepEqual(listOf('internal\\s+reasoning'), ['reasoning']);
    assert.deepEqual(listOf('\\w+@\\w+\\.com'), ['.com']);
    assert.deepEqual(listOf('[0-9a-z]+ tokens? of '), [' token of ', ' tokens of ']);
  });

  it('takes the union over alternatives', () => {
    assert.deepEqual(listOf('(?:reasoning|thought)s?\\s+(?:trace|process)'), ['reasoning', 'thought']);
    assert.deepEqual(listOf('distil(?:l|led|lation)|teacher model'), ['distill', 'teacher model']);
  });

  it('expands optional parts and small classes into variants', () => {
    assert.deepEqual(listOf('\\bstep[- ]by[- ]step\\b'), ['step by step', 'step by-step', 'step-by step', 'step-by-step']);
    assert.deepEqual(listOf('colou?r'), ['color', 'colour']);
    assert.deepEqual(listOf('foo(bar)?baz'), ['foobarbaz', 'foobaz']);
  });

  it('uses the body of a quantifier with a minimum of one or more', () => {
    assert.deepEqual(listOf('(?:abc)+d'), ['abcd']);
    assert.deepEqual(listOf('x(?:hello){2,}'), ['xhellohello']);
    assert.deepEqual(listOf('(?:tok){3}'), ['toktoktok']);
  });

  it('joins literals across zero-width assertions', () => {
    assert.deepEqual(listOf('foo\\b(?=x)x'), ['foox']);
  });

  it('drops literals that contain another literal of the set', () => {
    assert.deepEqual(listOf('(?:abc|abcdef|xyz)'), ['abc', 'xyz']);
  });

  it('lowercases under the i flag and marks the set case-insensitive', () => {
    assert.deepEqual(literalsOf('Step By [Ss]tep', 'i'), { literals: ['step by step'], caseInsensitive: true, isWeak: false });
  });

  it('breaks literals at characters that ASCII folding cannot match under i', () => {
    assert.deepEqual(listOf('café crème', 'i'), ['caf']);
    // In unicode mode /s/i also matches U+017F and /k/i the Kelvin sign.
    assert.deepEqual(listOf('task', 'iu'), ['ta']);
    assert.deepEqual(listOf('task', 'i'), ['task']);
  });

  it('keeps non-ASCII characters that have no other case', () => {
    assert.deepEqual(listOf('思维链', 'i'), ['思维链']);
    assert.deepEqual(listOf('思维链', 'iu'), ['思维链']);
    assert.deepEqual(listOf('“chain—of”', 'i'), ['“chain—of”']);
  });

  it('chooses across long runs of text as if the characters were appended one by one', () => {
    assert.deepEqual(listOf('(?:foo|barbazqux)abcdefgh'), ['barbazquxabcdefgh', 'fooabcdefgh']);
    // Past 99 characters a longer literal scores no better, so the first one of 99 stays.
    assert.deepEqual(listOf('a'.repeat(150)), ['a'.repeat(99)]);
    assert.deepEqual(listOf(`\\w+${'x'.repeat(120)}`), ['x'.repeat(99)]);
    assert.deepEqual(listOf(`(?:ab|cd)${'y'.repeat(99)}z`), [`ab${'y'.repeat(97)}`, `cd${'y'.repeat(97)}`]);
    assert.deepEqual(listOf(`.*${'k'.repeat(101)}`, 'i'), ['k'.repeat(99)]);
  });

  it('gives a group the same literals when asked again through another pattern object', () => {
    const ast = parseRegex('x\\s+(?:alpha|beta)\\s+y', 'i').ast!;
    const group = ast.alternatives[0]!.items[2]!;
    const term = { ...ast, alternatives: [{ type: 'sequence' as const, span: group.span, items: [group] }] };
    assert.deepEqual(requiredLiterals(ast)?.literals, ['alpha', 'beta']);
    assert.deepEqual(requiredLiterals(term)?.literals, ['alpha', 'beta']);
  });

  it('marks short or numerous literals as weak', () => {
    assert.deepEqual(literalsOf('a.*b'), { literals: ['a'], caseInsensitive: false, isWeak: true });
    const many = literalsOf('[a-e][a-e]x|[f-j][f-j]y|[k-o][k-o]z');
    assert.equal(many?.literals.length, 75);
    assert.equal(many?.isWeak, true);
    assert.deepEqual(literalsOf('[a-e][a-e]x|[f-j][f-j]y')?.isWeak, false);
  });

  it('every string that matches contains a literal (sampled)', () => {
    const patterns = ['(?:ab|c)+d?e', 'x[- ]?y(?:z|w)', '(?:foo|ba[rz])\\s*qu+x', 'a(?=b)b{2}c?'];
    const inputs = ['abe', 'cce', 'abcde', 'xy z', 'x-yw', 'xyz', 'foo qux', 'baz  quuux', 'barqux', 'abbc', 'abb'];
    for (const pattern of patterns) {
      const found = literalsOf(pattern)!;
      for (const input of inputs.filter((s) => new RegExp(pattern).test(s))) {
        assert.ok(found.literals.some((lit) => input.includes(lit)), `${input} matches /${pattern}/ but holds none of ${found.literals.join(', ')}`);
      }
    }
  });
});
