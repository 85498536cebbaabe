// Dates inside field values, for Sigma's time modifiers (`minute` … `year`).

import { parseTimestamp } from '../logs/time';

export type TimeUnit = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

/** A field value as epoch milliseconds: ISO 8601 (zone-less means UTC) or epoch s/ms/µs/ns. */
export function leafTime(leaf: unknown): number | undefined {
  return parseTimestamp(leaf);
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
