// Dates inside field values, for Sigma's time modifiers (`minute` … `year`).

export type TimeUnit = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

/** Epoch seconds below this are read as seconds, above it as milliseconds (year 5138 vs 1973). */
const SECONDS_LIMIT = 1e11;
const ISO_WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** A field value as epoch milliseconds: ISO 8601 (zone-less means UTC) or epoch s/ms. */
export function leafTime(leaf: unknown): number | undefined {
  if (typeof leaf === 'number') return Number.isFinite(leaf) ? (Math.abs(leaf) < SECONDS_LIMIT ? leaf * 1000 : leaf) : undefined;
  if (typeof leaf !== 'string') return undefined;
  const text = leaf.trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) return leafTime(Number(text));
  const normalised = ISO_WITHOUT_ZONE.test(text) ? `${text.replace(' ', 'T')}Z` : text;
  if (!/^\d{4}-\d{2}-\d{2}/.test(normalised)) return undefined;
  const ms = Date.parse(normalised);
  return Number.isNaN(ms) ? undefined : ms;
}

/** One calendar part of a UTC time; `week` is the ISO 8601 week number. */
export function timePart(ms: number, unit: TimeUnit): number {
  const date = new Date(ms);
  switch (unit) {
    case 'minute':
      return date.getUTCMinutes();
    case 'hour':
      return date.getUTCHours();
    case 'day':
      return date.getUTCDate();
    case 'month':
      return date.getUTCMonth() + 1;
    case 'year':
      return date.getUTCFullYear();
    case 'week':
      return isoWeek(date);
  }
}

function isoWeek(date: Date): number {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  return Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
}
