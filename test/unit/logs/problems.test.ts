import { strict as assert } from 'node:assert';
import { LOG_MESSAGES } from '../../../src/core/logs/index';
import type { Problem } from '../../../src/core/model';
import { readAll } from './helpers';

/** Inputs that, between them, produce every log-reading problem. */
const inputs: [string, Parameters<typeof readAll>[1]][] = [
  ['{"prompt": "cut', { format: 'jsonl' }],
  ['[1]', { format: 'jsonl' }],
  ['\u0000\u0001', { format: 'jsonl' }],
  [`{"prompt": "${'x'.repeat(80)}"}`, { format: 'jsonl', maxRecordLength: 60 }],
  ['user,prompt\nu,"open', { format: 'csv' }],
  ['user,prompt\nu,p,extra', { format: 'csv' }],
  ['prompt,prompt\na,b', { format: 'csv' }],
  ['{"prompt": "\uFFFD"}', { format: 'jsonl' }],
  ['{"prompt": "p", "ts": "soon"}', { format: 'jsonl' }],
];

describe('log reading problems', () => {
  const problems: Problem[] = inputs.flatMap(([text, options]) => readAll(text, options).problems);

  it('covers every message id in the table', () => {
    assert.deepEqual([...new Set(problems.map((p) => p.messageId))].sort(), Object.keys(LOG_MESSAGES).sort());
  });

  it('fills every placeholder and takes check id and severity from the table', () => {
    for (const problem of problems) {
      const spec = LOG_MESSAGES[problem.messageId as keyof typeof LOG_MESSAGES];
      assert.equal(problem.checkId, spec.checkId);
      assert.equal(problem.severity, spec.severity);
      assert.doesNotMatch(problem.message, /\{\{/, problem.message);
      assert.ok(problem.span.start <= problem.span.end);
    }
  });
});
