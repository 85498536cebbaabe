// Lints a set of rule files: parse problems, per-rule checks, pack-level checks, configured severities.

import { CHECKS } from './checks/index';
import type { Check, CheckContext } from './checks/types';
import type { Problem, Rule, RuleFile, SourceText, Span } from './model';
import type { CheckSetting } from './pack/config';
import { makeProblem } from './problems';
import { parseRuleText } from './rules/load';

export interface LintOptions {
  /** Severity overrides and disabled checks by id (the pack config's `checks`). */
  checks?: Readonly<Record<string, CheckSetting>>;
  /** Checks to run; all of them by default (tests pass one check at a time). */
  only?: readonly Check[];
  /**
   * An object whose identity keys the analyses checks cache (the regex checks' facts per pattern),
   * so that they outlive this run: the editor passes the same one between keystrokes, and only a
   * regex that changed is analysed again. By default each run has its own.
   */
  memo?: object;
}

export interface LintResult {
  files: RuleFile[];
  /** Every problem, each with its `source`, ordered by source and position. */
  problems: Problem[];
}

/** Parses and lints rule texts; never throws on bad input. */
export function lintSources(sources: readonly SourceText[], options: LintOptions = {}): LintResult {
  const files = sources.map((source) => parseRuleText(source.name, source.text));
  return { files, problems: lintFiles(files, options) };
}

/** Lints already-parsed files (the editor keeps parsed files between keystrokes). */
export function lintFiles(files: readonly RuleFile[], options: LintOptions = {}): Problem[] {
  const problems: Problem[] = files.flatMap((file) => file.problems);
  const texts = new Map(files.map((file) => [file.source, file.text]));
  const rules: Rule[] = files.flatMap((file) => file.rules);
  const settings = options.checks ?? {};
  for (const check of options.only ?? CHECKS) {
    const setting = settings[check.id];
    if (setting === 'off' || (check.isEnabledByDefault === false && setting === undefined)) continue;
    const context = (source: string): CheckContext => ({
      report: (span: Span, messageId, data) => problems.push(makeProblem(check, messageId, span, data, source)),
      reportIn: (other, span, messageId, data) => problems.push(makeProblem(check, messageId, span, data, other)),
      textOf: (name) => texts.get(name) ?? '',
      ...(options.memo ? { memo: options.memo } : {}),
    });
    if (check.scope === 'rule') for (const rule of rules) check.check(rule, context(rule.source));
    else check.checkSet(rules, files, context(''));
  }
  return sortProblems(applySettings(problems, settings));
}

function applySettings(problems: Problem[], settings: Readonly<Record<string, CheckSetting>>): Problem[] {
  const out: Problem[] = [];
  for (const problem of problems) {
    const setting = settings[problem.checkId];
    if (setting === 'off') continue;
    out.push(setting ? { ...problem, severity: setting } : problem);
  }
  return out;
}

function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort(
    (a, b) =>
      (a.source ?? '').localeCompare(b.source ?? '') || a.span.start - b.span.start || a.checkId.localeCompare(b.checkId),
  );
}
