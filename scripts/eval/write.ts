// Writes the simulated requests as log files in four shapes, each with its own disorder: a flat
// JSONL gateway split in two files with some records displaced, an OpenAI-shaped gateway exported
// in shuffled 6-hour chunks, an Anthropic-shaped gateway newest first, and the aggregator's CSV.

import type { Random } from './random';
import type { Gateway, Request } from './world';

const RESPONSES = [
  'Here is a step-by-step explanation of the approach, followed by the final answer.',
  'Sure! The short answer is yes, with a few caveats described below.',
  'I reviewed the text and suggest the following changes for clarity and tone.',
  'The result is shown below; let me know if you want more detail on any step.',
];

export interface LogFile {
  name: string;
  text: string;
  records: number;
}

export function writeLogs(requests: readonly Request[], random: Random): LogFile[] {
  const by = (gateway: Gateway): Request[] => requests.filter((q) => q.account.gateway === gateway);
  const flat = displace(by('flat'), random, 0.03);
  const half = Math.floor(flat.length / 2);
  const openai = chunked(by('openai'), random, 6 * 3_600_000);
  const anthropic = [...by('anthropic')].reverse();
  const files: LogFile[] = [
    { name: 'gateway-flat-1.jsonl', text: jsonl(flat.slice(half), (q) => flatRecord(q, random)), records: flat.length - half },
    { name: 'gateway-flat-2.jsonl', text: jsonl(flat.slice(0, half), (q) => flatRecord(q, random)), records: half },
    { name: 'gateway-openai.jsonl', text: jsonl(openai, (q) => openaiRecord(q, random)), records: openai.length },
    { name: 'gateway-anthropic.jsonl', text: jsonl(anthropic, (q) => anthropicRecord(q, random)), records: anthropic.length },
    { name: 'aggregator-export.csv', text: csv(by('aggregator'), random), records: by('aggregator').length },
  ];
  return files;
}

function jsonl(requests: readonly Request[], shape: (q: Request) => unknown): string {
  return requests.map((q) => JSON.stringify(shape(q))).join('\n') + '\n';
}

/** Moves a share of the records to a random place up to two hours of traffic away. */
function displace(requests: Request[], random: Random, share: number): Request[] {
  const out = [...requests];
  const span = Math.max(1, Math.round(out.length / (7 * 12)));
  for (let i = 0; i < out.length; i++) {
    if (!random.chance(share)) continue;
    const j = Math.min(out.length - 1, Math.max(0, i + random.int(-span, span)));
    [out[i], out[j]] = [out[j] as Request, out[i] as Request];
  }
  return out;
}

/** Groups records into time chunks and writes the chunks in a shuffled order. */
function chunked(requests: readonly Request[], random: Random, chunkMs: number): Request[] {
  const chunks = new Map<number, Request[]>();
  for (const q of requests) {
    const key = Math.floor(q.time / chunkMs);
    chunks.set(key, [...(chunks.get(key) ?? []), q]);
  }
  return random.shuffle([...chunks.values()]).flat();
}

function common(q: Request, random: Random): Record<string, unknown> {
  const a = q.account;
  const out: Record<string, unknown> = { request_id: `req_${random.hex(24)}`, account_id: a.id };
  if (a.org) out.org_id = a.org;
  if (a.keys.length > 0) out.api_key_id = random.pick(a.keys);
  out.ip = a.ip(random);
  out.user_agent = a.userAgent;
  if (a.payment) out.payment_fingerprint = a.payment;
  return out;
}

function flatRecord(q: Request, random: Random): unknown {
  const out: Record<string, unknown> = { timestamp: new Date(q.time).toISOString(), ...common(q, random), model: q.model };
  if (q.prompt.system) out.system = q.prompt.system;
  out.prompt = q.prompt.prompt;
  out.completion = random.pick(RESPONSES);
  out.prompt_tokens = Math.ceil(q.prompt.prompt.length / 4);
  out.completion_tokens = random.int(20, 400);
  return out;
}

function openaiRecord(q: Request, random: Random): unknown {
  const messages: { role: string; content: string }[] = [];
  if (q.prompt.system) messages.push({ role: 'system', content: q.prompt.system });
  messages.push({ role: 'user', content: q.prompt.prompt });
  return {
    timestamp: new Date(q.time).toISOString(),
    ...common(q, random),
    endpoint: '/v1/chat/completions',
    status_code: 200,
    latency_ms: random.int(300, 9000),
    request: { model: q.model, messages, user: q.account.id },
    response: { id: `chatcmpl-${random.id(20)}`, object: 'chat.completion', model: q.model, choices: [{ index: 0, message: { role: 'assistant', content: random.pick(RESPONSES) }, finish_reason: 'stop' }] },
  };
}

/** Anthropic-shaped records carry the account only in `metadata.user_id`, and the time as epoch seconds. */
function anthropicRecord(q: Request, random: Random): unknown {
  const { account_id: _account, ...rest } = common(q, random);
  const request: Record<string, unknown> = { model: q.model, max_tokens: 1024, messages: [{ role: 'user', content: [{ type: 'text', text: q.prompt.prompt }] }], metadata: { user_id: q.account.id } };
  if (q.prompt.system) request.system = q.prompt.system;
  return {
    timestamp: (q.time / 1000).toFixed(3),
    ...rest,
    request,
    response: { id: `msg_${random.id(20)}`, type: 'message', role: 'assistant', content: [{ type: 'text', text: random.pick(RESPONSES) }], stop_reason: 'end_turn' },
  };
}

function csv(requests: readonly Request[], random: Random): string {
  const quote = (text: string): string => (/[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const rows = requests.map((q) =>
    [new Date(q.time).toISOString().replace('Z', '+00:00'), `req_${random.hex(24)}`, q.account.id, q.account.ip(random), q.account.userAgent, q.model, q.prompt.system ?? '', q.prompt.prompt, random.pick(RESPONSES)]
      .map(quote)
      .join(','),
  );
  return ['timestamp,request_id,account_id,ip,user_agent,model,system,prompt,response', ...rows].join('\n') + '\n';
}
