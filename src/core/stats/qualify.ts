// Which groups of linked accounts are campaigns: enough flagged activity, and the coordination a
// campaign shows — much of its traffic flagged, or much of its prompt text on lines that its own
// accounts share and that clean accounts elsewhere do not send.
//
// The second test keeps out a benign team whose members send an extraction prompt now and then
// (flagged, but on prompts nobody else in the team repeats) and keeps in a campaign whose new
// phrasings the rules miss (few flags, but the same lines from every account).

import type { AccountState } from './accounts';
import type { AccumulatedState } from './assemble';
import type { AccountGroups } from './linking';

export interface CampaignGroup {
  members: number[];
  /** Share of the group's template lines that two or more of its accounts send and clean accounts elsewhere rarely do. */
  sharedLineShare: number;
}

/** The groups that qualify as campaigns, largest first (then most requests). */
export function qualifyGroups(state: AccumulatedState, groups: AccountGroups, suspicious: Uint8Array, lineUsers: ReadonlyMap<number, readonly number[]>): CampaignGroup[] {
  const byRoot = new Map<number, number[]>();
  state.accounts.forEach((_, i) => {
    const root = groups.find(i);
    const list = byRoot.get(root);
    if (list) list.push(i);
    else byRoot.set(root, [i]);
  });
  const rules = state.options.campaign;
  const out: (CampaignGroup & { requests: number })[] = [];
  for (const members of byRoot.values()) {
    if (members.length < rules.minAccounts) continue;
    let requests = 0;
    let flagged = 0;
    let suspects = 0;
    for (const i of members) {
      const account = state.accounts[i] as AccountState;
      requests += account.requests;
      flagged += account.flagged;
      suspects += suspicious[i] as number;
    }
    if (suspects < rules.minSuspicious || flagged < rules.minFlagged || flagged < rules.minShare * requests) continue;
    const sharedLineShare = sharedLines(state, members, suspicious, lineUsers);
    const isCoordinated = flagged >= rules.flaggedShareAlone * requests || sharedLineShare >= rules.minSharedLineShare;
    if (isCoordinated) out.push({ members, sharedLineShare, requests });
  }
  out.sort((a, b) => b.members.length - a.members.length || b.requests - a.requests || (a.members[0] as number) - (b.members[0] as number));
  return out.map(({ members, sharedLineShare }) => ({ members, sharedLineShare }));
}

/**
 * The share of the group's template lines (occurrences) that are shared inside the group. The
 * slot counts of an account add up to all the lines it sent (every line increments one slot).
 */
function sharedLines(state: AccumulatedState, members: readonly number[], suspicious: Uint8Array, lineUsers: ReadonlyMap<number, readonly number[]>): number {
  const inGroup = new Map<number, number>();
  for (const i of members) {
    const slots = (state.accounts[i] as AccountState).lines;
    for (let s = 0; s < slots.length; s += 3) inGroup.set(slots[s] as number, (inGroup.get(slots[s] as number) ?? 0) + 1);
  }
  const memberSet = new Set(members);
  const { cleanAllowance, cleanRatio } = state.options.link;
  const isShared = (line: number): boolean => {
    const users = inGroup.get(line) ?? 0;
    if (users < 2) return false;
    let cleanOutside = 0;
    for (const i of lineUsers.get(line) ?? []) if (!memberSet.has(i) && !suspicious[i]) cleanOutside++;
    return cleanOutside <= Math.max(cleanAllowance, cleanRatio * users);
  };
  const shared = new Set([...inGroup.keys()].filter(isShared));
  let covered = 0;
  let total = 0;
  for (const i of members) {
    const slots = (state.accounts[i] as AccountState).lines;
    for (let s = 0; s < slots.length; s += 3) {
      total += slots[s + 1] as number;
      if (shared.has(slots[s] as number)) covered += slots[s + 1] as number;
    }
  }
  return total === 0 ? 0 : covered / total;
}
