// The small facade the shells (CLI, extension, tests) call; everything here takes text, returns values.

export { lintFiles, lintSources, type LintOptions, type LintResult } from './lint';
export { allCheckMeta } from './checks/index';
export { parseRuleText } from './rules/load';
export { compileRule, filterApplies, type CompiledRule } from './match/compile';
export { runRuleTests, targetFromTestInput, type RuleTestResult } from './pack/rule-tests';
export { DEFAULT_CONFIG, PACK_CONFIG_FILE, parsePackConfig, type PackConfig } from './pack/config';
export { lineStarts, toLineColumn } from './text';
export type * from './model';
