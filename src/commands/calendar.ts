// lm-post calendar: the month at a glance for the validators, as text, HTML, JSON or an ICS feed.
import { loadContext } from '../cli/context.js';
import type { GlobalOptions, Io } from '../cli/io.js';
import { ExitCode, LmPostError } from '../errors.js';
import { blocksToHtml, htmlPage, toMarkdown } from '../doc/blocks.js';
import { buildCalendar, calendarBlocks, type Calendar, currentMonth, entryMark, monthName } from '../doc/calendar.js';
import { writeOutput } from '../doc/output.js';
import { listQueue, readValidPosts } from '../post/read.js';
import { archivedFiles } from '../workflow/archive.js';
import type { Charter } from '../charter/types.js';
import type { Lang } from '../i18n/index.js';
import { currentTime } from '../util/clock.js';

export interface CalendarOptions extends GlobalOptions {
  month?: string;
  format?: 'text' | 'html' | 'ics' | 'json';
  json?: boolean;
  out?: string;
}

export async function calendar(io: Io, opts: CalendarOptions): Promise<number> {
  const ctx = loadContext(io, opts);
  const { charter, lang } = ctx;
  const month = opts.month ?? currentMonth(charter);
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) {
    throw new LmPostError('bad-month', { fr: '« {{v}} » : un mois AAAA-MM est attendu, par exemple 2026-12.', en: '"{{v}}": a month YYYY-MM is expected, e.g. 2026-12.' }, { v: month }, ExitCode.usage);
  }
  const cal = buildCalendar(charter, readValidPosts([...listQueue(ctx.queueDir), ...archivedFiles(ctx.queueDir)], io.cwd), month, io.cwd, currentTime());
  const format = opts.json ? 'json' : (opts.format ?? 'text');
  let text: string;
  if (format === 'json') text = JSON.stringify(cal) + '\n';
  else if (format === 'ics') text = await ics(cal, charter, lang);
  else if (format === 'html') text = htmlPage(`${lang === 'fr' ? 'Calendrier' : 'Calendar'} — ${monthName(month, lang)}`, blocksToHtml(calendarBlocks(cal, charter, lang)), lang);
  else text = toMarkdown(calendarBlocks(cal, charter, lang));
  writeOutput(io, text, opts.out, lang);
  return ExitCode.ok;
}

/**
 * An ICS feed the validators can subscribe to: one event per post × network, UIDs stable across runs.
 * STATUS (RFC 5545 §3.8.1.11) says the review: CONFIRMED once published or approved, TENTATIVE
 * while it waits for approval, CANCELLED when rejected (a subscribed calendar shows it struck out).
 */
async function ics(cal: Calendar, charter: Charter, lang: Lang): Promise<string> {
  const { default: ical, ICalEventStatus } = await import('ical-generator');
  const fr = lang === 'fr';
  const feed = ical({ name: `${charter.organisation} — publications`, prodId: { company: 'lm-post', product: 'calendar', language: 'FR' } });
  for (const d of cal.days) {
    for (const e of d.entries) {
      const start = new Date(e.at);
      const mark = entryMark(e);
      const review = mark === '◌' ? (fr ? ' — à approuver' : ' — to approve') : mark === '✗' ? (fr ? ' — refusé' : ' — rejected') : '';
      feed.createEvent({
        id: `${e.post}.${e.network}@lm-post`,
        start,
        end: new Date(start.getTime() + 15 * 60_000),
        stamp: start,
        summary: `${mark} ${charter.networks[e.network]?.label ?? e.network} — ${e.title}${review}`,
        status: mark === '◌' ? ICalEventStatus.TENTATIVE : mark === '✗' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
        description: `${charter.types[e.type]?.label ?? e.type} — ${e.file}${e.xCost !== undefined ? ` — X ${e.xCost} ${cal.xCost?.currency ?? ''}` : ''}${review}`,
        ...(e.url ? { url: e.url } : {}),
      });
    }
  }
  return feed.toString();
}
