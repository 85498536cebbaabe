// The simulated population for the evaluation logs: benign users, offices, a university, an API
// aggregator, production services, researchers, and four distillation campaigns with known
// accounts and pivots. Produces requests in memory; write.ts turns them into log files.

import { appPrompt, benignFamilies, campaignFamilies, researchFlagged, type Prompt, type PromptFamily } from './prompts';
import type { Random } from './random';

export type Gateway = 'flat' | 'openai' | 'anthropic' | 'aggregator';

export interface Account {
  id: string;
  org?: string;
  payment?: string;
  keys: string[];
  ip: (random: Random) => string;
  userAgent: string;
  gateway: Gateway;
  /** Hours added to UTC to get the account's local time (benign people sleep at night there). */
  tz: number;
  group: string;
  campaign?: string;
}

export interface Request {
  time: number;
  account: Account;
  model: string;
  prompt: Prompt;
}

export interface TruthCampaign {
  id: string;
  style: string;
  accounts: string[];
  pivots: { model: string; at: number; share: number }[];
}

export interface World {
  start: number;
  end: number;
  models: Record<string, number>;
  requests: Request[];
  campaigns: TruthCampaign[];
  benignAccounts: string[];
  groups: Record<string, number>;
}

const HOUR = 3_600_000;
const MINUTE = 60_000;
const UAS = ['python-requests/2.32.3', 'OpenAI/Python 1.54.0', 'Go-http-client/2.0', 'node-fetch/3.3.2', 'curl/8.5.0', 'Mozilla/5.0 (Macintosh) Chrome/131', 'axios/1.7.7', 'vllm-client/0.6'];

export interface WorldOptions {
  random: Random;
  baseline: readonly string[];
  days: number;
  /** Multiplies the benign population and the campaigns' rates. */
  scale: number;
}

export function buildWorld(options: WorldOptions): World {
  const r = options.random;
  const start = Date.UTC(2026, 10, 16);
  const end = start + options.days * 24 * HOUR;
  const models = { 'acme-large-2': start, 'acme-mini-2': start, 'acme-coder-1': start + r.int(3, 20) * HOUR, 'acme-large-3': start + 82 * HOUR, 'acme-reasoner-1': start + 124 * HOUR };
  const world: World = { start, end, models, requests: [], campaigns: [], benignAccounts: [], groups: {} };
  const benign = benignFamilies(options.baseline);
  const ids = new Set<string>();
  const newId = (prefix: string, length: number): string => {
    for (;;) {
      const id = `${prefix}${r.id(length)}`;
      if (!ids.has(id)) return ids.add(id), id;
    }
  };
  const account = (group: string, init: Partial<Account> & { gateway: Gateway }): Account => {
    const a: Account = { id: newId('acct_', 10), keys: [newId('key_', 16)], ip: fixedIp(r, homeIp(r)), userAgent: r.pick(UAS), tz: r.int(-8, 9), group, ...init };
    if (!('org' in init)) a.org = newId('org-', 24);
    if (!('payment' in init)) a.payment = `pf_${r.hex(16)}`;
    world.groups[group] = (world.groups[group] ?? 0) + 1;
    if (a.campaign === undefined) world.benignAccounts.push(a.id);
    return a;
  };
  const emit = (time: number, a: Account, model: string, prompt: Prompt): void => {
    if (time >= start && time < end) world.requests.push({ time, account: a, model, prompt });
  };
  const benignModel = (a: Account, time: number, adopter: { at: number; share: number } | undefined): string => {
    if (time >= models['acme-reasoner-1'] && r.chance(0.03)) return 'acme-reasoner-1';
    if (adopter && time >= adopter.at && r.chance(adopter.share)) return 'acme-large-3';
    if (time >= models['acme-coder-1'] && a.group === 'personal' && r.chance(0.01)) return 'acme-coder-1';
    return r.chance(0.65) ? 'acme-large-2' : 'acme-mini-2';
  };
  const mixOf = (weights: Record<string, number>): PromptFamily => {
    const entries = Object.entries(weights);
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    return (random) => {
      let x = random.next() * total;
      for (const [name, w] of entries) if ((x -= w) < 0) return ((benign[name] ?? campaignFamilies[name]) as PromptFamily)(random);
      return (benign.baseline as PromptFamily)(random);
    };
  };
  const s = options.scale;

  // People: diurnal sessions in their own time zone; a quarter adopt the new model after release.
  const people = (group: string, count: number, init: (i: number) => Partial<Account> & { gateway?: Gateway }, mix: PromptFamily, perDay: number): void => {
    for (let i = 0; i < count; i++) {
      const a = account(group, { gateway: r.pick<Gateway>(['flat', 'flat', 'openai', 'anthropic']), ...init(i) } as Partial<Account> & { gateway: Gateway });
      const adopter = r.chance(0.25) ? { at: models['acme-large-3'] + r.next() * 48 * HOUR, share: 0.3 + r.next() * 0.4 } : undefined;
      const rate = r.logNormal(perDay, 0.7);
      for (let day = 0; day < options.days; day++) {
        if (!r.chance(0.55)) continue;
        for (let session = r.int(1, 3); session > 0; session--) {
          const local = (r.int(8, 22) + r.next()) * HOUR;
          let t = start + day * 24 * HOUR + local - a.tz * HOUR;
          for (let n = Math.max(1, Math.round(r.exponential(rate / 2))); n > 0; n--) {
            emit(t, a, benignModel(a, t, adopter), mix(r));
            t += (1 + r.exponential(5)) * MINUTE;
          }
        }
      }
    }
  };
  const everyday = mixOf({ baseline: 5, coding: 3, stepByStep: 2, translate: 2, summarize: 1.5, email: 1, explain: 2, viral: 0.15 });
  people('personal', Math.round(1500 * s), () => ({ payment: r.chance(0.9) ? `pf_${r.hex(16)}` : undefined }), everyday, 4);
  // One office behind a NAT: one org, one address, a company card shared by twelve developers.
  const acmeOrg = newId('org-', 24);
  const nat = fixedIp(r, '198.51.100.7');
  people('office-nat', 30, (i) => ({ org: acmeOrg, ip: nat, tz: 1, payment: i < 12 ? 'pf_acme_team_card' : `pf_${r.hex(16)}`, gateway: 'openai' }), everyday, 6);
  // A university: students of one org behind two NAT addresses, on education credits (no card).
  const univOrg = newId('org-', 24);
  people('university', 50, (i) => ({ org: univOrg, payment: undefined, ip: fixedIp(r, i % 2 ? '192.0.2.10' : '192.0.2.11'), tz: -5, gateway: 'flat' }), mixOf({ stepByStep: 5, baseline: 3, explain: 2, summarize: 1 }), 5);
  // Customers of an API aggregator: metadata stripped, a few shared egress addresses.
  const egress = ['203.0.113.200', '203.0.113.201', '203.0.113.202', '203.0.113.203'];
  const viaAggregator = (random: Random): string => random.pick(egress);
  people('aggregator', Math.round(80 * s), () => ({ org: undefined, payment: undefined, keys: [], ip: viaAggregator, userAgent: 'relay-gw/2.1', gateway: 'aggregator' }), everyday, 5);
  // Researchers of one org on one card: ordinary work, sometimes a published extraction prompt.
  const labOrg = newId('org-', 24);
  people('research', 4, () => ({ org: labOrg, payment: 'pf_safety_lab', gateway: 'openai' }), mixOf({ baseline: 6, coding: 4, explain: 2 }), 10);
  for (const a of world.requests.filter((q) => q.account.group === 'research')) if (r.chance(0.06)) a.prompt = researchFlagged(r);

  // Curious people who try a published extraction prompt a few times among their ordinary prompts.
  const curious = world.requests.filter((q) => q.account.group === 'personal');
  const triers = new Set(r.shuffle([...new Set(curious.map((q) => q.account))]).slice(0, 25));
  const published = [campaignFamilies.reconstruction, campaignFamilies.spoof, campaignFamilies.thinking, campaignFamilies.rubric] as PromptFamily[];
  for (const q of curious) if (triers.has(q.account) && r.chance(0.2)) q.prompt = (r.pick(published) as PromptFamily)(r);
  // A team on one company card whose red-teamer sends extraction prompts all week.
  const teamOrg = newId('org-', 24);
  const team = Array.from({ length: 5 }, () => account('redteam', { org: teamOrg, payment: 'pf_redteam_card', gateway: 'openai', tz: 2 }));
  for (const member of team) {
    for (let day = 0; day < options.days; day++) {
      for (let n = 0; n < 15; n++) {
        const t = start + day * 24 * HOUR + (7 + r.next() * 10) * HOUR;
        const isRedTeam = member === team[0] && r.chance(0.4);
        emit(t, member, 'acme-large-2', isRedTeam ? (r.pick(published) as PromptFamily)(r) : everyday(r));
      }
    }
  }

  // Production services and an integrator running one template for ten customers: round the clock.
  const service = (group: string, count: number, app: (i: number) => number, meanMinutes: number): void => {
    for (let i = 0; i < count; i++) {
      const a = account(group, { gateway: 'openai', userAgent: 'OpenAI/Python 1.54.0' });
      for (let t = start + r.next() * HOUR; t < end; t += r.exponential(meanMinutes) * MINUTE) emit(t, a, 'acme-mini-2', appPrompt(r, app(i)));
    }
  };
  service('service', 6, (i) => i, 6 / s);
  service('integrator', 10, () => 1, 25 / s);
  // A developer benchmarking the new model on release day.
  const bench = account('benchmark', { gateway: 'flat' });
  for (let t = models['acme-large-3'] + HOUR; t < models['acme-large-3'] + 7 * HOUR; t += r.exponential(1.5) * MINUTE) emit(t, bench, 'acme-large-3', (benign.stepByStep as PromptFamily)(r));

  buildCampaigns(world, { r, account, emit, newId, mixOf, s });
  world.requests.sort((a, b) => a.time - b.time);
  return world;
}

interface CampaignTools {
  r: Random;
  account: (group: string, init: Partial<Account> & { gateway: Gateway }) => Account;
  emit: (time: number, a: Account, model: string, prompt: Prompt) => void;
  newId: (prefix: string, length: number) => string;
  mixOf: (weights: Record<string, number>) => PromptFamily;
  s: number;
}

function buildCampaigns(world: World, tools: CampaignTools): void {
  const { r, account, emit, newId, mixOf, s } = tools;
  const { start, end, models } = world;
  const truth = (id: string, style: string, accounts: Account[], pivots: TruthCampaign['pivots'] = []): void => {
    world.campaigns.push({ id, style, accounts: accounts.map((a) => a.id).sort(), pivots });
  };
  const cover = mixOf({ baseline: 3, coding: 2, translate: 1, summarize: 1, explain: 1 });

  // A: load balancing over 30 accounts on three cards, one /24, education and startup orgs, 24/7.
  const eduOrg = newId('org-', 24);
  const startups = Array.from({ length: 5 }, () => newId('org-', 24));
  const poolA = Array.from({ length: 12 }, (_, i) => `203.0.113.${20 + i}`);
  const a = Array.from({ length: 30 }, (_, i) =>
    account('campaign', { campaign: 'A', gateway: 'flat', payment: `pf_lb_card_${i % 3}`, org: i < 10 ? eduOrg : i < 20 ? startups[i % 5] : newId('org-', 24), ip: (rr) => rr.pick(poolA), userAgent: 'python-httpx/0.27.2' }),
  );
  const mixA = mixOf({ reconstruction: 45, rubric: 25, censorship: 10, trainingData: 10, novelMonologue: 10 });
  const pivotA = models['acme-reasoner-1'] as number + 15 * HOUR;
  for (let t = start + r.next() * MINUTE; t < end; t += r.exponential(1.5 / s) * MINUTE) {
    emit(t, r.pick(a), t >= pivotA && r.chance(0.25) ? 'acme-reasoner-1' : 'acme-large-2', mixA(r));
  }
  truth('A', 'load-balanced, shared cards, one /24, 24/7', a, [{ model: 'acme-reasoner-1', at: pivotA, share: 0.25 }]);

  // B: a hydra of 90 accounts over three access paths, varied types, rotating addresses, cover traffic.
  const eduB = newId('org-', 24);
  const egress = ['203.0.113.200', '203.0.113.201', '203.0.113.202', '203.0.113.203'];
  const direct = Array.from({ length: 30 }, (_, i) =>
    account('campaign', { campaign: 'B', gateway: 'openai', org: i < 5 ? eduB : newId('org-', 24), ip: (rr) => `10.200.${rr.int(0, 255)}.${rr.int(1, 254)}`, userAgent: r.pick(['Go-http-client/2.0', 'python-requests/2.32.3', 'node-fetch/3.3.2']) }),
  );
  const relayed = Array.from({ length: 30 }, () =>
    account('campaign', { campaign: 'B', gateway: 'aggregator', org: undefined, payment: undefined, keys: [], ip: (rr) => rr.pick(egress), userAgent: 'relay-gw/2.1' }),
  );
  const pooledKeys = Array.from({ length: 10 }, () => newId('key_', 16));
  const cloud = Array.from({ length: 30 }, (_, i) =>
    account('campaign', { campaign: 'B', gateway: 'anthropic', payment: undefined, keys: [pooledKeys[i % 10] as string], ip: (rr) => `10.201.${rr.int(0, 255)}.${rr.int(1, 254)}`, userAgent: 'anthropic-sdk-python/0.39' }),
  );
  const b = [...direct, ...relayed, ...cloud];
  const mixB = mixOf({ spoof: 25, thinking: 20, laundering: 15, harness: 15, novelSections: 15, orca: 10 });
  for (const member of b) {
    const from = start + r.next() * 3 * 24 * HOUR;
    const until = Math.min(end, from + (1 + r.next() * 3) * 24 * HOUR);
    for (let day = from; day < until; day += 24 * HOUR) {
      for (let session = Math.round(3 * s); session > 0; session--) {
        let t = day + r.next() * 24 * HOUR;
        for (let n = r.int(5, 12); n > 0; n--) {
          emit(t, member, r.chance(0.3) ? 'acme-mini-2' : 'acme-large-2', r.chance(0.3) ? cover(r) : mixB(r));
          t += r.exponential(2) * MINUTE;
        }
      }
    }
  }
  truth('B', 'hydra: direct, relayed through an aggregator and pooled cloud keys; rotating addresses; cover traffic', b);

  // C: 40 accounts on four cards pivot to the new model six hours after its release.
  const poolC = Array.from({ length: 30 }, (_, i) => `10.50.7.${10 + i}`);
  const c = Array.from({ length: 40 }, (_, i) =>
    account('campaign', { campaign: 'C', gateway: i % 2 ? 'openai' : 'flat', payment: `pf_pivot_${i % 4}`, ip: (rr) => rr.pick(poolC), userAgent: 'aiohttp/3.9.5' }),
  );
  const joined = c.map(() => start + r.next() * 36 * HOUR);
  const mixC = mixOf({ thinking: 30, pinning: 25, analyst: 20, reconstruction: 10, novelTeacher: 15 });
  const pivotC = models['acme-large-3'] as number + 6 * HOUR;
  for (let t = start + r.next() * MINUTE; t < end; t += r.exponential(0.5 / s) * MINUTE) {
    const live = c.filter((_, i) => (joined[i] as number) <= t);
    if (live.length === 0) continue;
    const model = t >= pivotC && r.chance(0.48) ? 'acme-large-3' : r.chance(0.9) ? 'acme-large-2' : 'acme-mini-2';
    emit(t, r.pick(live), model, mixC(r));
  }
  truth('C', 'pivot to a new model 6 h after release, 4 cards, one address pool', c, [{ model: 'acme-large-3', at: pivotC, share: 0.48 }]);

  // D: a small cell of six on two cards and one shared key, writing mostly new phrasings.
  const keyD = newId('key_', 16);
  const d = Array.from({ length: 6 }, (_, i) => account('campaign', { campaign: 'D', gateway: 'openai', payment: `pf_cell_${i % 2}`, keys: i < 2 ? [keyD] : [newId('key_', 16)], tz: 3 }));
  const mixD = mixOf({ novelMonologue: 40, novelSections: 30, novelTeacher: 20, rubric: 10 });
  for (const member of d) {
    for (let day = 2; day < 5; day++) {
      let t = start + day * 24 * HOUR + (6 + r.next() * 4) * HOUR;
      for (let n = r.int(25, 45); n > 0; n--) {
        emit(t, member, 'acme-large-2', mixD(r));
        t += r.exponential(12) * MINUTE;
      }
    }
  }
  truth('D', 'small cell: two cards, a shared key, new phrasings', d);

  // E: 40 accounts with nothing in common but their prompts: own cards, no shared keys, rotating
  // addresses through three access paths, and half of their traffic unrelated.
  const e = Array.from({ length: 40 }, (_, i) =>
    account('campaign', {
      campaign: 'E',
      gateway: (['flat', 'openai', 'aggregator'] as const)[i % 3] as Gateway,
      ...(i % 3 === 2 ? { org: undefined, payment: undefined, keys: [], ip: (rr: Random) => rr.pick(['203.0.113.200', '203.0.113.201']), userAgent: 'relay-gw/2.1' } : { ip: (rr: Random) => `10.210.${rr.int(0, 255)}.${rr.int(1, 254)}` }),
    }),
  );
  const mixE = mixOf({ trainingData: 30, harness: 25, laundering: 25, novelMonologue: 20 });
  for (const member of e) {
    const from = start + r.next() * 4 * 24 * HOUR;
    for (let t = from; t < Math.min(end, from + 3 * 24 * HOUR); t += r.exponential(50 / s) * MINUTE) emit(t, member, 'acme-large-2', r.chance(0.5) ? cover(r) : mixE(r));
  }
  truth('E', 'no shared infrastructure, three access paths, rotating addresses, half unrelated traffic', e);
}

function homeIp(r: Random): string {
  return `10.${r.int(1, 199)}.${r.int(0, 255)}.${r.int(1, 254)}`;
}

/** A home address, sometimes with a second (mobile) one. */
function fixedIp(r: Random, home: string): (random: Random) => string {
  const mobile = `100.${r.int(64, 127)}.${r.int(0, 255)}.${r.int(1, 254)}`;
  return (random) => (random.chance(0.15) ? mobile : home);
}
