// The campaign view's browser side. It computes nothing: it draws what the host sends (a bounded
// view model of the core's statistics, the run's status, the record open now) and sends back only
// the numbers the host gave it. Runs under a CSP without inline script or style; see styles.css.

import './styles.css';
import type { HostMessage, PackChoice, PanelModel, PanelStatus, SelectionView, WebviewMessage } from '../shared/messages';
import { el, replaceChildren } from './dom';
import { renderSelection, renderToolbar } from './toolbar';
import { renderModel } from './view';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

interface SavedState {
  /** Collapsible sections the reviewer opened or closed, by key. */
  sections: Record<string, boolean>;
}

const vscode = acquireVsCodeApi();
const saved = readSavedState(vscode.getState());
const state: { model?: PanelModel; status?: PanelStatus; packs: PackChoice[]; pack?: number; selection?: SelectionView } = { packs: [] };

const toolbar = el('div', { className: 'toolbar' });
const selectionBar = el('nav', { className: 'selection', attrs: { 'aria-label': 'Record open now', hidden: true } });
const content = el('main', { className: 'content' });
document.body.append(el('header', { className: 'top' }, [toolbar, selectionBar]), content);

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  if (message.type === 'model') {
    state.model = message.model;
    drawContent();
    drawToolbar();
  } else if (message.type === 'status') {
    state.status = message.status;
    state.packs = message.packs;
    state.pack = message.pack;
    drawToolbar();
    if (!state.model) drawContent();
  } else if (message.type === 'selection') {
    state.selection = message.selection;
    drawSelection();
  }
});

document.addEventListener('click', (event) => {
  const target = (event.target as Element | null)?.closest('button');
  if (!target || target.hasAttribute('disabled')) return;
  const action = target.getAttribute('data-action');
  const open = target.getAttribute('data-target');
  if (open !== null && state.model) vscode.postMessage({ type: 'open', generation: state.model.generation, target: Number(open) });
  else if (action === 'step-next' || action === 'step-previous') vscode.postMessage({ type: 'step', offset: action === 'step-next' ? 1 : -1 });
  else if (action === 'refresh' || action === 'stop' || action === 'export' || action === 'clearSelection') vscode.postMessage({ type: action });
});

document.addEventListener('change', (event) => {
  const select = event.target as HTMLSelectElement;
  if (select.getAttribute('data-action') === 'choosePack') vscode.postMessage({ type: 'choosePack', pack: Number(select.value) });
});

// N and P step through the records of what is open, as the buttons do, wherever the focus is in the panel.
document.addEventListener('keydown', (event) => {
  if (!state.selection || event.altKey || event.ctrlKey || event.metaKey || (event.target as Element).closest('select')) return;
  const key = event.key.toLowerCase();
  if (key === 'n' || key === 'p') {
    event.preventDefault();
    vscode.postMessage({ type: 'step', offset: key === 'n' ? 1 : -1 });
  }
});

document.addEventListener('toggle', (event) => {
  const details = event.target as HTMLElement;
  const key = details.getAttribute?.('data-section');
  if (!key) return;
  saved.sections[key] = (details as HTMLDetailsElement).open;
  vscode.setState(saved);
}, true);

function drawToolbar(): void {
  replaceChildren(toolbar, renderToolbar({ status: state.status, packs: state.packs, pack: state.pack, model: state.model }));
}

function drawSelection(): void {
  replaceChildren(selectionBar, renderSelection(state.selection));
  selectionBar.hidden = state.selection === undefined;
  const selected = state.selection?.target;
  for (const button of content.querySelectorAll('button[data-target]')) {
    const isSelected = selected !== undefined && button.getAttribute('data-target') === String(selected);
    button.classList.toggle('selected', isSelected);
    if (isSelected) button.setAttribute('aria-current', 'true');
    else button.removeAttribute('aria-current');
  }
}

/** Draws the figures again, keeping the focus on the same button when it is still there. */
function drawContent(): void {
  const focused = document.activeElement?.closest('[data-target]')?.getAttribute('data-target');
  const scroll = window.scrollY;
  const model = state.model;
  if (model) {
    replaceChildren(content, renderModel(model, {
      selected: state.selection?.target,
      isOpen: (key, byDefault) => saved.sections[key] ?? byDefault,
    }));
  } else {
    replaceChildren(content, [emptyState(state.status)]);
  }
  window.scrollTo(0, scroll);
  if (focused) (content.querySelector(`[data-target="${CSS.escape(focused)}"]`) as HTMLElement | null)?.focus();
}

function emptyState(status: PanelStatus | undefined): HTMLElement {
  if (status?.kind === 'empty' && status.reason === 'restricted') {
    return el('div', { className: 'empty' }, [
      el('p', { text: 'Restricted Mode: no rule runs over logs.' }),
      el('p', { className: 'muted', text: 'A rule pack comes from the workspace, so PromptSift only lints it until you trust the workspace; then the campaign statistics appear here.' }),
    ]);
  }
  if (status?.kind === 'empty' && status.reason === 'no-pack') {
    return el('div', { className: 'empty' }, [
      el('p', { text: 'No rule pack in this workspace.' }),
      el('p', { className: 'muted', text: 'A pack is a folder with a promptsift.yaml; its rules run over its logs and the campaign statistics appear here.' }),
    ]);
  }
  if (status?.kind === 'empty') {
    return el('div', { className: 'empty' }, [
      el('p', { text: 'This pack has no logs.' }),
      el('p', { className: 'muted', text: 'The logs globs of its promptsift.yaml (or the promptsift.logs.include setting, outside packs) select no file.' }),
    ]);
  }
  return el('div', { className: 'empty muted', text: status?.kind === 'failed' ? 'No figures.' : 'Computing the campaign statistics…' });
}

function readSavedState(value: unknown): SavedState {
  const sections: Record<string, boolean> = {};
  const given = (value as { sections?: unknown } | undefined)?.sections;
  if (typeof given === 'object' && given !== null) {
    for (const [key, open] of Object.entries(given)) if (typeof open === 'boolean') sections[key] = open;
  }
  return { sections };
}

vscode.postMessage({ type: 'ready' });
