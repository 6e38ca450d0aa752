// French dates for the letter (« jeudi 10 décembre à 19 h ») and the fortnight's boundaries.
import { type LetterConfig, WEEKDAYS } from '../charter/types.js';
import { parseDateTime, wallClock } from '../util/time.js';

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a calendar date YYYY-MM-DD. */
function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function isCalendarDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
}

/** The default anchor: the first fortnight weekday on or after Monday 2024-01-01. */
function anchorDay(cfg: LetterConfig): number {
  if (cfg.fortnight.anchor) return dayNumber(cfg.fortnight.anchor);
  return dayNumber('2024-01-01') + WEEKDAYS.indexOf(cfg.fortnight.starts);
}

export interface Period {
  /** First and last calendar days, inclusive (YYYY-MM-DD). */
  from: string;
  to: string;
  /** Instants: start of `from` and end of `to` in the charter's zone. */
  start: Date;
  end: Date;
}

export function periodOf(from: string, to: string, tz: string): Period {
  return { from, to, start: parseDateTime(`${from}T00:00:00`, tz)!, end: parseDateTime(`${dateOf(dayNumber(to) + 1)}T00:00:00`, tz)! };
}

/** The fortnight that holds calendar day `date`. */
export function fortnightOf(date: string, cfg: LetterConfig, tz: string): Period {
  const a = anchorDay(cfg);
  const start = a + Math.floor((dayNumber(date) - a) / 14) * 14;
  return periodOf(dateOf(start), dateOf(start + 13), tz);
}

export function todayIn(now: Date, tz: string): string {
  return wallClock(now, tz).date;
}

const fmt = (tz: string, o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('fr-FR', { timeZone: tz, ...o });

/** « jeudi 10 décembre » (« 1er » for the first of the month, the year when it is not `year`). */
export function frenchDay(d: Date, tz: string, year?: string): string {
  const parts = fmt(tz, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const day = get('day') === '1' ? '1er' : get('day');
  const y = get('year');
  return `${get('weekday')} ${day} ${get('month')}${year !== undefined && y !== year ? ` ${y}` : ''}`;
}

/** « 19 h », « 12 h 30 ». */
export function frenchTime(d: Date, tz: string): string {
  const { time } = wallClock(d, tz);
  const [h, m] = time.split(':');
  return `${Number(h)} h${m === '00' ? '' : ` ${m}`}`;
}

/** « jeudi 10 décembre à 19 h », « jeudi 10 décembre de 12 h 30 à 14 h », or over several days. */
export function frenchEventDate(starts: Date, ends: Date | undefined, tz: string, year?: string): string {
  const day = frenchDay(starts, tz, year);
  if (!ends || ends <= starts) return `${day} à ${frenchTime(starts, tz)}`;
  if (wallClock(ends, tz).date === wallClock(starts, tz).date) return `${day} de ${frenchTime(starts, tz)} à ${frenchTime(ends, tz)}`;
  return `du ${day} à ${frenchTime(starts, tz)} au ${frenchDay(ends, tz, year)} à ${frenchTime(ends, tz)}`;
}

/** « du lundi 30 novembre au dimanche 13 décembre 2026 ». */
export function frenchPeriod(p: Period, tz: string): string {
  const first = parseDateTime(`${p.from}T12:00:00`, tz)!;
  const last = parseDateTime(`${p.to}T12:00:00`, tz)!;
  const y = p.to.slice(0, 4);
  return `du ${frenchDay(first, tz, y)} au ${frenchDay(last, tz)} ${y}`;
}

/** "Thursday 10 December" (the year too when asked). */
function englishDay(d: Date, tz: string, withYear: boolean): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: tz, weekday: 'long', day: 'numeric', month: 'long', ...(withYear ? { year: 'numeric' } : {}) }).format(d).replace(',', '');
}

/** "from Monday 30 November to Sunday 13 December 2026": the period in English, for messages. */
export function englishPeriod(p: Period, tz: string): string {
  const day = (date: string, withYear: boolean) => englishDay(parseDateTime(`${date}T12:00:00`, tz)!, tz, withYear);
  return `from ${day(p.from, p.from.slice(0, 4) !== p.to.slice(0, 4))} to ${day(p.to, true)}`;
}

/** Calendar day YYYY-MM-DD as messages say it: « jeudi 10 décembre » (the year when it is not `year`). */
export function dayIn(date: string, tz: string, lang: 'fr' | 'en', year?: string): string {
  const d = parseDateTime(`${date}T12:00:00`, tz)!;
  return lang === 'fr' ? frenchDay(d, tz, year) : englishDay(d, tz, year !== undefined && date.slice(0, 4) !== year);
}

/** The period as messages say it: the letter itself stays in French (its readers' language). */
export function periodIn(p: Period, tz: string, lang: 'fr' | 'en'): string {
  return lang === 'fr' ? frenchPeriod(p, tz) : englishPeriod(p, tz);
}
