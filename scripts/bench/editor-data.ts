// Writes the editor benchmark's log, deterministically (seeded PRNG): OpenAI-style gateway records
// whose prompts come from the pack's benign baseline, with one line in twenty taken from the pack's
// sample logs (benign traffic and distillation campaigns, OpenAI, Anthropic and flat shapes), each
// with its own request id. About 1.3 kB a line, so 50 MB is about 40,000 lines.
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 as prng } from '../eval/random';

const ROOT = join(__dirname, '..', '..');
const SAMPLE_SHARE = 1 / 20;

function linesOf(path: string): string[] {
  return readFileSync(join(ROOT, path), 'utf8').split('\n').filter((line) => line.trim() !== '');
}

/** Writes about `bytes` bytes of JSONL to `path`; returns the number of lines. */
export function writeEditorBenchLog(path: string, bytes: number, seed = 20261128): number {
  const random = prng(seed);
  const samples = ['anthropic-messages', 'openai-chat-gateway', 'flat-prompt-completion'].flatMap((name) => linesOf(`rules/samples/${name}.jsonl`));
  const prompts = linesOf('rules/baseline/benign-prompts.jsonl').map((line) => (JSON.parse(line) as { prompt: string }).prompt);
  const fd = openSync(path, 'w');
  let written = 0;
  let lines = 0;
  let pending: string[] = [];
  const flush = () => {
    const chunk = pending.join('');
    writeSync(fd, chunk);
    pending = [];
  };
  try {
    while (written < bytes) {
      const id = `req_bench_${lines.toString(36)}`;
      let line: string;
      if (random() < SAMPLE_SHARE) {
        line = (samples[Math.floor(random() * samples.length)] as string).replace(/"request_id":"[^"]*"/, `"request_id":"${id}"`);
      } else {
        const prompt = prompts[Math.floor(random() * prompts.length)] as string;
        const record = {
          timestamp: new Date(Date.UTC(2026, 10, 20) + lines * 1500).toISOString(),
          request_id: id,
          account_id: `acct_${Math.floor(random() * 5000).toString(36)}`,
          endpoint: '/v1/chat/completions',
          status_code: 200,
          latency_ms: Math.floor(200 + random() * 3000),
          request: { model: 'gpt-4.1-mini-2025-04-14', messages: [{ role: 'system', content: 'You are a helpful assistant for a small business.' }, { role: 'user', content: prompt }], temperature: 0.7 },
          response: { choices: [{ index: 0, message: { role: 'assistant', content: `Here is a short answer about: ${prompt.slice(0, 400)}` }, finish_reason: 'stop' }], usage: { prompt_tokens: 40, completion_tokens: 120 } },
        };
        line = JSON.stringify(record);
      }
      const text = `${line}\n`;
      pending.push(text);
      written += Buffer.byteLength(text);
      lines++;
      if (pending.length >= 1000) flush();
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return lines;
}
