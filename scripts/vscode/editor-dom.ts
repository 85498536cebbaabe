// Functions that run inside the page, on the DOM of Monaco's active editor. Playwright sends each
// one as source text, so they must not use anything from outside their own body.

export interface DecorationInfo {
  /** 1-based line, read from the line-number gutter at the same height. */
  line: number;
  className: string;
  /** The decorated text for inline decorations; empty for whole-line overlays. */
  text: string;
}

export type HoverTarget = { line: number; column: number } | { text: string };

/** The rendered lines from top to bottom; Monaco shows spaces as no-break spaces. */
export function renderedText(selector: string): string {
  const lines = [...document.querySelectorAll<HTMLElement>(`${selector} .view-lines .view-line`)];
  lines.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
  return lines.map((line) => (line.textContent ?? '').replace(/\u00a0/g, ' ')).join('\n');
}

/** Overlay and inline decorations whose class matches; lines come from the gutter at the same height. */
export function decorationsIn({ selector, classPattern }: { selector: string; classPattern: string }): DecorationInfo[] {
  const editor = document.querySelector(selector);
  if (!editor) return [];
  const lineAt = new Map<string, number>();
  for (const gutter of editor.querySelectorAll<HTMLElement>('.margin-view-overlays > div')) {
    const number = parseInt(gutter.querySelector('.line-numbers')?.textContent ?? '', 10);
    if (!Number.isNaN(number)) lineAt.set(gutter.style.top, number);
  }
  const pattern = new RegExp(classPattern);
  const found: DecorationInfo[] = [];
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
}

/**
 * The viewport point at the middle of the target's first character, or why there is none. The line
 * of a `{line, column}` target must be rendered (Workbench.hover scrolls to it first).
 */
export function pointOf({ selector, target }: { selector: string; target: HoverTarget }): { x: number; y: number } | string {
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
