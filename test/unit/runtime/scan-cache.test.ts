// The scan's cache of parsed rules and analysis: what its key depends on, and that a damaged or
// foreign entry is a miss rather than an error.

import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRuleText } from '../../../src/core/rules/load';
import { analyzeRules } from '../../../src/core/scan/index';
import { defaultScanCacheDir, readScanCache, scanCacheKey, writeScanCache } from '../../../src/runtime/scan-cache';

const RULE = `title: steps
logsource:
  product: llm
detection:
  selection:
    prompt|contains: step by step
  condition: selection
`;

describe('scan cache', () => {
  let directory: string;
  let code: string;
  before(() => {
    directory = mkdtempSync(join(tmpdir(), 'promptsift-cache-'));
    code = join(directory, 'bundle.js');
    writeFileSync(code, '// a bundle');
  });
  after(() => rmSync(directory, { recursive: true, force: true }));

  const options = { hasLinearFallback: true, allowSuperLinear: false, variant: '' };
  const rules = [{ name: 'rules/a.yml', text: RULE }];

  it('keys an entry by the rules, their names, the options, the variant and the bundles', () => {
    const key = scanCacheKey(rules, options, [code]);
    assert.match(key ?? '', /^[0-9a-f]{64}$/);
    assert.equal(scanCacheKey(rules, options, [code]), key);
    assert.notEqual(scanCacheKey([{ name: 'rules/a.yml', text: `${RULE}level: high\n` }], options, [code]), key);
    assert.notEqual(scanCacheKey([{ name: 'rules/b.yml', text: RULE }], options, [code]), key);
    assert.notEqual(scanCacheKey(rules, { ...options, allowSuperLinear: true }, [code]), key);
    assert.notEqual(scanCacheKey(rules, { ...options, hasLinearFallback: false }, [code]), key);
    assert.notEqual(scanCacheKey(rules, { ...options, variant: 'min-level 2' }, [code]), key);
    utimesSync(code, new Date(), new Date(Date.now() + 5000));
    assert.notEqual(scanCacheKey(rules, options, [code]), key, 'a new build');
    assert.equal(scanCacheKey(rules, options, [join(directory, 'missing.js')]), undefined);
  });

  it('reads back what it wrote, and takes a damaged or foreign entry as a miss', () => {
    const dir = join(directory, 'entries');
    const ruleFiles = [parseRuleText('rules/a.yml', RULE, { isSchemaValidated: false })];
    const analysis = analyzeRules(ruleFiles, options);
    const key = scanCacheKey(rules, options, [code]) as string;
    assert.equal(readScanCache(dir, key), undefined);
    writeScanCache(dir, key, { ruleFiles, analysis });
    assert.deepEqual(readScanCache(dir, key), { ruleFiles, analysis });
    const other = scanCacheKey(rules, { ...options, variant: 'x' }, [code]) as string;
    writeFileSync(join(dir, `${other}.bin`), 'damaged');
    assert.equal(readScanCache(dir, other), undefined);
    // An entry renamed to another key is not taken for it.
    writeScanCache(dir, key, { ruleFiles, analysis });
    writeFileSync(join(dir, `${other}.bin`), readFileSync(join(dir, `${key}.bin`)));
    assert.equal(readScanCache(dir, other), undefined);
  });

  it('lives in PROMPTSIFT_CACHE_DIR (off: nowhere), else in the user cache directory', () => {
    assert.equal(defaultScanCacheDir({ PROMPTSIFT_CACHE_DIR: '/x/cache' }), '/x/cache');
    assert.equal(defaultScanCacheDir({ PROMPTSIFT_CACHE_DIR: 'off' }), undefined);
    if (process.platform !== 'win32') assert.equal(defaultScanCacheDir({ XDG_CACHE_HOME: '/home/u/.cache' }), join('/home/u/.cache', 'promptsift'));
  });
});
