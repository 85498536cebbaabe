// Checks the arguments of the rule link in hovers. They arrive from a Markdown string, so they are
// treated as untrusted input. No `vscode` import, so that a plain unit test can check it.

/** A rule file and a 1-based line, as the hover link passes them; undefined unless well formed. */
export function parseRuleTarget(arg: unknown): { uri: string; line: number } | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const { uri, line } = arg as { uri?: unknown; line?: unknown };
  if (typeof uri !== 'string' || uri.length > 4096 || typeof line !== 'number') return undefined;
  if (!Number.isInteger(line) || line < 1 || line > 10_000_000) return undefined;
  return { uri, line };
}
