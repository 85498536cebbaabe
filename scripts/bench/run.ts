// `npm run bench`: builds the CLI, writes the deterministic benchmark log (bench/data, git-ignored),
// then runs `rg -c -i -f patterns.txt` and `promptsift scan --format json` on it alternately (the
// order swapped every run, so that a drift in the machine's load favours neither), and prints, per
// run and as medians: wall seconds, CPU seconds (user + system, all threads), the load average,
// the paired ratios rg / promptsift for wall time and for CPU time (1.0 or more: promptsift is at
// least as fast), promptsift's start-up (a one-line log), peak RSS, and whether both tools flag
// the same lines. On a shared machine wall-clock ratios move with the load; CPU ratios much less.
//
//   npm run bench                                   1 GB, 5 paired runs
//   npm run bench -- --size 200m --runs 3
//   npm run bench -- --baseline /path/to/dist/cli.js    also time another build, paired the same way
//   npm run bench -- --prefilter                    per-core MB/s of the prefilter alone, in process
//   npm run bench -- --size 5g --memory-only        one scan of 5 GB, peak RSS only
//
// Scans keep their rule cache in bench/data/cache; one scan of a one-line log fills it before the
// timed runs (as any earlier scan of the pack would), and start-up is also timed without it.

import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { prepareBenchData } from './generate';

const ROOT = resolve(__dirname, '../..');
const DATA = join(ROOT, 'bench/data');

interface Options {
  bytes: number;
  label: string;
  runs: number;
  isMemoryOnly: boolean;
  isPrefilterOnly: boolean;
  workers?: string;
  baseline?: string;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (name: string): string | undefined => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const label = (value('--size') ?? '1g').toLowerCase();
  const match = /^(\d+(?:\.\d+)?)([mg])$/.exec(label);
  if (!match) throw new Error(`--size must look like 200m or 1g, not ${label}`);
  const bytes = Number(match[1]) * (match[2] === 'g' ? 1e9 : 1e6);
  const baseline = value('--baseline');
  return {
    bytes,
    label,
    runs: Number(value('--runs') ?? 5),
    isMemoryOnly: argv.includes('--memory-only'),
    isPrefilterOnly: argv.includes('--prefilter'),
    workers: value('--workers'),
    baseline: baseline === undefined ? undefined : resolve(baseline),
  };
}

/** Debian's `rg`, else the binary of @vscode/ripgrep when it is installed. */
function findRipgrep(): string | undefined {
  const found = spawnSync('rg', ['--version'], { encoding: 'utf8' });
  if (found.status === 0) return 'rg';
  const bundled = join(ROOT, 'node_modules/@vscode/ripgrep/bin/rg');
  return existsSync(bundled) ? bundled : undefined;
}

interface Timed {
  seconds: number;
  /** User + system CPU seconds of the child (all its threads), when /usr/bin/time is there. */
  cpu?: number;
  rssMb?: number;
  /** The one-minute load average when the run started. */
  load: number;
  stdout: string;
  stderr: string;
  status: number | null;
}

const TIME = '/usr/bin/time';
const TIME_FORMAT = 'promptsift-bench-time %U %S %M';

/** Runs a command, under /usr/bin/time when it exists, for its CPU time and peak RSS. */
function timed(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Timed {
  const hasTime = existsSync(TIME);
  const load = loadavg()[0] as number;
  const started = performance.now();
  const result = hasTime
    ? spawnSync(TIME, ['-f', TIME_FORMAT, command, ...args], { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024, cwd: ROOT, env })
    : spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024, cwd: ROOT, env });
  const seconds = (performance.now() - started) / 1000;
  const usage = /promptsift-bench-time ([\d.]+) ([\d.]+) (\d+)/.exec(result.stderr);
  const timedResult: Timed = { seconds, load, stdout: result.stdout, stderr: result.stderr, status: result.status };
  if (usage) {
    timedResult.cpu = Number(usage[1]) + Number(usage[2]);
    timedResult.rssMb = Number(usage[3]) / 1024;
  }
  return timedResult;
}

/**
 * The scans' cache of parsed rules (src/runtime/scan-cache.ts) lives beside the data; `off` for
 * scans that must parse and analyse the rules themselves.
 */
const CACHE = join(DATA, 'cache');

/** Runs a scan with `cli` (peak RSS is the whole process's, worker threads included). */
function runScan(cli: string, log: string, rules: string, out: string, options: Options, cache = CACHE): Timed & { summary: Record<string, number> } {
  const args = [cli, 'scan', '--rules', rules, '--format', 'json', '--fail-on', 'never', '-o', out];
  if (options.workers) args.push('--workers', options.workers);
  args.push(log);
  const result = timed(process.execPath, args, { ...process.env, PROMPTSIFT_CACHE_DIR: cache });
  if (result.status !== 0) throw new Error(`promptsift scan failed (${result.status}): ${result.stderr}`);
  const summary = (JSON.parse(readFileSync(out, 'utf8')) as { summary: Record<string, number> }).summary;
  return { ...result, summary };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** "median [min–max]" of values, with `digits` decimals. */
function spread(values: readonly number[], digits = 2): string {
  if (values.length === 0) return '?';
  return `${median(values).toFixed(digits)} [${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}]`;
}

function load(): string {
  return loadavg().map((n) => n.toFixed(2)).join(' ');
}

/** What each timed tool collected over the runs. */
interface Series {
  name: string;
  wall: number[];
  cpu: number[];
  load: number[];
  rss: number[];
}

const newSeries = (name: string): Series => ({ name, wall: [], cpu: [], load: [], rss: [] });

function record(series: Series, result: Timed): void {
  series.wall.push(result.seconds);
  if (result.cpu !== undefined) series.cpu.push(result.cpu);
  if (result.rssMb !== undefined) series.rss.push(result.rssMb);
  series.load.push(result.load);
}

/** Paired ratios a / b, run by run. */
function ratios(a: readonly number[], b: readonly number[]): number[] {
  return a.slice(0, b.length).map((value, i) => value / (b[i] as number));
}

/** Scans a one-line log `runs` times: start-up and shutdown with nothing to scan (`cache`: see CACHE). */
function measureStartup(cli: string, source: string, rules: string, runs: number, cache = CACHE): Series {
  const log = oneLineLog(source);
  const series = newSeries('start-up');
  for (let run = 0; run < runs; run++) record(series, runScan(cli, log, rules, join(DATA, 'one-line-output.json'), { runs } as Options, cache));
  return series;
}

/** A log of the first line of `source`. */
function oneLineLog(source: string): string {
  const log = join(DATA, 'one-line.jsonl');
  const head = new Uint8Array(64 * 1024);
  const fd = openSync(source, 'r');
  const read = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  const firstLine = head.subarray(0, read).indexOf(10);
  writeFileSync(log, head.subarray(0, firstLine + 1));
  return log;
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  console.log('building dist/cli.js and dist/scan-worker.js');
  if (spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' }).status !== 0) process.exit(1);
  const data = prepareBenchData(DATA, options.bytes, `prompts-${options.label}.jsonl`);
  const size = statSync(data.log).size;
  const mb = size / 1e6;
  const out = join(DATA, 'scan-output.json');
  const cli = join(ROOT, 'dist/cli.js');
  const rules = join(DATA, 'rules');
  console.log(`log: ${data.log} (${mb.toFixed(1)} MB); load average before: ${load()} (2-core machine; other work may run in parallel)`);
  if (options.isPrefilterOnly) {
    measurePrefilter(data.log, rules, options.runs);
    return;
  }
  if (options.isMemoryOnly) {
    const scan = runScan(cli, data.log, rules, out, options);
    console.log(`promptsift scan: ${scan.seconds.toFixed(2)} s, ${(mb / scan.seconds).toFixed(0)} MB/s, CPU ${scan.cpu?.toFixed(2) ?? '?'} s, peak RSS ${scan.rssMb?.toFixed(0) ?? '?'} MB`);
    console.log(`records ${scan.summary.records}, findings ${scan.summary.findings}, flagged records ${scan.summary.flaggedRecords}; load average after: ${load()}`);
    return;
  }
  // As after any earlier scan of this pack with this build: the rule cache holds it.
  runScan(cli, oneLineLog(data.log), rules, join(DATA, 'one-line-output.json'), options);
  const rg = findRipgrep();
  if (!rg) console.log('ripgrep not found (apt-get install ripgrep, or npm install @vscode/ripgrep): timing promptsift only');
  const rgSeries = newSeries('rg');
  const scanSeries = newSeries('promptsift');
  const baseSeries = newSeries('baseline');
  let rgCount: number | undefined;
  let summary: Record<string, number> = {};
  for (let run = 0; run < options.runs; run++) {
    const steps: (() => void)[] = [
      () => {
        if (!rg) return;
        const result = timed(rg, ['-c', '-i', '-f', data.patterns, data.log]);
        record(rgSeries, result);
        rgCount = Number(result.stdout.trim() || '0');
      },
      () => {
        const scan = runScan(cli, data.log, rules, out, options);
        record(scanSeries, scan);
        summary = scan.summary;
      },
      () => {
        if (options.baseline) record(baseSeries, runScan(options.baseline, data.log, rules, join(DATA, 'baseline-output.json'), options));
      },
    ];
    // Every other run goes the other way round.
    for (const step of run % 2 === 0 ? steps : [...steps].reverse()) step();
    const at = scanSeries.wall.length - 1;
    const parts = [`promptsift ${scanSeries.wall[at]?.toFixed(2)} s (CPU ${scanSeries.cpu[at]?.toFixed(2) ?? '?'})`];
    if (rg) parts.unshift(`rg ${rgSeries.wall[at]?.toFixed(2)} s (CPU ${rgSeries.cpu[at]?.toFixed(2) ?? '?'})`);
    if (options.baseline) parts.push(`baseline ${baseSeries.wall[at]?.toFixed(2)} s (CPU ${baseSeries.cpu[at]?.toFixed(2) ?? '?'})`);
    if (rg) parts.push(`ratio wall ${((rgSeries.wall[at] as number) / (scanSeries.wall[at] as number)).toFixed(2)}, CPU ${rgSeries.cpu.length ? ((rgSeries.cpu[at] as number) / (scanSeries.cpu[at] as number)).toFixed(2) : '?'}`);
    console.log(`run ${run + 1}: ${parts.join(', ')}; load ${load()}`);
  }
  const startup = measureStartup(cli, data.log, rules, Math.max(3, options.runs));
  const uncached = measureStartup(cli, data.log, rules, Math.max(3, options.runs), 'off');
  console.log('');
  const line = (series: Series): void => {
    if (series.wall.length === 0) return;
    const wall = median(series.wall);
    console.log(`${series.name.padEnd(11)} wall ${spread(series.wall)} s (${(mb / wall).toFixed(0)} MB/s), CPU ${spread(series.cpu)} s${series.rss.length ? `, peak RSS ${median(series.rss).toFixed(0)} MB` : ''}; load ${spread(series.load, 1)}`);
  };
  line(rgSeries);
  line(scanSeries);
  line(baseSeries);
  console.log(`start-up    (one-line log) wall ${spread(startup.wall)} s, CPU ${spread(startup.cpu)} s; load ${spread(startup.load, 1)}`);
  console.log(`start-up, no rule cache    wall ${spread(uncached.wall)} s, CPU ${spread(uncached.cpu)} s; load ${spread(uncached.load, 1)}`);
  if (rgSeries.wall.length > 0) {
    console.log(`ratio rg / promptsift, paired runs: wall ${spread(ratios(rgSeries.wall, scanSeries.wall))}, CPU ${spread(ratios(rgSeries.cpu, scanSeries.cpu))}`);
    if (options.baseline) console.log(`ratio rg / baseline, paired runs:   wall ${spread(ratios(rgSeries.wall, baseSeries.wall))}, CPU ${spread(ratios(rgSeries.cpu, baseSeries.cpu))}`);
  }
  console.log(`records ${summary.records}, parsed in full ${summary.parsed}, findings ${summary.findings}, malformed ${summary.malformed}`);
  if (rgCount !== undefined) {
    const same = rgCount === summary.flaggedRecords;
    console.log(`lines flagged: rg ${rgCount}, promptsift ${summary.flaggedRecords} ${same ? '(same)' : '(DIFFERENT: see docs/scanning.md on what each tool matches)'}`);
  }
  console.log(`load average after: ${load()}`);
}

/**
 * The prefilter alone: the chunk scanner over the log in 1 MiB reads, with the fast pass
 * (WebAssembly) and with the exact pass alone (JavaScript), handing lines to no one. It runs as
 * a bundle like the CLI's (built here with esbuild), in a child process whose CPU seconds are one
 * scanning thread plus V8's helper threads.
 */
const PREFILTER_PROGRAM = `
import { openSync, readFileSync, readSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { parseRuleText } from './src/core/rules/load';
import { planScan } from './src/core/scan/index';
import { ChunkScanner } from './src/core/scan/chunk-scanner';
const [log, file, mode] = process.argv.slice(2);
const plan = planScan([parseRuleText(file, readFileSync(file, 'utf8'), { isSchemaValidated: false })], { hasLinearFallback: true });
const buffer = new Uint8Array(1 << 20);
let handed = 0;
const scanner = new ChunkScanner({
  prefilter: plan.prefilter, fastPass: plan.fastPass, shape: 'json', readEveryLine: false, maxLineBytes: 16 << 20,
  sink: { line: () => void handed++, tooLong: () => undefined }, isUtf8: (bytes) => isUtf8(bytes), isFast: mode === 'fast',
});
// As the scan worker does: read into the scanner's own region where it has one.
const into = scanner.readRegion() ?? buffer;
const fd = openSync(log, 'r');
const before = process.cpuUsage();
let bytes = 0;
for (;;) {
  const read = readSync(fd, into, 0, into.length, bytes);
  if (read <= 0) break;
  scanner.push(into.subarray(0, read));
  bytes += read;
}
scanner.end();
const used = process.cpuUsage(before);
console.log(JSON.stringify({ bytes, cpu: (used.user + used.system) / 1e6, handed }));
`;

function measurePrefilter(log: string, rulesDirectory: string, runs: number): void {
  const program = join(DATA, 'prefilter-bench.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  esbuild.buildSync({ stdin: { contents: PREFILTER_PROGRAM, resolveDir: ROOT, loader: 'ts' }, bundle: true, platform: 'node', format: 'cjs', outfile: program, logLevel: 'error' });
  const speeds: Record<string, number[]> = { fast: [], exact: [] };
  for (let run = 0; run < runs; run++) {
    for (const mode of ['fast', 'exact']) {
      const started = performance.now();
      const result = spawnSync(process.execPath, [program, log, join(rulesDirectory, 'bench-pack.yml'), mode], { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`prefilter bench failed: ${result.stderr}`);
      const { bytes, cpu, handed } = JSON.parse(result.stdout) as { bytes: number; cpu: number; handed: number };
      (speeds[mode] as number[]).push(bytes / 1e6 / cpu);
      console.log(`${mode}: ${(bytes / 1e6 / cpu).toFixed(0)} MB/s per core (CPU ${cpu.toFixed(2)} s, wall ${((performance.now() - started) / 1000).toFixed(2)} s incl. start-up), lines handed on ${handed}; load ${load()}`);
    }
  }
  console.log(`\nfast pass (WebAssembly) with the exact pass around hits: ${spread(speeds.fast as number[], 0)} MB/s per core`);
  console.log(`exact pass alone (JavaScript):                           ${spread(speeds.exact as number[], 0)} MB/s per core`);
}

main();
