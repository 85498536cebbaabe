// The top of the panel: which pack, when the figures were computed, refresh and export; the run's
// progress with a stop button; and the record open now with previous and next.

import type { PackChoice, PanelModel, PanelStatus, SelectionView } from '../shared/messages';
import { bar } from './charts';
import { el } from './dom';
import { counted, formatClock } from './format';
import { icon, type IconName } from './icons';

export interface ToolbarState {
  status: PanelStatus | undefined;
  packs: PackChoice[];
  pack: number | undefined;
  model: PanelModel | undefined;
}

export function renderToolbar(state: ToolbarState): HTMLElement[] {
  const { status, model } = state;
  const isRunning = status?.kind === 'running' || status?.kind === 'waiting';
  const packLabel = state.packs.find((choice) => choice.index === state.pack)?.label ?? model?.pack;
  const chooser = state.packs.length > 1
    ? el('select', { className: 'pack-select', attrs: { 'aria-label': 'Rule pack', 'data-action': 'choosePack' } },
      state.packs.map((choice) => el('option', { text: choice.label, attrs: { value: choice.index, selected: choice.index === state.pack } })))
    : el('span', { className: 'pack-name', text: packLabel ?? 'PromptSift' });
  const meta = model ? `${counted(model.totals.records, 'record')} · ${counted(model.logs.count, 'log')} · ${formatClock(model.computedAt)}` : '';
  return [
    el('div', { className: 'title-row' }, [
      chooser,
      el('span', { className: 'meta muted small', text: meta, attrs: { title: model ? `Computed at ${new Date(model.computedAt).toLocaleString()}` : '' } }),
      el('span', { className: 'actions' }, [
        iconButton('refresh', 'Compute the statistics again', 'refresh', isRunning),
        iconButton('export', 'Export the report (HTML or Markdown)…', 'export', model === undefined),
      ]),
    ]),
    statusRow(status, model),
  ].filter((node): node is HTMLElement => node !== undefined);
}

function statusRow(status: PanelStatus | undefined, model: PanelModel | undefined): HTMLElement | undefined {
  if (!status) return el('div', { className: 'status-row muted small', text: 'Starting…', attrs: { role: 'status' } });
  switch (status.kind) {
    case 'running':
    case 'waiting': {
      const fraction = status.kind === 'running' ? status.fraction : 0;
      const what = status.kind === 'waiting' ? 'Waiting for changes to settle…' : status.phase === 'context' ? 'Reading the logs…' : 'Running the rules over the logs…';
      return el('div', { className: 'status-row running', attrs: { role: 'status', 'aria-live': 'polite' } }, [
        bar(fraction, 1, 'bar-progress'),
        el('span', { className: 'small', text: status.kind === 'running' ? `${what} ${Math.round(fraction * 100)}%` : what }),
        status.kind === 'running' ? textButton('stop', 'Stop', 'stop') : el('span'),
      ]);
    }
    case 'stopped':
      return el('div', { className: 'status-row muted small', attrs: { role: 'status' }, text: model ? 'Stopped: the figures below are older than the logs or rules.' : 'Stopped before the figures were ready.' });
    case 'failed':
      return el('div', { className: 'status-row error small', attrs: { role: 'alert' }, text: `The statistics failed: ${status.message}` });
    default:
      return undefined;
  }
}

/** The record open now, and the buttons to the previous and next one. */
export function renderSelection(selection: SelectionView | undefined): HTMLElement[] {
  if (!selection) return [];
  const atStart = selection.position <= 1;
  const atEnd = selection.position >= selection.listed;
  const count = selection.listed < selection.total
    ? `${selection.position} of the first ${selection.listed} (${counted(selection.total, 'record')})`
    : `${selection.position} of ${selection.listed}`;
  return [
    iconButton('previous', 'Previous record (P)', 'step-previous', atStart),
    // The location on a line of its own, wrapped rather than cut: it says where the editor is.
    el('span', { className: 'selection-text' }, [
      el('span', { className: 'selection-label', text: selection.label, attrs: { title: selection.label } }),
      el('span', { className: 'muted small', text: count }),
      el('span', { className: 'selection-location mono small', text: selection.location }),
    ]),
    iconButton('next', 'Next record (N)', 'step-next', atEnd),
    iconButton('close', 'Close', 'clearSelection', false),
  ];
}

function iconButton(name: IconName, label: string, action: string, isDisabled: boolean): HTMLElement {
  return el('button', { className: 'icon-button', attrs: { type: 'button', title: label, 'aria-label': label, 'data-action': action, disabled: isDisabled } }, [icon(name)]);
}

function textButton(name: IconName, label: string, action: string): HTMLElement {
  return el('button', { className: 'text-button', attrs: { type: 'button', 'data-action': action } }, [icon(name), el('span', { text: label })]);
}
