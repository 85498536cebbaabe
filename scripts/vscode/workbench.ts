// Browser-level helpers for suites: drive the code-server workbench the way a person does (keyboard,
// mouse) and read what they would see from the DOM. Every wait is on a DOM condition with a deadline.
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { decorationsIn, pointOf, renderedText, type DecorationInfo, type HoverTarget } from './editor-dom';
import type { Locator, Page } from './playwright';
import { waitFor } from './wait';

export type { DecorationInfo, HoverTarget };

export interface ProblemRow {
  /** The row's accessible label, which VS Code fills with severity, message, position and source. */
  label: string;
  text: string;
}

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
    return this.page.evaluate(renderedText, EDITOR);
  }

  async waitForEditorText(fragment: string): Promise<void> {
    await waitFor(`the editor to show "${fragment}"`, async () => (await this.editorText()).includes(fragment), {
      timeoutMs: this.timeoutMs,
    });
  }

  /**
   * Decorations in the active editor whose class matches `classPattern` (a RegExp source). The
   * default finds those set through the extension API (`ced-…` classes) and diagnostics squiggles.
   */
  async decorations(classPattern = '^(ced-|squiggly-)'): Promise<DecorationInfo[]> {
    return this.page.evaluate(decorationsIn, { selector: EDITOR, classPattern });
  }

  /** Moves the mouse over a position or a piece of text in the active editor; returns the hover's text. */
  async hover(target: HoverTarget): Promise<string> {
    if ('line' in target) await this.goTo(target.line, target.column);
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

  /**
   * Moves the active editor's cursor to `line`:`column` (1-based) through Go to Line, and waits
   * until the editor has the keyboard again, so that the next key reaches it.
   */
  async goTo(line: number, column: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    const input = await this.quickInput();
    await this.page.keyboard.type(`${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: this.timeoutMs });
    await this.page.locator('.editor-group-container.active .monaco-editor.focused').first().waitFor({ state: 'visible', timeout: this.timeoutMs });
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
