// The campaign view's page: a Content-Security-Policy that allows nothing but our bundle's script
// (by a nonce made for each load) and stylesheet, and images from our files or data: URIs. No
// `vscode` import, so that a unit test can check the policy.
import { randomBytes } from 'node:crypto';

export interface PanelPage {
  /** `webview.cspSource`: the origin of the extension's files inside the webview. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce: string;
}

/** A fresh nonce for one load of the page: 128 random bits, base64. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

export function panelCsp(page: Pick<PanelPage, 'cspSource' | 'nonce'>): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${page.nonce}'`,
    `style-src ${page.cspSource}`,
    `img-src ${page.cspSource} data:`,
    `font-src ${page.cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The page; every value put into it is an URI or nonce of ours, escaped all the same. */
export function panelHtml(page: PanelPage): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attribute(panelCsp(page))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${attribute(page.styleUri)}">
<title>PromptSift campaigns</title>
</head>
<body>
<script nonce="${attribute(page.nonce)}" src="${attribute(page.scriptUri)}"></script>
</body>
</html>
`;
}

function attribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
