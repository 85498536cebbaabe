// The JSON format: every problem with 1-based positions, and the counts.

import { countSeverities } from '../located';
import type { LintReport } from './report';

export function formatLintJson(report: LintReport): string {
  const json = {
    problems: report.problems.map((problem) => ({
      file: problem.file,
      line: problem.line,
      column: problem.column,
      endLine: problem.endLine,
      endColumn: problem.endColumn,
      severity: problem.severity,
      checkId: problem.checkId,
      message: problem.message,
    })),
    summary: { files: report.files, rules: report.rules, ...countSeverities(report.problems) },
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
