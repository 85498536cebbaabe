// Where the first records of each account, template, rule and campaign are, so that a reader can
// open the logs at them: at most `limit` per item, in reading order. Off unless asked for
// (`refsPerItem`); when on, it costs at most `limit` numbers per account, template and rule.

import type { EventRef } from '../correlate/types';
import type { ItemRefs, StatsRefs } from './types';

/** A record's place as one number, `source × 2^32 + line`, so that places sort in reading order. */
const LINE_SPACE = 2 ** 32;
/** Sources numbered beyond this would not fit a double exactly; their records are not kept. */
const MAX_SOURCES = 2 ** 20;

export interface RefKeeper {
  /** The place of a record, or -1 when it cannot be kept; sources are numbered as they first appear. */
  place(ref: EventRef): number;
  account(index: number, place: number): void;
  template(key: number, place: number): void;
  rule(index: number, place: number): void;
  /** Forgets the templates that are no longer counted (the rare ones, after pruning). */
  retainTemplates(counted: ReadonlyMap<number, unknown>): void;
  summarise(listed: ListedItems): StatsRefs;
}

/** What the statistics list, by the accumulator's own indexes and keys. */
export interface ListedItems {
  /** Account index → id, for the accounts listed anywhere (top accounts, campaign members). */
  accounts: ReadonlyMap<number, string>;
  /** Per campaign (C1 first): its id and the indexes of its accounts. */
  campaigns: readonly { id: string; members: readonly number[] }[];
  /** Template key → id, for the templates listed anywhere. */
  templates: ReadonlyMap<number, string>;
  /** Rule keys by the accumulator's rule index. */
  rules: readonly string[];
}

/** Creates a keeper of at most `limit` places per item. */
export function createRefKeeper(limit: number): RefKeeper {
  const sources: string[] = [];
  const sourceIds = new Map<string, number>();
  const accounts: number[][] = [];
  const rules: number[][] = [];
  let templates = new Map<number, number[]>();
  const add = (lists: number[][], index: number, place: number): void => keep((lists[index] ??= []), place, limit);
  const refsOf = (places: readonly number[]): EventRef[] =>
    places.map((place) => ({ source: sources[Math.floor(place / LINE_SPACE)] as string, line: place % LINE_SPACE }));

  return {
    place(ref) {
      let id = sourceIds.get(ref.source);
      if (id === undefined) {
        if (sources.length >= MAX_SOURCES) return -1;
        id = sources.length;
        sourceIds.set(ref.source, id);
        sources.push(ref.source);
      }
      return Number.isInteger(ref.line) && ref.line >= 0 && ref.line < LINE_SPACE ? id * LINE_SPACE + ref.line : -1;
    },
    account: (index, place) => add(accounts, index, place),
    rule: (index, place) => add(rules, index, place),
    template(key, place) {
      let list = templates.get(key);
      if (!list) templates.set(key, (list = []));
      keep(list, place, limit);
    },
    retainTemplates(counted) {
      templates = new Map([...templates].filter(([key]) => counted.has(key)));
    },
    summarise(listed) {
      const items = (entries: Iterable<[string, readonly number[] | undefined]>): ItemRefs[] =>
        [...entries].map(([key, places]) => ({ key, refs: refsOf(places ?? []) }));
      const campaigns = listed.campaigns.map(({ id, members }): [string, number[]] => {
        // Each account keeps its first places, so the campaign's first ones are among them.
        const merged = members.flatMap((index) => accounts[index] ?? []).sort((a, b) => a - b);
        return [id, merged.slice(0, limit)];
      });
      return {
        limit,
        campaigns: items(campaigns),
        accounts: items([...listed.accounts].map(([index, id]) => [id, accounts[index]])),
        templates: items([...listed.templates].map(([key, id]) => [id, templates.get(key)])),
        rules: items(listed.rules.map((key, index) => [key, rules[index]])),
      };
    },
  };
}

/** Keeps the `limit` smallest places, sorted; records usually arrive in order, so this appends. */
function keep(list: number[], place: number, limit: number): void {
  if (place < 0 || (list.length >= limit && place >= (list[list.length - 1] as number))) return;
  let at = list.length;
  while (at > 0 && (list[at - 1] as number) > place) at--;
  list.splice(at, 0, place);
  if (list.length > limit) list.pop();
}
