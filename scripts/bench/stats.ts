// `npm run bench:stats`: how long `promptsift stats` takes on a realistic log set of about 200 000
// records, and how much memory it holds.
//
// The log set is the evaluation generator's (scripts/eval: the same world, the same four gateway
// shapes, 4 JSONL files and 1 CSV, seed 200 at scale 2.25: 195 787 records, 143 MB), written to a
// temporary directory, or an existing directory given with --dir. The CLI is bundled from the
// current sources into a temporary directory (dist/ is left alone), or given with --cli, and run
// as a user runs it: `node cli.js stats <dir> --rules rules --format json`, in a child process
// under /usr/bin/time when it is there. Prints, per run and as medians: wall seconds, CPU seconds
// (user + system, every thread), records per second of wall time, peak RSS and the load average.
// The machine may be shared: CPU seconds move much less with the load than wall seconds do.
//
//   npm run bench:stats
//   npm run bench:stats -- --runs 5
//   npm run bench:stats -- --dir /tmp/eval200 --cli dist/cli.js
//   npm run bench:stats -- --scale 4.5                 about 400 000 records

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Random } from '../eval/random';
import { buildWorld } from '../eval/world';
import { writeLogs } from '../eval/write';

const ROOT = resolve(__dirname, '../..');
const TIME = '/usr/bin/time';
const TIME_FORMAT = 'promptsift-bench-time %U %S %M';

interface Run {
  seconds: number;
  cpu?: number;
  rssMb?: number;
  records: number;
  load: number;
}

/** Writes the evaluation generator's logs (as scripts/eval/generate.ts does, truth aside) into `out`. */
function generate(out: string, seed: number, scale: number, days: number): number {
  const baseline = readFileSync(join(ROOT, 'rules/baseline/benign-prompts.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { prompt: string }).prompt);
  const random = new Random(seed);
  const world = buildWorld({ random, baseline, days, scale });
  mkdirSync(out, { recursive: true });
  for (const file of writeLogs(world.requests, random)) writeFileSync(join(out, file.name), file.text, 'utf8');
  return world.requests.length;
}

/** Bundles the CLI from the current sources into `out`, as scripts/build.mjs does. */
function bundle(out: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  esbuild.buildSync({ entryPoints: { cli: 'src/cli/main.ts' }, absWorkingDir: ROOT, outdir: out, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error' });
  return join(out, 'cli.js');
}

function runOnce(cli: string, dir: string): Run {
  const args = [cli, 'stats', dir, '--rules', join(ROOT, 'rules'), '--format', 'json'];
  const hasTime = existsSync(TIME);
  const load = loadavg()[0] as number;
  const started = performance.now();
  const result = hasTime
    ? spawnSync(TIME, ['-f', TIME_FORMAT, process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024, cwd: ROOT })
    : spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024, cwd: ROOT });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`stats failed (${result.status}): ${result.stderr}`);
  const records = (JSON.parse(result.stdout) as { records: number }).records;
  const run: Run = { seconds, records, load };
  const usage = /promptsift-bench-time ([\d.]+) ([\d.]+) (\d+)/.exec(result.stderr);
  if (usage) {
    run.cpu = Number(usage[1]) + Number(usage[2]);
    run.rssMb = Number(usage[3]) / 1024;
  }
  return run;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function describe(run: Run): string {
  const cpu = run.cpu === undefined ? '' : `  CPU ${run.cpu.toFixed(2)} s`;
  const rss = run.rssMb === undefined ? '' : `  peak RSS ${run.rssMb.toFixed(0)} MB`;
  return `wall ${run.seconds.toFixed(2)} s${cpu}  ${Math.round(run.records / run.seconds)} records/s${rss}  (load ${run.load.toFixed(2)})`;
}

const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    cli: { type: 'string' },
    runs: { type: 'string', default: '3' },
    seed: { type: 'string', default: '200' },
    scale: { type: 'string', default: '2.25' },
    days: { type: 'string', default: '7' },
  },
});
const runs = Math.max(1, Number(values.runs) || 3);
const scratch = mkdtempSync(join(tmpdir(), 'promptsift-bench-stats-'));
try {
  let dir = values.dir === undefined ? undefined : resolve(values.dir);
  if (dir === undefined) {
    dir = join(scratch, 'logs');
    const started = performance.now();
    const records = generate(dir, Number(values.seed), Number(values.scale), Number(values.days));
    console.log(`generated ${records} records (seed ${values.seed}, scale ${values.scale}) in ${((performance.now() - started) / 1000).toFixed(1)} s → ${dir}`);
  }
  const cli = values.cli === undefined ? bundle(join(scratch, 'dist')) : resolve(values.cli);
  console.log(`promptsift stats ${dir} --rules rules --format json  (${cli}; ${cpus().length} cores, load ${loadavg().map((n) => n.toFixed(2)).join(' ')})`);
  const all: Run[] = [];
  for (let run = 1; run <= runs; run++) {
    const result = runOnce(cli, dir);
    all.push(result);
    console.log(`  run ${run}: ${describe(result)}`);
  }
  const records = (all[0] as Run).records;
  const wall = median(all.map((run) => run.seconds));
  const cpuRuns = all.flatMap((run) => (run.cpu === undefined ? [] : [run.cpu]));
  const rssRuns = all.flatMap((run) => (run.rssMb === undefined ? [] : [run.rssMb]));
  console.log(`median of ${runs}: ${records} records, wall ${wall.toFixed(2)} s (best ${Math.min(...all.map((run) => run.seconds)).toFixed(2)} s), ${Math.round(records / wall)} records/s` +
    (cpuRuns.length > 0 ? `, CPU ${median(cpuRuns).toFixed(2)} s` : '') +
    (rssRuns.length > 0 ? `, peak RSS ${median(rssRuns).toFixed(0)} MB (max ${Math.max(...rssRuns).toFixed(0)} MB)` : ''));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
