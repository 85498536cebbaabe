// How the panel writes numbers, shares and times: the same way everywhere, times of the logs in UTC.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** "12 accounts", "1 account". */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${formatCount(n)} ${n === 1 ? noun : plural}`;
}

/** A share as a percentage with one decimal, without a trailing ".0" at 0 and 100. */
export function formatShare(share: number): string {
  const percent = Math.round(share * 1000) / 10;
  return `${percent === 0 || percent === 100 ? percent.toFixed(0) : percent.toFixed(1)}%`;
}

export function formatHours(hours: number): string {
  return `${hours < 10 ? hours.toFixed(1) : Math.round(hours).toString()} h`;
}

/** "Nov 20 14:05" in UTC. */
export function formatTime(ms: number): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return '?';
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
}

/** "Nov 20 00:05 – Nov 21 11:56 UTC". */
export function formatRange(start: number, end: number): string {
  return `${formatTime(start)} \u2013 ${formatTime(end)} UTC`;
}

/** The local clock time, for when the figures were computed. */
export function formatClock(ms: number): string {
  const date = new Date(ms);
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function pad(n: number): string {
  return n.toString().padStart(2, '0');
}
