// When an event is over (SPEC §17): its `ends`, else the end of its start day in the charter's zone.
import { parseDateTime, wallClock } from '../util/time.js';

export function eventEnd(starts: Date, ends: Date | undefined, timeZone: string): Date {
  if (ends && ends > starts) return ends;
  const day = wallClock(starts, timeZone).date;
  // The next day's midnight in the zone (DST-safe: parsed as a wall-clock time).
  const next = new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return parseDateTime(`${next}T00:00:00`, timeZone)!;
}

/** The event of a post is over at `now` (false when it has no readable start). */
export function eventIsOver(event: { starts?: string; ends?: string } | undefined, timeZone: string, now: Date): boolean {
  const starts = event?.starts ? parseDateTime(event.starts, timeZone) : undefined;
  if (!starts) return false;
  const ends = event?.ends ? parseDateTime(event.ends, timeZone) : undefined;
  return now >= eventEnd(starts, ends, timeZone);
}
