// The mockups of one post, as data: per target network the account, the rendered items (the
// same renderPost as check and publish), their counts, images, link card, relayed post, X cost
// and the check problems that concern it; plus the letter's item for letter posts. html.ts draws
// them; the sandbox page builds the same shape from what each emulator received.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Charter } from '../charter/types.js';
import type { Lang } from '../i18n/index.js';
import { candidateSections, inLetter } from '../letter/membership.js';
import { letterText } from '../letter/render-text.js';
import { frenchEventDate } from '../letter/dates.js';
import type { LintMessage } from '../lint/engine.js';
import { inspectMedia } from '../media/inspect.js';
import type { PostData } from '../post/types.js';
import { postTargets, renderPost } from '../render/index.js';
import { networkLength } from '../render/length.js';
import { xItemCost, xPlan, xPrices } from '../render/x-cost.js';
import { formatDateTime, parseDateTime } from '../util/time.js';
import { type ParsedYaml, spanOf } from '../util/yaml.js';
import { accountOf, type LookId, LOOKS, lookOf } from './looks.js';
import { type Segment, segments, safeHref } from './text.js';

export interface MockMedia {
  /** As written in the post, or what the network received. */
  label: string;
  alt: string;
  /** A data: URI, when the image could be read. */
  src?: string;
  /** Why there is no image to show (missing, not an image…). */
  problem?: string;
}

export interface MockItem {
  text: string;
  segments: Segment[];
  length?: number;
  max?: number;
  media: MockMedia[];
  /** X on pay-per-use: what creating this post costs. */
  cost?: number;
  /** Check problems about this post of a thread (the mockup's own list keeps the others). */
  problems?: MockProblem[];
  /** Where the item can be seen (sandbox). */
  url?: string;
  at?: string;
}

export interface MockProblem {
  severity: 1 | 2;
  message: string;
  where?: string;
  ruleId?: string;
}

export interface Mockup {
  look: LookId;
  label: string;
  mirrorOf?: string;
  account: { name: string; handle: string };
  items: MockItem[];
  card?: { url: string; host: string; href?: string };
  quote?: { url?: string; id?: string; author?: string };
  spoiler?: string;
  visibility?: string;
  threadVisibility?: string;
  /** X: the whole post's cost, in `currency`. */
  cost?: number;
  currency?: string;
  problems: MockProblem[];
  receipt?: { id: string; url?: string };
  /** When it goes (or went) out, as people read it. */
  when?: string;
  /** The letter's item: its section and event lines. */
  letter?: { title: string; section?: string; heading?: string; eventWhen?: string; place?: string };
}

const MAX_EMBED = 16 * 1024 * 1024;

const MEDIA_PROBLEMS: Record<string, Record<Lang, string>> = {
  missing: { fr: 'image introuvable', en: 'image not found' },
  'not-image': { fr: 'ce fichier n’est pas une image', en: 'this file is not an image' },
  heic: { fr: 'photo HEIC : à convertir en JPEG', en: 'HEIC photo: convert it to JPEG' },
  absolute: { fr: 'chemin absolu refusé', en: 'absolute path refused' },
  outside: { fr: 'hors du dossier de la file', en: 'outside the queue folder' },
  'symlink-outside': { fr: 'lien vers l’extérieur de la file', en: 'link out of the queue folder' },
  'not-file': { fr: 'pas un fichier', en: 'not a file' },
  big: { fr: 'image trop lourde pour l’aperçu', en: 'image too large for the preview' },
};

/** An image of the post as a data: URI, or why it cannot be shown. Only files inside the queue are read. */
export function mediaOf(file: string, alt: string, postDir: string, queueDir: string, lang: Lang): MockMedia {
  const info = inspectMedia(file, postDir, queueDir);
  if ('kind' in info) return { label: file, alt, problem: MEDIA_PROBLEMS[info.kind]![lang] };
  if (info.size > MAX_EMBED) return { label: file, alt, problem: MEDIA_PROBLEMS.big![lang] };
  try {
    return { label: file, alt, src: `data:${info.type};base64,${readFileSync(info.absPath).toString('base64')}` };
  } catch {
    return { label: file, alt, problem: MEDIA_PROBLEMS.missing![lang] };
  }
}

/** « 11 déc. 09:45 »: the date as a network's timeline shows it. */
export function shortDate(at: Date, timeZone: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { timeZone, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(at);
}

/** The full date, « vendredi 11 décembre 2026 à 09:45 (Europe/Paris) ». */
export function fullDate(raw: string | undefined, timeZone: string, lang: Lang): string | undefined {
  const at = raw ? parseDateTime(raw, timeZone) : undefined;
  return at ? formatDateTime(at, timeZone, lang) : undefined;
}

function hostOf(url: string): string {
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:/i.test(url) ? url : `https://${url}`).host.replace(/^www\./, '');
  } catch {
    return url;
  }
}

export function cardOf(url: string): NonNullable<Mockup['card']> {
  const href = safeHref(url);
  return { url, host: hostOf(url), ...(href ? { href } : {}) };
}

/** The author of a relayed post, from its address (`x.com/NAME/status/…`, `instance/@name/…`). */
export function quoteOf(url: string | undefined, id?: string): NonNullable<Mockup['quote']> {
  const author = url ? /^https?:\/\/[^/]+\/@?([^/?#]+)\/(?:status|statuses|post|posts)?/i.exec(url)?.[1] : undefined;
  return { ...(url ? { url } : {}), ...(id ? { id } : {}), ...(author ? { author: `@${author.replace(/^@/, '')}` } : {}) };
}

/** The first link of a text (the one the networks turn into a card). */
function firstLink(segs: Segment[]): string | undefined {
  for (const s of segs) if (s.kind === 'link') return s.text;
  return undefined;
}

export interface PostMockups {
  mockups: Mockup[];
  /** Problems that concern no network in particular. */
  general: MockProblem[];
}

export function postMockups(
  data: PostData,
  charter: Charter,
  postFile: string,
  queueDir: string,
  messages: readonly LintMessage[],
  lang: Lang,
  /** The post file as parsed: problems about a thread's post are pinned to that post. */
  parsed?: Pick<ParsedYaml, 'doc' | 'lineCounter'>,
): PostMockups {
  const postDir = path.dirname(postFile);
  // First line of each thread item in the file (thread[i] is the post i + 1 of a chain): a
  // problem from that line up to the next item's (or the thread's end) is about that post.
  const starts = parsed ? (data.thread ?? []).map((_, i) => spanOf(parsed, ['thread', i]).line) : [];
  const threadEnd = parsed && starts.length ? (spanOf(parsed, ['thread']).endLine ?? Infinity) : 0;
  const itemOf = (m: LintMessage): number | undefined => {
    if (!starts.length || m.line < starts[0]! || m.line > threadEnd) return undefined;
    let i = 0;
    while (i + 1 < starts.length && starts[i + 1]! <= m.line) i++;
    return i + 1;
  };
  const prices = xPrices(charter);
  const payPerUse = xPlan(charter) === 'pay-per-use';
  const where = (m: LintMessage) => `${lang === 'fr' ? 'ligne' : 'line'} ${m.line}:${m.column}`;
  const problem = (m: LintMessage): MockProblem => ({ severity: m.severity, message: m.message, where: where(m), ruleId: m.ruleId });
  const at = data.publish_at ? parseDateTime(data.publish_at, charter.timezone) : undefined;
  const when = at ? shortDate(at, charter.timezone, lang) : undefined;
  const mockups: Mockup[] = [];
  for (const network of postTargets(data, charter)) {
    const look = lookOf(network);
    if (!look) continue;
    const net = charter.networks[network]!;
    const r = renderPost(data, charter, network, postDir);
    const rules = look.text(charter);
    const items: MockItem[] = r.items.map((it, i) => {
      const item: MockItem = {
        text: it.text,
        segments: segments(it.text, rules),
        length: networkLength(network, it.text, i === 0 ? r.spoiler : undefined),
        max: net.max_length,
        media: it.media.map((m) => mediaOf(m.file, m.alt, postDir, queueDir, lang)),
      };
      if (network === 'twitter' && payPerUse) item.cost = xItemCost(it.text, prices);
      return item;
    });
    const own = messages.filter((x) => x.network === network);
    const pinned = (x: LintMessage) => (look.chain && items.length > 1 ? itemOf(x) : undefined);
    for (const x of own) {
      const k = pinned(x);
      if (k !== undefined && items[k]) (items[k].problems ??= []).push(problem(x));
    }
    const m: Mockup = { look: look.id, label: net.label, account: accountOf(charter, look.id), items, problems: own.filter((x) => pinned(x) === undefined || !items[pinned(x)!]).map(problem) };
    if (net.mirror_of) m.mirrorOf = charter.networks[net.mirror_of]?.label ?? net.mirror_of;
    if (when) m.when = when;
    // The relayed post: quoted by id (X Enterprise), or its address in the text, shown embedded.
    if (data.share && network !== 'facebook') m.quote = quoteOf(data.share, r.quoteId);
    const first = items[0];
    const cardUrl = r.link ?? (look.cardWithoutMediaOnly && first && !first.media.length && !m.quote ? firstLink(first.segments) : undefined);
    if (cardUrl) m.card = cardOf(cardUrl);
    if (r.spoiler) m.spoiler = r.spoiler;
    if (r.visibility) m.visibility = r.visibility;
    if (r.threadVisibility && items.length > 1) m.threadVisibility = r.threadVisibility;
    if (network === 'twitter' && payPerUse) {
      m.cost = Math.round(items.reduce((s, i) => s + (i.cost ?? 0), 0) * 1e6) / 1e6;
      m.currency = prices.currency;
    }
    const receipt = data.published?.[network];
    if (receipt) m.receipt = { id: receipt.id, ...(receipt.url ? { url: receipt.url } : {}) };
    mockups.push(m);
  }
  if (charter.letter && inLetter(data, charter)) mockups.push(letterMockup(data, charter, postDir, queueDir, lang));
  const general = messages.filter((x) => !x.network || !mockups.some((m) => m.look === x.network)).map(problem);
  return { mockups, general };
}

function letterMockup(data: PostData, charter: Charter, postDir: string, queueDir: string, lang: Lang): Mockup {
  const cfg = charter.letter!;
  const text = letterText(data, charter);
  const rules = LOOKS.letter.text(charter);
  const starts = data.event?.starts ? parseDateTime(data.event.starts, charter.timezone) : undefined;
  const ends = data.event?.ends ? parseDateTime(data.event.ends, charter.timezone) : undefined;
  const section = candidateSections(data, charter)[0]?.title;
  const letter: NonNullable<Mockup['letter']> = { title: cfg.title };
  if (section) letter.section = section;
  if (data.event?.name) letter.heading = data.event.name;
  if (starts) letter.eventWhen = frenchEventDate(starts, ends, charter.timezone);
  if (data.event?.place) letter.place = data.event.place;
  const media = (data.media ?? []).slice(0, cfg.max_media ?? 2).map((m) => mediaOf(m.file, m.alt ?? '', postDir, queueDir, lang));
  let length = 0;
  for (const _ of text) length++;
  const m: Mockup = {
    look: 'letter',
    label: lang === 'fr' ? 'Lettre de la quinzaine' : 'Fortnightly letter',
    account: accountOf(charter, 'letter'),
    items: [{ text, segments: segments(text, rules), length, ...(cfg.max_length ? { max: cfg.max_length } : {}), media }],
    problems: [],
    letter,
  };
  const link = data.link ?? data.event?.url;
  if (link) m.card = cardOf(link);
  return m;
}
