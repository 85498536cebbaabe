// The scanner's public surface: plan once per rule pack, then scan bytes (files, in parts) or
// text (open documents). Pure: no files, no threads; the runtime (src/runtime) adds those.

export { assessRegex, assessRuleBudget, LINEAR_FALLBACK_FLAG } from './budget';
export { LINE_BAD_SHAPE, LINE_BAD_UTF8, LINE_CONTROL } from './chunk-scanner';
export { hashText, type EvaluateHooks } from './evaluate';
export {
  addCounts,
  emptyCounts,
  MATCHED_TEXT_LIMIT,
  type Finding,
  type LineProblem,
  type RuleNotice,
  type ScanCounts,
  type ScanSink,
} from './findings';
export { escapeTriggers, isSafeCharacter, itemNeed, longestSafePiece, rawSpellings, ruleLiteralNeed, type LiteralNeed } from './literals';
export { analyzeRules, planScan, ruleKey, type PlanOptions, type PlannedRule, type RuleAnalysis, type ScanPlan } from './plan';
export { buildPrefilter, findLiteralsInBytes, type Prefilter } from './prefilter';
export { createLogScanner, DEFAULT_MAX_LINE_BYTES, scanText, type LogScanner, type ScannerOptions } from './scan';
