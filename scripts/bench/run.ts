// `npm run bench`: builds the CLI, writes the deterministic benchmark log (bench/data, git-ignored),
// then runs `rg -c -i -f patterns.txt` and `promptsift scan --format json` on it alternately,
// and prints medians, MB/s, the paired ratio (rg time / promptsift time: 1.0 or more means
// promptsift is at least as fast), promptsift's peak RSS, and whether both flag the same lines.
//
//   npm run bench                               1 GB, 5 runs each
//   npm run bench -- --size 200m --runs 3
//   npm run bench -- --size 5g --memory-only    one scan of 5 GB, peak RSS only

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
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
  workers?: string;
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
  return { bytes, label, runs: Number(value('--runs') ?? 5), isMemoryOnly: argv.includes('--memory-only'), workers: value('--workers') };
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
  /** User + system CPU seconds of the child, when /usr/bin/time is there. */
  cpu?: number;
  rssMb?: number;
  stdout: string;
  stderr: string;
  status: number | null;
}

const TIME = '/usr/bin/time';
const TIME_FORMAT = 'promptsift-bench-time %U %S %M';

/** Runs a command, under /usr/bin/time when it exists, for its CPU time and peak RSS. */
function timed(command: string, args: readonly string[]): Timed {
  const hasTime = existsSync(TIME);
  const started = performance.now();
  const result = hasTime
    ? spawnSync(TIME, ['-f', TIME_FORMAT, command, ...args], { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024, cwd: ROOT })
    : spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024, cwd: ROOT });
  const seconds = (performance.now() - started) / 1000;
  const usage = /promptsift-bench-time ([\d.]+) ([\d.]+) (\d+)/.exec(result.stderr);
  const timedResult: Timed = { seconds, stdout: result.stdout, stderr: result.stderr, status: result.status };
  if (usage) {
    timedResult.cpu = Number(usage[1]) + Number(usage[2]);
    timedResult.rssMb = Number(usage[3]) / 1024;
  }
  return timedResult;
}

/** Runs the scan (peak RSS is the whole process's, worker threads included). */
function runScan(log: string, rules: string, out: string, options: Options): Timed & { summary: Record<string, number> } {
  const args = [join(ROOT, 'dist/cli.js'), 'scan', '--rules', rules, '--format', 'json', '--fail-on', 'never', '-o', out];
  if (options.workers) args.push('--workers', options.workers);
  args.push(log);
  const result = timed(process.execPath, args);
  if (result.status !== 0) throw new Error(`promptsift scan failed (${result.status}): ${result.stderr}`);
  const summary = (JSON.parse(readFileSync(out, 'utf8')) as { summary: Record<string, number> }).summary;
  return { ...result, summary };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function load(): string {
  return loadavg().map((n) => n.toFixed(2)).join(' ');
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  console.log('building dist/cli.js and dist/scan-worker.js');
  if (spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' }).status !== 0) process.exit(1);
  const data = prepareBenchData(DATA, options.bytes, `prompts-${options.label}.jsonl`);
  const size = statSync(data.log).size;
  const mb = size / 1e6;
  const out = join(DATA, 'scan-output.json');
  console.log(`log: ${data.log} (${mb.toFixed(1)} MB); load average before: ${load()}`);
  if (options.isMemoryOnly) {
    const scan = runScan(data.log, join(DATA, 'rules'), out, options);
    console.log(`promptsift scan: ${scan.seconds.toFixed(2)} s, ${(mb / scan.seconds).toFixed(0)} MB/s, peak RSS ${scan.rssMb?.toFixed(0) ?? '?'} MB`);
    console.log(`records ${scan.summary.records}, findings ${scan.summary.findings}, flagged records ${scan.summary.flaggedRecords}; load average after: ${load()}`);
    return;
  }
  const rg = findRipgrep();
  if (!rg) console.log('ripgrep not found (apt-get install ripgrep, or npm install @vscode/ripgrep): timing promptsift only');
  const rgTimes: number[] = [];
  const scanTimes: number[] = [];
  const ratios: number[] = [];
  const rgCpu: number[] = [];
  const scanCpu: number[] = [];
  const rss: number[] = [];
  let rgCount: number | undefined;
  let summary: Record<string, number> = {};
  for (let run = 0; run < options.runs; run++) {
    let rgSeconds: number | undefined;
    if (rg) {
      const result = timed(rg, ['-c', '-i', '-f', data.patterns, data.log]);
      rgSeconds = result.seconds;
      rgTimes.push(result.seconds);
      if (result.cpu !== undefined) rgCpu.push(result.cpu);
      rgCount = Number(result.stdout.trim() || '0');
    }
    const scan = runScan(data.log, join(DATA, 'rules'), out, options);
    scanTimes.push(scan.seconds);
    if (scan.cpu !== undefined) scanCpu.push(scan.cpu);
    if (scan.rssMb !== undefined) rss.push(scan.rssMb);
    summary = scan.summary;
    if (rgSeconds !== undefined) ratios.push(rgSeconds / scan.seconds);
    const rgText = rgSeconds === undefined ? '' : `rg ${rgSeconds.toFixed(2)} s, `;
    const cpu = scan.cpu === undefined ? '' : ` (CPU: rg ${rgCpu[rgCpu.length - 1]?.toFixed(2) ?? '?'} s, promptsift ${scan.cpu.toFixed(2)} s)`;
    console.log(`run ${run + 1}: ${rgText}promptsift ${scan.seconds.toFixed(2)} s${rgSeconds === undefined ? '' : `, ratio ${(rgSeconds / scan.seconds).toFixed(2)}`}${cpu}; load ${load()}`);
  }
  const scanMedian = median(scanTimes);
  console.log('');
  if (rg) {
    const rgMedian = median(rgTimes);
    console.log(`ripgrep  (${rg} -c -i -f patterns.txt): median ${rgMedian.toFixed(2)} s, ${(mb / rgMedian).toFixed(0)} MB/s`);
  }
  console.log(`promptsift scan --format json:          median ${scanMedian.toFixed(2)} s, ${(mb / scanMedian).toFixed(0)} MB/s, peak RSS ${rss.length ? median(rss).toFixed(0) : '?'} MB`);
  if (ratios.length > 0) console.log(`ratio (rg time / promptsift time, median of paired runs): ${median(ratios).toFixed(2)}`);
  if (rgCpu.length > 0 && scanCpu.length > 0) {
    console.log(`CPU seconds (user + system, medians): rg ${median(rgCpu).toFixed(2)}, promptsift ${median(scanCpu).toFixed(2)} (both worker threads and the main thread)`);
  }
  console.log(`records ${summary.records}, parsed in full ${summary.parsed}, findings ${summary.findings}, malformed ${summary.malformed}`);
  if (rgCount !== undefined) {
    const same = rgCount === summary.flaggedRecords;
    console.log(`lines flagged: rg ${rgCount}, promptsift ${summary.flaggedRecords} ${same ? '(same)' : '(DIFFERENT: see docs/scanning.md on what each tool matches)'}`);
  }
  console.log(`load average after: ${load()} (2-core machine; other work may run in parallel)`);
}

main();
