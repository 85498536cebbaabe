// `promptsift lint`: lints rule files with their packs' settings and prints the problems.

import { lintSources } from '../../core/engine';
import type { Problem } from '../../core/model';
import { parseCommandArgs } from '../args';
import { EXIT_CLEAN, EXIT_FAILED, FAIL_ON_LEVELS, isAtOrAbove, type FailOn } from '../exit';
import { readSourceText } from '../files';
import { formatLintJson } from '../formats/json';
import type { LintReport } from '../formats/report';
import { formatLintSarif } from '../formats/sarif';
import { formatLintText } from '../formats/text';
import { locateProblems } from '../located';
import { checkCatalogue } from '../meta';
import { displayPath, emit, shouldUseColour } from '../output';
import { collectPacks, type Pack } from '../packs';
import type { Command } from './types';

const FORMATS = ['text', 'json', 'sarif'] as const;

const OPTIONS = {
  format: { type: 'string', choices: FORMATS },
  'fail-on': { type: 'string', choices: FAIL_ON_LEVELS },
  config: { type: 'string' },
  output: { type: 'string', short: 'o' },
} as const;

const HELP = `Usage: promptsift lint [options] [files|directories|globs...]

Lints Sigma detection rule files and prints their problems.

A directory yields the files its pack's promptsift.yaml selects (its \`rules\` globs, minus
\`exclude\`; the nearest promptsift.yaml in the directory or above it), or every *.yml and
*.yaml file when there is none. A glob is matched from the current directory. No arguments
lint the current directory.

Options:
  --format <text|json|sarif>            output format (default: text)
  --fail-on <error|warning|info|never>  exit with 1 when a problem is at or above this
                                        severity (default: error)
  --config <file>                       use this promptsift.yaml for every file
  -o, --output <file>                   write the report to a file instead of stdout
  -h, --help                            show this help

Exit codes: 0 clean, 1 problems at or above --fail-on, 2 usage or internal error.
`;

export const lintCommand: Command = {
  name: 'lint',
  summary: 'lint rule files (text, json or sarif output)',
  help: HELP,
  run(argv, io) {
    const { values, positionals } = parseCommandArgs('lint', argv, OPTIONS);
    if (values.help) {
      io.stdout(HELP);
      return EXIT_CLEAN;
    }
    const packs = collectPacks(positionals, { cwd: io.cwd, configPath: values.config, command: 'lint' });
    const report = lintPacks(packs, io.cwd);
    const format = values.format ?? 'text';
    const text =
      format === 'json'
        ? formatLintJson(report)
        : format === 'sarif'
          ? formatLintSarif(report, checkCatalogue())
          : formatLintText(report, { isColour: shouldUseColour(io, values.output) });
    emit(io, text, values.output);
    const failOn = (values['fail-on'] ?? 'error') as FailOn;
    return report.problems.some((problem) => isAtOrAbove(problem.severity, failOn)) ? EXIT_FAILED : EXIT_CLEAN;
  },
};

/** Lints each pack on its own, with its `checks` settings; its config problems come along. */
export function lintPacks(packs: readonly Pack[], cwd: string): LintReport {
  const texts = new Map<string, string>();
  const problems: Problem[] = [];
  let files = 0;
  let rules = 0;
  for (const pack of packs) {
    if (pack.configPath !== undefined && pack.configText !== undefined) texts.set(displayPath(cwd, pack.configPath), pack.configText);
    const sources = pack.files.map((file) => {
      const name = displayPath(cwd, file);
      const text = readSourceText(file, name);
      texts.set(name, text);
      return { name, text };
    });
    const result = lintSources(sources, { checks: pack.config.checks });
    problems.push(...pack.configProblems, ...result.problems);
    files += sources.length;
    rules += result.files.reduce((sum, file) => sum + file.rules.length, 0);
  }
  return { problems: locateProblems(problems, texts, '.'), files, rules };
}
