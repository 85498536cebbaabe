// The analysis thread of the statistics: a worker that dies without a word is reported as a
// failure after the stall limit, instead of leaving the caller (which waits synchronously) hanging.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAnalysis } from '../../../src/runtime/stats-parallel';

describe('stats analysis thread', () => {
  it('reports a worker that exits without posting anything as failed, after the stall limit', () => {
    const script = join(mkdtempSync(join(tmpdir(), 'promptsift-stall-')), 'dies.js');
    writeFileSync(script, 'process.exit(0);\n');
    const source = startAnalysis({ rules: [], logs: [], chunkBytes: 1024, locate: 0, fields: [] }, script, { stallMs: 300 });
    try {
      const started = Date.now();
      const messages = [...source];
      assert.equal(messages.length, 1);
      assert.equal(messages[0]?.type, 'failed');
      assert.match((messages[0] as { message: string }).message, /posted nothing for 0\.3 s: it stopped \(out of memory\?\) or hangs/);
      assert.ok(Date.now() - started >= 300);
    } finally {
      source.close();
    }
  });
});
