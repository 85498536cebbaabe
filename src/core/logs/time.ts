// Timestamps as logs write them → epoch milliseconds. Deterministic: nothing depends on the
// machine's time zone, so a scan gives the same answer everywhere.

// Below 1e11 a number is seconds (1e11 s is the year 5138; 1e11 ms is 1973-03-03). Above, the
// magnitude tells milliseconds from microseconds and nanoseconds, which some tracers write.
const MS_FROM = 1e11;
const US_FROM = 1e14;
const NS_FROM = 1e17;

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)? ?(?:(Z|z|UTC|GMT)|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;
const CYCLE_MS = 146_097 * 86_400_000;
const NUMERIC = /^\d+(?:\.\d+)?$/;

/**
 * Parses an ISO 8601 date-time (`T` or a space between date and time; zone `Z`, `UTC`,
 * `±HH:MM`, `±HHMM` or `±HH`; no zone means UTC; a date alone means its midnight UTC), or epoch seconds,
 * milliseconds, microseconds or nanoseconds as a number or a numeric string (told apart by
 * magnitude). Returns epoch milliseconds, or undefined when the value is none of these.
 */
export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (NUMERIC.test(text)) return fromEpoch(Number(text));
  return parseIso(text);
}

function fromEpoch(n: number): number | undefined {
  if (!Number.isFinite(n) || n < 0) return undefined;
  if (n >= NS_FROM) return Math.floor(n / 1e6);
  if (n >= US_FROM) return Math.floor(n / 1e3);
  if (n >= MS_FROM) return Math.floor(n);
  return Math.round(n * 1000);
}

function parseIso(text: string): number | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  // A leap second (:60) is read as the last millisecond of its minute.
  const second = m[6] === undefined ? 0 : Number(m[6]);
  // Digits, not floating point: 0.57 * 1000 is not exactly 570.
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 24 || minute > 59 || second > 60) return undefined;
  if (hour === 24 && (minute > 0 || second > 0 || ms > 0)) return undefined;
  let offsetMinutes = 0;
  if (m[9] !== undefined) {
    const zoneHours = Number(m[10]);
    const zoneMinutes = m[11] === undefined ? 0 : Number(m[11]);
    if (zoneHours > 23 || zoneMinutes > 59) return undefined;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (zoneHours * 60 + zoneMinutes);
  }
  const leap = second === 60 ? 999 - ms : 0;
  // Date.UTC reads years 0-99 as 1900-1999; a 400-year Gregorian cycle later has the same calendar.
  const cycles = year < 100 ? 1 : 0;
  const utc = Date.UTC(year + 400 * cycles, month - 1, day, hour, minute, Math.min(second, 59), ms + leap);
  return utc - cycles * CYCLE_MS - offsetMinutes * 60_000;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
