import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allCheckMeta } from '../../src/core/checks/index';
import { baselineCheck } from '../../src/core/pack/baseline';
import { correlationFixturesCheck } from '../../src/core/pack/correlation-fixtures';
import { packConfigCheck } from '../../src/core/pack/config';
import { run } from '../../src/cli/main';
import { shouldUseColour, type Io } from '../../src/cli/output';
import { ensureBuilt, ROOT, runCli } from './helpers';

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** The checks list-checks must show: every registered check plus the pack config's, the correlation fixtures' and the baseline's. */
function expectedChecks(): { id: string; severity: string; description: string }[] {
  const byId = new Map([...allCheckMeta(), packConfigCheck, correlationFixturesCheck, baselineCheck].map((check) => [check.id, check]));
  return [...byId.values()]
    .map(({ id, severity, description }) => ({ id, severity, description }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

describe('promptsift (dispatcher)', function () {
  this.timeout(60_000);
  before(() => ensureBuilt());

  it('prints the version from package.json', () => {
    assert.deepEqual(runCli(['--version']), { code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('lists the commands with --help, and shows the usage on stderr with exit 2 without a command', () => {
    const help = runCli(['--help']);
    assert.equal(help.code, 0);
    assert.deepEqual(
      help.stdout.split('\n').filter((line) => /^ {2}[a-z]/.test(line)).map((line) => line.trim().split(/\s+/)[0]),
      ['lint', 'test', 'scan', 'stats', 'list-checks'],
    );
    assert.equal(runCli(['-h']).stdout, help.stdout);
    assert.deepEqual(runCli([]), { code: 2, stdout: '', stderr: help.stdout });
  });

  it('prints each command\'s help with exit 0, naming every flag it accepts', () => {
    const flags: Record<string, string[]> = {
      lint: ['--format', '--fail-on', '--config', '--output', '--help'],
      test: ['--format', '--update-baseline', '--config', '--output', '--help'],
      scan: ['--rules', '--format', '--min-level', '--fail-on', '--config', '--output', '--max-findings', '--rule-timeout', '--validate', '--workers', '--help'],
      'list-checks': ['--format', '--help'],
    };
    for (const [command, expected] of Object.entries(flags)) {
      const result = runCli([command, '--help']);
      assert.equal(result.code, 0);
      assert.ok(result.stdout.startsWith(`Usage: promptsift ${command} `), result.stdout);
      assert.deepEqual([...new Set(result.stdout.match(/--[a-z-]+/g))].sort(), [...expected].sort());
    }
  });

  it('rejects an unknown command or top-level option with exit 2', () => {
    assert.deepEqual(runCli(['scna']), {
      code: 2,
      stdout: '',
      stderr: 'promptsift: unknown command scna; commands: lint, test, scan, stats, list-checks (see promptsift --help)\n',
    });
    assert.deepEqual(runCli(['--verbose']), {
      code: 2,
      stdout: '',
      stderr: 'promptsift: unknown option --verbose; commands: lint, test, scan, stats, list-checks (see promptsift --help)\n',
    });
  });

  describe('list-checks', () => {
    it('prints every check id, default severity and description as aligned text', () => {
      const result = runCli(['list-checks']);
      assert.equal(result.code, 0);
      const checks = expectedChecks();
      const width = Math.max(...checks.map((check) => check.id.length));
      assert.deepEqual(
        result.stdout.split('\n').slice(0, -1),
        checks.map((check) => `${check.id.padEnd(width)}  ${check.severity.padEnd(7)}  ${check.description}`),
      );
    });

    it('prints them as JSON', () => {
      const result = runCli(['list-checks', '--format', 'json']);
      assert.deepEqual([result.code, JSON.parse(result.stdout)], [0, { checks: expectedChecks() }]);
    });

    it('takes no arguments', () => {
      assert.deepEqual(runCli(['list-checks', 'rules']), {
        code: 2,
        stdout: '',
        stderr: 'promptsift: list-checks takes no arguments, not "rules" (see promptsift list-checks --help)\n',
      });
    });
  });
});

describe('the CLI edge', () => {
  function fakeIo(env: Record<string, string> = {}): Io & { out: string; err: string } {
    const io = {
      cwd: join(ROOT, 'test/fixtures/cli'),
      env,
      isStdoutTty: false,
      out: '',
      err: '',
      stdout(): void {
        throw new Error('stdout closed\nsecond line');
      },
      stderr(text: string): void {
        io.err += text;
      },
    };
    return io;
  }

  it('turns an internal error into one line on stderr and exit 2', async () => {
    const io = fakeIo();
    assert.equal(await run(['list-checks'], io), 2);
    assert.equal(io.err, 'promptsift: internal error: stdout closed\n');
  });

  it('adds the stack with PROMPTSIFT_DEBUG=1', async () => {
    const io = fakeIo({ PROMPTSIFT_DEBUG: '1' });
    assert.equal(await run(['list-checks'], io), 2);
    const [first, ...rest] = io.err.split('\n');
    assert.equal(first, 'promptsift: internal error: stdout closed');
    assert.match(rest.join('\n'), /^Error: stdout closed\nsecond line\n\s+at /);
  });
});

describe('colour', () => {
  it('is used only on a terminal, without NO_COLOR and without --output', () => {
    assert.equal(shouldUseColour({ isStdoutTty: true, env: {} }), true);
    assert.equal(shouldUseColour({ isStdoutTty: true, env: { NO_COLOR: '' } }), true);
    assert.equal(shouldUseColour({ isStdoutTty: true, env: { NO_COLOR: '1' } }), false);
    assert.equal(shouldUseColour({ isStdoutTty: false, env: {} }), false);
    assert.equal(shouldUseColour({ isStdoutTty: true, env: {} }, 'report.txt'), false);
  });
});
