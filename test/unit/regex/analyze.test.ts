import { strict as assert } from 'node:assert';
import { analyzeRegex } from '../../../src/core/regex/index';

describe('regex/analyzeRegex', () => {
  it('reports a compile error with V8 message and our span', () => {
    const result = analyzeRegex('ab(cd', '');
    assert.deepEqual(result.compileError, { message: 'Unterminated group', offset: 2, span: { start: 2, end: 5 }, source: 'pattern' });
    assert.equal(result.ast, undefined);
    assert.deepEqual([result.nonPortable, result.backtracking, result.literals], [[], [], undefined]);
  });

  it('reports bad flags against the flags string', () => {
    const result = analyzeRegex('abc', 'ix');
    assert.equal(result.compileError?.source, 'flags');
    assert.deepEqual(result.compileError?.span, { start: 1, end: 2 });
    assert.match(result.compileError!.message, /Invalid flags/);
  });

  it('says so when V8 accepts syntax the analyzer does not parse', () => {
    const result = analyzeRegex('[a&&b]', 'v');
    assert.equal(result.compileError, undefined);
    assert.equal(result.unsupported?.source, 'flags');
    assert.equal(result.worstBacktracking, 'linear');
  });

  it('combines portability, backtracking and literals for a rule-like pattern', () => {
    const result = analyzeRegex('(?<verb>reveal|show)\\s+(?:your\\s+)?(?:chain[- ]of[- ]thought|reasoning)', 'i');
    assert.deepEqual(result.nonPortable.map((i) => i.feature), ['named-group']);
    assert.deepEqual(result.backtracking, []);
    assert.equal(result.worstBacktracking, 'linear');
    // Two 8-character literals beat four 16-character ones: past 8 characters, fewer literals win.
    assert.deepEqual(result.literals, { literals: ['chain of', 'chain-of', 'reasoning'], caseInsensitive: true, isWeak: false });
  });

  it('rates the worst backtracking by certain issues only', () => {
    assert.equal(analyzeRegex('(\\w+\\s?)+$', '').worstBacktracking, 'exponential');
    assert.equal(analyzeRegex('\\d+\\d+x', '').worstBacktracking, 'polynomial');
    const latent = analyzeRegex('x(a+)+', '');
    assert.equal(latent.worstBacktracking, 'linear');
    assert.equal(latent.backtracking.length, 1);
  });

  it('refuses to analyse groups nested deeper than the stack allows', () => {
    const deep = analyzeRegex(`${'('.repeat(300)}a${')'.repeat(300)}`, '');
    assert.equal(deep.compileError, undefined);
    assert.deepEqual(deep.unsupported?.span, { start: 256, end: 257 });
  });

  it('never throws on hostile input', () => {
    const inputs = ['', '\\', '(', '[', '(?<', '\\u{', '\\p{', 'a{99999999999999999999}', '(?<a>)\\k<b>', '\ud800', ')'.repeat(50), '('.repeat(2000) + ')'.repeat(2000)];
    for (const pattern of inputs) {
      for (const flags of ['', 'u', 'imsu', 'q']) assert.doesNotThrow(() => analyzeRegex(pattern, flags), `/${pattern}/${flags}`);
    }
  });
});
