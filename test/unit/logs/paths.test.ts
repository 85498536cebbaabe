import { strict as assert } from 'node:assert';
import { rawPathLeaves, rawPathValues } from '../../../src/core/logs/index';

describe('raw dotted paths', () => {
  const raw = {
    request: { messages: [{ role: 'user', content: 'a' }, { role: 'user', content: ['b', 'c'] }] },
    'metadata.user_id': 'dotted',
    metadata: { user_id: 'nested' },
    grid: [[{ v: 1 }], [{ v: 2 }]],
  };

  it('walks into arrays, matching any element, and flattens arrays at the end', () => {
    assert.deepEqual(rawPathValues(raw, 'request.messages.content'), ['a', 'b', 'c']);
    assert.deepEqual(rawPathValues(raw, 'grid.v'), [1, 2]);
  });

  it('picks one element with a numeric segment', () => {
    assert.deepEqual(rawPathValues(raw, 'request.messages.1.content'), ['b', 'c']);
    assert.deepEqual(rawPathValues(raw, 'request.messages.5.content'), []);
  });

  it('prefers the longest key spelled with dots, as the matcher does', () => {
    assert.deepEqual(rawPathValues(raw, 'metadata.user_id'), ['dotted']);
  });

  it('returns concrete paths with indices that lead back to each value', () => {
    const leaves = rawPathLeaves(raw, 'request.messages.content');
    assert.deepEqual(leaves.map((leaf) => leaf.path), [
      'request.messages.0.content', 'request.messages.1.content.0', 'request.messages.1.content.1',
    ]);
    for (const leaf of leaves) assert.deepEqual(rawPathValues(raw, leaf.path), [leaf.value]);
  });

  it('returns nothing for missing paths, scalars on the way and inherited keys', () => {
    assert.deepEqual(rawPathValues(raw, 'request.messages.role.x'), []);
    assert.deepEqual(rawPathValues(raw, 'toString'), []);
    assert.deepEqual(rawPathValues(null, 'a'), []);
  });

  it('flattens up to 64 levels of nested lists, and stops quickly on hostile nesting', () => {
    const nest = (depth: number): unknown => {
      let deep: unknown = 'bottom';
      for (let i = 0; i < depth; i++) deep = [deep];
      return deep;
    };
    assert.deepEqual(rawPathValues({ d: nest(64) }, 'd'), ['bottom']);
    assert.deepEqual(rawPathLeaves({ d: nest(64) }, 'd')[0]?.path, `d${'.0'.repeat(64)}`);
    assert.deepEqual(rawPathValues({ d: nest(65) }, 'd'), []);
    assert.deepEqual(rawPathLeaves({ d: nest(100_000) }, 'd'), []);
  });
});
