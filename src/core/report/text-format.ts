// How the campaign reports (text, Markdown, HTML, SVG charts) write numbers, times and long text,
// so that every report reads the same.

/** `12,345`. */
export function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** `part` of `whole` as `41.8%`; `0%` of nothing. */
export function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${((100 * part) / whole).toFixed(1)}%`;
}

/** `2026-11-19 16:00` (UTC, to the minute). */
export function utcMinute(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

/** The text cut to `max` characters, the last one an ellipsis when it was longer. */
export function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
