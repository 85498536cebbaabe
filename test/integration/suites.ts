// The real-VS-Code suites of the extension, run by `npm run test:vscode` (see README.md here).
import type { IntegrationConfig } from '../../scripts/vscode/suite';
import { waitFor } from '../../scripts/vscode/wait';
import { authoringSuite } from './authoring-suite';
import { campaignsSuite } from './campaigns-suite';
import { findingsSuite } from './findings-suite';
import { restrictedSuite, reviewSuite } from './review-suite';

export const config: IntegrationConfig = {
  testsDir: 'suite',
  workspacesDir: 'workspaces',
  suites: [
    {
      name: 'basic',
      workspace: 'basic',
      tests: ['activation'],
      browserSteps: [
        {
          title: 'shows the rule in an editor, as a person opening it would see it',
          async run(workbench) {
            await workbench.openFile('rules/reasoning_dump_request.yml');
            await workbench.waitForEditorText("title: Request for the model's complete hidden reasoning");
            await workbench.screenshot('rule-open');
          },
        },
      ],
    },
    {
      name: 'diagnostics',
      workspace: 'packs',
      tests: ['diagnostics'],
      browserSteps: [
        {
          title: 'underlines the three errors of the broken rule',
          async run(workbench) {
            await workbench.openFile('pack/rules/broken.yml');
            await workbench.waitForEditorText('prompt|contans');
            const lines = await waitFor('error squiggles on lines 8, 9 and 10', async () => {
              const found = new Set((await workbench.decorations('^squiggly-error$')).map((decoration) => decoration.line));
              return [8, 9, 10].every((line) => found.has(line)) && [...found].sort();
            });
            if (lines.length !== 3) throw new Error(`error squiggles on lines ${lines.join(', ')}, expected 8, 9 and 10 only`);
            const status = workbench.page.locator('.statusbar-item').filter({ hasText: 'PromptSift' });
            await status.first().waitFor({ state: 'visible', timeout: workbench.timeoutMs });
            await workbench.screenshot('broken-rule');
          },
        },
        {
          title: 'shows the message, the source and the check id on hover',
          async run(workbench) {
            const text = await workbench.hover({ text: 'filter' });
            for (const fragment of ['The condition names "filter"', 'PromptSift', 'condition-unknown-identifier']) {
              if (!text.includes(fragment)) throw new Error(`the hover does not mention ${fragment}: ${text}`);
            }
            await workbench.screenshot('hover');
          },
        },
        {
          title: "opens the check's page from the code link in the hover",
          async run(workbench) {
            await workbench.page.locator('.monaco-hover:not(.hidden) a.code-link').first().click();
            await workbench.page
              .locator('.tabs-container .tab.active[aria-label^="condition-unknown-identifier.md"]')
              .waitFor({ state: 'visible', timeout: workbench.timeoutMs });
            await workbench.waitForEditorText('# condition-unknown-identifier');
            await workbench.screenshot('check-page');
          },
        },
        {
          title: 'lists the problems in the Problems panel',
          async run(workbench) {
            // Maximized, the panel has room for every row; Monaco renders only the rows in view.
            await workbench.runCommand('View: Toggle Maximized Panel');
            const row = await workbench.waitForProblem('Unknown modifier "contans"');
            if (!row.label.includes('PromptSift')) throw new Error(`the row does not name PromptSift: ${row.label}`);
            await workbench.waitForProblem('is also used by "Asks for the chain of thought" in rules/dup-a.yml');
            await workbench.screenshot('problems');
          },
        },
      ],
    },
    findingsSuite,
    reviewSuite,
    restrictedSuite,
    authoringSuite,
    campaignsSuite,
    {
      name: 'classifier',
      workspace: 'classifier',
      // The shipped rule, so that a retraining that moves its threshold needs no second edit here.
      copies: [{ from: 'rules/extraction/extraction_classifier.yml', to: 'pack/rules/extraction_classifier.yml' }],
      tests: ['classifier'],
      browserSteps: [
        {
          title: 'shows the classifier finding and what raised its score on hover',
          async run(workbench) {
            await workbench.openFile('pack/logs/prompts.jsonl');
            await workbench.waitForEditorText('Batch job 17');
            const text = await workbench.hover({ text: 'Batch job 17' });
            for (const fragment of ['Prompt reads like an extraction request (classifier)', 'extraction_score', 'What raised the score']) {
              if (!text.includes(fragment)) throw new Error(`the hover does not say "${fragment}": ${text}`);
            }
            await workbench.screenshot('classifier-hover');
          },
        },
      ],
    },
  ],
};
