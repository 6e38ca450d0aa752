// Publication times as people say them: « demain 10h », « jeudi 19h », « 10/12 à 19h », or ISO.
// chrono-node's French parser reads the words; the wall-clock result is then placed in the
// charter's timezone (with its summer/winter offset), never in the machine's.
import type { Charter, NetworkId } from '../charter/types.js';
import { parseDateTime, wallClock, zoneOffsetMinutes } from '../util/time.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** ISO 8601 in the zone with its offset, e.g. 2026-12-02T10:00:00+01:00 (SPEC §11). */
export function isoInZone(date: Date, timeZone: string): string {
  const off = zoneOffsetMinutes(timeZone, date.getTime());
  const local = new Date(Math.floor(date.getTime() / 1000) * 1000 + off * 60000);
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${local.toISOString().slice(0, 19)}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/**
 * A date-time typed by a person, or undefined when it cannot be understood. ISO 8601 is read
 * as the post format reads it; anything else goes through chrono-node's French parser
 * (English as a fallback), relative to `now` in the charter's zone, dates taken forward.
 */
export async function parseWhen(text: string, timeZone: string, now: Date): Promise<Date | undefined> {
  const t = text.trim();
  if (!t) return undefined;
  const iso = parseDateTime(t, timeZone);
  if (iso) return iso;
  // Loaded only by the commands that read dates typed by people.
  const chrono = await import('chrono-node');
  const ref = { instant: now, timezone: zoneOffsetMinutes(timeZone, now.getTime()) };
  // Words chrono's French parser does not know as hours.
  const said = nextWeekday(t, timeZone, now).replace(/\bmidi\b/gi, '12h').replace(/\bminuit\b/gi, '0h');
  const found = chrono.fr.parse(said, ref, { forwardDate: true })[0] ?? chrono.en.parse(said, ref, { forwardDate: true })[0];
  if (!found) return undefined;
  // Every part of the input must have been understood: « 32/12 à 19h » (read as « 12 à 19h ») or
  // « demain 25h » (read as « demain ») would otherwise give a date nobody meant.
  const rest = (said.slice(0, found.index) + ' ' + said.slice(found.index + found.text.length)).toLowerCase();
  if (/\d/.test(rest)) return undefined;
  const FILLERS = new Set(['le', 'la', 'à', 'a', 'au', 'vers', 'de', 'du', 'at', 'on', 'the']);
  if (rest.split(/[\s,.]+/).some((w) => w && !FILLERS.has(w))) return undefined;
  const s = found.start;
  // A publication or event time needs its hour: « demain » alone would silently be now's hour.
  if (!s.isCertain('hour')) return undefined;
  const wall = `${s.get('year')}-${pad(s.get('month')!)}-${pad(s.get('day')!)}T${pad(s.get('hour') ?? 0)}:${pad(s.get('minute') ?? 0)}:00`;
  return parseDateTime(wall, timeZone);
}

const WEEKDAYS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];

/**
 * « jeudi prochain » (or « prochain jeudi ») as people mean it (SPEC §17): the first Thursday after
 * today — said on a Monday, the Thursday of the same week. chrono-node reads it as the Thursday of
 * the next week, so the words are replaced by the date before it parses.
 */
function nextWeekday(text: string, timeZone: string, now: Date): string {
  const re = new RegExp(`\\b(?:(${WEEKDAYS.join('|')})\\s+prochain|prochain\\s+(${WEEKDAYS.join('|')}))\\b`, 'i');
  const m = re.exec(text);
  if (!m) return text;
  const target = WEEKDAYS.indexOf((m[1] ?? m[2])!.toLowerCase());
  const today = wallClock(now, timeZone).date;
  const base = Date.parse(`${today}T12:00:00Z`);
  const dow = new Date(base).getUTCDay();
  const ahead = ((target - dow + 7) % 7) || 7;
  const d = new Date(base + ahead * 86_400_000);
  const date = `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
  return text.slice(0, m.index) + date + text.slice(m.index + m[0].length);
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

export interface SlotSuggestion {
  at: Date;
  /** Days since the last post on these networks before `at` (undefined: none). */
  gapDays?: number;
  /** The charter's cadence for these networks (smallest), when there is one. */
  cadenceDays?: number;
}

/**
 * The next free slot for a post on `networks`: the first day from now with no other post on
 * those networks, at 10:00 (or the window's opening if later, or the next round hour today),
 * inside the charter's publication window — so the queue keeps its cadence rather than piling
 * two posts on one day while another goes empty.
 */
export function suggestSlot(charter: Charter, networks: readonly NetworkId[], taken: readonly { at: Date; networks: readonly NetworkId[] }[], now: Date): SlotSuggestion {
  const tz = charter.timezone;
  const from = minutesOf(charter.schedule?.window?.from ?? '08:00');
  const to = minutesOf(charter.schedule?.window?.to ?? '21:00');
  const preferred = Math.min(Math.max(from, 10 * 60), Math.max(from, to - 60));
  const busy = new Set(taken.filter((p) => p.networks.some((n) => networks.includes(n))).map((p) => wallClock(p.at, tz).date));
  const today = wallClock(now, tz);
  const cadences = networks.map((n) => charter.schedule?.cadence?.[n]).filter((c): c is number => typeof c === 'number');
  for (let d = 0; d < 366; d++) {
    const day = wallClock(new Date(now.getTime() + d * 86_400_000), tz).date;
    if (busy.has(day)) continue;
    let minutes = preferred;
    if (day === today.date) {
      const next = Math.ceil((today.minutes + 30) / 60) * 60;
      minutes = Math.max(preferred, next);
      if (minutes > to - 30) continue;
    }
    const at = parseDateTime(`${day}T${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}:00`, tz)!;
    const before = taken.filter((p) => p.at < at && p.networks.some((n) => networks.includes(n))).map((p) => p.at.getTime());
    const last = before.length ? Math.max(...before) : undefined;
    return {
      at,
      ...(last !== undefined ? { gapDays: Math.round((at.getTime() - last) / 86_400_000) } : {}),
      ...(cadences.length ? { cadenceDays: Math.min(...cadences) } : {}),
    };
  }
  return { at: new Date(now.getTime() + 86_400_000) };
}
