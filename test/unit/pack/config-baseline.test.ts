import { strict as assert } from 'node:assert';
import { parsePackConfig } from '../../../src/core/pack/config';

describe('pack config baseline', () => {
  it('reads files, the rate and the snapshot path', () => {
    const text = 'baseline:\n  files: [logs/*.jsonl]\n  maxFalsePositiveRate: 0.02\n  snapshot: fp/expected.json\n';
    const { value, problems } = parsePackConfig(text);
    assert.deepEqual(problems, []);
    assert.deepEqual(value?.baseline, { files: ['logs/*.jsonl'], maxFalsePositiveRate: 0.02, snapshot: 'fp/expected.json' });
  });

  it('leaves the snapshot unset by default', () => {
    assert.deepEqual(parsePackConfig('baseline:\n  files: a.jsonl\n').value?.baseline, { files: ['a.jsonl'], maxFalsePositiveRate: 0 });
  });

  it('reports a snapshot that is not a path at its value', () => {
    const text = 'baseline:\n  snapshot: [a, b]\n';
    const { problems } = parsePackConfig(text);
    assert.deepEqual(problems.map((p) => [p.messageId, text.slice(p.span.start, p.span.end)]), [['snapshot', '[a, b]']]);
  });
});
