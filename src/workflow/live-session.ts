// Live-tweeting that forgives (SPEC §17): a refused line comes back pre-filled for editing (the
// prompt is src/cli/lines.ts), a sandbox rehearsal runs on the event's clock whatever the day, and
// a summary ends every session.
import type { Charter } from '../charter/types.js';
import type { Lang } from '../i18n/index.js';
import type { PostData } from '../post/types.js';
import { currentTime } from '../util/clock.js';
import { formatDateTime, parseDateTime } from '../util/time.js';

/** The line to offer again at the next prompt (a refused one), or '' for an empty prompt. */
export interface Retry {
  text: string;
}

/**
 * The clock of a sandbox rehearsal: the real one during the event's window, else the event's
 * start, running from there — so `live --sandbox` rehearses on any day.
 */
export function rehearsalClock(data: PostData, charter: Charter, now: Date): { clock: () => Date; shifted?: Date } {
  const starts = data.event?.starts ? parseDateTime(data.event.starts, charter.timezone) : undefined;
  if (!starts) return { clock: () => new Date(now.getTime()) };
  const from = starts.getTime() - 3_600_000;
  const ends = data.event?.ends ? parseDateTime(data.event.ends, charter.timezone) : undefined;
  const until = (ends ?? starts).getTime() + 12 * 3_600_000;
  if (now.getTime() >= from && now.getTime() <= until) return { clock: () => new Date(now.getTime()) };
  const t0 = Date.now();
  return { clock: () => new Date(starts.getTime() + (Date.now() - t0)), shifted: starts };
}

export function rehearsalLine(at: Date, charter: Charter, lang: Lang): string {
  const when = formatDateTime(at, charter.timezone, lang);
  return lang === 'fr' ? `Répétition (bac à sable) : l’horloge est celle de l’événement, ${when}.\n` : `Rehearsal (sandbox): the clock is the event's, ${when}.\n`;
}

export interface LiveTally {
  /** Items published, per network label. */
  sent: Map<string, number>;
  refused: number;
  lastUrl?: string;
}

export function newTally(): LiveTally {
  return { sent: new Map(), refused: 0 };
}

/** The words that end every session, whatever ended it. */
export function summaryLine(tally: LiveTally, lang: Lang, dryRun: boolean): string {
  const fr = lang === 'fr';
  const parts = [...tally.sent].map(([n, k]) => `${n} ${k}`);
  const sent = parts.length ? (fr ? `élément(s) publié(s) : ${parts.join(', ')}` : `item(s) published: ${parts.join(', ')}`) : fr ? 'aucun élément publié' : 'no item published';
  const refused = tally.refused ? (fr ? ` ; ${tally.refused} ligne(s) refusée(s)` : `; ${tally.refused} line(s) refused`) : '';
  const last = tally.lastUrl ? (fr ? ` ; dernier : ${tally.lastUrl}` : `; last: ${tally.lastUrl}`) : '';
  return (fr ? `Fin du direct${dryRun ? ' (simulation)' : ''} — ` : `Live session over${dryRun ? ' (dry run)' : ''} — `) + sent + refused + last + '.\n';
}

/** A refused line: counted, and offered again, pre-filled, at the next prompt. */
export function noteRefused(tally: LiveTally, retry: Retry, line: string): void {
  tally.refused++;
  retry.text = line;
}

/** One item published: counted per network, its address kept for the summary. */
export function noteSent(tally: LiveTally, network: string, url: string): void {
  tally.sent.set(network, (tally.sent.get(network) ?? 0) + 1);
  tally.lastUrl = url;
}

/** The session's clock: a sandbox rehearsal's (said once) or the real one. */
export function sessionClock(sandbox: boolean, data: PostData, charter: Charter, lang: Lang, say: (s: string) => void): () => Date {
  if (!sandbox) return () => currentTime();
  const r = rehearsalClock(data, charter, currentTime());
  if (r.shifted) say(rehearsalLine(r.shifted, charter, lang));
  return r.clock;
}
