// A function that runs inside the page (Playwright sends its source, so it uses nothing from
// outside its body): the text colour of each token span of a rendered line of the active editor,
// which is how a person tells the grammar's scopes apart.

export interface TokenColor {
  text: string;
  color: string;
}

/** The token spans (`mtk…` classes) of the rendered line that contains `fragment`, with their colours. */
export function tokenColors({ selector, fragment }: { selector: string; fragment: string }): TokenColor[] | string {
  const editor = document.querySelector(selector);
  if (!editor) return 'no active editor';
  const row = [...editor.querySelectorAll<HTMLElement>('.view-lines > .view-line')].find((candidate) =>
    (candidate.textContent ?? '').replace(/\u00a0/g, ' ').includes(fragment),
  );
  if (!row) return `no rendered line has "${fragment}"`;
  return [...row.querySelectorAll<HTMLElement>('span[class*="mtk"]')].map((span) => ({
    text: (span.textContent ?? '').replace(/\u00a0/g, ' '),
    color: getComputedStyle(span).color,
  }));
}
