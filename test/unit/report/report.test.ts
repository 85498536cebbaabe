import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { escapeHtml, escapeMarkdown } from '../../../src/core/report/escape';
import { renderHtmlReport } from '../../../src/core/report/html';
import { renderMarkdownReport } from '../../../src/core/report/markdown';
import { sha256Base64 } from '../../../src/core/report/sha256';
import { EVIL, hostileStats } from './fixtures';

const META = { files: ['logs/a.jsonl', 'logs/b.csv'], rules: 12 };

describe('report escaping', () => {
  it('escapes HTML specials and replaces control and bidi characters', () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>\u202e\u0007`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;\ufffd\ufffd');
  });

  it('escapes Markdown punctuation, HTML and line breaks', () => {
    assert.equal(escapeMarkdown('a|b `c` *d* [e](f)\n<g>'), 'a\\|b \\`c\\` \\*d\\* \\[e\\]\\(f\\) &lt;g&gt;');
  });
});

describe('sha256', () => {
  for (const text of ['', 'abc', 'héllo wörld ✓', 'x'.repeat(1000), 'y'.repeat(64), 'z'.repeat(55), 'w'.repeat(56)]) {
    it(`matches node:crypto for ${JSON.stringify(text.slice(0, 12))} (${text.length} characters)`, () => {
      assert.equal(sha256Base64(text), createHash('sha256').update(text, 'utf8').digest('base64'));
    });
  }
});

describe('markdown report', () => {
  const text = renderMarkdownReport(hostileStats(), META);

  it('has the summary, one section per campaign, its pivot and the other tables', () => {
    assert.match(text, /^# PromptSift campaign report\n/);
    assert.match(text, /120 records from 2 log file\(s\)/);
    assert.match(text, /### C1: 2 accounts, 100 requests, 60\.0% flagged/);
    assert.match(text, /the campaign moved to it at 2026-11-20 20:00 \(2\.0 h later\): 100\.0% of its next 24 h of traffic/);
    for (const heading of ['## Correlation findings (1)', '## Top accounts', '## Templates sent by the most accounts', '## Totals']) assert.ok(text.includes(heading), heading);
  });

  it('lets no log text format the report or break a table', () => {
    assert.ok(!text.includes('<img'));
    assert.ok(!text.includes('\u001b'));
    assert.ok(!text.includes('\u202e'));
    assert.ok(!text.includes('](javascript'));
    for (const row of text.split('\n').filter((line) => line.startsWith('| acct'))) {
      assert.equal(row.split(/(?<!\\)\|/).length, 9, row);
    }
  });
});

describe('html report', () => {
  const html = renderHtmlReport(hostileStats(), META);

  it('is one self-contained document without scripts, under a strict CSP that allows only its own style', () => {
    assert.match(html, /^<!DOCTYPE html>/);
    assert.ok(!/<script/i.test(html));
    assert.ok(!/ on\w+=/i.test(html.replace(/onerror=alert\(1\)&gt;/g, '')), 'no event handler attributes');
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(style, 'utf8').digest('base64');
    assert.ok(html.includes(`content="default-src 'none'; style-src 'sha256-${hash}'; img-src data:; base-uri 'none'; form-action 'none'"`));
    assert.ok(!/(src|href)="(https?:)?\/\//.test(html), 'nothing is loaded from elsewhere');
  });

  it('escapes every piece of log text', () => {
    assert.ok(!html.includes(EVIL));
    assert.ok(!html.includes('<img'));
    assert.ok(!html.includes('\u001b'));
    assert.ok(html.includes('acct&lt;img src=x onerror=alert(1)&gt;'));
  });

  it('draws the campaign timeline with its pivot markers, and light and dark themes', () => {
    assert.match(html, /<svg class="chart" viewBox="0 0 760 190" role="img" aria-label="Hourly requests of C1 per model">/);
    assert.equal((html.match(/class="mark-pivot"/g) ?? []).length, 1);
    assert.equal((html.match(/class="mark-release"/g) ?? []).length, 1);
    assert.ok(html.includes('@media (prefers-color-scheme: dark)'));
  });

  it('renders the same statistics to the same bytes', () => {
    assert.equal(renderHtmlReport(hostileStats(), META), html);
  });
});
