// A RuleTester in the spirit of ESLint's: valid cases expect no problem of the check, invalid cases
// list the problems they expect by message id, data and 1-based position.

import { strict as assert } from 'node:assert';
import type { Check } from '../../src/core/checks/types';
import { lintSources } from '../../src/core/lint';
import type { Problem, SourceText } from '../../src/core/model';
import type { CheckMeta } from '../../src/core/problems';
import { lineStarts, toLineColumn } from '../../src/core/text';

/** A case is one rule file's text, or several files for pack-level checks. */
export type CaseInput = string | { files: SourceText[] };

export interface ExpectedProblem {
  messageId: string;
  data?: Record<string, string>;
  /** 1-based line and column of the start of the problem's span. */
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** The file the problem is in, for multi-file cases. */
  source?: string;
}

export interface InvalidCase {
  input: CaseInput;
  errors: ExpectedProblem[];
}

export interface CheckCases {
  valid: CaseInput[];
  invalid: InvalidCase[];
}

function sourcesOf(input: CaseInput): SourceText[] {
  return typeof input === 'string' ? [{ name: 'rule.yml', text: input }] : input.files;
}

/** A check that runs on loaded rules, or a parse-level check (yaml-syntax, duplicate-key, schema). */
export type TestedCheck = Check | CheckMeta;

function isRunnable(check: TestedCheck): check is Check {
  return 'scope' in check;
}

function problemsOf(check: TestedCheck, input: CaseInput): { problems: Problem[]; sources: SourceText[] } {
  const sources = sourcesOf(input);
  // Parse-level problems come with every lint; running no check leaves only them.
  // Opt-in checks are tested as a pack that enables them at their default severity.
  const checks = check.isEnabledByDefault === false ? { [check.id]: check.severity } : {};
  const { problems } = lintSources(sources, { only: isRunnable(check) ? [check] : [], checks });
  return { problems: problems.filter((problem) => problem.checkId === check.id), sources };
}

function describeProblem(problem: Problem, sources: SourceText[]): ExpectedProblem {
  const text = sources.find((source) => source.name === problem.source)?.text ?? '';
  const starts = lineStarts(text);
  const start = toLineColumn(starts, problem.span.start);
  const end = toLineColumn(starts, problem.span.end);
  return {
    messageId: problem.messageId,
    data: problem.data ?? {},
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    source: problem.source,
  };
}

/** The `{{name}}` placeholders of a message template. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1] as string);
}

/**
 * Message ids of `check` that no invalid case expects with `data` naming every placeholder of the
 * message. Each invalid case asserts that its expected problems are exactly the actual ones, so an
 * id listed here is never produced (or never checked) by any test.
 */
export function uncoveredMessages(check: TestedCheck, cases: CheckCases): string[] {
  const expected = cases.invalid.flatMap((c) => c.errors);
  return Object.entries(check.messages)
    .filter(([messageId, template]) => {
      const needed = placeholdersOf(template);
      return !expected.some(
        (error) => error.messageId === messageId && (needed.length === 0 || needed.every((name) => error.data?.[name] !== undefined)),
      );
    })
    .map(([messageId]) => messageId);
}

/** Registers mocha tests for `check`; rejects duplicate cases, as ESLint's RuleTester does. */
export function testCheck(check: TestedCheck, cases: CheckCases): void {
  const seen = new Set<string>();
  const key = (input: CaseInput): string => JSON.stringify(input);
  for (const input of [...cases.valid, ...cases.invalid.map((c) => c.input)]) {
    const k = key(input);
    if (seen.has(k)) throw new Error(`${check.id}: duplicate test case ${k.slice(0, 120)}`);
    seen.add(k);
  }
  describe(`check ${check.id}`, () => {
    it('has an invalid case for every message, with data for every placeholder', () => {
      assert.deepEqual(uncoveredMessages(check, cases), []);
    });
    cases.valid.forEach((input, i) => {
      it(`valid #${i + 1}`, () => {
        const { problems } = problemsOf(check, input);
        assert.deepEqual(problems.map((p) => `${p.messageId}: ${p.message}`), []);
      });
    });
    cases.invalid.forEach((testCase, i) => {
      it(`invalid #${i + 1}: ${testCase.errors.map((e) => e.messageId).join(', ')}`, () => {
        assert.ok(testCase.errors.length > 0, 'an invalid case must expect at least one problem');
        const { problems, sources } = problemsOf(check, testCase.input);
        for (const problem of problems) assert.ok(problem.message.length > 0 && !problem.message.includes('{{'), problem.message);
        const actual = problems.map((problem) => {
          const described = describeProblem(problem, sources);
          const expected = testCase.errors[problems.indexOf(problem)];
          // Compare only what the case states, so cases stay short.
          const picked: Record<string, unknown> = { messageId: described.messageId, line: described.line, column: described.column };
          if (expected?.data) picked.data = described.data;
          if (expected?.endLine !== undefined) picked.endLine = described.endLine;
          if (expected?.endColumn !== undefined) picked.endColumn = described.endColumn;
          if (expected?.source !== undefined) picked.source = described.source;
          return picked;
        });
        assert.deepEqual(actual, testCase.errors);
      });
    });
  });
}
