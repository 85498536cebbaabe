// Tunable thresholds of the campaign statistics, with the defaults docs/campaigns.md explains.

import type { Level } from '../model';
import type { LinkOptions } from './linking';
import type { PivotOptions } from './pivots';
import type { ProfileOptions } from './profiles';

export interface SuspicionOptions {
  /** An account is suspicious with at least this many flagged requests… */
  minFlagged: number;
  /** …making up at least this share of its requests… */
  minShare: number;
  /** …or with this many flagged requests whatever the share. */
  minFlaggedAlone: number;
  /** Accounts in a finding of a correlation at or above this level are suspicious too. */
  correlationLevel: Level;
  /** Accounts with this share of their requests on lines that at least `minLineSuspects` suspicious accounts send (and few clean ones) are suspicious too. */
  minLineShare: number;
  minLineSuspects: number;
}

export interface CampaignRules {
  minAccounts: number;
  /** Accounts of the group that are suspicious on their own. */
  minSuspicious: number;
  minFlagged: number;
  minShare: number;
  /** A group is coordinated when this share of its requests is flagged… */
  flaggedShareAlone: number;
  /** …or when this share of its template lines are lines its accounts share (see qualify.ts). */
  minSharedLineShare: number;
}

export interface CampaignOptions {
  /** Matches of rules at or above this level flag a record. */
  flagLevel: Level;
  /** Template slots per account (the most frequent templates are kept). */
  templateSlots: number;
  /** Template-line slots per account: the profile that groups accounts sending the same kinds of prompts. */
  lineSlots: number;
  /** Distinct values remembered per account and infrastructure field. */
  valuesPerAccount: number;
  /** Templates counted log-wide; beyond twice this, the rarest are dropped. */
  maxTemplates: number;
  listAccounts: number;
  listTemplates: number;
  campaignTemplates: number;
  campaignEvidence: number;
  /** Records remembered per campaign, account, template and rule, so that the logs can be opened at them (0, the default: none). */
  refsPerItem: number;
  suspicion: SuspicionOptions;
  link: LinkOptions;
  profile: ProfileOptions;
  campaign: CampaignRules;
  pivot: PivotOptions;
}

export const DEFAULT_CAMPAIGN_OPTIONS: Readonly<CampaignOptions> = {
  flagLevel: 'low',
  templateSlots: 8,
  lineSlots: 32,
  valuesPerAccount: 32,
  maxTemplates: 20_000,
  listAccounts: 100,
  listTemplates: 50,
  campaignTemplates: 10,
  campaignEvidence: 25,
  refsPerItem: 0,
  suspicion: { minFlagged: 3, minShare: 0.15, minFlaggedAlone: 25, correlationLevel: 'high', minLineShare: 0.3, minLineSuspects: 3 },
  link: { maxStrongShare: 1000, cleanAllowance: 1, cleanRatio: 0.1 },
  profile: { joinSimilarity: 0.45, mergeSimilarity: 0.55, smallGroup: 2, minVolumeRatio: 0.2, minSuspiciousShare: 0.5, minSeedVolume: 20 },
  campaign: { minAccounts: 2, minSuspicious: 0, minFlagged: 10, minShare: 0.05, flaggedShareAlone: 0.3, minSharedLineShare: 0.25 },
  pivot: { horizonMs: 96 * 3_600_000, minRequests: 5, minShare: 0.05 },
};

/** Overrides, one level deep for the nested groups. */
export type CampaignOptionsInput = Partial<Omit<CampaignOptions, 'suspicion' | 'link' | 'profile' | 'campaign' | 'pivot'>> & {
  suspicion?: Partial<SuspicionOptions>;
  link?: Partial<LinkOptions>;
  profile?: Partial<ProfileOptions>;
  campaign?: Partial<CampaignRules>;
  pivot?: Partial<PivotOptions>;
};

export function resolveCampaignOptions(input: CampaignOptionsInput = {}): CampaignOptions {
  const d = DEFAULT_CAMPAIGN_OPTIONS;
  return {
    ...d,
    ...input,
    suspicion: { ...d.suspicion, ...input.suspicion },
    link: { ...d.link, ...input.link },
    profile: { ...d.profile, ...input.profile },
    campaign: { ...d.campaign, ...input.campaign },
    pivot: { ...d.pivot, ...input.pivot },
  };
}
