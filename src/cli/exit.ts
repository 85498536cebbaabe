// Exit codes and the errors that end a command early with code 2.

import type { Severity } from '../core/model';

export const EXIT_CLEAN = 0;
/** Problems (or failing tests) at or above the threshold. */
export const EXIT_FAILED = 1;
/** A usage error (unknown flag or command, bad value, no files) or an internal error. */
export const EXIT_USAGE = 2;

/**
 * A mistake in how the CLI was called, or an input it cannot open; printed as one line to stderr
 * with a pointer to the command's help, and exits with code 2.
 */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose `--help` the message points at; empty for the top level. */
    readonly command = '',
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A file the CLI was told to read but cannot (missing, unreadable); exits with code 2. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

export const FAIL_ON_LEVELS = ['error', 'warning', 'info', 'never'] as const;
export type FailOn = (typeof FAIL_ON_LEVELS)[number];

const RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };

/** True when a problem of `severity` fails a run with `--fail-on failOn`. */
export function isAtOrAbove(severity: Severity, failOn: FailOn): boolean {
  return failOn !== 'never' && RANK[severity] >= RANK[failOn];
}
