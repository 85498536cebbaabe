// `npm run bench:lint`: how long linting a pack of 500 rules takes, the way `promptsift lint` and
// the editor's first lint of a pack do it (parse every file, every check, inline tests included).
//
// Two packs, generated deterministically in memory (nothing is written):
//   - "sigma": 500 rules shaped like the public Sigma repository's (field maps with contains /
//     endswith / startswith lists, some `re`, keyword lists, filters, `1 of selection_*`), each
//     with inline tests, half of them for the LLM log source;
//   - "shipped": the shipped distillation pack (rules/), its files repeated until 500 rules, whose
//     rules are unusually regex-heavy (about 12 large alternations per rule).
// Prints, per pack: the median of 5 runs (after one warm-up) of the whole lint, of parsing alone,
// the per-rule figure, the slowest checks, and the load average (the machine is shared).
//
//   npm run bench:lint
//   npm run bench:lint -- --rules 1000 --runs 7

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { CHECKS } from '../../src/core/checks/index';
import { lintFiles } from '../../src/core/lint';
import type { RuleFile, SourceText } from '../../src/core/model';
import { parseRuleText } from '../../src/core/rules/load';
import { mulberry32 as random } from '../eval/random';

const ROOT = resolve(__dirname, '../..');

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const WORDS = ['invoke', 'download', 'encoded', 'bypass', 'shadow', 'copy', 'hidden', 'reasoning', 'export', 'token', 'session', 'credential', 'schedule', 'service', 'registry', 'payload', 'socket', 'archive', 'loader', 'mimic'];
const FIELDS = ['CommandLine', 'Image', 'ParentImage', 'TargetFilename', 'User', 'Description', 'OriginalFileName', 'DestinationHostname'];

function uuid(next: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(next() * 4)] as string;
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** One rule in the shape of the public Sigma repository's rules, with inline tests. */
function sigmaRule(index: number, next: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const words = Array.from({ length: 3 + Math.floor(next() * 5) }, () => `${pick(WORDS)}${Math.floor(next() * 100)}`);
  const [w0, w1, w2] = words as [string, string, string];
  const isLlm = index % 2 === 0;
  const field = isLlm ? 'prompt' : pick(FIELDS);
  const other = isLlm ? 'system' : pick(FIELDS);
  const regex = next() < 0.3 ? `        ${other}|re: '(?:${w0}|${w1})\\s+[a-z]{2,8}\\b'\n` : '';
  const logsource = isLlm ? '    product: llm\n' : '    product: windows\n    category: process_creation\n';
  return `title: Generated rule ${index} ${w0}
id: ${uuid(next)}
status: experimental
description: Detects ${words.join(', ')} in generated events, for the lint benchmark.
references:
    - https://example.org/rules/${index}
author: PromptSift bench
date: 2026-11-28
tags:
    - attack.execution
    - attack.t1059.001
logsource:
${logsource}detection:
    selection_main:
        ${field}|contains:
${words.map((word) => `            - '${word}'`).join('\n')}
    selection_tail:
        ${other}|endswith:
            - '.${w1}'
            - '\\\\${w2}.exe'
${regex}    filter_benign:
        ${field}|startswith: 'benign ${w0}'
    condition: 1 of selection_* and not filter_benign
falsepositives:
    - Administrative scripts
level: ${pick(['low', 'medium', 'high'])}
tests:
    match:
        - {${field}: 'run ${w0} now', ${other}: 'x'}
        - {${field}: 'a ${w1} b', ${other}: 'y'}
        - {${field}: 'q', ${other}: 'c:\\\\tmp\\\\${w2}.exe'}
    nomatch:
        - {${field}: 'nothing here', ${other}: 'z'}
        - {${field}: 'benign ${w0} run', ${other}: 'w'}
        - {${field}: '${w0.slice(0, 3)}', ${other}: 'v'}
`;
}

function sigmaPack(count: number): SourceText[] {
  const next = random(20261128);
  return Array.from({ length: count }, (_, i) => ({ name: `rules/generated_${i}.yml`, text: sigmaRule(i, next) }));
}

function shippedPack(count: number): SourceText[] {
  const dir = join(ROOT, 'rules');
  const walk = (at: string): string[] =>
    readdirSync(at).flatMap((name) => {
      const path = join(at, name);
      if (statSync(path).isDirectory()) return name === 'fixtures' ? [] : walk(path);
      return name.endsWith('.yml') ? [path] : [];
    });
  const files = walk(dir).map((path) => ({ name: relative(dir, path), text: readFileSync(path, 'utf8') }));
  const perRound = files.reduce((sum, file) => sum + parseRuleText(file.name, file.text).rules.length, 0);
  const rounds = Math.ceil(count / perRound);
  // Each copy gets fresh ids, names and titles, so duplicate checks see a real pack of that size.
  const out: SourceText[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const file of files) {
      const text = file.text
        .replace(/^(id|name|title): (.+)$/gm, (_whole, key: string, value: string) =>
          key === 'id' ? `id: ${uuid(random(round * 7919 + value.length + value.charCodeAt(0)))}` : `${key}: ${value} ${round}`,
        );
      out.push({ name: `copy${round}/${file.name}`, text });
    }
  }
  return out;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function measure(label: string, sources: SourceText[], runs: number): void {
  const checks = { 'rule-tests-minimum': 'error' as const };
  const times: number[] = [];
  const parses: number[] = [];
  let files: RuleFile[] = [];
  for (let run = 0; run <= runs; run++) {
    const start = performance.now();
    files = sources.map((source) => parseRuleText(source.name, source.text));
    const parsed = performance.now();
    lintFiles(files, { checks });
    const end = performance.now();
    if (run === 0) continue; // warm-up
    times.push(end - start);
    parses.push(parsed - start);
  }
  const rules = files.reduce((sum, file) => sum + file.rules.length, 0);
  const perCheck = CHECKS.map((check) => {
    const start = performance.now();
    lintFiles(files, { checks, only: [check] });
    return { id: check.id, ms: performance.now() - start };
  }).sort((a, b) => b.ms - a.ms);
  const total = median(times);
  console.log(`${label}: ${rules} rules in ${sources.length} files`);
  console.log(`  lint (parse + every check): ${total.toFixed(0)} ms median of ${runs} (${(total / rules).toFixed(2)} ms per rule)  ${total < 1000 ? 'under' : 'OVER'} the 1 s budget`);
  console.log(`  of which parsing:           ${median(parses).toFixed(0)} ms`);
  console.log(`  slowest checks (alone, parse-level problems excluded): ${perCheck.slice(0, 5).map((c) => `${c.id} ${c.ms.toFixed(0)} ms`).join(', ')}`);
}

const count = option('--rules', 500);
const runs = option('--runs', 5);
console.log(`load average ${loadavg().map((n) => n.toFixed(2)).join(' ')} on a machine with ${cpus().length} cores`);
measure('sigma-shaped pack', sigmaPack(count), runs);
measure('shipped pack repeated', shippedPack(count), runs);
