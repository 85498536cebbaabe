// The one place rule regexes are constructed, so that a bad pattern becomes a reason, not a throw.

export type RegexResult = { regex: RegExp; error?: undefined } | { regex?: undefined; error: string };

/** Compiles a pattern; a syntax error comes back as V8's message. */
export function compileRegex(source: string, flags: string): RegexResult {
  try {
    return { regex: new RegExp(source, flags) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Moves a leading PCRE inline flag group such as `(?i)` or `(?ims)` into JavaScript flags. Real
 * Sigma rules use it (SIEM backends accept it) and JavaScript has no such syntax. Returns the
 * pattern unchanged when there is none; `offset` is how many characters were removed.
 */
export function liftInlineFlags(pattern: string): { pattern: string; flags: string; offset: number } {
  const match = /^\(\?([ims]+)\)/.exec(pattern);
  if (!match) return { pattern, flags: '', offset: 0 };
  return { pattern: pattern.slice(match[0].length), flags: [...new Set(match[1])].join(''), offset: match[0].length };
}
