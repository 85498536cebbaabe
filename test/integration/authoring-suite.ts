// The real-VS-Code suite of rule authoring (workspaces/authoring): the in-host tests in
// suite/authoring.test.ts, then what a person sees: the Test Explorer tree after a run, a failure
// shown at its example, the CodeLens and the list of hits it opens, the quick fix menu, completion
// lists, regular expressions highlighted in rule values, and a prompt log's roles, models and times.
import { dirname, join } from 'node:path';
import type { SuiteSpec } from '../../scripts/vscode/suite';
import { waitFor } from '../../scripts/vscode/wait';
import type { Workbench } from '../../scripts/vscode/workbench';
import { tokenColors, type TokenColor } from './token-dom';

const EDITOR = '.editor-group-container.active .monaco-editor[data-uri]';

/** The coloured pieces of the rendered line that contains `fragment`. */
async function colorsOf(workbench: Workbench, fragment: string): Promise<TokenColor[]> {
  return waitFor(`the line with "${fragment}" to be rendered`, async () => {
    const found = await workbench.page.evaluate(tokenColors, { selector: EDITOR, fragment });
    return typeof found !== 'string' && found;
  }, { timeoutMs: workbench.timeoutMs });
}

/** The colour of `text`: its own span, else the span it is part of (Monaco joins neighbours of one colour). */
function colorOf(tokens: TokenColor[], text: string): string {
  const token = tokens.find((candidate) => candidate.text === text) ?? tokens.find((candidate) => candidate.text.includes(text));
  if (!token) throw new Error(`no token "${text}" among ${JSON.stringify(tokens.map((candidate) => candidate.text))}`);
  return token.color;
}

/** Opens the token inspector at a position and returns its text (the scopes of the token there). */
async function inspectTokens(workbench: Workbench, line: number, column: number): Promise<string> {
  await workbench.goTo(line, column);
  await workbench.runCommand('Developer: Inspect Editor Tokens and Scopes');
  const widget = workbench.page.locator('.token-inspect-widget');
  await widget.waitFor({ state: 'visible', timeout: workbench.timeoutMs });
  await waitFor('the token inspector to list scopes', async () => (await widget.innerText()).includes('textmate scopes'), { timeoutMs: workbench.timeoutMs });
  return widget.innerText();
}

/** A second screenshot of the area around `selector` (the first match), next to the full one. */
async function closeUp(workbench: Workbench, full: string, name: string, selector: string): Promise<void> {
  const box = await workbench.page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`nothing to take a close-up of: ${selector}`);
  const file = join(dirname(full), `authoring-${name}.png`);
  await workbench.page.screenshot({ path: file, clip: { x: Math.max(0, box.x - 80), y: Math.max(0, box.y - 10), width: 760, height: 140 } });
  workbench.screenshots.push(file);
}

async function closeWidgets(workbench: Workbench): Promise<void> {
  await workbench.page.keyboard.press('Escape');
  await workbench.page.keyboard.press('Escape');
}

export const authoringSuite: SuiteSpec = {
  name: 'authoring',
  workspace: 'authoring',
  tests: ['authoring'],
  settings: { 'testing.automaticallyOpenPeekView': 'failureInVisibleDocument' },
  timeoutMs: 180_000,
  browserSteps: [
    {
      title: 'shows the failures of a run at the examples, in the editor and in the Test Explorer',
      async run(workbench) {
        await workbench.openFile('pack/rules/debug_mode.yml');
        await workbench.waitForEditorText('How do I enable developer mode on Android?');
        await workbench.runCommand('Test: Run All Tests');
        const peek = workbench.page.locator('.monaco-editor .peekview-widget').first();
        await peek.waitFor({ state: 'visible', timeout: workbench.timeoutMs });
        const text = await waitFor('the peek to explain the failure', async () => {
          const shown = (await peek.innerText()).replace(/\u00a0/g, ' ');
          return /Expected (a match, got none|no match, got a match)/.test(shown) && shown;
        }, { timeoutMs: workbench.timeoutMs });
        if (!/Line \d+: /.test(text)) throw new Error(`the peek does not say where in the rule: ${text}`);
        await workbench.screenshot('failure-peek');
        await closeWidgets(workbench);
        await workbench.runCommand('Testing: Focus on Test Explorer View');
        const tree = workbench.page.locator('.test-explorer .monaco-list');
        await tree.waitFor({ state: 'visible', timeout: workbench.timeoutMs });
        for (const label of ['rules/debug_mode.yml', 'Debug-mode framing', 'rules/hidden_reasoning.yml', "Request for the model's hidden reasoning"]) {
          const row = workbench.page.locator('.test-explorer .monaco-list-row').filter({ hasText: label }).first();
          await row.waitFor({ state: 'visible', timeout: workbench.timeoutMs });
          if ((await row.getAttribute('aria-expanded')) === 'false') await row.click();
        }
        await workbench.page.locator('.test-explorer .monaco-list-row').filter({ hasText: 'nomatch[1]' }).first().waitFor({ state: 'visible', timeout: workbench.timeoutMs });
        const failed = await workbench.page.locator('.test-explorer .monaco-list-row .codicon-testing-failed-icon').count();
        if (failed < 2) throw new Error(`the Test Explorer marks ${failed} item(s) as failed`);
        await workbench.screenshot('test-explorer');
      },
    },
    {
      title: 'shows the hits and the test status above each rule, and lists the hits on click',
      async run(workbench) {
        await workbench.openFile('pack/rules/hidden_reasoning.yml');
        const lenses = workbench.page.locator(`${EDITOR} .codelens-decoration`);
        await waitFor('the CodeLens with the hits and the tests', async () => {
          const text = (await lenses.allInnerTexts()).join(' | ');
          return text.includes('3 hits in 2 logs') && text.includes('tests: 4/4 passed');
        }, { timeoutMs: 30_000 });
        const full = await workbench.screenshot('codelens');
        await closeUp(workbench, full, 'codelens-close-up', `${EDITOR} .codelens-decoration`);
        await lenses.locator('a').filter({ hasText: '3 hits in 2 logs' }).first().click();
        const rows = workbench.page.locator('.quick-input-widget .monaco-list-row');
        // The Quick Open list of openFile may still be on screen (three rule files): wait for the hits' list itself.
        await waitFor('three hits in the list', async () => {
          const shown = await rows.allInnerTexts();
          return shown.length === 3 && shown.some((label) => label.includes('.jsonl:'));
        }, { timeoutMs: workbench.timeoutMs });
        const labels = await rows.allInnerTexts();
        if (!labels.some((label) => label.includes('sample.jsonl:2')) || !labels.some((label) => label.includes('more.jsonl:2'))) throw new Error(`unexpected hits: ${labels.join(' / ')}`);
        await workbench.screenshot('hits-list');
        await workbench.page.keyboard.press('Enter');
        await workbench.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: workbench.timeoutMs });
        await workbench.page.locator('.tabs-container .tab.active[aria-label^="more.jsonl"], .tabs-container .tab.active[aria-label^="sample.jsonl"]').first().waitFor({ state: 'visible', timeout: workbench.timeoutMs });
        await workbench.screenshot('hit-opened');
      },
    },
    {
      title: 'offers the quick fix on an unknown modifier',
      async run(workbench) {
        await workbench.openFile('pack/rules/needs_fixes.yml');
        await waitFor('the squiggle under contans', async () => (await workbench.decorations('^squiggly-error$')).some((decoration) => decoration.line === 10), { timeoutMs: 20_000 });
        // The light bulb's menu lists what the code-action providers answered when it opened; on a
        // loaded machine the first Ctrl+. can come before the fix is offered, so ask up to 3 times.
        const menu = workbench.page.locator('.action-widget').filter({ hasText: 'Change "contans" to "contains"' }).first();
        for (let attempt = 1; ; attempt++) {
          await workbench.goTo(10, 18);
          await workbench.page.keyboard.press('Control+.');
          try {
            await menu.waitFor({ state: 'visible', timeout: workbench.timeoutMs });
            break;
          } catch (error) {
            if (attempt === 3) throw error;
            console.log(`    the quick-fix menu did not offer the fix within ${workbench.timeoutMs} ms (attempt ${attempt}); asking again`);
            await closeWidgets(workbench);
          }
        }
        await workbench.screenshot('quick-fix');
        await closeWidgets(workbench);
      },
    },
    {
      title: 'completes modifiers and taxonomy fields',
      async run(workbench) {
        await workbench.openFile('pack/rules/hidden_reasoning.yml');
        const suggest = workbench.page.locator('.editor-widget.suggest-widget');
        await workbench.goTo(12, 16);
        await workbench.page.keyboard.press('Control+Space');
        await suggest.filter({ hasText: 'base64offset' }).waitFor({ state: 'visible', timeout: workbench.timeoutMs });
        await workbench.screenshot('completion-modifiers');
        await closeWidgets(workbench);
        await workbench.goTo(12, 9);
        await workbench.page.keyboard.press('Control+Space');
        await suggest.filter({ hasText: 'account_id' }).waitFor({ state: 'visible', timeout: workbench.timeoutMs });
        await workbench.screenshot('completion-fields');
        await closeWidgets(workbench);
      },
    },
    {
      title: 'highlights the regular expressions of |re values, and only those',
      async run(workbench) {
        await workbench.openFile('pack/rules/hidden_reasoning.yml');
        const regex = await colorsOf(workbench, 'prompt|re|i:');
        const plain = await colorsOf(workbench, "prompt|contains: 'hidden reasoning'");
        const literal = colorOf(regex, 'your');
        if (literal === colorOf(plain, 'hidden reasoning')) throw new Error(`the regex text has the colour of a plain string: ${literal}`);
        const parts = new Set(['\\b', '(', '\\s', '+', '|'].map((text) => colorOf(regex, text)));
        if (parts.size < 3 || parts.has(literal)) throw new Error(`the regex's syntax is not set apart: ${JSON.stringify(regex)}`);
        const scopes = await inspectTokens(workbench, 14, 26);
        if (!scopes.includes('string.regexp.promptsift-rule')) throw new Error(`the token inspector does not show the regex scope: ${scopes}`);
        await workbench.screenshot('regex-highlighting');
        await closeWidgets(workbench);
      },
    },
    {
      title: "colours a prompt log's roles, models and timestamps",
      async run(workbench) {
        await workbench.openFile('pack/logs/sample.jsonl');
        const tokens = await colorsOf(workbench, 'I cannot share that.');
        const [user, assistant, model, time, text] = ['user', 'assistant', 'claude-sonnet-4-5', '2026-11-28T10:02:00Z', 'I cannot share that.'].map((piece) => colorOf(tokens, piece));
        if (new Set([user, assistant, model, time, text]).size !== 5) throw new Error(`roles, model, time and text share colours: ${JSON.stringify({ user, assistant, model, time, text })}`);
        await workbench.runCommand('View: Toggle Word Wrap');
        await workbench.screenshot('log-colours');
        await workbench.runCommand('View: Toggle Word Wrap');
        const scopes = await inspectTokens(workbench, 3, 81);
        if (!scopes.includes('variable.other.constant.model.promptsift-log')) throw new Error(`the token inspector does not show the model scope: ${scopes}`);
        await workbench.screenshot('log-highlighting');
        await closeWidgets(workbench);
      },
    },
  ],
};
