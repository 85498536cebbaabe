// Runs the in-host part of the integration suites under @vscode/test-electron, for machines that can
// download VS Code (these cannot: they use scripts/vscode/run-integration.ts and code-server). The
// same suite index and the same suite declarations serve both; browser-level steps run only there.
// Usage: npx tsx test/integration/run-electron.ts [--suite basic] [--vscode-version stable]
import { runTests } from '@vscode/test-electron';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { createProfile } from '../../scripts/vscode/profile';
import { bundleSuite } from '../../scripts/vscode/runner-extension';
import { config } from './suites';

const REPO_ROOT = path.resolve(__dirname, '../..');

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      suite: { type: 'string', multiple: true, default: [] },
      'vscode-version': { type: 'string', default: 'stable' },
    },
  });
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
  const suiteDir = path.join(REPO_ROOT, 'out/integration/suite');
  rmSync(suiteDir, { recursive: true, force: true });
  await bundleSuite(path.join(__dirname, config.testsDir), suiteDir);
  const suites = config.suites.filter((suite) => values.suite.length === 0 || values.suite.includes(suite.name));
  let failed = 0;
  for (const suite of suites.filter((candidate) => candidate.tests.length > 0)) {
    const root = mkdtempSync(path.join(tmpdir(), `promptsift-electron-${suite.name}-`));
    try {
      const profile = createProfile(root, path.join(__dirname, config.workspacesDir, suite.workspace), suite.settings);
      console.log(`• ${suite.name}${suite.browserSteps?.length ? ' (browser steps run only under code-server)' : ''}`);
      await runTests({
        version: values['vscode-version'],
        extensionDevelopmentPath: REPO_ROOT,
        extensionTestsPath: path.join(suiteDir, 'index.js'),
        extensionTestsEnv: { PROMPTSIFT_TEST_ONLY: suite.tests.join(',') },
        launchArgs: [
          profile.workspaceDir,
          '--user-data-dir', profile.userDataDir,
          '--extensions-dir', profile.extensionsDir,
          '--disable-extensions',
        ],
      });
    } catch (error) {
      failed++;
      console.error(`${suite.name} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  },
);
