// A benchmark, not a test: times each phase of the regex analysis (parse, backtracking,
// portability, literals) over every `|re` value of the shipped rule pack, cold (first pass in a
// fresh process, empty caches) and warm (a second pass), and lists the slowest patterns.
// Phases are timed by the wall clock; each pass also by the CPU time of the main thread (Linux;
// elsewhere the whole process's), and each pattern by the process's CPU time (which includes the
// compiler threads, busy in a cold pass). On a busy machine the wall clock also counts the time
// other processes hold the CPU: compare CPU times there, and look at the load average.
//
//   npx tsx scripts/bench/regex-analysis.ts                       the pack under rules/
//   npx tsx scripts/bench/regex-analysis.ts --rules some/dir      another pack
//   npx tsx scripts/bench/regex-analysis.ts --top 10              more of the slowest patterns
//   npx tsx scripts/bench/regex-analysis.ts --warm-runs 5         warm figures: the best of 5 passes
//   npx tsx scripts/bench/regex-analysis.ts --module /tmp/copy/index.ts   another copy of src/core/regex

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { regexUses } from '../../src/core/checks/regex-values';
import type * as RegexModule from '../../src/core/regex/index';
import { parseRuleText } from '../../src/core/rules/load';

const ROOT = resolve(__dirname, '../..');
const PHASES = ['parse', 'backtracking', 'portable', 'literals'] as const;
type Phase = (typeof PHASES)[number];

interface Timing {
  pattern: string;
  flags: string;
  /** Wall-clock milliseconds per phase. */
  ms: Record<Phase, number>;
  total: number;
  /** Process CPU milliseconds for all phases. */
  cpu: number;
}

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

function ruleFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? ruleFiles(path) : /\.ya?ml$/.test(name) ? [path] : [];
  });
}

/** Every `|re` value of the pack, with the flags the linter analyses it under. */
function packPatterns(dir: string): { pattern: string; flags: string }[] {
  const out: { pattern: string; flags: string }[] = [];
  for (const file of ruleFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    for (const rule of parseRuleText(file, text).rules) {
      for (const use of regexUses(rule, text)) out.push({ pattern: use.pattern, flags: use.flags });
    }
  }
  return out;
}

function timePass(regex: typeof RegexModule, patterns: { pattern: string; flags: string }[]): Timing[] {
  const timings: Timing[] = [];
  for (const { pattern, flags } of patterns) {
    const ms: Record<Phase, number> = { parse: 0, backtracking: 0, portable: 0, literals: 0 };
    const cpuStart = process.cpuUsage();
    let start = performance.now();
    const parsed = regex.parseRegex(pattern, flags);
    ms.parse = performance.now() - start;
    if (parsed.ast) {
      const ast = parsed.ast;
      const phases: [Phase, () => unknown][] = [
        ['backtracking', () => regex.findSuperLinearBacktracking(ast)],
        ['portable', () => regex.checkPortable(ast)],
        ['literals', () => regex.requiredLiterals(ast)],
      ];
      for (const [phase, run] of phases) {
        start = performance.now();
        run();
        ms[phase] = performance.now() - start;
      }
    }
    const used = process.cpuUsage(cpuStart);
    const cpu = (used.user + used.system) / 1000;
    timings.push({ pattern, flags, ms, total: PHASES.reduce((sum, phase) => sum + ms[phase], 0), cpu });
  }
  return timings;
}

/** Milliseconds the main thread has spent on a CPU (Linux; counted at scheduler ticks, so for whole passes only), else the process's. */
function cpuMs(): number {
  const schedstat = '/proc/thread-self/schedstat';
  if (existsSync(schedstat)) return Number(readFileSync(schedstat, 'utf8').split(' ')[0]) / 1e6;
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

function report(label: string, timings: Timing[], cpu: number, top: number): void {
  const sum = (phase: Phase): number => timings.reduce((total, t) => total + t.ms[phase], 0);
  const total = timings.reduce((all, t) => all + t.total, 0);
  const phases = PHASES.map((phase) => `${phase} ${sum(phase).toFixed(1)}`).join(', ');
  console.log(`${label}: CPU ${cpu.toFixed(1)} ms; wall ${total.toFixed(1)} ms (${(total / timings.length).toFixed(2)} per pattern; ${phases})`);
  for (const t of [...timings].sort((a, b) => b.cpu - a.cpu).slice(0, top)) {
    const parts = PHASES.map((phase) => t.ms[phase].toFixed(1)).join('/');
    const shown = t.pattern.length > 60 ? `${t.pattern.slice(0, 59)}…` : t.pattern;
    console.log(`  CPU ${t.cpu.toFixed(2).padStart(6)} ms, wall ${t.total.toFixed(1).padStart(6)} ms [${parts}]  /${shown}/${t.flags}`);
  }
}

async function main(): Promise<void> {
  const modulePath = resolve(option('--module') ?? join(ROOT, 'src/core/regex/index.ts'));
  const regex = (await import(pathToFileURL(modulePath).href)) as typeof RegexModule;
  const patterns = packPatterns(resolve(option('--rules') ?? join(ROOT, 'rules')));
  const top = Number(option('--top') ?? 5);
  const unique = new Set(patterns.map((p) => `${p.flags}/${p.pattern}`)).size;
  console.log(`${patterns.length} patterns (${unique} distinct), load average ${loadavg()[0]!.toFixed(1)}; wall ms per phase [parse/backtracking/portable/literals]`);
  let start = cpuMs();
  report('cold', timePass(regex, patterns), cpuMs() - start, top);
  // Warm figures take each pattern's best of several passes, so that a collection or a compiler
  // thread that happens to run during one pattern does not make it the slowest.
  const runs = Math.max(1, Number(option('--warm-runs') ?? 3));
  let best: Timing[] = [];
  let bestCpu = Infinity;
  for (let run = 0; run < runs; run++) {
    start = cpuMs();
    const timings = timePass(regex, patterns);
    bestCpu = Math.min(bestCpu, cpuMs() - start);
    best = run === 0 ? timings : best.map((b, i) => bestOf(b, timings[i]!));
  }
  report(`warm (best of ${runs})`, best, bestCpu, top);
}

function bestOf(a: Timing, b: Timing): Timing {
  const ms = Object.fromEntries(PHASES.map((phase) => [phase, Math.min(a.ms[phase], b.ms[phase])])) as Record<Phase, number>;
  return { ...a, ms, total: PHASES.reduce((sum, phase) => sum + ms[phase], 0), cpu: Math.min(a.cpu, b.cpu) };
}

void main();
