import { strict as assert } from 'node:assert';
import { parseCondition, patternMatches, type ConditionNode } from '../../../src/core/rules/condition';

/** Prints an AST compactly: and/or as (a & b), (a | b); not as !a; `x of` as one(pattern). */
function show(node: ConditionNode): string {
  switch (node.type) {
    case 'identifier':
      return node.name;
    case 'not':
      return `!${show(node.operand)}`;
    case 'and':
      return `(${node.operands.map(show).join(' & ')})`;
    case 'or':
      return `(${node.operands.map(show).join(' | ')})`;
    case 'of':
      return `${node.quantifier}(${node.isThem ? 'them' : node.pattern})`;
  }
}

function parse(text: string): string {
  const result = parseCondition(text);
  if (result.error) throw new Error(`${result.error.messageId} at ${result.error.span.start}`);
  return show(result.ast);
}

describe('condition parser', () => {
  it('binds and tighter than or, and not tighter than and (spec precedence)', () => {
    assert.equal(parse('a or b and c'), '(a | (b & c))');
    assert.equal(parse('a and not b or c'), '((a & !b) | c)');
    assert.equal(parse('not a and b'), '(!a & b)');
    assert.equal(parse('not not a'), '!!a');
  });

  it('lets parentheses override precedence', () => {
    assert.equal(parse('selection1 and (keywords1 or keywords2)'), '(selection1 & (keywords1 | keywords2))');
    assert.equal(parse('((a))'), 'a');
  });

  it('reads the spec examples of x of', () => {
    assert.equal(parse('all of selection*'), 'all(selection*)');
    assert.equal(parse('1 of selection* and keywords'), '(one(selection*) & keywords)');
    assert.equal(parse('1 of selection* and not 1 of filter*'), '(one(selection*) & !one(filter*))');
    assert.equal(parse('1 of them'), 'one(them)');
    assert.equal(parse('all of them'), 'all(them)');
    assert.equal(parse('any of sel_*'), 'one(sel_*)');
  });

  it('accepts identifiers with dashes and digits', () => {
    assert.equal(parse('sel-1 and filter_2'), '(sel-1 & filter_2)');
  });

  it('reports syntax errors with the position of the offending token', () => {
    const cases: [string, string, number][] = [
      ['selection and', 'unexpectedEnd', 13],
      ['selection or or b', 'unexpected', 13],
      ['(a and b', 'unclosed', 0],
      ['a b', 'unexpected', 2],
      ['selection | count() > 5', 'aggregation', 10],
      ['sel* and b', 'wildcardIdentifier', 0],
      ['a & b', 'badCharacter', 2],
      ['   ', 'empty', 3],
      ['1 of', 'unexpectedEnd', 4],
      ['a)', 'unexpected', 1],
    ];
    for (const [text, messageId, start] of cases) {
      const result = parseCondition(text);
      assert.equal(result.error?.messageId, messageId, text);
      assert.equal(result.error?.span.start, start, text);
    }
  });

  it('maps spans through the offset function', () => {
    const result = parseCondition('a and', (i) => 100 + i);
    assert.equal(result.error?.span.start, 105);
    const ok = parseCondition('sel or x', (i) => 10 + i);
    assert.deepEqual(ok.ast?.span, { start: 10, end: 18 });
  });

  it('reports nesting too deep instead of overflowing the stack', () => {
    const result = parseCondition(`${'('.repeat(5000)}a${')'.repeat(5000)}`);
    assert.equal(result.error?.messageId, 'tooDeep');
  });

  it('matches x-of patterns against selection names', () => {
    assert.equal(patternMatches('selection*', 'selection_img'), true);
    assert.equal(patternMatches('sel*_x', 'sel_a_x'), true);
    assert.equal(patternMatches('sel*', 'filter'), false);
    assert.equal(patternMatches('a.b', 'axb'), false);
  });
});
