// Where a command's output goes (stdout or `--output`), whether it may use colour, and how paths
// are shown: relative to the working directory, with forward slashes on every platform.

import { writeFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { InputError } from './exit';

/** What a command may touch of the process: injected so that the dispatcher stays the one edge. */
export interface Io {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  isStdoutTty: boolean;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Colour only for a terminal, and never when NO_COLOR is set to anything (no-color.org). */
export function shouldUseColour(io: Pick<Io, 'env' | 'isStdoutTty'>, outputPath?: string): boolean {
  const noColour = io.env.NO_COLOR;
  return io.isStdoutTty && outputPath === undefined && (noColour === undefined || noColour === '');
}

/** Writes a command's report to `outputPath`, or to stdout when it is undefined. */
export function emit(io: Io, text: string, outputPath?: string): void {
  if (outputPath === undefined) {
    io.stdout(text);
    return;
  }
  try {
    writeFileSync(resolve(io.cwd, outputPath), text, 'utf8');
  } catch (error) {
    throw new InputError(`cannot write ${outputPath}: ${reasonOf(error)}`);
  }
}

/** A path as the user sees it: relative to `cwd`, forward slashes, `.` for `cwd` itself. */
export function displayPath(cwd: string, absolute: string): string {
  const rel = relative(cwd, absolute);
  if (rel === '') return '.';
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/** The short reason of a file system error ("no such file or directory"), without the path. */
export function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const known: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EISDIR: 'it is a directory',
    ENOTDIR: 'a part of the path is not a directory',
  };
  if (code && known[code]) return known[code];
  return error instanceof Error ? error.message : String(error);
}

const STYLES = { red: 31, yellow: 33, cyan: 36, bold: 1, dim: 2 } as const;
export type Style = keyof typeof STYLES;

/** Wraps text in an ANSI style when `isEnabled`, else returns it unchanged. */
export function paint(text: string, style: Style, isEnabled: boolean): string {
  return isEnabled ? `\u001b[${STYLES[style]}m${text}\u001b[0m` : text;
}
