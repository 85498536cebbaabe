import { strict as assert } from 'node:assert';
import { createAccountState } from '../../../src/core/stats/accounts';
import { AccountGroups, linkable, linkAccounts, type LinkOptions } from '../../../src/core/stats/linking';
import { clusterByProfile, type ProfileOptions } from '../../../src/core/stats/profiles';

const OPTIONS: LinkOptions = { maxStrongShare: 5, cleanAllowance: 1, cleanRatio: 0.1 };
const suspects = (...indexes: number[]): ((i: number) => boolean) => (i) => indexes.includes(i);

describe('account linking', () => {
  it('joins every account sharing a payment fingerprint or an API key, suspicious or not', () => {
    assert.deepEqual(linkable('payment_fingerprint', [0, 1, 2], suspects(), OPTIONS), [0, 1, 2]);
    assert.deepEqual(linkable('api_key_id', [3, 4], suspects(3), OPTIONS), [3, 4]);
  });

  it('does not link through a strong value shared by more accounts than allowed', () => {
    assert.deepEqual(linkable('payment_fingerprint', [0, 1, 2, 3, 4, 5], suspects(0, 1), OPTIONS), []);
  });

  it('joins only the suspicious accounts of a distinctive address or org', () => {
    assert.deepEqual(linkable('ip', [0, 1, 2], suspects(0, 1), OPTIONS), [0, 1]);
    assert.deepEqual(linkable('org_id', [0, 1], suspects(0), OPTIONS), []);
  });

  it('does not link through an office NAT that mostly clean accounts share', () => {
    const office = Array.from({ length: 30 }, (_, i) => i);
    assert.deepEqual(linkable('ip', office, suspects(0, 1), OPTIONS), []);
    // Ten suspicious accounts allow one clean account on the value.
    assert.deepEqual(linkable('ip', office.slice(0, 11), suspects(...office.slice(0, 10)), OPTIONS), office.slice(0, 10));
  });

  it('unions the linked accounts and keeps the evidence of each link', () => {
    const groups = new AccountGroups(6);
    const links = linkAccounts(
      groups,
      [
        { field: 'payment_fingerprint', value: 'pf_1', accounts: [0, 1] },
        { field: 'ip', value: '192.0.2.7', accounts: [1, 2, 3] },
        { field: 'org_id', value: 'org-x', accounts: [4] },
      ],
      suspects(1, 2),
      OPTIONS,
    );
    assert.deepEqual(links, [
      { field: 'payment_fingerprint', value: 'pf_1', strength: 'strong', joined: [0, 1], totalAccounts: 2 },
      { field: 'ip', value: '192.0.2.7', strength: 'weak', joined: [1, 2], totalAccounts: 3 },
    ]);
    assert.equal(groups.find(0), groups.find(2));
    assert.notEqual(groups.find(0), groups.find(3));
    assert.equal(groups.sizeOf(2), 3);
  });
});

describe('profile clustering', () => {
  const PROFILE: ProfileOptions = { joinSimilarity: 0.5, mergeSimilarity: 0.8, smallGroup: 1, minVolumeRatio: 0.2, minSuspiciousShare: 0.5, minSeedVolume: 1 };
  /** Accounts whose line slots hold the given line → count maps. */
  function accounts(profiles: Record<number, number>[]): ReturnType<typeof createAccountState>[] {
    return profiles.map((profile, i) => {
      const state = createAccountState(`a${i}`);
      state.lines = Object.entries(profile).flatMap(([line, count]) => [Number(line), count, count]);
      return state;
    });
  }

  it('joins a lone account to the group whose prompt mix it shares, not to another group', () => {
    const states = accounts([
      { 1: 10, 2: 10 }, { 1: 8, 2: 12 },
      { 3: 10, 4: 10 }, { 3: 9, 4: 11 },
      { 1: 3, 2: 2, 9: 1 },
    ]);
    const groups = new AccountGroups(states.length);
    groups.union(0, 1);
    groups.union(2, 3);
    const links = clusterByProfile(groups, states, new Uint8Array([1, 1, 1, 1, 1]), () => 1, PROFILE);
    assert.equal(groups.find(4), groups.find(0));
    assert.notEqual(groups.find(0), groups.find(2));
    assert.deepEqual(links.map((l) => l.joined), [[4]]);
    assert.ok((links[0]?.similarity ?? 0) > 0.8);
  });

  it('merges two established groups only above the higher threshold', () => {
    const similar = accounts([{ 1: 10, 2: 10 }, { 1: 10, 2: 10 }, { 1: 10, 2: 9, 5: 1 }, { 1: 10, 2: 10 }]);
    const partial = accounts([{ 1: 10, 2: 10 }, { 1: 10, 2: 10 }, { 1: 10, 7: 10 }, { 1: 10, 7: 10 }]);
    for (const [states, isMerged] of [[similar, true], [partial, false]] as const) {
      const groups = new AccountGroups(4);
      groups.union(0, 1);
      groups.union(2, 3);
      clusterByProfile(groups, states, new Uint8Array([1, 1, 1, 1]), () => 1, PROFILE);
      assert.equal(groups.find(0) === groups.find(2), isMerged);
    }
  });

  it('ignores accounts that are not suspicious and lines that are not distinctive', () => {
    const states = accounts([{ 1: 10 }, { 1: 10 }, { 1: 10, 2: 1 }]);
    const groups = new AccountGroups(3);
    clusterByProfile(groups, states, new Uint8Array([1, 0, 1]), (line) => (line === 1 ? 0 : 1), PROFILE);
    assert.equal(new Set([groups.find(0), groups.find(1), groups.find(2)]).size, 3);
  });
});
