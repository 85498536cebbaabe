// Writes the benchmark's inputs, deterministically (seeded PRNG): a JSONL prompt log of OpenAI-style
// chat requests with gateway metadata (~2.2 kB a line, mixed English and non-ASCII text, ~3% of
// lines with extraction-like prompts, ~10% written with non-ASCII escaped as Python's json.dumps
// does), the patterns as `patterns.txt` for ripgrep, and the same patterns as a Sigma rule pack.

import { closeSync, existsSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PATTERNS } from './patterns';
import { mulberry32 as prng } from '../eval/random';

const BASE_WORDS = `the a an of to in for on with and or but about from by as at into over after before between
data report customer sales quarter revenue growth market product team project plan schedule meeting budget
email draft letter summary article blog post recipe travel city weather garden music movie book story poem
code function bug error test python javascript database query table index server cloud deploy container
please help me write create make find compare describe improve fix check review suggest convert format
simple short long clear friendly formal casual quick detailed brief useful important new old small large
today tomorrow yesterday week month year morning evening holiday weekend birthday family friend colleague
how why when where can could would should will does is are was were be have has had do did get got
paragraph sentence word list table chart graph slide presentation spreadsheet document file folder note`
  .split(/\s+/)
  .filter(Boolean);

/** Words that occur in any pattern are left out, so benign text never matches one by accident. */
function benignWords(): string[] {
  const used = new Set(PATTERNS.flatMap((p) => `${p.pattern} ${p.example}`.toLowerCase().split(/[^a-z]+/)));
  return BASE_WORDS.filter((word) => !used.has(word));
}

const NON_ASCII = [
  'Können Sie mir bei der Übersetzung helfen?',
  'Je voudrais réserver une table pour deux à côté de la fenêtre.',
  '请帮我把这段文字翻译成英文，谢谢。',
  '日本語の文章を要約してください。',
  'Привет, как дела? Нужна помощь с отчётом.',
  '¿Dónde está la estación de tren más cercana?',
  'Café, naïve, façade, coöperate — résumé.',
  'Emoji test 😀🚀✨ with mixed text ✓',
  '한국어 문장을 자연스럽게 다듬어 주세요.',
];

const SYSTEM_PROMPTS = [
  'You are a friendly support agent for an online store.',
  'Answer briefly and politely.',
  'You write marketing copy for small businesses.',
  'You are a travel planner. Keep answers under 200 words.',
];

const MODELS = ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1', 'o3-mini'];
const AGENTS = ['python-requests/2.31.0', 'OpenAI/Python 1.30.1', 'node-fetch/3.3.2', 'curl/8.5.0'];

interface Writer {
  line(text: string): void;
  close(): void;
}

function fileWriter(path: string): Writer {
  const fd = openSync(path, 'w');
  const buffer = Buffer.alloc(8 * 1024 * 1024);
  let used = 0;
  const flush = (): void => {
    writeSync(fd, buffer, 0, used);
    used = 0;
  };
  return {
    line(text) {
      const needed = Buffer.byteLength(text) + 1;
      if (used + needed > buffer.length) flush();
      used += buffer.write(text, used);
      buffer[used++] = 10;
    },
    close() {
      flush();
      closeSync(fd);
    },
  };
}

/** Python's json.dumps default: every non-ASCII character as \uXXXX. */
function escapeNonAscii(json: string): string {
  return json.replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Writes `bytes` of log to `path`; returns the line count and how many lines hold a planted phrase. */
export function generateLog(path: string, bytes: number, seed = 20260301): { lines: number; planted: number } {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const words = benignWords();
  const sentence = (min: number, max: number): string => {
    const count = min + Math.floor(random() * (max - min));
    const out: string[] = [];
    for (let i = 0; i < count; i++) out.push(pick(words));
    const text = out.join(' ');
    return text.charAt(0).toUpperCase() + text.slice(1) + pick(['.', '?', '!', '.']);
  };
  const paragraph = (sentences: number): string => {
    const parts: string[] = [];
    for (let i = 0; i < sentences; i++) parts.push(random() < 0.12 ? pick(NON_ASCII) : sentence(10, 26));
    return parts.join(random() < 0.3 ? '\n' : ' ');
  };
  const writer = fileWriter(path);
  let written = 0;
  let lines = 0;
  let planted = 0;
  const start = Date.UTC(2026, 2, 1);
  while (written < bytes) {
    const isExtraction = random() < 0.03;
    const turns = 1 + Math.floor(random() * 3);
    const messages: { role: string; content: string }[] = [{ role: 'system', content: pick(SYSTEM_PROMPTS) }];
    for (let t = 0; t < turns; t++) {
      let content = paragraph(2 + Math.floor(random() * 6));
      if (isExtraction && t === turns - 1) {
        const phrase = pick(PATTERNS).example;
        const cased = random() < 0.3 ? phrase.toUpperCase() : random() < 0.5 ? phrase.charAt(0).toUpperCase() + phrase.slice(1) : phrase;
        content = `${content} ${cased}, ${sentence(4, 10).toLowerCase()}`;
      }
      messages.push({ role: 'user', content });
      if (t < turns - 1) messages.push({ role: 'assistant', content: paragraph(3 + Math.floor(random() * 4)) });
    }
    if (isExtraction) planted++;
    const time = new Date(start + lines * 1370 + Math.floor(random() * 1000)).toISOString();
    const model = pick(MODELS);
    const record = {
      timestamp: time,
      request_id: `req_${Math.floor(random() * 2 ** 48).toString(16).padStart(12, '0')}`,
      account_id: `acct_${1000 + Math.floor(random() * 5000)}`,
      org_id: `org_${100 + Math.floor(random() * 50)}`,
      api_key_id: `key_${Math.floor(random() * 2 ** 32).toString(16)}`,
      ip: `10.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}`,
      user_agent: pick(AGENTS),
      latency_ms: 80 + Math.floor(random() * 4000),
      status: 200,
      request: { model, temperature: Math.round(random() * 100) / 100, max_tokens: 256 + 256 * Math.floor(random() * 8), messages },
      usage: { prompt_tokens: 50 + Math.floor(random() * 900), completion_tokens: 20 + Math.floor(random() * 700) },
    };
    let json = JSON.stringify(record);
    if (random() < 0.1) json = escapeNonAscii(json);
    writer.line(json);
    written += Buffer.byteLength(json) + 1;
    lines++;
  }
  writer.close();
  return { lines, planted };
}

/** ripgrep's pattern file: one regex per line (keywords have no regex metacharacters). */
export function patternsFile(): string {
  return `${PATTERNS.map((p) => p.pattern).join('\n')}\n`;
}

/** The same patterns as a Sigma rule pack: keywords as `prompt|contains`, regexes as `prompt|re` with `(?i)`. */
export function rulePack(): string {
  const quote = (text: string): string => `'${text.replace(/'/g, "''")}'`;
  return PATTERNS.map((p, index) => {
    const id = `bench-${p.kind === 'keyword' ? 'k' : 'r'}${String(index + 1).padStart(3, '0')}`;
    const item = p.kind === 'keyword' ? `prompt|contains: ${quote(p.pattern)}` : `prompt|re: ${quote(`(?i)${p.pattern}`)}`;
    return [
      `title: Bench ${p.kind} ${index + 1}`,
      `name: ${id}`,
      'status: test',
      'level: high',
      'logsource:',
      '    product: llm',
      'detection:',
      '    selection:',
      `        ${item}`,
      '    condition: selection',
      '',
    ].join('\n');
  }).join('---\n');
}

/** Writes patterns.txt, rules/bench-pack.yml and the log (unless it exists with that size). */
export function prepareBenchData(directory: string, bytes: number, name: string): { log: string; patterns: string; rules: string } {
  mkdirSync(join(directory, 'rules'), { recursive: true });
  const patterns = join(directory, 'patterns.txt');
  const rules = join(directory, 'rules', 'bench-pack.yml');
  writeFileSync(patterns, patternsFile());
  writeFileSync(rules, rulePack());
  const log = join(directory, name);
  if (!existsSync(log)) {
    const started = Date.now();
    const result = generateLog(log, bytes);
    console.log(`generated ${log}: ${result.lines} lines, ${result.planted} with planted phrases, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return { log, patterns, rules };
}
