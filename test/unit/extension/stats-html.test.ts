// The campaign view's page: a CSP that allows only our script (by a fresh nonce) and stylesheet.
import assert from 'node:assert/strict';
import { createNonce, panelCsp, panelHtml } from '../../../src/extension/stats-html';

const PAGE = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.css',
  nonce: 'bm9uY2Utb2YtdGhlLXRlc3Q=',
};

describe('campaign view page', () => {
  it('allows nothing by default, scripts only by the nonce, styles and images only from our files', () => {
    assert.equal(
      panelCsp(PAGE),
      "default-src 'none'; script-src 'nonce-bm9uY2Utb2YtdGhlLXRlc3Q='; style-src https://file+.vscode-resource.vscode-cdn.net; " +
        "img-src https://file+.vscode-resource.vscode-cdn.net data:; font-src https://file+.vscode-resource.vscode-cdn.net; base-uri 'none'; form-action 'none'",
    );
    assert.doesNotMatch(panelCsp(PAGE), /unsafe-(inline|eval)/);
  });

  it('loads one script, with the nonce, and no inline script or style', () => {
    const html = panelHtml(PAGE);
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${panelCsp(PAGE)}">`));
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0]![1]!, new RegExp(`nonce="${PAGE.nonce}"`));
    assert.match(scripts[0]![1]!, new RegExp(`src="${PAGE.scriptUri.replace(/[.+]/g, '\\$&')}"`));
    assert.equal(scripts[0]![2], '');
    assert.doesNotMatch(html, /<style|\sstyle=|\son[a-z]+=/i);
    assert.ok(html.includes(`<link rel="stylesheet" href="${PAGE.styleUri}">`));
  });

  it('makes a new nonce for every load: 128 random bits in base64', () => {
    const nonces = new Set(Array.from({ length: 50 }, createNonce));
    assert.equal(nonces.size, 50);
    for (const nonce of nonces) {
      assert.match(nonce, /^[A-Za-z0-9+/]{22}==$/);
      assert.equal(Buffer.from(nonce, 'base64').length, 16);
    }
  });

  it('escapes what it puts into attributes', () => {
    const html = panelHtml({ ...PAGE, scriptUri: 'https://x/"><script>alert(1)</script>' });
    assert.equal([...html.matchAll(/<script\b/g)].length, 1);
    assert.ok(html.includes('src="https://x/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"'));
  });
});
