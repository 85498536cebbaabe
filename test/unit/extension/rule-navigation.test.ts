// Go to definition and find references in rule files, on offsets: condition identifiers and `x of`
// patterns to selections, correlation and filter references to rules in other files, and back.
import assert from 'node:assert/strict';
import { parseRuleText, type RuleFile } from '../../../src/core/engine';
import { definitionsAt, referencesAt, type NameTarget } from '../../../src/extension/rule-navigation';

const detection = parseRuleText(
  'rules/detection.yml',
  [
    'title: Reasoning dump',
    'id: 6f1d2c3a-8b4e-4f5a-9c7d-1e2f3a4b5c6d',
    'name: reasoning_dump',
    'logsource: {product: llm}',
    'detection:',
    '    selection_dump:',
    '        prompt|contains: dump',
    '    selection_print:',
    '        prompt|contains: print',
    '    filter:',
    '        account_id: staff',
    "    condition: '1 of selection_* and not filter'",
    '',
  ].join('\n'),
);
const correlation = parseRuleText(
  'rules/campaign.yml',
  [
    'title: Many dumps',
    'correlation:',
    '    type: event_count',
    '    rules:',
    '        - reasoning_dump',
    '        - 6F1D2C3A-8B4E-4F5A-9C7D-1E2F3A4B5C6D',
    '    group-by: [account_id]',
    '    timespan: 1h',
    '    condition: {gte: 10}',
    '',
  ].join('\n'),
);
const files = [detection, correlation];

function at(file: RuleFile, fragment: string, delta = 0): number {
  const offset = file.text.indexOf(fragment);
  assert.ok(offset >= 0, fragment);
  return offset + delta;
}

function show(targets: NameTarget[]): string[] {
  const texts = new Map(files.map((file) => [file.source, file.text]));
  return targets.map((target) => `${target.source}:${(texts.get(target.source) ?? '').slice(target.span.start, target.span.end)}`);
}

describe('rule navigation', () => {
  it('goes from a condition identifier to its selection, with the cursor anywhere on the name', () => {
    for (const delta of [0, 3, 6]) {
      assert.deepEqual(show(definitionsAt(files, detection, at(detection, 'filter\'', delta))), ['rules/detection.yml:filter']);
    }
    const target = definitionsAt(files, detection, at(detection, "filter'"))[0];
    assert.equal(target?.span.start, at(detection, 'filter:'));
  });

  it('goes from an `x of` pattern to every selection it covers', () => {
    assert.deepEqual(show(definitionsAt(files, detection, at(detection, 'selection_*', 4))), [
      'rules/detection.yml:selection_dump',
      'rules/detection.yml:selection_print',
    ]);
  });

  it('goes from a correlation reference to the rule in another file, by name and by id in any case', () => {
    assert.deepEqual(show(definitionsAt(files, correlation, at(correlation, '- reasoning_dump', 4))), ['rules/detection.yml:reasoning_dump']);
    assert.deepEqual(show(definitionsAt(files, correlation, at(correlation, '6F1D', 2))), ['rules/detection.yml:6f1d2c3a-8b4e-4f5a-9c7d-1e2f3a4b5c6d']);
  });

  it('finds nothing on plain text', () => {
    assert.deepEqual(definitionsAt(files, detection, at(detection, 'dump\n')), []);
    assert.deepEqual(definitionsAt(files, correlation, at(correlation, 'event_count')), []);
  });

  it('finds the uses of a selection, through patterns too', () => {
    assert.deepEqual(show(referencesAt(files, detection, at(detection, 'selection_print:', 2))), ['rules/detection.yml:selection_*']);
    assert.deepEqual(show(referencesAt(files, detection, at(detection, 'filter:'))), ['rules/detection.yml:filter']);
  });

  it('finds the correlations that refer to a rule, from its id or its name', () => {
    const expected = ['rules/campaign.yml:reasoning_dump', 'rules/campaign.yml:6F1D2C3A-8B4E-4F5A-9C7D-1E2F3A4B5C6D'];
    assert.deepEqual(show(referencesAt(files, detection, at(detection, 'name: reasoning_dump', 8))), expected);
    assert.deepEqual(show(referencesAt(files, detection, at(detection, 'id: 6f1d', 6))), expected);
  });
});
