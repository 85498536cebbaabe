// What the lint formats print: located problems and how much was linted.

import type { LocatedProblem } from '../located';

export interface LintReport {
  /** Sorted by file, line and column. */
  problems: LocatedProblem[];
  /** Rule files linted. */
  files: number;
  /** Rule documents loaded from them. */
  rules: number;
}
