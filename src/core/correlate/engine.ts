// Evaluates correlation rules over a stream of rule matches that may arrive in any time order:
// events are kept per correlation and group in compact columns, and sorted per group at the end.

import { isTaxonomyField, lookupField, type MatchTarget } from '../match/fields';
import type { DetectionRule, Rule } from '../model';
import { indexGenerated } from './generated';
import { aliasedField, planCorrelations, type CorrelationPlan } from './plan';
import type { CorrelationFinding, CorrelationResult, EventRef } from './types';
import { slideWindows, type SortedEvents, type WindowHit } from './windows';

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

/** What a group remembers per event: parallel columns, so that millions of events stay compact. */
interface GroupBuffer {
  group: Record<string, string>;
  times: number[];
  seqs: number[];
  /** A base event's source and line packed in one number, or -(n+1) for the n-th chained payload. */
  refs: number[];
  accounts: number[];
  values: number[];
  masks: number[];
}

interface Chained {
  members: EventRef[];
  memberCount: number;
  accounts: string[];
}

const SOURCE_STRIDE = 2 ** 32;

/** Creates an engine for the correlation rules among `rules` (detection rules are what they reference). */
export function createCorrelationEngine(rules: readonly Rule[], options: CorrelationEngineOptions = {}): CorrelationEngine {
  const maxMembers = options.maxMembers ?? 20;
  const maxAccounts = options.maxAccounts ?? 50;
  const { plans, issues } = planCorrelations(rules);
  const groups = new Map<CorrelationPlan, Map<string, GroupBuffer>>(plans.map((plan) => [plan, new Map()]));
  const valueIds = new Map<CorrelationPlan, Map<string, number>>(plans.map((plan) => [plan, new Map()]));
  const uses = indexUses(plans);
  const generated = indexGenerated(plans);
  const sources: string[] = [];
  const sourceIds = new Map<string, number>();
  const accountNames: string[] = [];
  const accountIds = new Map<string, number>();
  const chained: Chained[] = [];
  let seq = 0;
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

  const push = (plan: CorrelationPlan, groupValues: string[], row: { time: number; ref: number; account: number; value: number; mask: number }): void => {
    const byGroup = groups.get(plan) as Map<string, GroupBuffer>;
    const key = groupValues.length === 1 ? (groupValues[0] as string) : groupValues.join('\u0000');
    let buffer = byGroup.get(key);
    if (!buffer) {
      const group = Object.fromEntries(plan.groupBy.map((name, i) => [name, groupValues[i] as string]));
      byGroup.set(key, (buffer = { group, times: [], seqs: [], refs: [], accounts: [], values: [], masks: [] }));
    }
    buffer.times.push(row.time);
    buffer.seqs.push(seq++);
    buffer.refs.push(row.ref);
    buffer.accounts.push(row.account);
    buffer.values.push(row.value);
    buffer.masks.push(row.mask);
  };

  const numericOrId = (plan: CorrelationPlan, text: string | undefined): number => {
    if (plan.spec.type === 'value_count') return text === undefined ? -1 : intern(valueIds.get(plan) as Map<string, number>, undefined, text);
    const number = text === undefined ? Number.NaN : Number(text);
    return text === undefined || text.trim() === '' ? Number.NaN : number;
  };

  return {
    add(event) {
      const rows: { plan: CorrelationPlan; values: string[]; value: string | undefined; mask: number }[] = [];
      for (const rule of event.matched) {
        generated.get(rule)?.record(event.ref, maxMembers);
        for (const use of uses.get(rule) ?? []) {
          const values = valuesOf(event.target, use.fields, use.isLlm);
          if (!values) continue;
          const row = rows.find((r) => r.plan === use.plan && sameValues(r.values, values));
          if (row) row.mask |= use.mask;
          else rows.push({ plan: use.plan, values, value: use.conditionField === undefined ? undefined : valueOf(event.target, use.conditionField, use.isLlm), mask: use.mask });
        }
      }
      if (rows.length === 0) return;
      if (event.time === undefined || !Number.isFinite(event.time)) {
        untimedEvents++;
        return;
      }
      const ref = intern(sourceIds, sources, event.ref.source) * SOURCE_STRIDE + event.ref.line;
      const accountText = event.target.fields.account_id;
      const account = typeof accountText === 'string' ? intern(accountIds, accountNames, accountText) : -1;
      for (const { plan, values, value, mask } of rows) {
        push(plan, values, { time: event.time, ref, account, value: numericOrId(plan, value), mask });
      }
    },

    finish() {
      const findings: CorrelationFinding[] = [];
      const byPlan = new Map<CorrelationPlan, CorrelationFinding[]>();
      for (const plan of plans) {
        feedChained(plan, byPlan.get.bind(byPlan));
        const planFindings: CorrelationFinding[] = [];
        for (const buffer of (groups.get(plan) as Map<string, GroupBuffer>).values()) {
          const sorted = sortBuffer(buffer);
          for (const hit of slideWindows(plan.spec, sorted)) planFindings.push(findingOf(plan, buffer, sorted.order, hit));
        }
        groups.get(plan)?.clear();
        byPlan.set(plan, planFindings);
        if (plan.emits) findings.push(...planFindings);
      }
      findings.sort((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : a.window.start - b.window.start));
      return { findings, generated: [...generated.values()].map((g) => g.result()).filter((g) => g.count > 0), issues, untimedEvents };
    },
  };

  /** A referenced correlation's findings become events of this one, at the time each first fired. */
  function feedChained(plan: CorrelationPlan, findingsOf: (plan: CorrelationPlan) => CorrelationFinding[] | undefined): void {
    plan.references.forEach((reference, position) => {
      if (reference?.kind !== 'correlation') return;
      const inner = reference.plan.rule;
      for (const finding of findingsOf(reference.plan) ?? []) {
        const values = plan.groupBy.map((name) => finding.group[aliasedField(plan, name, inner)]);
        if (values.some((value) => value === undefined)) continue;
        const field = plan.conditionField && finding.group[aliasedField(plan, plan.conditionField, inner)];
        chained.push({ members: finding.members, memberCount: finding.memberCount, accounts: finding.accounts });
        push(plan, values as string[], { time: finding.firedAt, ref: -chained.length, account: -1, value: numericOrId(plan, field), mask: 1 << position });
      }
    });
  }

  function findingOf(plan: CorrelationPlan, buffer: GroupBuffer, order: number[], hit: WindowHit): CorrelationFinding {
    const members: EventRef[] = [];
    let memberCount = 0;
    const accounts = new Set<string>();
    for (let i = hit.first; i <= hit.last; i++) {
      const at = order[i] as number;
      const code = buffer.refs[at] as number;
      if (code >= 0) {
        memberCount++;
        if (members.length < maxMembers) members.push(refOf(code));
        const account = buffer.accounts[at] as number;
        if (account >= 0) accounts.add(accountNames[account] as string);
      } else {
        const inner = chained[-code - 1] as Chained;
        memberCount += inner.memberCount;
        for (const member of inner.members) if (members.length < maxMembers) members.push(member);
        for (const account of inner.accounts) accounts.add(account);
      }
    }
    const { rule } = plan;
    const finding: CorrelationFinding = {
      rule: plan.key,
      type: plan.spec.type,
      group: buffer.group,
      window: { start: buffer.times[order[hit.first] as number] as number, end: buffer.times[order[hit.last] as number] as number },
      firedAt: buffer.times[order[hit.firedAt] as number] as number,
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

/** The first value of a field as text (numbers and booleans as written by String), or undefined. */
function valueOf(target: MatchTarget, field: string, isLlm: boolean): string | undefined {
  const value = isLlm && isTaxonomyField(field) ? target.fields[field] : lookupField(target, field, isLlm).leaves[0]?.value;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** The values of every group-by field, or undefined when one is missing. */
function valuesOf(target: MatchTarget, fields: readonly string[], isLlm: boolean): string[] | undefined {
  const values: string[] = [];
  for (const field of fields) {
    const value = valueOf(target, field, isLlm);
    if (value === undefined) return undefined;
    values.push(value);
  }
  return values;
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  return a.every((value, i) => value === b[i]);
}

/** Sorts a group's events by time, then by arrival; returns the columns in that order. */
function sortBuffer(buffer: GroupBuffer): SortedEvents & { order: number[] } {
  const order = buffer.times.map((_, i) => i);
  order.sort((a, b) => (buffer.times[a] as number) - (buffer.times[b] as number) || (buffer.seqs[a] as number) - (buffer.seqs[b] as number));
  const pick = (column: number[]): number[] => order.map((i) => column[i] as number);
  return { order, times: pick(buffer.times), values: pick(buffer.values), numbers: pick(buffer.values), masks: pick(buffer.masks) };
}

/** How one detection rule feeds one plan: the positions it fills and its field names (aliases resolved). */
interface Use {
  plan: CorrelationPlan;
  mask: number;
  fields: string[];
  conditionField?: string;
  isLlm: boolean;
}

/** For each detection rule, the plans that reference it directly. */
function indexUses(plans: readonly CorrelationPlan[]): Map<DetectionRule, Use[]> {
  const uses = new Map<DetectionRule, Use[]>();
  for (const plan of plans) {
    const masks = new Map<DetectionRule, number>();
    plan.references.forEach((reference, position) => {
      if (reference?.kind === 'detection') masks.set(reference.rule, (masks.get(reference.rule) ?? 0) | (1 << position));
    });
    for (const [rule, mask] of masks) {
      const use: Use = { plan, mask, fields: plan.groupBy.map((name) => aliasedField(plan, name, rule)), isLlm: rule.logsource.isLlm };
      if (plan.conditionField) use.conditionField = aliasedField(plan, plan.conditionField, rule);
      const list = uses.get(rule) ?? [];
      list.push(use);
      uses.set(rule, list);
    }
  }
  return uses;
}
