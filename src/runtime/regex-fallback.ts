// Sends regexes that backtrack excessively to V8's linear-time engine (see core/scan/budget.ts).
// V8 flags are process-wide; call this before any rule is compiled, in every process that scans.

import { setFlagsFromString } from 'node:v8';
import { LINEAR_FALLBACK_FLAG } from '../core/scan/index';

/** Enables the fallback; returns false when this V8 does not accept the flag. */
export function enableLinearRegexFallback(): boolean {
  try {
    setFlagsFromString(LINEAR_FALLBACK_FLAG);
    return true;
  } catch {
    return false;
  }
}
