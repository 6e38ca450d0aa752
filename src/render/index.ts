// Per-network rendering: the exact text each network will receive. `check` measures it and
// `publish` sends it — one function, so they can never disagree.
import path from 'node:path';
import { type Charter, type NetworkId, type Visibility, targetNetworks } from '../charter/types.js';
import type { MediaItem, PostData } from '../post/types.js';
import type { FieldPath } from '../util/yaml.js';
import { blueskyRichText, type BlueskyFacet } from './bluesky.js';

export interface RenderedMedia {
  /** As written in the post. */
  file: string;
  /** Absolute path on disk. */
  absPath: string;
  alt: string;
  /** Where the media item is declared (for positions). */
  path: FieldPath;
}

export interface RenderedItem {
  text: string;
  media: RenderedMedia[];
  /** The field the text comes from. */
  path: FieldPath;
  /** Bluesky: links, mentions and hashtags over UTF-8 byte ranges of `text`. */
  facets?: BlueskyFacet[];
}

/** Bluesky's link card (app.bsky.embed.external): the post's words, replaced by the page's Open Graph data when it can be read. */
export interface LinkCard {
  uri: string;
  title: string;
  description: string;
}

export interface RenderedPost {
  network: NetworkId;
  items: RenderedItem[];
  /** Facebook: the post's link (preview card). */
  link?: string;
  /** X: id of the post quoted by a relais. */
  quoteId?: string;
  spoiler?: string;
  visibility?: Visibility;
  threadVisibility?: Visibility;
  language?: string;
  /** Bluesky: `langs` of every record (the charter's `langs`, else its language). */
  langs?: string[];
  /** Bluesky: link card of the first item (the post's `link`, when it has no images). */
  card?: LinkCard;
}

const MENTION = /\{@([^}\s]*)\}/g;

/** `https://x.com/user/status/123` (or twitter.com) → `123`. */
export function tweetIdFromUrl(url: string): string | undefined {
  const m = /^https?:\/\/(?:www\.|mobile\.)?(?:x|twitter)\.com\/[^/]+\/status(?:es)?\/(\d{1,25})(?:[/?#]|$)/i.exec(url);
  return m?.[1];
}

export function renderMentions(text: string, charter: Charter, network: NetworkId): string {
  return text.replace(MENTION, (whole, id: string) => {
    const acc = charter.accounts?.[id];
    if (!acc) return whole;
    switch (network) {
      case 'twitter':
        return acc.twitter ? `@${acc.twitter.replace(/^@/, '')}` : acc.name;
      case 'mastodon':
        return acc.mastodon ? `@${acc.mastodon.replace(/^@/, '')}` : acc.name;
      case 'facebook':
        return acc.facebook ?? acc.name;
      case 'bluesky':
        return acc.bluesky ? `@${acc.bluesky.replace(/^@/, '').toLowerCase()}` : acc.name;
    }
  });
}

/** Whether `url` appears in `text` as a whole link (not as the start of a longer address). */
function containsUrl(text: string, url: string): boolean {
  for (let i = text.indexOf(url); i >= 0; i = text.indexOf(url, i + 1)) {
    const next = text[i + url.length];
    if (next === undefined || /[\s)\]»"'”,;!?]/.test(next) || (/[.:]/.test(next) && /\s|$/.test(text[i + url.length + 1] ?? ''))) return true;
  }
  return false;
}

function appendLink(text: string, link: string | undefined): string {
  if (!link || containsUrl(text, link)) return text;
  return text ? `${text}\n${link}` : link;
}

function media(list: MediaItem[] | undefined, base: FieldPath, postDir: string): RenderedMedia[] {
  return (list ?? []).map((m, i) => ({
    file: m.file,
    absPath: path.resolve(postDir, m.file),
    alt: m.alt ?? '',
    path: [...base, i],
  }));
}

/** The networks a post goes to: explicit `networks` (or the type's), plus their mirrors. */
export function postTargets(data: PostData, charter: Charter): NetworkId[] {
  const type = charter.types[data.type];
  const base = data.networks ?? type?.networks ?? [];
  return targetNetworks(charter, base);
}

/**
 * Render a post for one network. `postDir` is the folder of the post file (media paths are
 * relative to it). Text is trimmed at the end: YAML block scalars carry a final newline.
 */
export function renderPost(data: PostData, charter: Charter, network: NetworkId, postDir: string): RenderedPost {
  const variant = data.variants?.[network];
  const net = charter.networks[network];
  const textPath: FieldPath = variant?.text !== undefined ? ['variants', network, 'text'] : ['text'];
  const rawText = (variant?.text ?? data.text ?? '').trimEnd();
  const link = variant?.link ?? data.link;
  const mediaList = variant?.media ?? data.media;
  const mediaPath: FieldPath = variant?.media ? ['variants', network, 'media'] : ['media'];
  let text = renderMentions(rawText, charter, network);
  const out: RenderedPost = { network, items: [] };
  const threadItems = (data.thread ?? []).map((t, i) => ({
    text: renderMentions((t.text ?? '').trimEnd(), charter, network),
    link: t.link,
    media: media(t.media, ['thread', i, 'media'], postDir),
    path: ['thread', i, 'text'] as FieldPath,
  }));

  if (network === 'facebook') {
    // Facebook has no reply chains for a Page post: a thread becomes paragraphs of one post.
    const parts = [text, ...threadItems.map((t) => appendLink(t.text, t.link))].filter((s) => s.length > 0);
    text = parts.join('\n\n');
    const allMedia = [...media(mediaList, mediaPath, postDir), ...threadItems.flatMap((t) => t.media)];
    const cardLink = link ?? data.share;
    // Graph documents a feed post with `link` (a preview card) or with `attached_media` (photos),
    // never both (SPEC §12): photos win, and the link goes at the end of the message.
    if (allMedia.length) text = appendLink(text, cardLink);
    else if (cardLink) out.link = cardLink;
    out.items.push({ text, media: allMedia, path: textPath });
    return out;
  }

  const firstMedia = media(mediaList, mediaPath, postDir);
  text = appendLink(text, link);
  if (data.share) {
    // X quotes only on Enterprise since April 2026 (pay-per-use refuses quote_tweet_id), and the v2
    // spec makes `media` and `quote_tweet_id` mutually exclusive on every plan: otherwise the shared
    // post's URL goes in the text, which X shows as an embedded post (SPEC §12).
    const canQuote = network === 'twitter' && (charter.networks.twitter?.plan ?? 'pay-per-use') === 'enterprise' && firstMedia.length === 0;
    const quoteId = canQuote ? tweetIdFromUrl(data.share) : undefined;
    if (quoteId) out.quoteId = quoteId;
    else text = appendLink(text, data.share);
  }
  out.items.push({ text, media: firstMedia, path: textPath });
  for (const t of threadItems) out.items.push({ text: appendLink(t.text, t.link), media: t.media, path: t.path });

  if (network === 'mastodon') {
    if (variant?.spoiler) out.spoiler = variant.spoiler;
    out.visibility = variant?.visibility ?? net?.visibility ?? 'public';
    out.threadVisibility = net?.thread_visibility ?? 'unlisted';
    out.language = charter.language ?? 'fr';
  }
  if (network === 'bluesky') {
    for (const item of out.items) {
      const rich = blueskyRichText(item.text);
      item.text = rich.text;
      item.facets = rich.facets;
    }
    out.langs = net?.langs ?? [charter.language ?? 'fr'];
    // A card for the post's link unless the first item has images (an embed is one or the other).
    if (link && firstMedia.length === 0) out.card = { uri: link, ...cardWords(rawText, link) };
  }
  return out;
}

/** The card's words when the page cannot be read: the post's first line, then the rest (SPEC §15). */
function cardWords(text: string, link: string): { title: string; description: string } {
  const words = text.split(link).join('').replace(/\{@([^}\s]*)\}/g, '$1').trim();
  const [first = '', ...rest] = words.split('\n');
  const cut = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
  return { title: cut(first.trim() || link, 300), description: cut(rest.join(' ').replace(/\s+/g, ' ').trim(), 1000) };
}

const cache = new WeakMap<Charter, WeakMap<PostData, Map<NetworkId, RenderedPost>>>();

/** renderPost, memoised per charter and post value (queue-wide rules render every post often). */
export function renderCached(data: PostData, charter: Charter, network: NetworkId, postDir: string): RenderedPost {
  let byPost = cache.get(charter);
  if (!byPost) cache.set(charter, (byPost = new WeakMap()));
  let byNet = byPost.get(data);
  if (!byNet) byPost.set(data, (byNet = new Map()));
  let r = byNet.get(network);
  if (!r) byNet.set(network, (r = renderPost(data, charter, network, postDir)));
  return r;
}

const targetCache = new WeakMap<Charter, WeakMap<PostData, NetworkId[]>>();

/** postTargets, memoised like renderCached. */
export function targetsCached(data: PostData, charter: Charter): NetworkId[] {
  let byPost = targetCache.get(charter);
  if (!byPost) targetCache.set(charter, (byPost = new WeakMap()));
  let t = byPost.get(data);
  if (!t) byPost.set(data, (t = postTargets(data, charter)));
  return t;
}
