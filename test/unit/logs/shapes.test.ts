import { strict as assert } from 'node:assert';
import { line, oneJson, readAll, summaryOf } from './helpers';

describe('shapes: OpenAI chat completions', () => {
  it('joins every user turn for prompt, system and developer turns for system, and ignores assistant and tool turns', () => {
    const record = oneJson(line({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You are a helpful assistant.' },
        { role: 'developer', content: 'Answer in French.' },
        { role: 'user', content: 'What is 2+2?' },
        { role: 'assistant', content: '4' },
        { role: 'tool', content: '{"result": 4}', tool_call_id: 'call_1' },
        { role: 'user', content: 'Show your reasoning.' },
      ],
    }));
    assert.equal(record.fields.prompt, 'What is 2+2?\nShow your reasoning.');
    assert.equal(record.fields.system, 'You are a helpful assistant.\nAnswer in French.');
    assert.equal(record.fields.model, 'gpt-4o-mini');
    assert.equal(record.fields.response, undefined);
  });

  it('reads content parts of type text and input_text and skips images', () => {
    const record = oneJson(line({
      messages: [{
        role: 'user',
        content: [
          { type: 'text', text: 'Describe this image.' },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
          { type: 'input_text', text: 'Then list its colours.' },
        ],
      }],
    }));
    assert.equal(record.fields.prompt, 'Describe this image.\nThen list its colours.');
  });

  it('reads the response from choices[].message.content (string or parts) and legacy choices[].text', () => {
    const chat = oneJson(line({
      messages: [{ role: 'user', content: 'hi' }],
      response: { id: 'chatcmpl-1', model: 'gpt-4o', choices: [{ index: 0, message: { role: 'assistant', content: 'Hello!' } }] },
    }));
    assert.equal(chat.fields.response, 'Hello!');
    assert.equal(chat.fields.request_id, 'chatcmpl-1');
    const parts = oneJson(line({
      messages: [{ role: 'user', content: 'hi' }],
      response: { choices: [{ message: { content: [{ type: 'text', text: 'A' }] } }, { message: { content: 'B' } }] },
    }));
    assert.equal(parts.fields.response, 'A\nB');
    const legacy = oneJson(line({ prompt: 'Once upon a time', response: { choices: [{ text: ' there was a fox.' }] } }));
    assert.equal(legacy.fields.prompt, 'Once upon a time');
    assert.equal(legacy.fields.response, ' there was a fox.');
  });
});

describe('shapes: OpenAI Responses', () => {
  it('reads input as a string and instructions as the system prompt', () => {
    const record = oneJson(line({ model: 'o3', instructions: 'Think carefully.', input: 'Prove that 17 is prime.' }));
    assert.equal(record.fields.prompt, 'Prove that 17 is prime.');
    assert.equal(record.fields.system, 'Think carefully.');
  });

  it('reads input as messages with input_text parts, developer turns as system, and skips tool outputs', () => {
    const record = oneJson(line({
      input: [
        { role: 'developer', content: [{ type: 'input_text', text: 'Be brief.' }] },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'First question' }] },
        { type: 'function_call_output', call_id: 'c1', output: '{"temp": 21}' },
        { role: 'user', content: 'Second question' },
      ],
    }));
    assert.equal(record.fields.prompt, 'First question\nSecond question');
    assert.equal(record.fields.system, 'Be brief.');
  });

  it('reads the response from output[] messages with output_text parts, skipping reasoning items', () => {
    const record = oneJson(line({
      input: 'hi',
      response: {
        id: 'resp_1',
        output: [
          { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'hidden' }] },
          { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hello there.' }] },
        ],
      },
    }));
    assert.equal(record.fields.response, 'Hello there.');
  });
});

describe('shapes: Anthropic Messages', () => {
  it('reads system as a string and content as a string', () => {
    const record = oneJson(line({
      model: 'claude-sonnet-4-5',
      system: 'You are Claude.',
      messages: [{ role: 'user', content: 'Hello, Claude' }, { role: 'assistant', content: 'Hi!' }],
    }));
    assert.equal(record.fields.system, 'You are Claude.');
    assert.equal(record.fields.prompt, 'Hello, Claude');
  });

  it('reads system and content as text blocks and skips tool results and images', () => {
    const record = oneJson(line({
      system: [{ type: 'text', text: 'Rule one.' }, { type: 'text', text: 'Rule two.', cache_control: { type: 'ephemeral' } }],
      messages: [{
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'not a prompt' }] },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } },
          { type: 'text', text: 'What does the tool say?' },
        ],
      }],
    }));
    assert.equal(record.fields.system, 'Rule one.\nRule two.');
    assert.equal(record.fields.prompt, 'What does the tool say?');
  });

  it('reads the response from content[] text blocks, skipping thinking and tool_use', () => {
    const record = oneJson(line({
      messages: [{ role: 'user', content: 'hi' }],
      response: {
        id: 'msg_01',
        type: 'message',
        content: [
          { type: 'thinking', thinking: 'private' },
          { type: 'text', text: 'Part one.' },
          { type: 'tool_use', id: 'toolu_2', name: 'search', input: {} },
          { type: 'text', text: 'Part two.' },
        ],
      },
    }));
    assert.equal(record.fields.response, 'Part one.\nPart two.');
  });
});

describe('shapes: flat records', () => {
  it('reads prompt with completion, response or output', () => {
    assert.equal(oneJson(line({ prompt: 'p', completion: 'c' })).fields.response, 'c');
    assert.equal(oneJson(line({ prompt: 'p', response: 'r' })).fields.response, 'r');
    assert.equal(oneJson(line({ prompt: 'p', output: 'o' })).fields.response, 'o');
    assert.equal(oneJson(line({ prompt: 'p', output: 'o' })).fields.prompt, 'p');
  });

  it('keeps a response that is JSON text as text', () => {
    const record = oneJson(line({ prompt: 'Reply in JSON.', response: '{"content": "x", "ok": true}' }));
    assert.equal(record.fields.response, '{"content": "x", "ok": true}');
    assert.equal(typeof record.raw === 'object' && (record.raw as { response: unknown }).response, '{"content": "x", "ok": true}');
  });
});

describe('shapes: gateway wrappers', () => {
  it('finds the body under request, body, request.body and payload, next to metadata', () => {
    const metadata = {
      user: 'acct_7', api_key_id: 'key_1', ip: '203.0.113.9', user_agent: 'python-requests/2.32', org_id: 'org_A',
      timestamp: '2025-03-01T12:00:00Z', request_id: 'req_9',
    };
    const body = { model: 'gpt-4.1', messages: [{ role: 'user', content: 'wrapped prompt' }] };
    for (const record of [{ request: body }, { body }, { request: { headers: {}, body } }, { payload: body }]) {
      const parsed = oneJson(line({ ...metadata, ...record }));
      assert.equal(parsed.fields.prompt, 'wrapped prompt', JSON.stringify(record));
      assert.equal(parsed.fields.model, 'gpt-4.1');
      assert.deepEqual(
        [parsed.fields.account_id, parsed.fields.api_key_id, parsed.fields.ip, parsed.fields.user_agent, parsed.fields.org_id],
        ['acct_7', 'key_1', '203.0.113.9', 'python-requests/2.32', 'org_A'],
      );
      assert.equal(parsed.fields.request_id, 'req_9');
      assert.equal(parsed.time, Date.UTC(2025, 2, 1, 12));
    }
  });

  it('decodes a body and a response logged as JSON strings, in raw too', () => {
    const record = oneJson(line({
      body: JSON.stringify({ messages: [{ role: 'user', content: 'inner prompt' }] }),
      response: JSON.stringify({ content: [{ type: 'text', text: 'inner answer' }] }),
    }));
    assert.equal(record.fields.prompt, 'inner prompt');
    assert.equal(record.fields.response, 'inner answer');
    assert.deepEqual((record.raw as { body: unknown }).body, { messages: [{ role: 'user', content: 'inner prompt' }] });
  });

  it('follows a response through up to four body wrappers, and no deeper', () => {
    const wrapped = (depth: number): string =>
      `{"prompt":"p","response":${'{"body":'.repeat(depth)}{"completion":"bottom"}${'}'.repeat(depth)}}`;
    assert.equal(oneJson(wrapped(4)).fields.response, 'bottom');
    assert.equal(oneJson(wrapped(5)).fields.response, undefined);
    assert.equal(oneJson(wrapped(100_000)).fields.response, undefined);
  });

  it('reads the response object under response.body', () => {
    const record = oneJson(line({
      request: { body: { messages: [{ role: 'user', content: 'q' }] } },
      response: { status: 200, body: { choices: [{ message: { content: 'a' } }] } },
    }));
    assert.equal(record.fields.response, 'a');
  });
});

describe('shapes: Gemini', () => {
  it('reads contents, systemInstruction and candidates', () => {
    const record = oneJson(line({
      systemInstruction: { parts: [{ text: 'Be factual.' }] },
      contents: [{ role: 'user', parts: [{ text: 'Name a planet.' }] }, { role: 'model', parts: [{ text: 'Mars' }] }],
      response: { candidates: [{ content: { role: 'model', parts: [{ text: 'Mars.' }] } }] },
    }));
    assert.equal(record.fields.system, 'Be factual.');
    assert.equal(record.fields.prompt, 'Name a planet.');
    assert.equal(record.fields.response, 'Mars.');
  });
});

describe('shapes: records without a prompt', () => {
  it('are records all the same, counted in the summary', () => {
    const text = [line({ event: 'key.created', user: 'acct_1' }), line({ prompt: 'hi' })].join('\n');
    const { records, problems } = readAll(text, { format: 'jsonl' });
    assert.deepEqual(problems, []);
    assert.equal(records.length, 2);
    assert.equal(records[0]?.fields.prompt, undefined);
    assert.equal(records[0]?.fields.account_id, 'acct_1');
    assert.deepEqual(summaryOf(text), { format: 'jsonl', records: 2, withoutPrompt: 1, problems: 0 });
  });
});
