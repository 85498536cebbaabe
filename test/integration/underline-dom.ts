// A function that runs inside the page (Playwright sends its source, so it uses nothing from
// outside its body): where the text of a rendered line sits on screen, and where the API
// decorations (`ced-…` overlays) of that line sit, so a step can check that an underline lies
// exactly under the matched words.

export interface UnderlineGeometry {
  text: { left: number; right: number; bottom: number };
  marks: { className: string; left: number; right: number; bottom: number }[];
}

/** The box of `text` on the rendered line `line` (1-based) of the active editor, and the decoration boxes of that line. */
export function underlineGeometry({ selector, line, text }: { selector: string; line: number; text: string }): UnderlineGeometry | string {
  const editor = document.querySelector(selector);
  if (!editor) return 'no active editor';
  const gutter = [...editor.querySelectorAll<HTMLElement>('.margin-view-overlays > div')].find(
    (candidate) => candidate.querySelector('.line-numbers')?.textContent?.trim() === String(line),
  );
  if (!gutter) return `line ${line} is not rendered`;
  const row = [...editor.querySelectorAll<HTMLElement>('.view-lines > .view-line')].find((candidate) => candidate.style.top === gutter.style.top);
  const overlay = [...editor.querySelectorAll<HTMLElement>('.view-overlays > div')].find((candidate) => candidate.style.top === gutter.style.top);
  if (!row) return `line ${line} has no text row`;
  const content = (row.textContent ?? '').replace(/\u00a0/g, ' ');
  let offset = content.indexOf(text);
  if (offset < 0) return `"${text}" is not on line ${line}: ${content.slice(0, 200)}`;
  const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let end = offset + text.length;
  let isStarted = false;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const length = node.textContent?.length ?? 0;
    if (!isStarted && offset < length) {
      range.setStart(node, offset);
      isStarted = true;
    }
    if (isStarted && end <= length) {
      range.setEnd(node, end);
      break;
    }
    offset -= length;
    end -= length;
  }
  const box = range.getBoundingClientRect();
  const marks = [...(overlay?.querySelectorAll<HTMLElement>('[class*="ced-"]') ?? [])].map((mark) => {
    const rect = mark.getBoundingClientRect();
    return { className: [...mark.classList].find((name) => name.startsWith('ced-')) ?? '', left: rect.left, right: rect.right, bottom: rect.bottom };
  });
  return { text: { left: box.left, right: box.right, bottom: box.bottom }, marks };
}
