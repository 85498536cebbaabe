// How a check describes itself and turns a finding into a `Problem` with a formatted message.

import type { Problem, Severity, Span } from './model';

export interface CheckMeta {
  /** Stable kebab-case id; also the diagnostic `code` and the key for severity overrides. */
  id: string;
  severity: Severity;
  /** One sentence for docs and `promptsift list-checks`. */
  description: string;
  /** Message templates by message id, with `{{name}}` placeholders filled from `data`. */
  messages: Record<string, string>;
  /**
   * False for opt-in policy checks: they run only when the pack config gives them a severity
   * (e.g. `rule-tests-minimum: error`), so that plain Sigma repositories are not flooded.
   */
  isEnabledByDefault?: boolean;
}

/** Fills `{{name}}` placeholders; a missing value leaves the placeholder visible. */
export function formatMessage(template: string, data: Record<string, string> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => data[key] ?? whole);
}

/** Builds a problem of `check` from one of its message ids. */
export function makeProblem(
  check: CheckMeta,
  messageId: string,
  span: Span,
  data: Record<string, string> = {},
  source?: string,
): Problem {
  const template = check.messages[messageId];
  if (template === undefined) throw new Error(`check ${check.id} has no message '${messageId}'`);
  const problem: Problem = {
    checkId: check.id,
    messageId,
    data,
    severity: check.severity,
    message: formatMessage(template, data),
    span,
  };
  if (source !== undefined) problem.source = source;
  return problem;
}

/** Shortens a value for quoting in a message, so a megabyte of YAML never lands in one line. */
export function quote(value: unknown, max = 80): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
