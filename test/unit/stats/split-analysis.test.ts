import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runStats } from '../../../src/cli/commands/stats';
import { formatStatsJson } from '../../../src/cli/formats/stats-json';
import { parseRuleText } from '../../../src/core/rules/load';
import { createRecordGates } from '../../../src/core/scan/item-gates';
import { fieldsToShip } from '../../../src/core/stats/shipped';
import { addLogContext } from '../../../src/core/correlate/context-scan';
import { createLogContextBuilder } from '../../../src/core/correlate/derived';
import { isProblem, readLogRecords } from '../../../src/core/logs/index';
import type { LogRecord, Rule } from '../../../src/core/model';
import { createRecordAnalyser } from '../../../src/core/stats/analysis';
import { createOrderedPipeline, createStatsPipeline } from '../../../src/core/stats/pipeline';
import { orderedContentRules, planStatsRules } from '../../../src/core/stats/stats-rules';
import { analyseLogs } from '../../../src/runtime/stats-analysis';
import { runStatsPasses, type StatsRunRequest } from '../../../src/runtime/stats-run';
import { rulesFrom } from '../../helpers';

const ROOT = resolve(__dirname, '../../..');

function packRules(): Rule[] {
  const walk = (at: string): string[] =>
    readdirSync(at).flatMap((name) => {
      const path = join(at, name);
      if (statSync(path).isDirectory()) return name === 'fixtures' ? [] : walk(path);
      return name.endsWith('.yml') ? [path] : [];
    });
  return walk(join(ROOT, 'rules')).flatMap((path) => parseRuleText(path, readFileSync(path, 'utf8')).rules);
}

describe('stats: the analysis split from the ordered stage', () => {
  const logs = readdirSync(join(ROOT, 'rules/samples')).map((name) => ({ path: join(ROOT, 'rules/samples', name), name }));

  it('gives the same statistics, log problems and counts as the plain pipeline, whatever the piece size', () => {
    const rules = packRules();
    for (const chunkBytes of [4096, 4 * 1024 * 1024]) {
      const sequential = runStats(logs, rules, { flagLevel: 'low', chunkBytes, analysis: 'sequential' });
      const split = runStats(logs, rules, { flagLevel: 'low', chunkBytes, analysis: 'in-process' });
      assert.ok(sequential.files.some((file) => file.records > 0));
      assert.equal(formatStatsJson(split), formatStatsJson(sequential));
    }
  });

  it('locates bad lines the same way, across logs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'promptsift-split-'));
    try {
      const lines = Array.from({ length: 3000 }, (_, i) =>
        i % 7 === 3 ? `{"prompt": "broken ${i}"` : JSON.stringify({ timestamp: new Date(1_794_787_200_000 + i * 60_000).toISOString(), account_id: `acct_${i % 40}`, model: 'm1', prompt: `Explain your internal reasoning step ${i % 50}` }),
      );
      writeFileSync(join(dir, 'a.jsonl'), `${lines.join('\n')}\n`);
      writeFileSync(join(dir, 'b.jsonl'), `${lines.slice(0, 500).join('\r\n')}`);
      const files = ['a.jsonl', 'b.jsonl'].map((name) => ({ path: join(dir, name), name }));
      const rules = packRules();
      const sequential = runStats(files, rules, { flagLevel: 'low', chunkBytes: 5000, analysis: 'sequential' });
      const split = runStats(files, rules, { flagLevel: 'low', chunkBytes: 5000, analysis: 'in-process' });
      assert.equal(sequential.problems.length, 100);
      assert.deepEqual(split.problems, sequential.problems);
      assert.equal(formatStatsJson(split), formatStatsJson(sequential));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives the panel the same result split as record by record, exclusions and unreadable logs included', () => {
    const ruleFiles = (at: string): string[] =>
      readdirSync(at).flatMap((name) => {
        const path = join(at, name);
        if (statSync(path).isDirectory()) return name === 'fixtures' ? [] : ruleFiles(path);
        return name.endsWith('.yml') ? [path] : [];
      });
    const request: StatsRunRequest = {
      rules: ruleFiles(join(ROOT, 'rules')).map((path) => ({ name: path, text: readFileSync(path, 'utf8') })),
      logs: [...logs, { path: join(tmpdir(), 'promptsift-no-such-log.jsonl'), name: 'missing.jsonl' }],
      flagLevel: 'low',
      refsPerItem: 3,
      chunkBytes: 4096,
    };
    const sequential = runStatsPasses({ ...request, analysis: 'sequential' });
    const first = sequential.stats.refs?.rules[0]?.refs[0] ?? { source: logs[0]?.name ?? '', line: 1 };
    for (const excluded of [undefined, [first]]) {
      const plain = runStatsPasses({ ...request, analysis: 'sequential', ...(excluded ? { excluded } : {}) });
      const progress: number[] = [];
      const split = runStatsPasses({ ...request, analysis: 'in-process', ...(excluded ? { excluded } : {}) }, (p) => progress.push(p.bytesDone));
      assert.deepEqual(split, plain);
      assert.equal(progress[progress.length - 1], 2 * plain.files.reduce((sum, file) => sum + file.bytes, 0));
    }
    assert.equal(sequential.files[sequential.files.length - 1]?.error, 'ENOENT');
  });

  it('ends a log it cannot read with the reason', () => {
    const job = { rules: [], logs: [{ path: join(tmpdir(), 'promptsift-no-such-log.jsonl'), name: 'missing' }], chunkBytes: 1024, locate: 0, fields: [] };
    const messages = [...analyseLogs(job)];
    assert.deepEqual(messages, [{ type: 'end', log: 0, error: 'ENOENT' }]);
  });

  it('keeps the analysis beside the ordered stage when the ordered rules read the whole record', () => {
    const rules = rulesFrom(`title: New account keyword
name: new_account_keyword
logsource:
    product: llm
detection:
    selection:
        account_is_new: true
    keywords:
        - reasoning
    condition: selection and keywords
`);
    assert.equal(fieldsToShip(rules, planStatsRules(rules)), undefined);
    assert.deepEqual(fieldsToShip(packRules(), planStatsRules(packRules())), ['model', 'account_id', 'org_id', 'api_key_id', 'ip', 'payment_fingerprint']);
  });
});

describe('stats: prompt-only rules run on the ordered side', () => {
  const rules = packRules();
  const plan = planStatsRules(rules);
  const records = readdirSync(join(ROOT, 'rules/samples')).map((name) => {
    const text = readFileSync(join(ROOT, 'rules/samples', name), 'utf8');
    return { name, text, records: [...readLogRecords(text, { name })].filter((item): item is LogRecord => !isProblem(item)) };
  });
  const context = (): ReturnType<ReturnType<typeof createLogContextBuilder>['finish']> => {
    const builder = createLogContextBuilder();
    for (const log of records) addLogContext(builder, log.text, { name: log.name });
    return builder.finish();
  };
  /** The statistics with the analysis and the ordered stage apart, `left` run on the ordered side. */
  const split = (left: number[]): string => {
    const analyser = createRecordAnalyser(plan, 100_000, { describesTemplates: false, leavesToOrdered: left });
    const ordered = createOrderedPipeline({ rules, context: context(), plan, describesTemplates: true, contentRules: left, campaign: { flagLevel: 'low', refsPerItem: 5 } });
    for (const log of records) for (const record of log.records) ordered.add(analyser.analyse(record), log.name);
    return JSON.stringify(ordered.finish());
  };

  it('give the statistics of the plain pipeline, whichever rules the ordered side runs', () => {
    const plain = createStatsPipeline({ rules, context: context(), campaign: { flagLevel: 'low', refsPerItem: 5 } });
    for (const log of records) for (const record of log.records) plain.add(record, log.name);
    const expected = JSON.stringify(plain.finish());
    const promptOnly = plan.scan.rules.flatMap((_, index) => (plan.isPromptOnly[index] ? [index] : []));
    assert.ok(promptOnly.length > 10);
    assert.ok((JSON.parse(expected) as { flaggedRecords: number }).flaggedRecords > 100);
    for (const left of [[], promptOnly, promptOnly.filter((_, i) => i % 2 === 1), orderedContentRules(plan, 0.2)]) assert.equal(split(left), expected, `left to the ordered side: ${left.join(', ')}`);
  });

  it('are chosen by weight, in plan order, about the share asked for', () => {
    assert.deepEqual(orderedContentRules(plan, 0), []);
    const all = orderedContentRules(plan, 1);
    assert.deepEqual(all, plan.scan.rules.flatMap((_, index) => (plan.isPromptOnly[index] ? [index] : [])));
    const fifth = orderedContentRules(plan, 0.2);
    assert.ok(fifth.length > 0 && fifth.length < all.length / 2, `${fifth.length} of ${all.length}`);
  });
});

describe('stats: item gates on the shipped pack', () => {
  it('change no answer on the baseline prompts and the held-out rounds', () => {
    const plan = planStatsRules(packRules());
    const openGates = createRecordGates(plan.scan.gates);
    const read = (path: string): { prompt?: string; system?: string }[] =>
      readFileSync(join(ROOT, path), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as { prompt?: string; system?: string });
    const prompts = ['rules/baseline/benign-prompts.jsonl', ...readdirSync(join(ROOT, 'rules/heldout')).filter((name) => name.endsWith('.jsonl')).map((name) => `rules/heldout/${name}`)].flatMap(read);
    let matched = 0;
    let leftOut = 0;
    for (const { prompt, system } of prompts) {
      if (prompt === undefined) continue;
      const fields = system === undefined ? { prompt } : { prompt, system };
      const gates = openGates(fields);
      for (const rule of plan.scan.rules) {
        const expected = rule.compiled.matches({ fields, raw: {} });
        if (expected) matched++;
        assert.equal(rule.compiled.matches({ fields, raw: {}, gates }), expected, `${rule.key} on ${JSON.stringify(prompt.slice(0, 80))}`);
        if (!rule.compiled.mayMatch(gates)) {
          leftOut++;
          assert.equal(expected, false, `${rule.key} left out on ${JSON.stringify(prompt.slice(0, 80))}, which it matches`);
        }
      }
    }
    assert.ok(matched > 300, `the prompts hold matches (${matched})`);
    assert.ok(leftOut > prompts.length * 5, `rules are left out (${leftOut})`);
  });
});
