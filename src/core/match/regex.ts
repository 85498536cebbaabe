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
