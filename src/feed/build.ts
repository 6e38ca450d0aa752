// The website's feeds (SPEC §14): feed.xml (Atom) and feed.json (JSON Feed) of the published
// and upcoming offers and events, agenda.ics of the events. Ids come from post ids only, so
// they are the same on every run; dates come from the posts, so an unchanged queue gives
// unchanged files.
import path from 'node:path';
import type { Charter, FeedConfig } from '../charter/types.js';
import { ExitCode, LmPostError } from '../errors.js';
import type { Lang } from '../i18n/index.js';
import { lintPost } from '../lint/engine.js';
import { letterText } from '../letter/render-text.js';
import { textToHtml } from '../letter/render.js';
import { isValidPost, listQueue, readPost, type ValidPost } from '../post/read.js';
import { archivedFiles } from '../workflow/archive.js';
import { approvalVerdict } from '../rules/approval.js';
import { everApproved } from '../rules/receipts.js';
import { parseDateTime } from '../util/time.js';

export interface FeedEntry {
  postId: string;
  /** Stable: `tag:<site host>,2021:<post id>` (2021: the year of the charter; a tag URI never changes). */
  id: string;
  title: string;
  link: string;
  text: string;
  html: string;
  date: Date;
  status: 'published' | 'upcoming';
  event?: { name: string; starts: Date; ends?: Date; place?: string };
}

export interface FeedModel {
  title: string;
  site: string;
  id: string;
  language: string;
  updated: Date;
  entries: FeedEntry[];
  skipped: { postId: string; file: string; errors: number }[];
}

export function feedConfig(charter: Charter): FeedConfig {
  if (!charter.feed) {
    throw new LmPostError(
      'no-feed',
      {
        fr: 'La charte {{file}} n’a pas de section feed: ; ajoutez-la avec au moins l’adresse du site (feed: {{example}}).',
        en: 'The charter {{file}} has no feed: section; add one with at least the website address (feed: {{example}}).',
      },
      { file: charter.file, example: '{ site: "https://exemple.org" }' },
      ExitCode.usage,
    );
  }
  return charter.feed;
}

/** Text as HTML text (escaped), without the characters XML 1.0 forbids. */
function htmlText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function firstLine(s: string): string {
  const line = s.split('\n').find((l) => l.trim()) ?? '';
  return line.length > 120 ? line.slice(0, 119).trimEnd() + '…' : line.trim();
}

export async function buildFeed(o: { charter: Charter; queueDir: string; cwd: string; lang: Lang; now: Date }): Promise<FeedModel> {
  const cfg = feedConfig(o.charter);
  const tz = o.charter.timezone;
  const host = new URL(cfg.site).host;
  const types = cfg.types ?? ['offre', 'evenement'];
  // The archive's published posts stay on the website (SPEC §17).
  const archived = new Set(archivedFiles(o.queueDir));
  const all = [...listQueue(o.queueDir), ...archived].map((f) => readPost(f, o.cwd));
  const valid = all.filter(isValidPost);
  const entries: FeedEntry[] = [];
  const skipped: FeedModel['skipped'] = [];
  for (const p of valid) {
    if (!types.includes(p.data.type)) continue;
    const receipts = Object.values(p.data.published ?? {}).filter((r) => r?.at);
    const published = receipts.length > 0;
    // Not yet published: on the website only once approved (never a draft, never a refusal). The
    // approval is judged as at its publication time: "stale" gates publishing, not the website.
    const judgedAt = p.data.publish_at ? (parseDateTime(p.data.publish_at, tz) ?? o.now) : o.now;
    // Published or not, never a post that was not approved (a receipt can be written by hand).
    if (published ? !everApproved(p.data, o.charter, path.dirname(p.path), p.id) : !approvalVerdict(p.data, o.charter, path.dirname(p.path), judgedAt, p.id).ok) continue;
    // An archived post went out long ago: it is history, not checked again (its media stay in queue/media/).
    if (archived.has(p.path)) {
      if (published) entries.push(entryOf(p, o.charter, host, cfg.site, published, tz));
      continue;
    }
    const lint = await lintPost(p, { charter: o.charter, queueDir: o.queueDir, cwd: o.cwd, lang: o.lang, now: o.now }, valid.filter((v) => v.path !== p.path));
    const errors = lint.messages.filter((m) => m.severity === 2 && m.ruleId !== 'schedule-past').length;
    if (errors) {
      skipped.push({ postId: p.id, file: p.file, errors });
      continue;
    }
    entries.push(entryOf(p, o.charter, host, cfg.site, published, tz));
  }
  entries.sort((a, b) => b.date.getTime() - a.date.getTime() || a.postId.localeCompare(b.postId));
  const updated = entries.length ? new Date(Math.max(...entries.map((e) => e.date.getTime()))) : new Date(0);
  return { title: cfg.title ?? o.charter.organisation, site: cfg.site, id: `tag:${host},2021:feed`, language: cfg.language ?? o.charter.language ?? 'fr', updated, entries, skipped };
}

function entryOf(p: ValidPost, charter: Charter, host: string, site: string, published: boolean, tz: string): FeedEntry {
  const d = p.data;
  const text = letterText(d, charter);
  const receiptDates = Object.values(d.published ?? {}).map((r) => parseDateTime(r!.at, tz)).filter((x): x is Date => !!x);
  const date =
    (receiptDates.length ? new Date(Math.min(...receiptDates.map((x) => x.getTime()))) : undefined) ??
    (d.publish_at ? parseDateTime(d.publish_at, tz) : undefined) ??
    (d.event?.starts ? parseDateTime(d.event.starts, tz) : undefined) ??
    (d.review?.at ? parseDateTime(d.review.at, tz) : undefined) ??
    new Date(0);
  const link = d.link ?? d.event?.url ?? Object.values(d.published ?? {}).find((r) => r?.url)?.url ?? site;
  const e: FeedEntry = { postId: p.id, id: `tag:${host},2021:${p.id}`, title: d.event?.name ?? firstLine(text), link, text, html: textToHtml(text), date, status: published ? 'published' : 'upcoming' };
  const starts = d.event?.starts ? parseDateTime(d.event.starts, tz) : undefined;
  if (starts) {
    const ends = d.event?.ends ? parseDateTime(d.event.ends, tz) : undefined;
    e.event = { name: d.event?.name ?? e.title, starts, ...(ends ? { ends } : {}), ...(d.event?.place ? { place: d.event.place } : {}) };
  }
  return e;
}

/** The three files' contents. `feed` and `ical-generator` are loaded only here. */
export async function renderFeeds(model: FeedModel): Promise<{ 'feed.xml': string; 'feed.json': string; 'agenda.ics': string }> {
  const { Feed } = await import('feed');
  const site = model.site.replace(/\/+$/, '');
  // Atom declares an entry's title and summary type="html": they are filled with the text escaped
  // for HTML, so that a name like <img onerror=…> stays text in every reader. JSON Feed's title and
  // summary are plain text: they keep the text as written.
  const make = (asHtml: boolean) => {
    const f = newFeed();
    for (const e of model.entries) {
      const title = asHtml ? htmlText(e.title) : e.title;
      const description = asHtml ? htmlText(firstLine(e.text)) : firstLine(e.text);
      f.addItem({ title, id: e.id, link: e.link, date: e.date, published: e.date, description, content: e.html, category: [{ name: e.status === 'published' ? 'publié' : 'à venir', term: e.status }] });
    }
    return f;
  };
  const newFeed = () => new Feed({
    title: model.title,
    id: model.id,
    link: site + '/',
    language: model.language,
    updated: model.updated,
    copyright: model.title,
    generator: 'lm-post',
    feedLinks: { atom: `${site}/feed.xml`, json: `${site}/feed.json` },
  });
  const { default: ical } = await import('ical-generator');
  const cal = ical({ name: model.title, prodId: { company: 'lm-post', product: 'lm-post', language: 'FR' } });
  for (const e of model.entries) {
    if (!e.event) continue;
    cal.createEvent({
      id: `${e.postId}@${new URL(site).host}`,
      start: e.event.starts,
      end: e.event.ends ?? new Date(e.event.starts.getTime() + 3_600_000),
      // DTSTAMP from the post, not the clock: an unchanged queue gives an unchanged file.
      stamp: e.date,
      summary: e.event.name,
      description: e.text,
      ...(e.event.place ? { location: e.event.place } : {}),
      url: e.link,
    });
  }
  return { 'feed.xml': make(true).atom1(), 'feed.json': make(false).json1(), 'agenda.ics': cal.toString() };
}
