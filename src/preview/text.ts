// A rendered text cut into the pieces a network styles: plain text, mentions, hashtags and links
// (with the part of each link the network shows). Pure: the mockups (preview --format html, the
// sandbox page) turn these into escaped HTML.
import { extractHashtags } from '../render/length.js';
import { schemeUrlsWithIndices, urlsWithIndices } from '../render/twitter-text.js';

export type Segment =
  | { kind: 'text'; text: string }
  /** `hidden`: the part of the mention the network does not show (Mastodon hides a remote account's domain). */
  | { kind: 'mention'; text: string; hidden?: string }
  | { kind: 'hashtag'; text: string }
  /** `text` is the whole URL as sent; `shown` the part the network displays (ellipsis after when `cut`). */
  | { kind: 'link'; text: string; before: string; shown: string; after: string; href?: string };

/** How a network finds and shows links and mentions. */
export interface TextRules {
  /** Bare domains (`example.org/x`) become links too (X, Bluesky, Facebook), or only URLs with a scheme (Mastodon). */
  bareDomains: boolean;
  /** The visible part of a link: `[hidden prefix, shown, hidden rest]`. */
  shorten(url: string): [string, string, string];
  /** Mentions as the network recognises them in the text. */
  mention?: RegExp;
  /** Mastodon shows `@user` for `@user@domain`. */
  shortMentions?: boolean;
  /** Plain names that the network shows as mentions (Facebook tags Pages by name). */
  names?: readonly string[];
}

/** The scheme and a leading `www.`, hidden by X, Mastodon and Bluesky. */
function splitPrefix(url: string): [string, string] {
  const m = /^(?:https?:\/\/)?(?:www\.)?/i.exec(url)!;
  return [m[0], url.slice(m[0].length)];
}

/** Shown up to `max` characters, the rest hidden (and an ellipsis drawn by the page). */
export function cutAfter(max: number): (url: string) => [string, string, string] {
  return (url) => {
    const [prefix, rest] = splitPrefix(url);
    return rest.length > max ? [prefix, rest.slice(0, max), rest.slice(max)] : [prefix, rest, ''];
  };
}

/** Shown whole (Facebook, the letter). */
export function whole(url: string): [string, string, string] {
  return ['', url, ''];
}

/** Only https addresses become live links in a preview; anything else stays text. */
export function safeHref(url: string): string | undefined {
  return /^https:\/\/[^\s"'<>`\\]+$/i.test(url) ? url : undefined;
}

interface Span {
  start: number;
  end: number;
  seg: Segment;
}

export function segments(text: string, rules: TextRules): Segment[] {
  const spans: Span[] = [];
  const urls = rules.bareDomains ? urlsWithIndices(text) : schemeUrlsWithIndices(text);
  for (const u of urls) {
    const url = text.slice(u.indices[0], u.indices[1]);
    const [before, shown, after] = rules.shorten(url);
    const href = safeHref(url);
    spans.push({ start: u.indices[0], end: u.indices[1], seg: { kind: 'link', text: url, before, shown, after, ...(href ? { href } : {}) } });
  }
  const free = (s: number, e: number) => spans.every((x) => e <= x.start || s >= x.end);
  for (const h of extractHashtags(text)) {
    if (free(h.start, h.end)) spans.push({ start: h.start, end: h.end, seg: { kind: 'hashtag', text: text.slice(h.start, h.end) } });
  }
  if (rules.mention) {
    const re = new RegExp(rules.mention.source, `${rules.mention.flags.replace('g', '')}g`);
    for (const m of text.matchAll(re)) {
      const lead = m[1] ?? '';
      const s = m.index + lead.length;
      const e = m.index + m[0].length;
      if (!free(s, e)) continue;
      const mention = text.slice(s, e);
      const at = rules.shortMentions ? mention.indexOf('@', 1) : -1;
      spans.push({ start: s, end: e, seg: at > 0 ? { kind: 'mention', text: mention.slice(0, at), hidden: mention.slice(at) } : { kind: 'mention', text: mention } });
    }
  }
  for (const name of rules.names ?? []) {
    if (!name) continue;
    for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + name.length)) {
      if (free(i, i + name.length)) spans.push({ start: i, end: i + name.length, seg: { kind: 'mention', text: name } });
    }
  }
  spans.sort((a, b) => a.start - b.start);
  const out: Segment[] = [];
  let last = 0;
  for (const s of spans) {
    if (s.start > last) out.push({ kind: 'text', text: text.slice(last, s.start) });
    out.push(s.seg);
    last = s.end;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}

// Mentions: X `@name` (15 word characters), Mastodon `@user` or `@user@domain`, Bluesky `@handle.domain`.
export const X_MENTION = /(^|[^\p{L}\p{N}_@])@[A-Za-z0-9_]{1,15}(?![A-Za-z0-9_@])/u;
export const MASTODON_MENTION = /(^|[^\p{L}\p{N}_@/])@[a-z0-9_]+(?:[a-z0-9_.-]+[a-z0-9_]+)?(?:@[a-z0-9.-]+\.[a-z0-9-]+)?/iu;
export const BLUESKY_MENTION = /(^|[^\p{L}\p{N}_@])@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]/iu;
