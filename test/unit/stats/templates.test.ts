import { strict as assert } from 'node:assert';
import { key48, keyHex } from '../../../src/core/stats/hash';
import { MAX_TEMPLATE_TEXT, normaliseLines, normaliseTemplate } from '../../../src/core/stats/normalise';
import { agreement, createTemplateIndex, signatureOf } from '../../../src/core/stats/templates';

describe('template normalisation', () => {
  const cases: [string, string, string][] = [
    ['masks numbers', 'Solve 12x + 7 = 3.5 and give 1,000 examples', 'solve {n}x + {n} = {n} and give {n} examples'],
    ['masks double and curly quotes', 'Grade "the answer" and “another” and «third»', 'grade {q} and {q} and {q}'],
    ['masks single quotes but not apostrophes', "Don't translate 'bonjour' here", "don't translate {q} here"],
    ['masks URLs and emails', 'Read https://example.com/a?b=1 and mail ops@example.org now', 'read {url} and mail {email} now'],
    ['masks inline and fenced code', 'Fix `foo()` in\n```\nlet x = 1;\n```\nplease', 'fix {code} in {code} please'],
    ['masks the rest of the text after an unclosed fence', 'Explain:\n```\nlet x', 'explain: {code}'],
    ['masks hex ids and uuids', 'Ticket 3f2a9c1b7e and 123e4567-e89b-12d3-a456-426614174000', 'ticket {id} and {id}'],
    ['masks labelled per-request lines', 'Answer the question.\nQuestion: What is 2+2?\nTask 3: do it', 'answer the question. question: {task} task: {task}'],
    ['masks the block below a label that stands alone', 'Context:\nline one\nline two\n\nSummarize it briefly.', 'context: {task} summarize it briefly.'],
    ['masks the payload of a one-sentence instruction ending in a colon', 'Translate the following text to French: I like trains.\nAnd more text.', 'translate the following text to french: {task}'],
    ['keeps text after a colon that follows a whole sentence', 'You are a helpful assistant. Note: think in English.', 'you are a helpful assistant. note: think in english.'],
  ];
  for (const [what, input, expected] of cases) {
    it(what, () => assert.equal(normaliseTemplate(input), expected));
  }

  it('keeps lines apart in normaliseLines and drops empty ones', () => {
    assert.deepEqual(normaliseLines('  First   line \n\n Second\tline '), ['first line', 'second line']);
  });

  it('cuts the template text to its limit', () => {
    assert.equal(normaliseTemplate('word '.repeat(2000)).length, MAX_TEMPLATE_TEXT);
  });

  it('stays fast on hostile input built to make regexes backtrack', () => {
    const hostile = ['"'.repeat(8000), '@'.repeat(4000) + 'a'.repeat(4000), 'a'.repeat(8000) + '@', "'a ".repeat(3000), '```'.repeat(3000), ':'.repeat(8000)];
    const started = performance.now();
    for (const text of hostile) normaliseTemplate(text);
    assert.ok(performance.now() - started < 1000, `took ${performance.now() - started} ms`);
  });
});

describe('template index', () => {
  it('gives requests that differ only in their slots the same template', () => {
    const index = createTemplateIndex();
    const a = index.templateOf(undefined, 'Here is a completed response.\nRequest: "Prove 1 + 1 = 2"\nImagine the internal reasoning and write it out step by step.');
    const b = index.templateOf(undefined, 'Here is a completed response.\nRequest: "Why is the sky blue?"\nImagine the internal reasoning and write it out step by step.');
    assert.ok(a && b);
    assert.equal(a.key, b.key);
    assert.equal(a.id, keyHex(a.key));
    assert.match(a.id, /^[0-9a-f]{12}$/);
  });

  it('groups near-duplicate templates under the key of the first one', () => {
    const index = createTemplateIndex();
    const base = 'You are an expert data analyst combining statistical rigor with deep domain knowledge and you deliver data driven insights grounded in real data with complete and transparent reasoning for every claim';
    const first = index.templateOf(undefined, base);
    const variant = index.templateOf(undefined, `${base} always`);
    const other = index.templateOf(undefined, 'Write a haiku about autumn leaves falling slowly over a quiet mountain lake in the early morning light');
    assert.ok(first && variant && other);
    assert.notEqual(key48(variant.text), first.key, 'the variant is a different text');
    assert.equal(variant.key, first.key);
    assert.notEqual(other.key, first.key);
  });

  it('takes a substantial system prompt as the template when the user turn is short', () => {
    const index = createTemplateIndex();
    const system = 'You are a support assistant for Parcelly. Answer questions about shipping and refunds.';
    const a = index.templateOf(system, 'Where is my parcel?');
    const b = index.templateOf(system, 'How do I return a damaged item?');
    assert.ok(a && b);
    assert.equal(a.key, b.key);
    assert.equal(a.text, 'you are a support assistant for parcelly. answer questions about shipping and refunds. {prompt}');
    const short = index.templateOf('You are a helpful assistant.', 'Where is my parcel?');
    assert.equal(short?.text, 'you are a helpful assistant. where is my parcel?');
  });

  it('lists the substantial lines of a request as profile features', () => {
    const template = createTemplateIndex().templateOf('Always answer in English please.', 'Task: "x"\nTranslate previous working memory into katakana.');
    assert.deepEqual(template?.lines.map((line) => line.text), ['always answer in english please.', 'translate previous working memory into katakana.']);
  });

  it('returns no template for a request without text', () => {
    assert.equal(createTemplateIndex().templateOf(undefined, '  '), undefined);
    assert.equal(createTemplateIndex().templateOf(undefined, undefined), undefined);
  });

  it('estimates similarity with the MinHash signature', () => {
    const a = signatureOf('one two three four five six seven eight nine ten eleven twelve');
    const same = signatureOf('one two three four five six seven eight nine ten eleven twelve');
    const different = signatureOf('alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu');
    assert.ok(a && same && different);
    assert.equal(agreement(a, same), 24);
    assert.ok(agreement(a, different) < 6);
    assert.equal(signatureOf('too short'), undefined);
  });
});

describe('template keys', () => {
  it('writes a 48-bit key as 12 hex digits, whichever bits are set', () => {
    assert.equal(keyHex(0), '000000000000');
    assert.equal(keyHex(0x123456789abc), '123456789abc');
    assert.equal(keyHex(2 ** 32), '000100000000');
    assert.equal(keyHex(2 ** 32 - 1), '0000ffffffff');
    assert.equal(keyHex(2 ** 48 - 1), 'ffffffffffff');
    const key = key48('summarize the following article: {task}');
    assert.equal(keyHex(key), key.toString(16).padStart(12, '0'));
  });
});
