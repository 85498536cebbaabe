// Lints a pack as `lintFiles` does, split so that the editor can keep each file's own problems
// between keystrokes: typing in one file re-runs the per-rule checks of that file only, and the
// pack-level checks (duplicate ids) over every file. No `vscode` import.
import { CHECKS } from '../core/checks/index';
import { lintFiles, type LintOptions, type PackConfig, type Problem, type RuleFile } from '../core/engine';

const RULE_CHECKS = CHECKS.filter((check) => check.scope === 'rule');
const SET_CHECKS = CHECKS.filter((check) => check.scope === 'set');

/** A file's parse problems and the problems every per-rule check finds in it. */
export function lintOwnProblems(file: RuleFile, checks: LintOptions['checks']): Problem[] {
  return lintFiles([file], { ...(checks ? { checks } : {}), only: RULE_CHECKS });
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
