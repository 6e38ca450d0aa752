// Date-times in posts are ISO 8601; one without an offset is a wall-clock time in the
// charter's timezone (what a referent means when writing "10:00").
export const DATETIME_PATTERN =
  '^\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?$';
const RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Offset in minutes of `timeZone` at the UTC instant `utcMs`. */
// Building an Intl formatter costs far more than using one: keep one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = make()));
  return f;
}

/** Exact offset in ms of `timeZone` at `utcMs` (to the second), from Intl. */
function exactOffsetMs(timeZone: string, utcMs: number): number {
  const parts = formatter(`offset|${timeZone}`, () => new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  })).formatToParts(new Date(utcMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

// Asking Intl for an offset is the costly part of reading and showing dates (a queue has
// thousands): remember, per zone and UTC day, the offset when it is the same at both ends of the
// day and a whole number of minutes. Zones change offset at most once in a day, so it then holds
// for the whole day; a day with a change (or an old second-precise offset) asks Intl each time.
const DAY_MS = 86_400_000;
const steadyOffsets = new Map<string, number | null>();
function steadyOffsetMs(timeZone: string, utcMs: number): number | undefined {
  if (!Number.isFinite(utcMs)) return undefined;
  const day = Math.floor(utcMs / DAY_MS);
  const key = `${timeZone}|${day}`;
  let v = steadyOffsets.get(key);
  if (v === undefined) {
    const a = exactOffsetMs(timeZone, day * DAY_MS);
    const b = exactOffsetMs(timeZone, day * DAY_MS + DAY_MS - 1000);
    v = a === b && a % 60000 === 0 ? a : null;
    if (steadyOffsets.size >= 50_000) steadyOffsets.clear();
    steadyOffsets.set(key, v);
  }
  return v ?? undefined;
}

export function zoneOffsetMinutes(timeZone: string, utcMs: number): number {
  const steady = steadyOffsetMs(timeZone, utcMs);
  return Math.round((steady ?? exactOffsetMs(timeZone, utcMs)) / 60000);
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Parse an ISO date-time; undefined when it is not a real date (2026-13-45, 25:00…). */
export function parseDateTime(text: string, timeZone: string): Date | undefined {
  // Rules and the queue index read the same fields again: parse each text once per zone.
  const key = `${timeZone}\n${text}`;
  let ms = parsedTimes.get(key);
  if (ms === undefined) {
    ms = parseDateTimeMs(text, timeZone) ?? null;
    if (parsedTimes.size >= 50_000) parsedTimes.clear();
    parsedTimes.set(key, ms);
  }
  return ms === null ? undefined : new Date(ms);
}
const parsedTimes = new Map<string, number | null>();

function parseDateTimeMs(text: string, timeZone: string): number | undefined {
  return parseDateTimeUncached(text, timeZone)?.getTime();
}

function parseDateTimeUncached(text: string, timeZone: string): Date | undefined {
  const m = RE.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '0', off] = m;
  const Y = Number(y), M = Number(mo), D = Number(d), H = Number(h), MI = Number(mi), S = Number(s);
  if (M < 1 || M > 12 || D < 1 || H > 23 || MI > 59 || S > 59) return undefined;
  const local = Date.UTC(Y, M - 1, D, H, MI, S, Number(frac.slice(0, 3).padEnd(3, '0')));
  const check = new Date(local);
  if (check.getUTCMonth() !== M - 1 || check.getUTCDate() !== D) return undefined;
  if (off) {
    if (off === 'Z') return new Date(local);
    const sign = off.startsWith('-') ? -1 : 1;
    const digits = off.slice(1).replace(':', '');
    const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
    if (Number(digits.slice(0, 2)) > 14 || Number(digits.slice(2)) > 59) return undefined;
    return new Date(local - sign * minutes * 60000);
  }
  // Wall-clock time in the zone: two passes settle DST transitions.
  let utc = local - zoneOffsetMinutes(timeZone, local) * 60000;
  utc = local - zoneOffsetMinutes(timeZone, utc) * 60000;
  return new Date(utc);
}

/** Wall-clock parts of an instant in a zone. */
export function wallClock(date: Date, timeZone: string): { date: string; time: string; minutes: number } {
  const steady = steadyOffsetMs(timeZone, date.getTime());
  if (steady !== undefined) {
    // The wall clock is the instant shifted by the zone's offset, read in UTC: what Intl prints.
    const w = new Date(date.getTime() + steady);
    const Y = w.getUTCFullYear();
    if (Y >= 1000 && Y <= 9999) {
      const p2 = (n: number) => String(n).padStart(2, '0');
      const h = w.getUTCHours();
      const mi = w.getUTCMinutes();
      return { date: `${Y}-${p2(w.getUTCMonth() + 1)}-${p2(w.getUTCDate())}`, time: `${p2(h)}:${p2(mi)}`, minutes: h * 60 + mi };
    }
  }
  const parts = formatter(`wall|${timeZone}`, () => new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  })).formatToParts(date);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  const time = `${get('hour')}:${get('minute')}`;
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

/** Human date in the user's language and the charter's zone, e.g. "mardi 1er décembre 2026 à 10:00 (Europe/Paris)". */
export function formatDateTime(date: Date, timeZone: string, lang: 'fr' | 'en'): string {
  const s = formatter(`full|${lang}|${timeZone}`, () => new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    timeZone,
    dateStyle: 'full',
    timeStyle: 'short',
  })).format(date);
  // French writes the first day of a month as an ordinal: « mardi 1er décembre ».
  const fixed = lang === 'fr' ? s.replace(/(^|\s)1 (?=\p{L})/u, '$11er ') : s;
  return `${fixed} (${timeZone})`;
}

/** The instant as each language writes it (formatDateTime), for a message's data: `tr` picks the language. */
export function dateTimeInBoth(date: Date, timeZone: string): { fr: string; en: string } {
  return { fr: formatDateTime(date, timeZone, 'fr'), en: formatDateTime(date, timeZone, 'en') };
}
