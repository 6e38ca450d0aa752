// Bluesky's rich text, as its apps build it (SPEC §15). A post's text is plain; links, mentions and
// hashtags are "facets" over UTF-8 BYTE ranges of that text (lexicon app.bsky.richtext.facet:
// `index: { byteStart, byteEnd }`, "zero-indexed, counting bytes of the UTF-8 encoded text").
// check, preview and publish all take the text and facets from here, so they never disagree.
import { graphemes } from './length.js';
import { hashtagsWithIndices, urlsWithIndices } from './twitter-text.js';

/** app.bsky.feed.post: `text` maxGraphemes 300, maxLength 3000 (bytes, lexicons/app/bsky/feed/post.json). */
export const BLUESKY_MAX_GRAPHEMES = 300;
export const BLUESKY_MAX_BYTES = 3000;
/** app.bsky.richtext.facet#tag: maxGraphemes 64, maxLength 640. */
const TAG_MAX_GRAPHEMES = 64;
const TAG_MAX_BYTES = 640;

export type BlueskyFacet =
  /** `handle` is resolved to a DID (com.atproto.identity.resolveHandle) when the post is sent. */
  | { kind: 'mention'; byteStart: number; byteEnd: number; handle: string }
  | { kind: 'link'; byteStart: number; byteEnd: number; uri: string }
  /** The tag without its `#`. */
  | { kind: 'tag'; byteStart: number; byteEnd: number; tag: string };

export interface BlueskyText {
  /** The text as sent: long URLs shortened for display. */
  text: string;
  facets: BlueskyFacet[];
}

/**
 * How Bluesky's apps show a long link (bluesky-social/social-app, src/lib/strings/url-helpers.ts
 * `toShortUrl`): host and path without the scheme, the path cut with an ellipsis. lm-post keeps a
 * longer head of the path than the app's 13 characters (SPEC §15's example:
 * `locauxmotiv.fr/veille/panorama-des-ti…`), so that the reader still sees where the link goes.
 */
export const SHORT_PATH = 23;
export function shortUrl(uri: string): string {
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    return uri;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return uri;
  const path = (u.pathname === '/' ? '' : u.pathname) + u.search + u.hash;
  return path.length > SHORT_PATH + 1 ? `${u.host}${path.slice(0, SHORT_PATH)}…` : `${u.host}${path}`;
}

const utf8 = (s: string): number => Buffer.byteLength(s, 'utf8');

/**
 * A handle as the atproto syntax allows it (a domain name: labels of letters, digits and hyphens,
 * at least two, the last one not starting with a digit; atproto.com/specs/handle).
 */
const HANDLE = /^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;
export function isHandle(s: string): boolean {
  return s.length <= 253 && HANDLE.test(s);
}

/**
 * The rich text of one Bluesky item. Links (with or without a scheme, as twitter-text finds them)
 * are shown shortened and keep their full URI in the facet; `@handle` (a domain-like handle, as
 * @atproto/api's RichText.detectFacets finds them) becomes a mention; `#tag` a tag facet.
 */
/**
 * Links as Bluesky's apps find them (@atproto/api rich-text/detection.ts): any `http(s)://` run of
 * non-spaces (an address by IP or port included), its trailing punctuation left out (and a final `)`
 * without its `(`); plus addresses without a scheme, as twitter-text finds them (a known TLD).
 */
function linksOf(input: string): { url: string; indices: [number, number] }[] {
  const out: { url: string; indices: [number, number] }[] = [];
  const scheme = /(^|[\s(])(https?:\/\/\S+)/gi;
  for (let m = scheme.exec(input); m; m = scheme.exec(input)) {
    let url = m[2]!;
    if (/[.,;:!?]$/.test(url)) url = url.replace(/[.,;:!?]+$/, '');
    if (url.endsWith(')') && !url.includes('(')) url = url.slice(0, -1);
    const start = m.index + m[1]!.length;
    out.push({ url, indices: [start, start + url.length] });
  }
  for (const u of urlsWithIndices(input)) {
    const [s, e] = u.indices;
    if (!out.some((o) => s < o.indices[1] && e > o.indices[0])) out.push({ url: u.url, indices: [s, e] });
  }
  return out.sort((a, b) => a.indices[0] - b.indices[0]);
}

export function blueskyRichText(input: string): BlueskyText {
  const urls = linksOf(input);
  let text = '';
  let last = 0;
  // [start, end) of each link in `text` (UTF-16), with its full URI.
  const links: { start: number; end: number; uri: string }[] = [];
  for (const u of urls) {
    const [s, e] = u.indices;
    const uri = /^https?:\/\//i.test(u.url) ? u.url : `https://${u.url}`;
    text += input.slice(last, s);
    const shown = shortUrl(uri);
    links.push({ start: text.length, end: text.length + shown.length, uri });
    text += shown;
    last = e;
  }
  text += input.slice(last);

  const inLink = (i: number): boolean => links.some((l) => i >= l.start && i < l.end);
  const byteAt = (i: number): number => utf8(text.slice(0, i));
  const facets: BlueskyFacet[] = [];
  for (const l of links) facets.push({ kind: 'link', byteStart: byteAt(l.start), byteEnd: byteAt(l.end), uri: l.uri });

  // @atproto/api rich-text/detection.ts: MENTION_REGEX = /(^|\s|\()(@)([a-zA-Z0-9.-]+)(\b)/g
  const mention = /(^|\s|\()@([a-zA-Z0-9.-]+)(\b)/g;
  for (let m = mention.exec(text); m; m = mention.exec(text)) {
    const handle = m[2]!.replace(/[.-]+$/, '');
    const start = m.index + m[1]!.length;
    if (!isHandle(handle) || inLink(start)) continue;
    facets.push({ kind: 'mention', byteStart: byteAt(start), byteEnd: byteAt(start + 1 + handle.length), handle: handle.toLowerCase() });
  }

  for (const h of hashtagsWithIndices(text)) {
    const [s, e] = h.indices;
    if (inLink(s)) continue;
    const tag = h.hashtag;
    if (graphemes(tag) > TAG_MAX_GRAPHEMES || utf8(tag) > TAG_MAX_BYTES) continue;
    facets.push({ kind: 'tag', byteStart: byteAt(s), byteEnd: byteAt(e), tag });
  }
  facets.sort((a, b) => a.byteStart - b.byteStart);
  return { text, facets };
}

/** Bluesky's two limits on a text: graphemes and UTF-8 bytes. */
export function blueskyLength(text: string): { graphemes: number; bytes: number } {
  return { graphemes: graphemes(text), bytes: utf8(text) };
}
