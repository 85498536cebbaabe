// The editor's log path measured outside VS Code: the real log-scan worker thread, the bundled rule
// pack (rules/) and a deterministic 50 MB log (bench/data, git-ignored). What VS Code adds (syncing
// the document to the extension host, setDecorations, the hover round trip) is measured inside a
// real VS Code by editor-vscode.ts. Prints figures; asserts nothing about time.
//
//   npx tsx scripts/bench/editor-core.ts [--size 50m] [--hovers 10000]
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as esbuild from 'esbuild';
import { LEVELS, type RuleFile, type SourceText } from '../../src/core/model';
import { parsePackConfig } from '../../src/core/pack/config';
import { parseRuleText } from '../../src/core/rules/load';
import { ruleKey } from '../../src/core/scan/index';
import { lineStarts, toLineColumn } from '../../src/core/text';
import { DocumentFindings } from '../../src/extension/findings-store';
import { findingHoverParts } from '../../src/extension/hover-content';
import { LogScanWorker, type ScanHandlers } from '../../src/extension/log-scan-client';
import type { LogFinding } from '../../src/extension/log-scan-protocol';
import { ruleFileMatcher } from '../../src/extension/pack-globs';
import { writeEditorBenchLog } from './editor-data';

const ROOT = join(__dirname, '..', '..');
const DATA = join(ROOT, 'bench', 'data');
const PACK = 'rules';
/** What a 1440×900 window shows: the first window; then as many again above and below. */
const SCREEN_LINES = 40;
const MARGIN_WINDOW_LINES = 3 * SCREEN_LINES;
const CAP = 2000;

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

function packRules(): SourceText[] {
  const root = join(ROOT, PACK);
  const config = parsePackConfig(readFileSync(join(root, 'promptsift.yaml'), 'utf8')).value;
  if (!config) throw new Error('rules/promptsift.yaml does not parse');
  const isRule = ruleFileMatcher(config.rules, config.exclude);
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
  return walk(root)
    .map((path) => relative(root, path).split('\\').join('/'))
    .filter(isRule)
    .sort()
    .map((name) => ({ name, text: readFileSync(join(root, name), 'utf8') }));
}

const ms = (start: number, end = performance.now()) => `${(end - start).toFixed(0)} ms`;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

/** Resolves with the first window's findings; the scan goes on. */
function firstWindow(worker: LogScanWorker, request: Parameters<LogScanWorker['scan']>[0], handlers: ScanHandlers = {}) {
  let resolveWindow: (value: { from: number; to: number; findings: LogFinding[] }) => void = () => undefined;
  const window = new Promise<{ from: number; to: number; findings: LogFinding[] }>((resolve) => (resolveWindow = resolve));
  const handle = worker.scan(request, { ...handlers, onWindow: (from, to, findings) => resolveWindow({ from, to, findings }) });
  return { window, handle };
}

/** The decoration ranges the extension would set: picked around the middle of the screen, as tuples. */
function decorationRanges(findings: DocumentFindings, centerLine: number): number {
  let count = 0;
  for (const finding of findings.around(centerLine, CAP)) {
    if ([finding.startLine - 1, finding.column - 1, finding.endLine - 1, finding.endColumn - 1].every((n) => n >= 0)) count++;
  }
  return count;
}

async function main(): Promise<void> {
  const label = option('--size', '50m');
  const bytes = Number.parseFloat(label) * (label.endsWith('g') ? 1e9 : 1e6);
  const hovers = Number(option('--hovers', '10000'));
  mkdirSync(DATA, { recursive: true });
  const log = join(DATA, `editor-${label}.jsonl`);
  const lineCount = writeEditorBenchLog(log, bytes);
  // The extension host holds the document's text anyway; the benchmark holds it for the windows.
  const text = readFileSync(log, 'utf8');
  const starts = lineStarts(text);
  const workerPath = join(DATA, 'log-scan-worker.js');
  await esbuild.build({ absWorkingDir: ROOT, entryPoints: ['src/extension/log-scan-worker.ts'], outfile: workerPath, bundle: true, platform: 'node', format: 'cjs', logLevel: 'error' });
  const rules = packRules();
  console.log(`editor benchmark: ${(statSync(log).size / 1e6).toFixed(1)} MB, ${lineCount} lines, ${rules.length} rule files of ${PACK}/, minimum level low, cap ${CAP}`);

  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  let planMs = NaN;
  const worker = new LogScanWorker(workerPath, { onPlanned: (_pack, _rules, _notices, took) => (planMs = took) });
  const windowOf = (first: number, count = MARGIN_WINDOW_LINES) => {
    const end = starts[first - 1 + count];
    return { firstLine: first, text: text.slice(starts[first - 1], end === undefined ? text.length : end - 1) };
  };
  try {
    // Cold: the first log opened right after the extension started (worker start, parse, analysis).
    worker.setRules(PACK, rules, undefined, 'low');
    let started = performance.now();
    const cold = firstWindow(worker, { packs: [PACK], format: 'jsonl', windows: [windowOf(1)] });
    await cold.window;
    await cold.handle.done;
    console.log(`cold plan + first window:      ${ms(started)} (the plan alone ${planMs.toFixed(0)} ms, built once per rule change)`);

    // Warm, unmodified document: the worker reads the file; the lines on screen come first.
    started = performance.now();
    const findings = new DocumentFindings(1);
    const open = firstWindow(worker, { packs: [PACK], source: { path: log }, format: 'jsonl', windows: [windowOf(1, SCREEN_LINES), windowOf(1)] }, {
      onBatch: (batch) => findings.addBatch(batch.findings, batch.problems, batch.lines),
    });
    const first = await open.window;
    findings.addWindow(first.from, first.to, first.findings);
    const decorated = decorationRanges(findings, SCREEN_LINES / 2);
    console.log(`open 50 MB, to decorations:    ${ms(started)} (lines ${first.from}-${first.to}: ${first.findings.length} findings, ${decorated} ranges)`);

    const middle = Math.floor(lineCount / 2);
    const scrolled = performance.now();
    const scroll = firstWindow(worker, { packs: [PACK], format: 'jsonl', windows: [windowOf(middle, SCREEN_LINES)] });
    const far = await scroll.window;
    console.log(`scroll to line ${middle}:        ${ms(scrolled)} while the full scan runs (${far.findings.length} findings)`);

    const outcome = await open.handle.done;
    findings.finish(outcome.counts, outcome.isCancelled);
    const fullSeconds = (performance.now() - started) / 1000;
    const counts = LEVELS.filter((level) => findings.counts[level] > 0).map((level) => `${findings.counts[level]} ${level}`).join(', ');
    console.log(`full scan:                     ${fullSeconds.toFixed(1)} s, ${(bytes / 1e6 / fullSeconds).toFixed(1)} MB/s (${counts}; ${outcome.counts.parsed} of ${outcome.counts.records} records parsed)`);

    const repick = performance.now();
    const ranges = decorationRanges(findings, middle);
    console.log(`pick decorations (all found):  ${ms(repick)} for ${ranges} of ${findings.available} findings`);

    // Edited document: the text crosses to the worker; only the lines on screen are timed.
    started = performance.now();
    const edited = firstWindow(worker, { packs: [PACK], source: { text }, format: 'jsonl', windows: [windowOf(1, SCREEN_LINES), windowOf(1)] });
    await edited.window;
    console.log(`edited 50 MB, to decorations:  ${ms(started)} (the text is copied to the worker first)`);
    edited.handle.cancel();
    await edited.handle.done;

    measureHovers(findings, rules, hovers);
    console.log(`peak RSS (process and worker): ${(peakRss / 1e6).toFixed(0)} MB`);
  } finally {
    clearInterval(sampler);
    worker.dispose();
  }
}

/** What the hover does per request: the findings at the position, the rule's details, the content. */
function measureHovers(findings: DocumentFindings, rules: SourceText[], count: number): void {
  const parsed = new Map<string, { file: RuleFile; starts: number[] }>(rules.map((rule) => [rule.name, { file: parseRuleText(rule.name, rule.text), starts: lineStarts(rule.text) }]));
  const all = findings.fullScan;
  const times: number[] = [];
  let answered = 0;
  for (let i = 0; i < count; i++) {
    const target = all[(i * 7919) % all.length] as LogFinding;
    const column = i % 2 === 0 ? target.column : target.column - 3;
    const started = performance.now();
    const found = findings.at(target.startLine, column);
    const first = found[0];
    if (first) {
      const entry = parsed.get(first.ruleSource);
      const rule = entry?.file.rules.find((candidate) => candidate.kind === 'detection' && ruleKey(candidate) === first.ruleId);
      const line = entry ? toLineColumn(entry.starts, first.ruleOffset).line : 1;
      const details = { description: rule?.description ?? '', falsepositives: rule?.falsepositives ?? [], tags: rule?.tags.map((tag) => tag.value) ?? [], path: first.ruleSource, line, uri: `file:///${first.ruleSource}` };
      findingHoverParts(found, details, 'promptsift.openRule');
      answered++;
    }
    times.push(performance.now() - started);
  }
  console.log(`hover (lookup + content):      median ${percentile(times, 0.5).toFixed(3)} ms, p99 ${percentile(times, 0.99).toFixed(3)} ms, max ${Math.max(...times).toFixed(2)} ms over ${count} positions (${answered} on a match)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
