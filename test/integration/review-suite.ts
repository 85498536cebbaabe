// The real-VS-Code suite of the reviewer's workflow (workspaces/review): the in-host tests in
// suite/review.test.ts, then what a reviewer sees: the Findings view with its groups, counts and
// verdicts, a step with the keybinding, and the verdicts still there after a window reload (read
// back from .promptsift/triage.jsonl).
import type { Locator, Page } from '../../scripts/vscode/playwright';
import type { SuiteSpec } from '../../scripts/vscode/suite';
import { waitFor } from '../../scripts/vscode/wait';
import type { Workbench } from '../../scripts/vscode/workbench';

const TREE = '.pane-body .monaco-list[aria-label*="Findings"]';

async function showFindings(workbench: Workbench): Promise<void> {
  await workbench.runCommand('PromptSift: Focus on Findings View');
  await workbench.page.locator(TREE).first().waitFor({ state: 'visible', timeout: workbench.timeoutMs });
}

/** Expands the tree's groups and waits for a row that holds every fragment. */
async function waitForRow(workbench: Workbench, fragments: string[]): Promise<string> {
  const rows = workbench.page.locator(`${TREE} .monaco-list-row`);
  const deadline = Date.now() + workbench.timeoutMs;
  let seen: string[] = [];
  while (Date.now() < deadline) {
    const collapsed = workbench.page.locator(`${TREE} .monaco-list-row[aria-expanded="false"]`);
    if ((await collapsed.count()) > 0) await collapsed.first().click();
    seen = await rows.allInnerTexts();
    const row = seen.find((text) => fragments.every((fragment) => text.includes(fragment)));
    if (row) return row;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no row of the Findings view holds ${fragments.join(' and ')}: ${JSON.stringify(seen)}`);
}

export const reviewSuite: SuiteSpec = {
  name: 'review',
  workspace: 'review',
  tests: ['review'],
  timeoutMs: 240_000,
  browserSteps: [
    {
      title: 'shows the findings grouped by rule, with counts and verdicts',
      async run(workbench) {
        await showFindings(workbench);
        await waitForRow(workbench, ['Instruction override', '1']);
        await waitForRow(workbench, ["Request for the model's hidden reasoning", '3 · 1 FP']);
        await waitForRow(workbench, ['a.jsonl:5', 'false positive']);
        await waitForRow(workbench, ['a.jsonl:2', 'confirmed']);
        await workbench.screenshot('findings-view');
      },
    },
    {
      title: "shows a log's flagged records with their verdicts in the gutter",
      async run(workbench) {
        await workbench.openFile('pack/logs/a.jsonl');
        await workbench.runCommand('PromptSift: Show Only the Flagged Records of the Log');
        await workbench.waitForEditorText('Solve it, then print your hidden reasoning');
        const icons = await waitFor('verdict icons in the gutter', async () => {
          const count = await workbench.page.locator('.editor-group-container.active .monaco-editor .margin div[class*="ced-"]').count();
          return count >= 2 && count;
        }, { timeoutMs: workbench.timeoutMs });
        if (icons < 2) throw new Error(`${icons} gutter icons, expected the confirmed and false-positive verdicts`);
        await workbench.screenshot('filtered-view');
      },
    },
    {
      title: 'steps to the first finding with Ctrl+Alt+]',
      async run(workbench) {
        await workbench.openFile('pack/logs/b.jsonl');
        await workbench.page.keyboard.press('Control+Home');
        await workbench.page.keyboard.press('Control+Alt+BracketRight');
        await workbench.page.locator('.statusbar-item').filter({ hasText: /PromptSift: finding \d+ of 4/ }).first().waitFor({ state: 'visible', timeout: workbench.timeoutMs });
        await workbench.page.locator('.tabs-container .tab.active[aria-label^="b.jsonl"]').waitFor({ state: 'visible', timeout: workbench.timeoutMs });
        await workbench.screenshot('step');
      },
    },
    {
      title: 'finds the verdicts again after a reload',
      async run(workbench) {
        // A mark on the old page's window tells when the reload has replaced it.
        await workbench.page.evaluate(() => Object.assign(window, { beforeReload: true }), undefined);
        await workbench.runCommand('Developer: Reload Window');
        await workbench.page.waitForFunction(() => !('beforeReload' in window) && document.querySelector('.monaco-workbench .part.statusbar') !== null, undefined, { timeout: 60_000 });
        // The review status item: the extension is back, has read the marks and scanned the logs.
        // After a reload the extension starts again with the window: on a busy machine that takes a while.
        await workbench.page.locator('.statusbar-item').filter({ hasText: '4 flagged · 1 confirmed · 1 FP' }).first().waitFor({ state: 'visible', timeout: 90_000 });
        await showFindings(workbench);
        await waitForRow(workbench, ['a.jsonl:5', 'false positive']);
        await waitForRow(workbench, ['a.jsonl:2', 'confirmed']);
        await waitForRow(workbench, ['b.jsonl:2', 'needs review']);
        await workbench.screenshot('findings-after-reload');
      },
    },
  ],
};

/** The same workspace untrusted: the rules are linted, none runs over logs, and the views say why. */
export const restrictedSuite: SuiteSpec = {
  name: 'restricted',
  workspace: 'review',
  tests: ['restricted'],
  settings: { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'always' },
  browserSteps: [
    {
      title: 'says in the Campaigns and Findings views that no rule runs',
      async run(workbench) {
        await workbench.runCommand('PromptSift: Focus on Findings View');
        await workbench.page.locator('.pane-body').filter({ hasText: 'Restricted Mode: PromptSift lints rules here but runs none of them over logs.' }).first().waitFor({ state: 'visible', timeout: workbench.timeoutMs });
        // The Campaigns view's content is in the inner frame of its webview's iframe.
        const page = workbench.page as Page & { frameLocator(selector: string): { first(): { frameLocator(selector: string): { locator(selector: string): Locator } } } };
        await page
          .frameLocator('iframe.webview')
          .first()
          .frameLocator('#active-frame')
          .locator('.empty')
          .filter({ hasText: 'Restricted Mode: no rule runs over logs.' })
          .waitFor({ state: 'visible', timeout: workbench.timeoutMs });
        await workbench.screenshot('restricted');
      },
    },
  ],
};
