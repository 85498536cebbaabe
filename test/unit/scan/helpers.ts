// Shared builders for the scanner tests: plans from inline rule YAML, and scans that collect.

import { parseRuleText } from '../../../src/core/rules/load';
import { planScan, scanText, type Finding, type LineProblem, type PlanOptions, type ScanCounts, type ScanPlan } from '../../../src/core/scan/index';
import type { LogFormat } from '../../../src/core/logs/index';

/** An LLM rule with one selection item, e.g. `prompt|contains: 'step by step'`. */
export function llmRule(id: string, item: string, extra = ''): string {
  return `title: Rule ${id}\nname: ${id}\nlevel: high\nlogsource:\n    product: llm\ndetection:\n    selection:\n        ${item}\n${extra}    condition: selection\n`;
}

/** Plans a scan over YAML documents (joined as one multi-document file). */
export function planFrom(documents: readonly string[], options: PlanOptions = {}): ScanPlan {
  const file = parseRuleText('rules.yml', documents.join('---\n'));
  if (file.problems.some((problem) => problem.severity === 'error')) {
    throw new Error(`rule problems: ${file.problems.map((problem) => problem.message).join('; ')}`);
  }
  return planScan([file], { hasLinearFallback: true, ...options });
}

export interface Collected {
  findings: Finding[];
  problems: LineProblem[];
  counts: ScanCounts;
}

/** Scans a whole text in one piece. */
export function scanAll(plan: ScanPlan, text: string, format: LogFormat = 'jsonl'): Collected {
  const findings: Finding[] = [];
  const problems: LineProblem[] = [];
  const counts = scanText(plan, text, { finding: (f) => findings.push(f), problem: (p) => problems.push(p) }, { format });
  return { findings, problems, counts };
}

/** The raw text a finding underlines, from the lines of `text`. */
export function underlined(text: string, finding: Finding): string {
  const lines = text.split('\n');
  if (finding.startLine === finding.endLine) return (lines[finding.startLine - 1] as string).slice(finding.column - 1, finding.endColumn - 1);
  const first = (lines[finding.startLine - 1] as string).slice(finding.column - 1);
  const middle = lines.slice(finding.startLine, finding.endLine - 1);
  const last = (lines[finding.endLine - 1] as string).slice(0, finding.endColumn - 1);
  return [first, ...middle, last].join('\n');
}
