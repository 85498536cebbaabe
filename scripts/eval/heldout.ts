// Measures the rule pack on a held-out prompt set: `npm run heldout -- rules/heldout/round-3.jsonl`
// (builds nothing: run `npm run build` first, the built CLI is what is measured).
//
// Each line of the set is `{"label": "extraction"|"benign", "intent", "prompt"?, "system"?,
// "messages"?}`. Every record becomes one log line (a multi-turn record as Chat Completions
// `messages`, its system prompt first), `promptsift scan --format json` runs the pack over the log,
// and a record counts as flagged when a rule of level low or above matches it. Prints the misses,
// the false positives, recall, precision and the benign records flagged, then recall per intent.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'];

interface HeldOutRecord {
  label: 'extraction' | 'benign';
  intent: string;
  prompt?: string;
  system?: string;
  messages?: { role: string; content: string }[];
}

interface ScanFinding {
  line: number;
  level: string;
  title: string;
}

/** The log line a record is sent as. */
function logLine(record: HeldOutRecord, index: number): string {
  if (record.messages) {
    const messages = record.system ? [{ role: 'system', content: record.system }, ...record.messages] : record.messages;
    return JSON.stringify({ request_id: `r${index}`, request: { model: 'm', messages } });
  }
  return JSON.stringify({ request_id: `r${index}`, prompt: record.prompt, ...(record.system ? { system_prompt: record.system } : {}) });
}

/** What the record says, cut for one line of output. */
function shown(record: HeldOutRecord): string {
  const text = record.prompt ?? JSON.stringify(record.messages);
  return `${(record.system ?? '').slice(0, 80)} | ${text.slice(0, 200)}`;
}

function main(): void {
  const path = process.argv[2];
  if (!path) throw new Error('usage: npm run heldout -- <set.jsonl>');
  const records = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as HeldOutRecord);
  const dir = mkdtempSync(join(tmpdir(), 'promptsift-heldout-'));
  try {
    const log = join(dir, basename(path).replace(/\.jsonl$/, '.log.jsonl'));
    writeFileSync(log, `${records.map(logLine).join('\n')}\n`);
    const result = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'scan', '--rules', join(ROOT, 'rules'), '--format', 'json', '--fail-on', 'never', log], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    if (result.status !== 0) throw new Error(`promptsift scan failed (${result.status}): ${result.stderr}`);
    const report = JSON.parse(result.stdout) as { findings: ScanFinding[]; errors: unknown[]; warnings: unknown[] };
    const flagged = new Map<number, Set<string>>();
    for (const finding of report.findings) {
      if (LEVELS.indexOf(finding.level) < 1) continue;
      const titles = flagged.get(finding.line) ?? new Set<string>();
      titles.add(finding.title.slice(0, 40));
      flagged.set(finding.line, titles);
    }
    let truePositives = 0;
    let falsePositives = 0;
    let benign = 0;
    const perIntent = new Map<string, { caught: number; total: number }>();
    records.forEach((record, index) => {
      const titles = flagged.get(index + 1);
      if (record.label === 'extraction') {
        const intent = perIntent.get(record.intent) ?? { caught: 0, total: 0 };
        intent.total++;
        if (titles) {
          truePositives++;
          intent.caught++;
        } else {
          console.log(`MISS ${index + 1} ${record.intent} | ${shown(record)}`);
        }
        perIntent.set(record.intent, intent);
      } else {
        benign++;
        if (titles) {
          falsePositives++;
          console.log(`FP ${index + 1} ${record.intent} [${[...titles].join('; ')}] | ${shown(record)}`);
        }
      }
    });
    const extraction = records.length - benign;
    const ratio = (part: number, whole: number): string => (whole === 0 ? '-' : (part / whole).toFixed(3));
    console.log(`recall ${truePositives}/${extraction} = ${ratio(truePositives, extraction)}; precision ${truePositives}/${truePositives + falsePositives} = ${ratio(truePositives, truePositives + falsePositives)}; benign flagged ${falsePositives}/${benign}`);
    for (const [intent, { caught, total }] of perIntent) console.log(`  ${intent}: ${caught}/${total}`);
    console.log(`errors ${report.errors.length} warnings ${report.warnings.length}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
