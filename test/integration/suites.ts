// The real-VS-Code suites of the extension, run by `npm run test:vscode` (see README.md here).
import type { IntegrationConfig } from '../../scripts/vscode/suite';

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
  ],
};
