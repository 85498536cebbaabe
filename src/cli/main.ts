// The CLI entry: dispatches to a subcommand and is the one edge where errors become exit codes.

import { COMMANDS } from './commands/index';
import { EXIT_CLEAN, EXIT_USAGE, InputError, UsageError } from './exit';
import { VERSION } from './meta';
import type { Io } from './output';

function overview(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  const commands = COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return [
    'Usage: promptsift <command> [options] [arguments]',
    '',
    'Lints Sigma detection rules and tests them against LLM prompt logs.',
    '',
    'Commands:',
    ...commands,
    '',
    'Options:',
    '  -h, --help     show this help, or a command\'s with promptsift <command> --help',
    '  --version      print the version',
    '',
  ].join('\n');
}

/** Runs the CLI with `argv` (without node and the script); resolves to the exit code. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  try {
    const [first, ...rest] = argv;
    if (first === undefined) {
      io.stderr(overview());
      return EXIT_USAGE;
    }
    if (first === '--help' || first === '-h' || first === 'help') {
      io.stdout(overview());
      return EXIT_CLEAN;
    }
    if (first === '--version') {
      io.stdout(`${VERSION}\n`);
      return EXIT_CLEAN;
    }
    const command = COMMANDS.find((candidate) => candidate.name === first);
    if (!command) {
      const what = first.startsWith('-') ? 'option' : 'command';
      throw new UsageError(`unknown ${what} ${first}; commands: ${COMMANDS.map((c) => c.name).join(', ')}`);
    }
    return await command.run(rest, io);
  } catch (error) {
    return reportError(error, io);
  }
}

/** One line on stderr per failure; the stack only with PROMPTSIFT_DEBUG=1. */
function reportError(error: unknown, io: Io): number {
  if (error instanceof UsageError) {
    const help = error.command ? `promptsift ${error.command} --help` : 'promptsift --help';
    io.stderr(`promptsift: ${error.message} (see ${help})\n`);
  } else if (error instanceof InputError) {
    io.stderr(`promptsift: ${error.message}\n`);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`promptsift: internal error: ${message.split('\n')[0]}\n`);
    if (io.env.PROMPTSIFT_DEBUG === '1' && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  }
  return EXIT_USAGE;
}

// Only when run as the bundled CLI, so that tests can import `run` without starting it.
if (require.main === module) {
  // A reader that stops early (`promptsift lint | head`) closes the pipe; that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  const io: Io = {
    cwd: process.cwd(),
    env: process.env,
    isStdoutTty: process.stdout.isTTY === true,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  };
  void run(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
