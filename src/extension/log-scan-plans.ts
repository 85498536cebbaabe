// The rule packs the log-scan worker knows, and their scan plans. Parsing and the regex analysis
// (seconds for a large pack) are kept per rule file, so that editing one rule analyses that file
// again and no other. A plan is built one file at a time, so that the worker can scan the lines on
// screen between two slow files. No `vscode` import: this runs in the worker.
import type { FieldMap } from '../core/logs/index';
import { LEVELS, type Level, type Rule, type RuleFile, type SourceText } from '../core/model';
import { parseRuleText } from '../core/rules/load';
import { analyzeRules, planScan, type RuleAnalysis, type ScanPlan } from '../core/scan/index';
import type { FileAnalysis } from './log-scan-protocol';

interface FileEntry {
  text: string;
  parsed: RuleFile;
  /** analyzeRules' answer for the file's detection rules, in order. */
  analysis?: RuleAnalysis[];
}

interface PackEntry {
  files: readonly SourceText[];
  fieldMap?: FieldMap;
  minimumLevel: Level;
  plan?: ScanPlan;
  startedMs?: number;
}

/** What one step did: `plan` once the plan is ready; `builtMs` when this very step finished it. */
export interface PlanStep {
  plan?: ScanPlan;
  builtMs?: number;
}

export class PlanCache {
  private readonly files = new Map<string, FileEntry>();
  private readonly packs = new Map<string, PackEntry>();

  constructor(private readonly options: { hasLinearFallback: boolean }) {}

  /** Replaces the rule files of `pack`; files whose text did not change keep their analysis. */
  setRules(pack: string, files: readonly SourceText[], fieldMap: FieldMap | undefined, minimumLevel: Level): void {
    this.packs.set(pack, { files, ...(fieldMap ? { fieldMap } : {}), minimumLevel });
    const names = new Set(files.map((file) => fileKey(pack, file.name)));
    for (const key of this.files.keys()) if (key.startsWith(`${pack}\n`) && !names.has(key)) this.files.delete(key);
  }

  forget(pack: string): void {
    this.setRules(pack, [], undefined, 'informational');
    this.packs.delete(pack);
  }

  has(pack: string): boolean {
    return this.packs.has(pack);
  }

  /** Packs whose plan is not built yet. */
  unplanned(): string[] {
    return [...this.packs].filter(([, entry]) => !entry.plan).map(([pack]) => pack);
  }

  /** Parses or analyses at most one file of `pack`, or builds its plan when every file is done. */
  step(pack: string): PlanStep {
    const entry = this.packs.get(pack);
    if (!entry) return {};
    if (entry.plan) return { plan: entry.plan };
    entry.startedMs ??= performance.now();
    for (const file of entry.files) {
      const key = fileKey(pack, file.name);
      const known = this.files.get(key);
      if (known?.text !== file.text) {
        this.files.set(key, { text: file.text, parsed: parseRuleText(file.name, file.text) });
        return {};
      }
      if (!known.analysis) {
        known.analysis = analyzeRules([known.parsed], { hasLinearFallback: this.options.hasLinearFallback });
        return {};
      }
    }
    const kept = entry.files.map((file) => keptRules(this.files.get(fileKey(pack, file.name)) as FileEntry, entry.minimumLevel));
    entry.plan = planScan(
      kept.map((item) => item.file),
      { analysis: kept.flatMap((item) => item.analysis), ...(entry.fieldMap ? { fieldMap: entry.fieldMap } : {}) },
    );
    return { plan: entry.plan, builtMs: performance.now() - entry.startedMs };
  }

  /** The plan of `pack`, built now in as many steps as it takes. */
  planNow(pack: string): ScanPlan | undefined {
    if (!this.packs.has(pack)) return undefined;
    for (;;) {
      const { plan } = this.step(pack);
      if (plan) return plan;
    }
  }

  /** analyzeRules' answer for each file of `pack` (all its detection rules), in file order. */
  analysis(pack: string): FileAnalysis[] | undefined {
    const entry = this.packs.get(pack);
    if (!entry || !this.planNow(pack)) return undefined;
    return entry.files.map((file) => {
      const known = this.files.get(fileKey(pack, file.name)) as FileEntry;
      const kept = keptRules(known, entry.minimumLevel);
      return { name: file.name, analysis: known.analysis ?? [], hasKeptRule: kept.analysis.length > 0 };
    });
  }
}

function fileKey(pack: string, name: string): string {
  return `${pack}\n${name}`;
}

/** The file without the detection rules below `minimum`, and the analysis of the rules it keeps. */
function keptRules(entry: FileEntry, minimum: Level): { file: RuleFile; analysis: RuleAnalysis[] } {
  const rank = LEVELS.indexOf(minimum);
  const isKept = (rule: Rule): boolean => rule.kind !== 'detection' || LEVELS.indexOf(rule.level ?? 'informational') >= rank;
  const detections = entry.parsed.rules.filter((rule) => rule.kind === 'detection');
  const analysis = (entry.analysis ?? []).filter((_item, index) => isKept(detections[index] as Rule));
  return { file: { ...entry.parsed, rules: entry.parsed.rules.filter(isKept) }, analysis };
}
