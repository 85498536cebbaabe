// What completion offers where, read from the text around the cursor (`|` marks it), including
// while the YAML is half-typed.
import assert from 'node:assert/strict';
import { completionContextAt, type CompletionContext } from '../../../src/extension/completion-context';

function contextOf(marked: string): { context: CompletionContext | undefined; text: string } {
  const offset = marked.indexOf('‸');
  assert.ok(offset >= 0, 'no cursor mark');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  return { context: completionContextAt(text, offset), text };
}

const llm = (detection: string[]) => ['title: T', 'logsource:', '    product: llm', 'detection:', ...detection, 'level: low', ''].join('\n');

describe('completion context', () => {
  it('offers modifiers after a field and a bar, replacing the partial word and knowing the ones used', () => {
    const { context, text } = contextOf(llm(['    selection:', '        prompt|re|‸', '    condition: selection']));
    assert.equal(context?.kind, 'modifier');
    assert.deepEqual(context.kind === 'modifier' && context.used, ['re']);
    const partial = contextOf(llm(['    selection:', '        - prompt|cont‸: x']));
    assert.equal(partial.context?.kind, 'modifier');
    assert.equal(partial.text.slice(partial.context.replace.start, partial.context.replace.end), 'cont');
    assert.equal(text.length > 0, true);
  });

  it('offers field names right below a selection of an LLM rule, in maps and in lists of maps', () => {
    for (const lines of [
      ['    selection:', '        pro‸'],
      ['    selection:', '        prompt|contains: x', '        ‸'],
      ['    selection:', '        - prompt|contains: x', '          sys‸'],
      ['    selection:', '        - prompt|contains: x', '        - ‸'],
    ]) {
      assert.equal(contextOf(llm(lines)).context?.kind, 'field', lines.join(' / '));
    }
  });

  it('offers no field names in values, at the selection level, under condition, or in a rule that is not an LLM rule', () => {
    for (const lines of [
      ['    selection:', '        prompt|contains:', '            - ‸'],
      ['    sel‸'],
      ['    condition:', '        - ‸'],
    ]) {
      assert.notEqual(contextOf(llm(lines)).context?.kind, 'field', lines.join(' / '));
    }
    const raw = ['title: T', 'logsource:', '    product: windows', 'detection:', '    selection:', '        Image‸', ''].join('\n');
    assert.equal(contextOf(raw).context, undefined);
  });

  it('offers the selection names in a condition, inline or as list items', () => {
    const lines = ['    selection_a:', '        prompt: a', '    _guard:', '        - prompt: b'];
    const inline = contextOf(llm([...lines, '    condition: selection_a and not _g‸']));
    assert.equal(inline.context?.kind, 'condition');
    assert.deepEqual(inline.context.kind === 'condition' && inline.context.selections, ['selection_a', '_guard']);
    assert.equal(inline.text.slice(inline.context.replace.start, inline.context.replace.end), '_g');
    assert.equal(contextOf(llm([...lines, '    condition:', '        - ‸'])).context?.kind, 'condition');
  });

  it('does not take a correlation condition for a detection condition', () => {
    const text = ['title: C', 'correlation:', '    type: event_count', '    condition:', '        gte: ‸', ''].join('\n');
    assert.equal(contextOf(text).context, undefined);
  });

  it('offers rule references under the rules of a correlation or a filter, in a later document too', () => {
    const correlation = ['title: D', 'logsource: {product: llm}', 'detection: {s: {prompt: x}, condition: s}', '---', 'title: C', 'correlation:', '    type: event_count', '    rules:', '        - ‸', ''].join('\n');
    assert.equal(contextOf(correlation).context?.kind, 'ruleReference');
    const sameIndent = ['title: F', 'filter:', '  rules:', '  - rea‸', ''].join('\n');
    const { context, text } = contextOf(sameIndent);
    assert.equal(context?.kind, 'ruleReference');
    assert.equal(text.slice(context.replace.start, context.replace.end), 'rea');
  });
});
