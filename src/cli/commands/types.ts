// The contract of a subcommand: main.ts dispatches on `name` and prints `summary` in the overview.

import type { Io } from '../output';

export interface Command {
  name: string;
  /** One line for `promptsift --help`. */
  summary: string;
  /** The full `promptsift <name> --help` text, ending with a newline. */
  help: string;
  /** Runs with the words after the command name; returns the exit code, throws only UsageError/InputError or bugs. */
  run(argv: readonly string[], io: Io): number | Promise<number>;
}
