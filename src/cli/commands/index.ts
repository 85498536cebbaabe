// Every subcommand, in the order `promptsift --help` lists them; add new ones (scan, stats) here.

import { lintCommand } from './lint';
import { listChecksCommand } from './list-checks';
import { scanCommand } from './scan';
import { statsCommand } from './stats';
import { testCommand } from './test';
import type { Command } from './types';

export const COMMANDS: readonly Command[] = [lintCommand, testCommand, scanCommand, statsCommand, listChecksCommand];
