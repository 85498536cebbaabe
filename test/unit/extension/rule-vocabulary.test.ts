// The completion docs cover exactly the modifiers and fields the engine knows.
import assert from 'node:assert/strict';
import { COMPUTED_FIELDS, DERIVED_FIELDS, LLM_FIELDS } from '../../../src/core/model';
import { MODIFIERS } from '../../../src/core/rules/modifiers';
import { FIELD_DOCS, MODIFIER_DOCS } from '../../../src/extension/rule-vocabulary';

describe('rule vocabulary', () => {
  it('documents every modifier of the engine, and no other', () => {
    assert.deepEqual(Object.keys(MODIFIER_DOCS).sort(), Object.keys(MODIFIERS).sort());
  });

  it('documents every taxonomy and derived field, and no other', () => {
    assert.deepEqual(Object.keys(FIELD_DOCS).sort(), [...LLM_FIELDS, ...DERIVED_FIELDS, ...COMPUTED_FIELDS].sort());
  });

  it('writes each entry as one sentence', () => {
    for (const [word, doc] of [...Object.entries(MODIFIER_DOCS), ...Object.entries(FIELD_DOCS)]) assert.match(doc, /^[A-Z`].*\.$/, word);
  });
});
