// Lints a pack as `lintFiles` does, split so that the editor can keep each file's own problems
// between keystrokes: typing in one file re-runs the per-rule checks (and the regex checks) of that
// file only, and the pack-level checks (duplicate ids, references) over every file. No `vscode` import.
import { CHECKS } from '../core/checks/index';
import { lintFiles, type LintOptions, type PackConfig, type Problem, type RuleFile } from '../core/engine';

/**
 * Set checks that report on each rule alone: the regex checks take the whole set only so that
 * the three of them share one analysis per pattern in a lint run. They cost the most of all
 * checks (backtracking analysis), so the editor runs them with each file's own checks and keeps
 * their problems between keystrokes, instead of analysing every regex of the pack again.
 */
export const PER_FILE_SET_CHECKS: readonly string[] = ['regex-invalid', 'regex-portable', 'regex-backtracking'];

const RULE_CHECKS = CHECKS.filter((check) => check.scope === 'rule' || PER_FILE_SET_CHECKS.includes(check.id));
const SET_CHECKS = CHECKS.filter((check) => check.scope === 'set' && !PER_FILE_SET_CHECKS.includes(check.id));

/**
 * A file's parse problems and the problems the per-rule and per-file checks find in it. With a
 * `memo` (the same object from one keystroke to the next), only regexes that changed are analysed.
 */
export function lintOwnProblems(file: RuleFile, checks: LintOptions['checks'], memo?: object): Problem[] {
  return lintFiles([file], { ...(checks ? { checks } : {}), only: RULE_CHECKS, ...(memo ? { memo } : {}) });
}

/**
 * Problems of the pack-level checks over all `files`, each with its `source`. Parse problems are
 * left out (they belong to `lintOwnProblems`). Files are taken in source order, as the CLI takes
 * them, so that a duplicate is reported on the same file in both.
 */
export function lintAcrossFiles(files: readonly RuleFile[], checks: LintOptions['checks']): Problem[] {
  const ordered = [...files]
    .sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0))
    .map((file) => ({ ...file, problems: [] }));
  return lintFiles(ordered, { ...(checks ? { checks } : {}), only: SET_CHECKS });
}

/** The check that runs a rule's inline tests, and with them the rule's regular expressions. */
export const RULE_TESTS_CHECK = 'rule-tests';

/**
 * Lint options for a pack: its configured severities, with the inline tests turned off in a
 * workspace the user has not trusted (running a stranger's regular expressions can hang the editor).
 */
export function lintOptionsFor(config: Pick<PackConfig, 'checks'>, { isTrusted }: { isTrusted: boolean }): { checks: PackConfig['checks'] } {
  return { checks: isTrusted ? config.checks : { ...config.checks, [RULE_TESTS_CHECK]: 'off' } };
}
