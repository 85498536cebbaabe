// Browser-level helpers for suites: drive the code-server workbench the way a person does (keyboard,
// mouse) and read what they would see from the DOM. Every wait is on a DOM condition with a deadline.
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from './playwright';

export interface ProblemRow {
  /** The row's accessible label, which VS Code fills with severity, message, position and source. */
  label: string;
  text: string;
}

export interface DecorationInfo {
  /** 1-based line, read from the line-number gutter at the same height. */
  line: number;
  className: string;
  /** The decorated text for inline decorations; empty for whole-line overlays. */
  text: string;
}

export type HoverTarget = { line: number; column: number } | { text: string };

const DEFAULT_TIMEOUT_MS = 10_000;
const EDITOR = '.editor-group-container.active .monaco-editor[data-uri]';
const QUICK_INPUT = '.quick-input-widget';
const TOAST = '.notifications-toasts .notification-list-item-message';

export class Workbench {
  /** Every screenshot taken so far, for the summary. */
  readonly screenshots: string[] = [];

  constructor(
    readonly page: Page,
    private readonly screenshotPrefix: string,
    readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {}

  /** Waits for the workbench and the explorer to show the workspace folder. */
  async waitUntilReady(timeoutMs = 60_000): Promise<void> {
    await this.page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: timeoutMs });
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: timeoutMs });
  }

  /** Opens a workspace file through Quick Open and waits until its editor shows text. */
  async openFile(relativePath: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const input = await this.quickInput();
    await this.page.keyboard.type(relativePath);
    const name = path.posix.basename(relativePath);
    // A file row is labelled like "sample.yaml rules, file results" (name, folder, group).
    await this.quickPick(labelled(name, [' ', ',']), input);
    await this.page
      .locator(`.tabs-container .tab.active[aria-label^="${cssString(name)}"]`)
      .waitFor({ state: 'visible', timeout: this.timeoutMs });
    await this.page.locator(`${EDITOR} .view-lines .view-line`).first().waitFor({ state: 'visible', timeout: this.timeoutMs });
  }

  /** Runs a command from the palette by its exact label, e.g. 'View: Toggle Word Wrap'. */
  async runCommand(label: string): Promise<void> {
    await this.page.keyboard.press('Control+Shift+P');
    const input = await this.quickInput();
    await this.page.keyboard.type(label);
    // A command with a keybinding is labelled "<label>, <keys>".
    await this.quickPick(labelled(label, [', ']), input);
  }

  /** The text of the rendered lines of the active editor (Monaco renders only what is visible). */
  async editorText(): Promise<string> {
    return this.page.evaluate((selector) => {
      const lines = [...document.querySelectorAll<HTMLElement>(`${selector} .view-lines .view-line`)];
      lines.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
      return lines.map((line) => (line.textContent ?? '').replace(/\u00a0/g, ' ')).join('\n');
    }, EDITOR);
  }

  async waitForEditorText(fragment: string): Promise<void> {
    await this.page.waitForFunction(
      ({ selector, fragment }) =>
        [...document.querySelectorAll(`${selector} .view-lines .view-line`)].some((line) =>
          (line.textContent ?? '').replace(/\u00a0/g, ' ').includes(fragment),
        ),
      { selector: EDITOR, fragment },
      { timeout: this.timeoutMs },
    );
  }

  /**
   * Decorations in the active editor whose class matches `classPattern` (a RegExp source). The
   * default finds those set through the extension API (`ced-…` classes) and diagnostics squiggles.
   */
  async decorations(classPattern = '^(ced-|squiggly-)'): Promise<DecorationInfo[]> {
    return this.page.evaluate(({ selector, classPattern }) => {
      const editor = document.querySelector(selector);
      if (!editor) return [];
      const lineAt = new Map<string, number>();
      for (const gutter of editor.querySelectorAll<HTMLElement>('.margin-view-overlays > div')) {
        const number = parseInt(gutter.querySelector('.line-numbers')?.textContent ?? '', 10);
        if (!Number.isNaN(number)) lineAt.set(gutter.style.top, number);
      }
      const pattern = new RegExp(classPattern);
      const found = [];
      for (const element of editor.querySelectorAll<HTMLElement>('.view-overlays [class], .view-lines [class]')) {
        const className = [...element.classList].find((name) => pattern.test(name));
        if (!className) continue;
        const row = element.closest<HTMLElement>('.view-overlays > div, .view-lines > .view-line');
        const isInline = row?.classList.contains('view-line') ?? false;
        found.push({
          line: lineAt.get(row?.style.top ?? '') ?? -1,
          className,
          text: isInline ? (element.textContent ?? '').replace(/\u00a0/g, ' ') : '',
        });
      }
      return found;
    }, { selector: EDITOR, classPattern });
  }

  /** Moves the mouse over a position or a piece of text in the active editor; returns the hover's text. */
  async hover(target: HoverTarget): Promise<string> {
    if ('line' in target) await this.goToPosition(target.line, target.column);
    const point = await this.page.evaluate(pointOf, { selector: EDITOR, target });
    if (typeof point === 'string') throw new Error(`cannot hover ${JSON.stringify(target)}: ${point}`);
    // Leave the spot first, so that a hover already showing there is hidden and shown anew.
    await this.page.mouse.move(1, 1);
    await this.page.mouse.move(point.x, point.y, { steps: 2 });
    const hover = this.page.locator('.monaco-editor .monaco-hover:not(.hidden) .monaco-hover-content');
    await hover.first().waitFor({ state: 'visible', timeout: this.timeoutMs });
    await this.page.waitForFunction(
      () => {
        const text = document.querySelector('.monaco-hover:not(.hidden) .monaco-hover-content')?.textContent ?? '';
        return text.trim() !== '' && !text.includes('Loading...');
      },
      undefined,
      { timeout: this.timeoutMs },
    );
    // Hovers built with MarkdownString.appendText keep their spaces as no-break spaces.
    return (await hover.first().innerText()).replace(/\u00a0/g, ' ');
  }

  /** Opens the Problems panel and returns its rows (file rows and marker rows alike). */
  async problems(): Promise<ProblemRow[]> {
    await this.showProblems();
    const rows = this.page.locator('.markers-panel .monaco-list-row');
    const found: ProblemRow[] = [];
    for (let index = 0; index < (await rows.count()); index++) {
      const row = rows.nth(index);
      found.push({ label: (await row.getAttribute('aria-label')) ?? '', text: await row.innerText() });
    }
    return found;
  }

  /** Waits until a Problems row mentions `fragment` (in its text or its accessible label). */
  async waitForProblem(fragment: string): Promise<ProblemRow> {
    await this.showProblems();
    await this.page.waitForFunction(
      (fragment) =>
        [...document.querySelectorAll('.markers-panel .monaco-list-row')].some(
          (row) => (row.getAttribute('aria-label') ?? '').includes(fragment) || (row.textContent ?? '').includes(fragment),
        ),
      fragment,
      { timeout: this.timeoutMs },
    );
    const rows = await this.problems();
    const row = rows.find((candidate) => candidate.label.includes(fragment) || candidate.text.includes(fragment));
    if (!row) throw new Error(`the Problems row with "${fragment}" went away again`);
    return row;
  }

  /** Texts of the notification toasts on screen. */
  async notifications(): Promise<string[]> {
    return this.page.locator(TOAST).allInnerTexts();
  }

  /** Waits for a notification toast that mentions `fragment`; returns its text. */
  async waitForNotification(fragment: string): Promise<string> {
    const toast = this.page.locator(TOAST).filter({ hasText: fragment }).first();
    await toast.waitFor({ state: 'visible', timeout: this.timeoutMs });
    return toast.innerText();
  }

  /** Saves a PNG of the whole window as test-results/screenshots/<suite>-<name>.png; returns its path. */
  async screenshot(name: string): Promise<string> {
    const file = `${this.screenshotPrefix}-${name}.png`;
    mkdirSync(path.dirname(file), { recursive: true });
    await this.page.screenshot({ path: file });
    this.screenshots.push(file);
    return file;
  }

  private async showProblems(): Promise<void> {
    if (await this.page.locator('.markers-panel').first().isVisible()) return;
    await this.page.keyboard.press('Control+Shift+M');
    await this.page.locator('.markers-panel').first().waitFor({ state: 'visible', timeout: this.timeoutMs });
  }

  private async goToPosition(line: number, column: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    const input = await this.quickInput();
    await this.page.keyboard.type(`${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: this.timeoutMs });
  }

  private async quickInput(): Promise<Locator> {
    const widget = this.page.locator(QUICK_INPUT);
    await widget.waitFor({ state: 'visible', timeout: this.timeoutMs });
    return widget;
  }

  /**
   * Waits for the first quick-input row that matches one of `rowSelectors` (CSS on the row), clicks
   * it, and waits for the widget to close.
   */
  private async quickPick(rowSelectors: string[], widget: Locator): Promise<void> {
    const row = this.page.locator(rowSelectors.map((selector) => `${QUICK_INPUT} .monaco-list-row${selector}`).join(', ')).first();
    await row.waitFor({ state: 'visible', timeout: this.timeoutMs });
    await row.click({ timeout: this.timeoutMs });
    await widget.waitFor({ state: 'hidden', timeout: this.timeoutMs });
  }
}

/**
 * Runs in the page: the viewport point at the middle of the target's first character, or a reason
 * why there is none. The line of a `{line, column}` target must be rendered (see goToPosition).
 */
function pointOf({ selector, target }: { selector: string; target: HoverTarget }): { x: number; y: number } | string {
  const editor = document.querySelector(selector);
  if (!editor) return 'no active editor';
  const lines = [...editor.querySelectorAll<HTMLElement>('.view-lines .view-line')];
  let line: HTMLElement | undefined;
  let offset = -1;
  if ('text' in target) {
    line = lines.find((candidate) => (candidate.textContent ?? '').replace(/\u00a0/g, ' ').includes(target.text));
    offset = line ? (line.textContent ?? '').replace(/\u00a0/g, ' ').indexOf(target.text) : -1;
  } else {
    const gutter = [...editor.querySelectorAll<HTMLElement>('.margin-view-overlays > div')].find(
      (candidate) => candidate.querySelector('.line-numbers')?.textContent?.trim() === String(target.line),
    );
    line = lines.find((candidate) => gutter && candidate.style.top === gutter.style.top);
    offset = target.column - 1;
  }
  if (!line || offset < 0) return 'not among the rendered lines';
  const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const length = node.textContent?.length ?? 0;
    if (offset < length) {
      const range = document.createRange();
      range.setStart(node, offset);
      range.setEnd(node, offset + 1);
      const box = range.getBoundingClientRect();
      return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
    }
    offset -= length;
  }
  return 'the column is past the end of the line';
}

/**
 * Selectors for a list row labelled `label`, alone or followed by one of `separators` and more.
 * Rows are matched by their accessible label because Monaco recycles row elements, and the hidden
 * parts of a recycled row keep text from earlier lists.
 */
function labelled(label: string, separators: string[]): string[] {
  return [
    `[aria-label="${cssString(label)}"]`,
    ...separators.map((separator) => `[aria-label^="${cssString(label + separator)}"]`),
  ];
}

function cssString(text: string): string {
  return text.replace(/["\\]/g, '\\$&');
}
