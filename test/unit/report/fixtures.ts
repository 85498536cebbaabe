// Statistics whose every text comes from a hostile log: HTML, Markdown and terminal control sequences.

import type { CampaignStats } from '../../../src/core/stats/types';

export const EVIL = '<img src=x onerror=alert(1)>|`code`*bold* [link](javascript:alert(1))\u202e\u001b[31m';
const T0 = Date.UTC(2026, 10, 20);
const H = 3_600_000;

export function hostileStats(): CampaignStats {
  return {
    records: 120,
    timedRecords: 120,
    accounts: 4,
    flaggedRecords: 60,
    flagLevel: 'low',
    timeRange: { start: T0, end: T0 + 30 * H },
    totals: {
      rules: [{ rule: `rule${EVIL}`, title: EVIL, level: 'high', count: 60, isFlagging: true }],
      levels: { high: 60 },
      models: [{ model: `model${EVIL}`, requests: 120, flaggedRequests: 60, firstSeen: T0, lastSeen: T0 + 30 * H, isNew: false }],
    },
    campaigns: [
      {
        id: 'C1',
        accounts: [`acct${EVIL}`, 'acct_b'],
        requests: 100,
        flaggedRequests: 60,
        flaggedShare: 0.6,
        sharedLineShare: 0.8,
        firstSeen: T0,
        lastSeen: T0 + 30 * H,
        models: { [`model${EVIL}`]: 60, new: 40 },
        templates: [{ id: '0123456789ab', text: `template ${EVIL}`, requests: 80, accounts: 2 }],
        rules: { [`rule${EVIL}`]: 60 },
        correlations: { [`corr${EVIL}`]: 1 },
        evidence: [{ field: 'payment_fingerprint', value: `pf${EVIL}`, accounts: 2, totalAccounts: 2, strength: 'strong' }],
        moreEvidence: 3,
        activeHoursPerDay: 20.5,
        timeline: { start: T0, hours: 31, byModel: { [`model${EVIL}`]: Array.from({ length: 31 }, (_, h) => (h < 20 ? 3 : 0)), new: Array.from({ length: 31 }, (_, h) => (h >= 20 ? 4 : 0)) } },
        pivots: [{ model: 'new', firstSeen: T0 + 18 * H, pivotAt: T0 + 20 * H, hoursAfterFirstSeen: 2, shareBefore: 0, shareAfter: 1, baselineShare: 0.1, baselineRequests: 300, requestsAfter: 40 }],
      },
    ],
    topAccounts: [
      { id: `acct${EVIL}`, requests: 50, flaggedRequests: 30, flaggedShare: 0.6, rules: {}, firstSeen: T0, lastSeen: T0 + H, models: { [`model${EVIL}`]: 50 }, activeDays: 2, activeHoursPerDay: 20, maxActiveHoursInDay: 24, peakHourlyRate: 4, infrastructure: { ip: 2 }, campaign: 'C1', isSuspicious: true },
    ],
    templates: [{ id: '0123456789ab', text: `template ${EVIL}`, requests: 80, flaggedRequests: 60, accounts: 2, firstSeen: T0, lastSeen: T0 + H, campaigns: ['C1'] }],
    correlations: [
      { rule: `corr${EVIL}`, type: 'value_count', level: 'high', group: { [`field${EVIL}`]: `value${EVIL}` }, window: { start: T0, end: T0 + H }, firedAt: T0 + H, value: 3, members: [{ source: `file${EVIL}.jsonl`, line: 7 }], memberCount: 3, accounts: [`acct${EVIL}`], accountCount: 1 },
    ],
    generated: [],
    correlationIssues: [],
    limits: { accountsListed: 1, templatesTracked: 1, templatesPruned: false, templatesPerAccount: 8, valuesPerAccount: 32 },
  };
}
