import { strict as assert } from 'node:assert';
import type { Group } from '../../../src/core/regex/ast';
import { charSetOf } from '../../../src/core/regex/atom-set';
import { findSuperLinearBacktracking } from '../../../src/core/regex/backtracking';
import { parseRegex } from '../../../src/core/regex/parse';
import { planRunClasses, type RunClass } from '../../../src/core/regex/run-plan';
import { indexTree } from '../../../src/core/regex/tree-index';

function classesOf(pattern: string, flags = ''): RunClass[] {
  const ast = parseRegex(pattern, flags).ast!;
  return planRunClasses(ast, indexTree(ast), (atom) => charSetOf(atom, ast.flags));
}

/** The pump characters the run analysis tries, as one string. */
function pumpsOf(pattern: string, flags = ''): string {
  return classesOf(pattern, flags).map((c) => String.fromCodePoint(c.char)).join('');
}

describe('regex/run-plan', () => {
  it('tries no character when no two loops can meet', () => {
    assert.equal(pumpsOf('\\bfoo\\w*bar'), '');
    assert.equal(pumpsOf('.{0,40}x.{0,40}'), '');
    assert.equal(pumpsOf('a+b'), '');
  });

  it('tries the characters that two unbounded loops share', () => {
    assert.equal(pumpsOf('\\w+\\s+\\w+'), 'a');
    assert.equal(pumpsOf('\\s*\\n\\s*$', 'm'), ' \n');
  });

  it('tries one character of those that only literal text no run can enter tells apart', () => {
    assert.equal(pumpsOf('\\b(?:translate|transl)\\w*\\s+\\w*', 'i'), 'a');
    assert.equal(pumpsOf('\\b(?:t|transl)\\w*\\s+\\w*', 'i'), 'at');
    assert.equal(pumpsOf('\\b(?:tt|transl)\\w*\\s+\\w*', 'i'), 'at');
  });

  it('tries the characters of a loop that a quantifier repeats, and of a large repetition', () => {
    assert.equal(pumpsOf('(?:\\w+x){2,5}'), 'ax');
    assert.equal(pumpsOf('(?:a|ab){10,}'), 'ab');
  });

  it('tells apart characters that reach a part matching "" in two ways', () => {
    // `xp` blocks every run, but only a run of `p` reaches `(|"?|xp)`, whose two empty ways the
    // other characters' shortcut does not count: `p` must still be tried.
    assert.equal(pumpsOf('(?:(|"?|xp)+\\S)+$'), '"ap');
    const issues = findSuperLinearBacktracking(parseRegex('(?:(|"?|xp)+\\S)+$', '').ast!);
    assert.deepEqual(issues.map((i) => [i.span.start, i.span.end, i.pump]), [[0, 16, 'p'], [3, 12, '"']]);
  });

  it('knows without a walk that literal text blocks a run of a character it does not hold', () => {
    const ast = parseRegex('(?:tt|tx)\\w*\\w*', '').ast!;
    const group = ast.alternatives[0]!.items[0]! as Group;
    const [tt, tx] = group.alternatives;
    const t = planRunClasses(ast, indexTree(ast), (atom) => charSetOf(atom, ast.flags)).find((c) => c.char === 0x74)!;
    assert.equal(t.shortcut(tt!), undefined, 'tt can hold a run of t');
    assert.equal(t.shortcut(tx!)?.full, undefined, 'tx blocks it');
  });
});
