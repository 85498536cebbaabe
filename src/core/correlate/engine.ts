// Evaluates correlation rules over a stream of rule matches that may arrive in any time order.
// Events are kept per correlation in typed-array columns (group, time, record, value), a few
// bytes each; at the end they are grouped with a counting sort, and each group is sorted by time.

import { fieldAccessor, lookupField, type FieldAccessor, type MatchTarget } from '../match/fields';
import type { DetectionRule, Rule } from '../model';
import { Float64Column, groupIndexes, Int32Column } from './columns';
import { indexGenerated } from './generated';
import { aliasedField, planCorrelations, type CorrelationPlan } from './plan';
import type { CorrelationFinding, CorrelationResult, EventRef } from './types';
import { slideWindows, type WindowHit } from './windows';

export interface CorrelationEngineOptions {
  /** Member events listed per finding (the total is always counted); 20 by default. */
  maxMembers?: number;
  /** Accounts listed per finding; 50 by default. */
  maxAccounts?: number;
}

/** One log record with the detection rules that matched it. */
export interface CorrelationEvent {
  ref: EventRef;
  /** Epoch milliseconds; events without a time cannot be placed in a window and are only counted. */
  time: number | undefined;
  /** Taxonomy and derived fields, and the raw record, as the rules saw them. */
  target: MatchTarget;
  matched: readonly DetectionRule[];
}

export interface CorrelationEngine {
  add(event: CorrelationEvent): void;
  finish(): CorrelationResult;
}

/**
 * The groups of the plans that group by the same fields: one id per distinct key, shared by those
 * plans (a log can hold millions of accounts, and several plans group by account).
 */
interface GroupSpace {
  /** Group key (the values joined by NUL) → group id. */
  ids: Map<string, number>;
  /** Per group id, its group-by values; one value is kept as the string itself. */
  values: (string | readonly string[])[];
}

/** What one plan remembers: its groups, and one row per event in parallel columns. */
interface PlanEvents {
  plan: CorrelationPlan;
  groups: GroupSpace;
  group: Int32Column;
  time: Float64Column;
  /** A base event's record index (into the engine's record columns), or -(n+1) for the n-th chained payload. */
  record: Int32Column;
  /** value_count: value id or -1; value_sum / value_avg: the number or NaN; temporal types: the rule mask. */
  value: Float64Column;
}

interface Chained {
  members: EventRef[];
  memberCount: number;
  accounts: string[];
}

/** How one detection rule feeds one plan: the positions it fills and its fields (aliases resolved, compiled once). */
interface Use {
  events: PlanEvents;
  mask: number;
  fields: FieldAccessor[];
  conditionField?: FieldAccessor;
}

/** A row of the current event, before it is stored (reused between events). */
interface Row {
  events: PlanEvents;
  key: string;
  /** The group-by values when there are several (`key` is the value when there is one). */
  values: string[] | undefined;
  value: string | undefined;
  mask: number;
}

const SOURCE_STRIDE = 2 ** 32;

/** Creates an engine for the correlation rules among `rules` (detection rules are what they reference). */
export function createCorrelationEngine(rules: readonly Rule[], options: CorrelationEngineOptions = {}): CorrelationEngine {
  const maxMembers = options.maxMembers ?? 20;
  const maxAccounts = options.maxAccounts ?? 50;
  const { plans, issues } = planCorrelations(rules);
  const spaces = new Map<string, GroupSpace>();
  const byPlan = new Map<CorrelationPlan, PlanEvents>(plans.map((plan) => [plan, createPlanEvents(plan, spaces)]));
  const uses = indexUses(plans, byPlan);
  const generated = indexGenerated(plans);
  const sources: string[] = [];
  const sourceIds = new Map<string, number>();
  const accountNames: string[] = [];
  const accountIds = new Map<string, number>();
  const valueIds = new Map<string, number>();
  // Per record that fed a plan: where it is and whose it is (shared by the plans it fed).
  const recordRefs = new Float64Column();
  const recordAccounts = new Int32Column();
  const chained: Chained[] = [];
  const rows: Row[] = [];
  let rowCount = 0;
  let untimedEvents = 0;

  const intern = (map: Map<string, number>, list: string[] | undefined, text: string): number => {
    let id = map.get(text);
    if (id === undefined) {
      id = map.size;
      map.set(text, id);
      list?.push(text);
    }
    return id;
  };
  const refOf = (code: number): EventRef => ({ source: sources[Math.floor(code / SOURCE_STRIDE)] as string, line: code % SOURCE_STRIDE });

  const push = (events: PlanEvents, values: readonly string[] | undefined, key: string, row: { time: number; record: number; value: number }): void => {
    const { groups } = events;
    let group = groups.ids.get(key);
    if (group === undefined) {
      group = groups.values.length;
      groups.ids.set(key, group);
      groups.values.push(values === undefined ? key : values.length === 1 ? (values[0] as string) : [...values]);
    }
    events.group.push(group);
    events.time.push(row.time);
    events.record.push(row.record);
    events.value.push(row.value);
  };

  const numericOrId = (plan: CorrelationPlan, text: string | undefined): number => {
    if (plan.spec.type === 'value_count') return text === undefined ? -1 : intern(valueIds, undefined, text);
    const number = text === undefined ? Number.NaN : Number(text);
    return text === undefined || text.trim() === '' ? Number.NaN : number;
  };

  /** Adds the event's row for a use, or ORs its mask into the row of the same plan and values. */
  const addRow = (use: Use, target: MatchTarget): void => {
    const first = valueOf(target, use.fields[0] as FieldAccessor);
    if (first === undefined) return;
    let key = first;
    let values: string[] | undefined;
    if (use.fields.length > 1) {
      values = [first];
      for (let i = 1; i < use.fields.length; i++) {
        const value = valueOf(target, use.fields[i] as FieldAccessor);
        if (value === undefined) return;
        values.push(value);
      }
      key = values.join('\u0000');
    }
    for (let r = 0; r < rowCount; r++) {
      const row = rows[r] as Row;
      if (row.events === use.events && row.key === key && sameValues(row.values, values)) {
        row.mask |= use.mask;
        return;
      }
    }
    const value = use.conditionField === undefined ? undefined : valueOf(target, use.conditionField);
    const row = rows[rowCount] ?? (rows[rowCount] = { events: use.events, key, values, value, mask: 0 });
    row.events = use.events;
    row.key = key;
    row.values = values;
    row.value = value;
    row.mask = use.mask;
    rowCount++;
  };

  return {
    add(event) {
      rowCount = 0;
      for (const rule of event.matched) {
        generated.get(rule)?.record(event.ref, maxMembers);
        for (const use of uses.get(rule) ?? []) addRow(use, event.target);
      }
      if (rowCount === 0) return;
      if (event.time === undefined || !Number.isFinite(event.time)) {
        untimedEvents++;
        return;
      }
      const record = recordRefs.push(intern(sourceIds, sources, event.ref.source) * SOURCE_STRIDE + event.ref.line);
      const accountText = event.target.fields.account_id;
      recordAccounts.push(typeof accountText === 'string' ? intern(accountIds, accountNames, accountText) : -1);
      for (let r = 0; r < rowCount; r++) {
        const { events, values, key, value, mask } = rows[r] as Row;
        const type = events.plan.spec.type;
        const stored = type === 'temporal' || type === 'temporal_ordered' ? mask : numericOrId(events.plan, value);
        push(events, values, key, { time: event.time, record, value: stored });
      }
    },

    finish() {
      const findings: CorrelationFinding[] = [];
      const results = new Map<CorrelationPlan, CorrelationFinding[]>();
      for (const plan of plans) {
        const events = byPlan.get(plan) as PlanEvents;
        feedChained(events, (inner) => results.get(inner));
        const planFindings = evaluatePlan(events);
        byPlan.set(plan, createPlanEvents(plan, spaces));
        results.set(plan, planFindings);
        if (plan.emits) findings.push(...planFindings);
      }
      findings.sort((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : a.window.start - b.window.start));
      return { findings, generated: [...generated.values()].map((g) => g.result()).filter((g) => g.count > 0), issues, untimedEvents };
    },
  };

  /** A referenced correlation's findings become events of this one, at the time each first fired. */
  function feedChained(events: PlanEvents, findingsOf: (plan: CorrelationPlan) => CorrelationFinding[] | undefined): void {
    const { plan } = events;
    plan.references.forEach((reference, position) => {
      if (reference?.kind !== 'correlation') return;
      const inner = reference.plan.rule;
      for (const finding of findingsOf(reference.plan) ?? []) {
        const values = plan.groupBy.map((name) => finding.group[aliasedField(plan, name, inner)]);
        if (values.some((value) => value === undefined)) continue;
        const field = plan.conditionField && finding.group[aliasedField(plan, plan.conditionField, inner)];
        chained.push({ members: finding.members, memberCount: finding.memberCount, accounts: finding.accounts });
        const type = plan.spec.type;
        const value = type === 'temporal' || type === 'temporal_ordered' ? 1 << position : numericOrId(plan, field);
        push(events, values as string[], (values as string[]).join('\u0000'), { time: finding.firedAt, record: -chained.length, value });
      }
    });
  }

  /** Groups the plan's events, sorts each group by time (then arrival) and slides the windows. */
  function evaluatePlan(events: PlanEvents): CorrelationFinding[] {
    const count = events.group.length;
    const groups = events.groups.values.length;
    const { start, order } = groupIndexes(events.group.view, count, groups);
    const times = events.time.view;
    const values = events.value.view;
    const out: CorrelationFinding[] = [];
    for (let g = 0; g < groups; g++) {
      const from = start[g] as number;
      const to = start[g + 1] as number;
      // A group of another plan of the same space.
      if (from === to) continue;
      const indexes = order.subarray(from, to);
      if (!isSortedByTime(indexes, times)) indexes.sort((a, b) => (times[a] as number) - (times[b] as number) || a - b);
      const sortedTimes = new Float64Array(indexes.length);
      const sortedValues = new Float64Array(indexes.length);
      for (let i = 0; i < indexes.length; i++) {
        sortedTimes[i] = times[indexes[i] as number] as number;
        sortedValues[i] = values[indexes[i] as number] as number;
      }
      const sorted = { times: sortedTimes, values: sortedValues, numbers: sortedValues, masks: sortedValues };
      let group: Record<string, string> | undefined;
      for (const hit of slideWindows(events.plan.spec, sorted)) {
        const stored = events.groups.values[g] as string | readonly string[];
        group ??= Object.fromEntries(events.plan.groupBy.map((name, i) => [name, typeof stored === 'string' ? stored : (stored[i] as string)]));
        out.push(findingOf(events, group, indexes, sortedTimes, hit));
      }
    }
    return out;
  }

  function findingOf(events: PlanEvents, group: Record<string, string>, indexes: Int32Array, times: Float64Array, hit: WindowHit): CorrelationFinding {
    const members: EventRef[] = [];
    let memberCount = 0;
    const accounts = new Set<string>();
    for (let i = hit.first; i <= hit.last; i++) {
      const code = events.record.get(indexes[i] as number);
      if (code >= 0) {
        memberCount++;
        if (members.length < maxMembers) members.push(refOf(recordRefs.get(code)));
        const account = recordAccounts.get(code);
        if (account >= 0) accounts.add(accountNames[account] as string);
      } else {
        const inner = chained[-code - 1] as Chained;
        memberCount += inner.memberCount;
        for (const member of inner.members) if (members.length < maxMembers) members.push(member);
        for (const account of inner.accounts) accounts.add(account);
      }
    }
    const { plan } = events;
    const { rule } = plan;
    const finding: CorrelationFinding = {
      rule: plan.key,
      type: plan.spec.type,
      group,
      window: { start: times[hit.first] as number, end: times[hit.last] as number },
      firedAt: times[hit.firedAt] as number,
      value: hit.value,
      members,
      memberCount,
      accounts: [...accounts].sort().slice(0, maxAccounts),
      accountCount: accounts.size,
    };
    if (rule.id) finding.ruleId = rule.id.value;
    if (rule.title) finding.title = rule.title.value;
    if (rule.level) finding.level = rule.level;
    return finding;
  }
}

function createPlanEvents(plan: CorrelationPlan, spaces: Map<string, GroupSpace>): PlanEvents {
  const name = plan.groupBy.join('\u0000');
  let groups = spaces.get(name);
  if (!groups) {
    groups = { ids: new Map(), values: [] };
    spaces.set(name, groups);
  }
  return { plan, groups, group: new Int32Column(), time: new Float64Column(), record: new Int32Column(), value: new Float64Column() };
}

function sameValues(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.every((value, i) => value === b[i]);
}

function isSortedByTime(indexes: Int32Array, times: Float64Array): boolean {
  for (let i = 1; i < indexes.length; i++) if ((times[indexes[i - 1] as number] as number) > (times[indexes[i] as number] as number)) return false;
  return true;
}

/** The first value of a field as text (numbers and booleans as written by String), or undefined. */
function valueOf(target: MatchTarget, field: FieldAccessor): string | undefined {
  const value = field.isRawPath ? lookupField(target, field).leaves[0]?.value : target.fields[field.name];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** For each detection rule, the plans that reference it directly. */
function indexUses(plans: readonly CorrelationPlan[], byPlan: ReadonlyMap<CorrelationPlan, PlanEvents>): Map<DetectionRule, Use[]> {
  const uses = new Map<DetectionRule, Use[]>();
  for (const plan of plans) {
    const masks = new Map<DetectionRule, number>();
    plan.references.forEach((reference, position) => {
      if (reference?.kind === 'detection') masks.set(reference.rule, (masks.get(reference.rule) ?? 0) | (1 << position));
    });
    for (const [rule, mask] of masks) {
      const isLlm = rule.logsource.isLlm;
      const use: Use = { events: byPlan.get(plan) as PlanEvents, mask, fields: plan.groupBy.map((name) => fieldAccessor(aliasedField(plan, name, rule), isLlm)) };
      if (plan.conditionField) use.conditionField = fieldAccessor(aliasedField(plan, plan.conditionField, rule), isLlm);
      const list = uses.get(rule) ?? [];
      list.push(use);
      uses.set(rule, list);
    }
  }
  return uses;
}
