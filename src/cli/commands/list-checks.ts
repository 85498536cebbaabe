// `promptsift list-checks`: every check id with its default severity and what it looks for.

import { parseCommandArgs } from '../args';
import { EXIT_CLEAN, UsageError } from '../exit';
import { checkCatalogue } from '../meta';
import type { Command } from './types';

const OPTIONS = { format: { type: 'string', choices: ['text', 'json'] } } as const;

const HELP = `Usage: promptsift list-checks [--format text|json]

Lists every check: its id (the key for severities in promptsift.yaml's \`checks\`), its default
severity and what it looks for.

Options:
  --format <text|json>  output format (default: text)
  -h, --help            show this help
`;

export const listChecksCommand: Command = {
  name: 'list-checks',
  summary: 'list every check id with its default severity and description',
  help: HELP,
  run(argv, io) {
    const { values, positionals } = parseCommandArgs('list-checks', argv, OPTIONS);
    if (values.help) {
      io.stdout(HELP);
      return EXIT_CLEAN;
    }
    if (positionals.length > 0) throw new UsageError(`list-checks takes no arguments, not "${positionals[0]}"`, 'list-checks');
    const checks = checkCatalogue().map(({ id, severity, description }) => ({ id, severity, description }));
    if (values.format === 'json') {
      io.stdout(`${JSON.stringify({ checks }, null, 2)}\n`);
      return EXIT_CLEAN;
    }
    const idWidth = Math.max(...checks.map((check) => check.id.length));
    const lines = checks.map((check) => `${check.id.padEnd(idWidth)}  ${check.severity.padEnd(7)}  ${check.description}`);
    io.stdout(`${lines.join('\n')}\n`);
    return EXIT_CLEAN;
  },
};
