// The panel's content: the totals, a card per campaign (pivots, timeline per model, its rules,
// templates and accounts, what links it), and the top rules, templates and accounts. Everything
// that can be opened in the logs is a button naming the host's target number.

import type { AccountRow, CampaignCard, MemberChip, PanelModel, RuleRow, TargetId, TemplateRow } from '../shared/messages';
import { bar, levelStrip, pivotLine, timelineChart } from './charts';
import { el } from './dom';
import { counted, formatCount, formatHours, formatRange, formatShare } from './format';

export interface ViewContext {
  /** The target open now, marked in every list that shows it. */
  selected: TargetId | undefined;
  /** Whether each collapsible section is open, by its key. */
  isOpen(key: string, byDefault: boolean): boolean;
}

export function renderModel(model: PanelModel, context: ViewContext): HTMLElement[] {
  return [
    summary(model),
    section('campaigns', `Campaigns (${formatCount(model.campaigns.length + model.moreCampaigns)})`, context, true, model.campaigns.length === 0
      ? [el('p', { className: 'muted', text: 'No group of linked accounts had enough flagged activity to count as a campaign.' })]
      : [...model.campaigns.map((card) => campaignCard(card, context)), model.moreCampaigns > 0 && el('p', { className: 'muted', text: `${counted(model.moreCampaigns, 'more campaign')} in the exported report.` })]),
    section('rules', 'Top rules', context, true, ruleRows(model.rules, context, 'No rule matched.')),
    section('templates', 'Top templates', context, true, templateRows(model.templates, context, 'By accounts sending them.')),
    section('accounts', 'Top accounts', context, true, accountRows(model.accounts, context)),
    model.notes.length > 0 && section('notes', 'Notes', context, true, [el('ul', { className: 'notes' }, model.notes.map((note) => el('li', { text: note })))]),
  ].filter((node): node is HTMLElement => node !== false);
}

function summary(model: PanelModel): HTMLElement {
  const { totals } = model;
  const tile = (label: string, value: string, detail?: string, className = ''): HTMLElement =>
    el('div', { className: `tile ${className}` }, [el('span', { className: 'tile-value', text: value }), el('span', { className: 'tile-label', text: label }), detail !== undefined && el('span', { className: 'tile-detail', text: detail })]);
  const campaigns = model.campaigns.length + model.moreCampaigns;
  return el('section', { className: 'summary', attrs: { 'aria-label': 'Summary' } }, [
    el('div', { className: 'tiles' }, [
      tile('records', formatCount(totals.records), counted(model.logs.count, 'log')),
      tile('accounts', formatCount(totals.accounts)),
      tile('flagged', formatCount(totals.flaggedRecords), formatShare(totals.records === 0 ? 0 : totals.flaggedRecords / totals.records), 'tile-flagged'),
      tile(campaigns === 1 ? 'campaign' : 'campaigns', formatCount(campaigns), undefined, campaigns > 0 ? 'tile-alert' : ''),
    ]),
    levelStrip(model.levels, totals.records),
    totals.timeRange && el('p', { className: 'muted small', text: `${formatRange(totals.timeRange.start, totals.timeRange.end)} · flagged at level ${totals.flagLevel} or above` }),
  ]);
}

function campaignCard(card: CampaignCard, context: ViewContext): HTMLElement {
  const title = el('h3', { className: 'campaign-title' }, [
    openable(card.target, context, `Open the first request of campaign ${card.id}`, [el('span', { className: 'campaign-id', text: card.id })], 'campaign-open'),
    el('span', { className: 'campaign-figures', text: `${counted(card.accounts, 'account')} · ${counted(card.requests, 'request')}` }),
  ]);
  const flagged = el('div', { className: 'share-line' }, [
    bar(card.flaggedRequests, card.requests, 'bar-flagged'),
    el('span', { className: 'small', text: `${formatShare(card.flaggedShare)} flagged · ${formatShare(card.sharedLineShare)} shared lines` }),
  ]);
  const facts = [
    card.firstSeen !== undefined && card.lastSeen !== undefined && formatRange(card.firstSeen, card.lastSeen),
    `${formatHours(card.activeHoursPerDay)} a day active`,
  ].filter((fact): fact is string => typeof fact === 'string');
  return el('article', { className: 'campaign', attrs: { 'aria-label': `Campaign ${card.id}` } }, [
    title,
    flagged,
    el('p', { className: 'muted small', text: facts.join(' · ') }),
    card.pivots.length > 0 && el('ul', { className: 'pivots' }, card.pivots.map(pivotLine)),
    card.timeline.rows.length > 0 && timelineChart(card.timeline, card.id),
    subheading('Rules'),
    ...ruleRows(card.rules, context, 'No flagging rule.'),
    subheading('Templates'),
    ...templateRows(card.templates, context),
    subheading(`Accounts (${formatCount(card.accounts)})`),
    el('div', { className: 'chips' }, [...card.members.map((member) => memberChip(member, context)), card.moreMembers > 0 && el('span', { className: 'muted small', text: `+${formatCount(card.moreMembers)} more` })]),
    card.evidence.length > 0 && subheading('Linked by'),
    card.evidence.length > 0 && el('ul', { className: 'evidence' }, [
      ...card.evidence.map((link) => el('li', {}, [
        el('span', { className: `strength strength-${link.strength}`, text: link.strength }),
        el('span', { className: 'field', text: link.field }),
        el('span', { className: 'mono value', text: link.value, attrs: { title: link.value } }),
        el('span', { className: 'evidence-count muted small', text: `${link.accounts} of ${link.totalAccounts}` }),
      ])),
      card.moreEvidence > 0 && el('li', { className: 'evidence-more muted small', text: `${counted(card.moreEvidence, 'more link')}` }),
    ]),
  ]);
}

function ruleRows(rules: readonly RuleRow[], context: ViewContext, empty?: string): HTMLElement[] {
  if (rules.length === 0) return empty ? [el('p', { className: 'muted small', text: empty })] : [];
  const max = Math.max(...rules.map((rule) => rule.count));
  return [el('ul', { className: 'rows' }, rules.map((rule) => el('li', {}, [
    openable(rule.target, context, `Open the first match of rule ${rule.title ?? rule.key}`, [
      el('span', { className: 'row-head' }, [
        el('span', { className: `level-dot level-${rule.level ?? 'none'}`, attrs: { title: rule.level ?? 'no level' } }),
        el('span', { className: 'row-title', text: rule.title ?? rule.key }),
        el('span', { className: 'num', text: formatCount(rule.count) }),
      ]),
      el('span', { className: 'row-sub mono', text: rule.key }),
      bar(rule.count, max, `bar-level level-${rule.level ?? 'none'}`),
    ]),
  ])))];
}

function templateRows(templates: readonly TemplateRow[], context: ViewContext, note?: string): HTMLElement[] {
  if (templates.length === 0) return [el('p', { className: 'muted small', text: 'No template.' })];
  const list = el('ul', { className: 'rows' }, templates.map((template) => el('li', {}, [
      openable(template.target, context, `Open the first request of template ${template.id}`, [
        el('span', { className: 'row-head' }, [
          el('span', { className: 'mono template-id', text: template.id }),
          el('span', { className: 'num', text: `${formatCount(template.requests)} req · ${formatCount(template.accounts)} acc` }),
        ]),
        el('span', { className: 'template-text', text: template.text }),
      ]),
    ])));
  return note === undefined ? [list] : [el('p', { className: 'muted small', text: note }), list];
}

function accountRows(accounts: readonly AccountRow[], context: ViewContext): HTMLElement[] {
  if (accounts.length === 0) return [el('p', { className: 'muted small', text: 'No account.' })];
  return [el('ul', { className: 'rows' }, accounts.map((account) => el('li', {}, [
    openable(account.target, context, `Open the first request of account ${account.id}`, [
      el('span', { className: 'row-head' }, [
        el('span', { className: 'mono row-title', text: account.id }),
        account.campaign !== undefined && el('span', { className: 'badge', text: account.campaign }),
        el('span', { className: 'num', text: `${formatCount(account.flaggedRequests)} / ${formatCount(account.requests)}` }),
      ]),
      bar(account.flaggedRequests, account.requests, 'bar-flagged'),
    ]),
  ])))];
}

function memberChip(member: MemberChip, context: ViewContext): HTMLElement {
  const label = member.requests === undefined ? member.id : `${member.id} (${formatCount(member.requests)})`;
  return openable(member.target, context, `Open the first request of account ${member.id}`, [el('span', { className: 'mono', text: label })], 'chip');
}

/** A button that opens a target, or plain text when nothing of it was kept to open. */
function openable(target: TargetId | undefined, context: ViewContext, label: string, content: Element[], className = 'row'): HTMLElement {
  if (target === undefined) return el('div', { className: `${className} static` }, content);
  return el('button', {
    className: `${className} openable${context.selected === target ? ' selected' : ''}`,
    attrs: { type: 'button', 'data-target': target, title: label, 'aria-current': context.selected === target ? 'true' : undefined },
  }, content);
}

function section(key: string, title: string, context: ViewContext, byDefault: boolean, content: (HTMLElement | false)[]): HTMLElement {
  const details = el('details', { className: `section section-${key}`, attrs: { 'data-section': key, open: context.isOpen(key, byDefault) } }, [
    el('summary', {}, [el('h2', { text: title })]),
    ...content.filter((node): node is HTMLElement => node !== false),
  ]);
  return details;
}

function subheading(text: string): HTMLElement {
  return el('h4', { text });
}
