// A small strict argument parser: known long options (and a few short ones), `--name=value`,
// `--` to end options; anything unknown is a usage error naming the command's help.

import { UsageError } from './exit';

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** The allowed values of a string option. */
  choices?: readonly string[];
  /** A one-letter alias, without the dash. */
  short?: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

type ValueOf<S extends OptionSpec> = S['type'] extends 'string' ? string : boolean;

export interface ParsedArgs<S extends OptionSpecs> {
  /** Options as given; a repeated option keeps its last value. `help` is always accepted. */
  values: { [K in keyof S]?: ValueOf<S[K]> } & { help?: boolean };
  positionals: string[];
}

const HELP: OptionSpec = { type: 'boolean', short: 'h' };

/** Parses `argv` (the words after the command name); throws `UsageError` on anything unknown. */
export function parseCommandArgs<S extends OptionSpecs>(command: string, argv: readonly string[], specs: S): ParsedArgs<S> {
  const all: Record<string, OptionSpec> = { help: HELP, ...specs };
  const byShort = new Map(Object.entries(all).flatMap(([name, spec]) => (spec.short ? [[spec.short, name] as const] : [])));
  const values: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  const fail = (message: string): never => {
    throw new UsageError(message, command);
  };
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index] as string;
    if (word === '--') {
      positionals.push(...argv.slice(index + 1));
      break;
    }
    if (word === '-' || !word.startsWith('-')) {
      positionals.push(word);
      continue;
    }
    const equals = word.indexOf('=');
    const flag = equals > 0 && word.startsWith('--') ? word.slice(0, equals) : word;
    const name = flag.startsWith('--') ? flag.slice(2) : byShort.get(flag.slice(1));
    const spec = name === undefined ? undefined : all[name];
    if (name === undefined || spec === undefined) return fail(`unknown option ${flag}`);
    if (spec.type === 'boolean') {
      if (equals > 0 && flag !== word) fail(`option ${flag} does not take a value`);
      values[name] = true;
      continue;
    }
    let value: string | undefined;
    if (equals > 0 && flag !== word) {
      value = word.slice(equals + 1);
    } else {
      const next = argv[index + 1];
      if (next !== undefined && (next === '-' || !next.startsWith('-'))) value = next;
      index++;
    }
    if (value === undefined || value === '') return fail(`option ${flag} needs a value`);
    if (spec.choices && !spec.choices.includes(value)) {
      fail(`option ${flag} must be one of ${spec.choices.join(', ')}, not "${value}"`);
    }
    values[name] = value;
  }
  return { values, positionals } as ParsedArgs<S>;
}

/**
 * Pulls every `--rules <path>` (or `--rules=<path>`) out of the arguments, for the commands that
 * take the option more than once (`scan`, `stats`); the rest goes to parseCommandArgs.
 */
export function takeRules(argv: readonly string[], command: string): { rulePaths: string[]; rest: string[] } {
  const rulePaths: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string;
    if (word === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (word.startsWith('--rules=')) {
      rulePaths.push(word.slice('--rules='.length));
    } else if (word === '--rules') {
      const next = argv[++i];
      if (next === undefined || next === '' || next.startsWith('-')) throw new UsageError('option --rules needs a value', command);
      rulePaths.push(next);
    } else {
      rest.push(word);
    }
  }
  return { rulePaths, rest };
}
