// What the ordered stage needs of a record when its analysis is made elsewhere (a worker thread):
// the taxonomy fields the accumulator, the derived fields and the correlations read, and those the
// ordered rules name. Rules that need the parsed record itself (a raw path, a keyword search, a
// field comparison) rule the split out.

import { DERIVED_FIELDS, LLM_FIELDS, type LlmField, type Rule } from '../model';
import { LINK_FIELDS } from './accounts';
import type { StatsRules } from './stats-rules';

const TAXONOMY: ReadonlySet<string> = new Set(LLM_FIELDS);
const DERIVED: ReadonlySet<string> = new Set(DERIVED_FIELDS);
/** Read by the campaign accumulator (model, account, link values) and by the derived fields (model and account ages). */
const ALWAYS_READ: readonly LlmField[] = ['model', 'account_id', ...LINK_FIELDS];

/**
 * The taxonomy fields the ordered stage reads, in LLM_FIELDS order, or undefined when it needs the
 * parsed records (then the analysis must run beside it). With `describesTemplates` the ordered
 * stage describes the templates itself, from `prompt` and `system`.
 */
export function fieldsToShip(rules: readonly Rule[], plan: StatsRules, { describesTemplates = false }: { describesTemplates?: boolean } = {}): LlmField[] | undefined {
  if (plan.orderedNeedsRecord !== undefined) return undefined;
  // Correlations read their fields through the referenced rule's logsource: raw paths unless LLM.
  if (plan.scan.rules.some((planned) => !planned.compiled.rule.logsource.isLlm)) return undefined;
  const named = new Set<string>([...ALWAYS_READ, ...plan.orderedFields, ...(describesTemplates ? ['prompt', 'system'] : [])]);
  for (const rule of rules) {
    if (rule.kind !== 'correlation') continue;
    const { groupBy, conditionField, aliases } = rule.correlation;
    const names = [...groupBy.map((name) => name.value), ...(conditionField ? [conditionField.value] : []), ...aliases.keys(), ...[...aliases.values()].flatMap((perRule) => [...perRule.values()])];
    for (const name of names) {
      if (!TAXONOMY.has(name) && !DERIVED.has(name)) return undefined;
      named.add(name);
    }
  }
  return LLM_FIELDS.filter((field) => named.has(field));
}
