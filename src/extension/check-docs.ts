// Read-only Markdown pages that describe each check, built from the checks' own metadata. A
// diagnostic's code links to its page (`promptsift-docs:/checks/<id>.md`), and the
// `promptsift.showCheckDocs` command opens one in the Markdown preview.
import * as vscode from 'vscode';
import { allCheckMeta } from '../core/engine';
import { packConfigCheck } from '../core/pack/config';
import type { CheckMeta } from '../core/problems';
import { INTERNAL_IDS } from './ids';

/** Every check that can report a problem in the editor, the pack configuration's included. */
export function documentedChecks(): CheckMeta[] {
  return [...allCheckMeta(), packConfigCheck];
}

export function checkDocsUri(checkId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: INTERNAL_IDS.docsScheme, path: `/checks/${checkId}.md` });
}

export function registerCheckDocs(): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(INTERNAL_IDS.docsScheme, {
    provideTextDocumentContent(uri) {
      const id = /^\/checks\/([\w-]+)\.md$/.exec(uri.path)?.[1];
      const check = documentedChecks().find((candidate) => candidate.id === id);
      return check ? checkPage(check) : `# Unknown check\n\nPromptSift has no check with the id \`${id ?? uri.path}\`.\n`;
    },
  });
}

function checkPage(check: CheckMeta): string {
  const messages = Object.values(check.messages).map((message) => `- ${inlineCode(message)}`);
  const configurable = check.id !== packConfigCheck.id;
  return [
    `# ${check.id}`,
    '',
    check.description,
    '',
    `Default severity: **${check.severity}**.`,
    '',
    '## Messages',
    '',
    'Placeholders in double braces are filled in with the offending values.',
    '',
    ...messages,
    '',
    '## Changing the severity',
    '',
    ...(configurable
      ? [
          "Set it under `checks` in the pack's `promptsift.yaml`, for the editor and the CLI alike:",
          '',
          '```yaml',
          'checks:',
          `  ${check.id}: warning   # error, warning, info or off`,
          '```',
        ]
      : ['The pack configuration is read before any check runs, so this check cannot be turned off.']),
    '',
  ].join('\n');
}

function inlineCode(text: string): string {
  const fence = text.includes('`') ? '`` ' : '`';
  return `${fence}${text}${fence.split('').reverse().join('')}`;
}
