// The real-VS-Code suite of the Campaigns view (workspaces/campaigns): the in-host tests in
// suite/campaigns.test.ts check its figures against the core's; then what a person sees and does:
// the view opened from the activity bar with its figures, an account id holding markup shown as
// text, a click on the campaign that opens a log at its first record, next and previous through
// its records, and a click on an account. Each record the editor lands on is checked against the
// refs the core computes for the same files, and against the log line itself.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from '../../scripts/vscode/playwright';
import type { SuiteSpec } from '../../scripts/vscode/suite';
import { waitFor } from '../../scripts/vscode/wait';
import type { Workbench } from '../../scripts/vscode/workbench';
import { runStatsPasses } from '../../src/runtime/stats-run';

const MARKUP_ACCOUNT = 'acct_<img src=x onerror=alert(1)>';

/** The slice of playwright's FrameLocator the steps use (playwright.ts declares no frames). */
interface FrameLocator {
  locator(selector: string): Locator;
  frameLocator(selector: string): FrameLocator;
  first(): FrameLocator;
}

/** The Campaigns view's page: VS Code puts a webview's content in an inner frame of its iframe. */
function panel(workbench: Workbench): FrameLocator {
  return (workbench.page as Page & { frameLocator(selector: string): FrameLocator })
    .frameLocator('iframe.webview')
    .first()
    .frameLocator('#active-frame');
}

interface Ref {
  source: string;
  line: number;
}

/** The first records of campaign C1 and of the markup account, as the core computes them from the workspace's files. */
function coreRefs(workspaceDir: string): { campaign: Ref[]; account: Ref[]; accounts: string[] } {
  const pack = path.join(workspaceDir, 'pack');
  const rules = readdirSync(path.join(pack, 'rules'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.yml'))
    .map((name) => ({ name, text: readFileSync(path.join(pack, 'rules', name), 'utf8') }));
  const logs = readdirSync(path.join(pack, 'logs')).sort().map((name) => ({ path: path.join(pack, 'logs', name), name: `pack/logs/${name}` }));
  const { stats } = runStatsPasses({ rules, logs, flagLevel: 'low', refsPerItem: 50 });
  const campaign = stats.campaigns.find((c) => c.id === 'C1');
  const campaignRefs = stats.refs?.campaigns.find((item) => item.key === 'C1')?.refs;
  const accountRefs = stats.refs?.accounts.find((item) => item.key === MARKUP_ACCOUNT)?.refs;
  if (!campaign || !campaignRefs || !accountRefs) throw new Error('the core finds no campaign C1, or no records of it or of the markup account');
  return { campaign: campaignRefs, account: accountRefs, accounts: campaign.accounts };
}

/** The account of a record of a JSON Lines log, read from the file on disk. */
function accountAt(workspaceDir: string, ref: Ref): string {
  const line = readFileSync(path.join(workspaceDir, ref.source), 'utf8').split('\n')[ref.line - 1] ?? '';
  return (JSON.parse(line) as { account_id?: string }).account_id ?? '';
}

/** Waits until the active editor is `ref`'s log with the cursor on its line (tab and "Ln N, Col M" in the status bar). */
async function expectEditorAt(workbench: Workbench, ref: Ref): Promise<void> {
  const name = path.posix.basename(ref.source);
  await workbench.page.locator(`.tabs-container .tab.active[aria-label^="${name}"]`).waitFor({ state: 'visible', timeout: workbench.timeoutMs });
  const item = workbench.page.locator('.statusbar-item').filter({ hasText: /^Ln \d+, Col \d+/ }).first();
  let seen = '';
  await waitFor(`the cursor on line ${ref.line} of ${name}`, async () => {
    seen = await item.innerText({ timeout: 1000 });
    return seen.startsWith(`Ln ${ref.line}, Col 1`);
  }, { timeoutMs: workbench.timeoutMs }).catch((error: unknown) => {
    throw new Error(`${String(error)}; the status bar says "${seen}"`);
  });
  // The status item may be crowded out of a narrow window; the highlighted line number is on screen.
  const number = workbench.page.locator('.editor-group-container.active .monaco-editor[data-uri] .line-numbers.active-line-number');
  await number.filter({ hasText: new RegExp(`^${ref.line}$`) }).first().waitFor({ state: 'visible', timeout: workbench.timeoutMs });
}

/** Waits until the view's selection bar names what is open, the position among its records, and the record's log and line. */
async function expectSelection(workbench: Workbench, label: string, position: string, ref: Ref): Promise<void> {
  const bar = panel(workbench).locator('nav.selection');
  const location = bar.locator('.selection-location').filter({ hasText: `${ref.source}:${ref.line}` });
  await bar.filter({ hasText: label }).filter({ hasText: position }).waitFor({ state: 'visible', timeout: workbench.timeoutMs });
  await location.waitFor({ state: 'visible', timeout: workbench.timeoutMs });
}

async function tileValue(workbench: Workbench, label: string): Promise<string> {
  const tile = panel(workbench).locator('.tile').filter({ hasText: new RegExp(`^\\S+\\s*${label}`) }).first();
  await tile.waitFor({ state: 'visible', timeout: workbench.timeoutMs });
  return tile.locator('.tile-value').innerText();
}

export const campaignsSuite: SuiteSpec = {
  name: 'campaigns',
  workspace: 'campaigns',
  tests: ['campaigns'],
  browserSteps: [
    {
      title: 'opens the Campaigns view from the activity bar and shows the campaign figures',
      async run(workbench) {
        // The in-host tests showed the view; start from the Explorer, as a person would.
        await workbench.runCommand('View: Show Explorer');
        // The item, not its icon: the findings badge lies over the icon.
        await workbench.page.locator('.activitybar .action-item:has(> a[aria-label^="PromptSift"])').first().click({ timeout: workbench.timeoutMs });
        // The Findings view shares the container; folded, it leaves the side bar to the figures.
        // Its title, not the middle of its header, where its actions (next finding, …) appear on hover.
        await workbench.page.locator('.pane-header[aria-label^="Findings"][aria-expanded="true"] h3.title').first().click({ timeout: workbench.timeoutMs });
        await workbench.page.locator('.pane-header[aria-label^="Findings"][aria-expanded="false"]').first().waitFor({ state: 'visible', timeout: workbench.timeoutMs });
        const editors = await workbench.page.locator('.tabs-container .tab').count();
        if (editors > 0) throw new Error(`${editors} editor(s) open before any click in the view`);
        const figures = { records: await tileValue(workbench, 'records'), accounts: await tileValue(workbench, 'accounts'), flagged: await tileValue(workbench, 'flagged'), campaigns: await tileValue(workbench, 'campaign') };
        const expected = { records: '579', accounts: '80', flagged: '242', campaigns: '1' };
        if (JSON.stringify(figures) !== JSON.stringify(expected)) throw new Error(`the tiles show ${JSON.stringify(figures)}, expected ${JSON.stringify(expected)}`);
        const card = panel(workbench).locator('article.campaign[aria-label="Campaign C1"]');
        const title = await card.locator('.campaign-title').innerText({ timeout: workbench.timeoutMs });
        if (!title.includes('24 accounts · 242 requests')) throw new Error(`the card of C1 says "${title}"`);
        await workbench.screenshot('view');
      },
    },
    {
      title: "shows the campaign's card: pivots, hourly requests per model, rules, templates, accounts, links",
      async run(workbench) {
        const card = panel(workbench).locator('article.campaign[aria-label="Campaign C1"]');
        for (const part of ['ul.pivots', 'figure.timeline', '.chips', 'ul.evidence']) {
          await card.locator(part).first().waitFor({ state: 'visible', timeout: workbench.timeoutMs });
        }
        const rows = await card.locator('.timeline-row').count();
        if (rows < 2) throw new Error(`the timeline of C1 has ${rows} row(s)`);
        for (const part of ['figure.timeline', '.chips', 'ul.evidence']) {
          await (card.locator(part).first() as Locator & { scrollIntoViewIfNeeded(): Promise<void> }).scrollIntoViewIfNeeded();
          await workbench.screenshot(`card-${part.replace(/\W/g, '')}`);
        }
      },
    },
    {
      title: 'shows the account id that holds HTML markup as text',
      async run(workbench) {
        const chip = panel(workbench).locator('article.campaign button.chip').filter({ hasText: MARKUP_ACCOUNT }).first();
        const text = await chip.innerText({ timeout: workbench.timeoutMs });
        if (text !== `${MARKUP_ACCOUNT} (18)`) throw new Error(`the chip says "${text}"`);
        const images = await panel(workbench).locator('img').count();
        if (images > 0) throw new Error(`the view rendered ${images} <img> element(s) from the logs`);
      },
    },
    {
      title: "opens the log at the campaign's first record on a click on it",
      async run(workbench, { workspaceDir }) {
        const refs = coreRefs(workspaceDir);
        const first = refs.campaign[0] as Ref;
        if (!refs.accounts.includes(accountAt(workspaceDir, first))) throw new Error(`line ${first.line} of ${first.source} is not a record of C1`);
        await panel(workbench).locator('article.campaign[aria-label="Campaign C1"] button.campaign-open').click({ timeout: workbench.timeoutMs });
        await expectEditorAt(workbench, first);
        await expectSelection(workbench, 'Campaign C1', '1 of the first 50 (242 records)', first);
        await workbench.screenshot('campaign-first-record');
      },
    },
    {
      title: 'goes to the next record with the Next button and the command, and back with Previous',
      async run(workbench, { workspaceDir }) {
        const { campaign, accounts } = coreRefs(workspaceDir);
        const [, second, third] = campaign as [Ref, Ref, Ref];
        for (const ref of [second, third]) {
          if (!accounts.includes(accountAt(workspaceDir, ref))) throw new Error(`line ${ref.line} of ${ref.source} is not a record of C1`);
        }
        await panel(workbench).locator('nav.selection button[data-action="step-next"]').click({ timeout: workbench.timeoutMs });
        await expectEditorAt(workbench, second);
        await expectSelection(workbench, 'Campaign C1', '2 of the first 50 (242 records)', second);
        await workbench.screenshot('campaign-next-record');
        await workbench.runCommand("PromptSift: Next Record of the Campaign View's Selection");
        await expectEditorAt(workbench, third);
        await expectSelection(workbench, 'Campaign C1', '3 of the first 50 (242 records)', third);
        await panel(workbench).locator('nav.selection button[data-action="step-previous"]').click({ timeout: workbench.timeoutMs });
        await expectEditorAt(workbench, second);
      },
    },
    {
      title: "opens the log at an account's first record on a click on its chip",
      async run(workbench, { workspaceDir }) {
        const first = coreRefs(workspaceDir).account[0] as Ref;
        const account = accountAt(workspaceDir, first);
        if (account !== MARKUP_ACCOUNT) throw new Error(`line ${first.line} of ${first.source} is a record of ${account}`);
        await panel(workbench).locator('article.campaign button.chip').filter({ hasText: MARKUP_ACCOUNT }).first().click({ timeout: workbench.timeoutMs });
        await expectEditorAt(workbench, first);
        await expectSelection(workbench, `Account ${MARKUP_ACCOUNT}`, '1 of 18', first);
        await workbench.screenshot('account-first-record');
      },
    },
  ],
};
