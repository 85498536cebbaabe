// The text format: one GNU-style `file:line:col: severity check-id message` line per problem (so
// editors and terminals link to it), then a summary line.

import { countSeverities, type LocatedProblem } from '../located';
import { paint, type Style } from '../output';
import type { LintReport } from './report';

const SEVERITY_STYLE: Readonly<Record<LocatedProblem['severity'], Style>> = { error: 'red', warning: 'yellow', info: 'cyan' };

export function formatLintText(report: LintReport, options: { isColour: boolean }): string {
  const { isColour } = options;
  const lines = report.problems.map(
    (problem) =>
      `${paint(`${problem.file}:${problem.line}:${problem.column}:`, 'bold', isColour)} ` +
      `${paint(problem.severity, SEVERITY_STYLE[problem.severity], isColour)} ` +
      `${paint(problem.checkId, 'dim', isColour)} ${problem.message}`,
  );
  lines.push(summaryLine(report));
  return `${lines.join('\n')}\n`;
}

/** `2 errors, 1 warning in 3 files`, with `, 1 info` before `in` only when there are infos. */
export function summaryLine(report: LintReport): string {
  const { errors, warnings, infos } = countSeverities(report.problems);
  const parts = [counted(errors, 'error'), counted(warnings, 'warning')];
  if (infos > 0) parts.push(counted(infos, 'info'));
  return `${parts.join(', ')} in ${counted(report.files, 'file')}`;
}

/** `1 file`, `2 files`. */
export function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
