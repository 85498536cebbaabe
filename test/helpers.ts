// Small builders shared by the unit tests: rules from inline YAML, events as match targets.

import { compileRule, type CompiledRule } from '../src/core/match/compile';
import type { MatchTarget } from '../src/core/match/fields';
import type { DetectionRule, FilterRule, Rule } from '../src/core/model';
import { parseRuleText } from '../src/core/rules/load';

/** Parses YAML into rules and fails the test on any YAML problem. */
export function rulesFrom(text: string, source = 'test.yml'): Rule[] {
  const file = parseRuleText(source, text);
  if (file.problems.length > 0) throw new Error(`unexpected problems: ${file.problems.map((p) => p.message).join('; ')}`);
  return file.rules;
}

export function detectionFrom(text: string): DetectionRule {
  const rule = rulesFrom(text).find((r): r is DetectionRule => r.kind === 'detection');
  if (!rule) throw new Error('no detection rule in the text');
  return rule;
}

/** Compiles the first detection rule of `text` with the filters that name it. */
export function compiledFrom(text: string): CompiledRule {
  const rules = rulesFrom(text);
  const rule = rules.find((r): r is DetectionRule => r.kind === 'detection');
  if (!rule) throw new Error('no detection rule in the text');
  const filters = rules.filter((r): r is FilterRule => r.kind === 'filter');
  return compileRule(rule, filters);
}

/** A raw JSON event, for plain Sigma rules. */
export function rawEvent(raw: unknown): MatchTarget {
  return { fields: {}, raw };
}

/** An LLM event with taxonomy fields. */
export function llmEvent(fields: Record<string, unknown>): MatchTarget {
  return { fields, raw: fields };
}

/** Wraps a detection block into a minimal plain-Sigma rule. */
export function sigma(detection: string, logsource = 'product: windows'): string {
  return `title: Test rule\nlogsource:\n    ${logsource}\ndetection:\n${detection.replace(/^/gm, '    ')}\n`;
}
