// Length as each network counts it. check and publish both use these, so a post that passes
// max-length is a post the network accepts.
import { hashtagsWithIndices, schemeUrlsWithIndices, urlsWithIndices, weightedLength } from './twitter-text.js';
import type { NetworkId } from '../charter/types.js';

// Built on first use: most texts never need it (see ONE_GRAPHEME_EACH).
let segmenter: Intl.Segmenter | undefined;

/**
 * Characters that are each a grapheme of their own whatever surrounds them (UAX #29: no CR, no
 * combining mark, no joiner, no emoji modifier): ASCII, Latin-1 and Latin Extended, French
 * punctuation (’ « » … – — ·, narrow no-break space). Most posts are only these.
 */
const ONE_GRAPHEME_EACH = /^[\t\n\x20-\x7E\u00A0-\u02FF\u2010-\u2027\u202F\u2030-\u205E]*$/;

// Counting graphemes with Intl.Segmenter is slow: a text made only of the characters above is
// counted by its length, any other once per distinct text (or each time with another segmenter).
const graphemeCounts = new Map<string, number>();
export function graphemes(s: string, segmenterOf?: () => Intl.Segmenter): number {
  if (ONE_GRAPHEME_EACH.test(s)) return s.length;
  if (segmenterOf) {
    let k = 0;
    for (const _ of segmenterOf().segment(s)) k++;
    return k;
  }
  let n = graphemeCounts.get(s);
  if (n === undefined) {
    n = 0;
    segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    for (const _ of segmenter.segment(s)) n++;
    if (graphemeCounts.size >= 50_000) graphemeCounts.clear();
    graphemeCounts.set(s, n);
  }
  return n;
}

/** Mastodon counts every URL with a scheme as 23 characters, whatever its length. */
const MASTODON_URL_LENGTH = 23;

/**
 * Mastodon's own rule (app/validators/status_length_validator.rb): graphemes of spoiler + text,
 * each URL with a scheme counts 23, and a remote mention `@user@domain` counts as `@user`.
 */
export function mastodonLength(text: string, spoiler = ''): number {
  const urls = schemeUrlsWithIndices(text);
  let out = '';
  let last = 0;
  for (const u of urls) {
    out += text.slice(last, u.indices[0]) + 'x'.repeat(MASTODON_URL_LENGTH);
    last = u.indices[1];
  }
  out += text.slice(last);
  out = out.replace(/(^|[^\w@])@([a-z0-9_]+(?:[a-z0-9_.-]+[a-z0-9_]+)?)@[a-z0-9.-]+\.[a-z0-9-]+/gi, '$1@$2');
  return graphemes(spoiler) + graphemes(out);
}

/** X's weighted length (twitter-text v3 config): URLs 23, emoji 2, CJK 2. */
export function twitterLength(text: string): number {
  return weightedLength(text);
}

/** Facebook counts characters (Unicode code points). */
export function facebookLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export function networkLength(network: NetworkId, text: string, spoiler?: string): number {
  switch (network) {
    case 'twitter':
      return twitterLength(text);
    case 'mastodon':
      return mastodonLength(text, spoiler);
    case 'facebook':
      return facebookLength(text);
    case 'bluesky':
      // Graphemes of the text as sent (links already shortened, src/render/bluesky.ts); its bytes
      // are the second limit (rule max-length).
      return graphemes(text);
  }
}

/** Hashtags of a text as the networks recognise them (twitter-text's Unicode-aware rule). */
export function extractHashtags(text: string): { tag: string; start: number; end: number }[] {
  return hashtagsWithIndices(text).map((h) => ({ tag: h.hashtag, start: h.indices[0], end: h.indices[1] }));
}

/** URLs of a text, with or without scheme (so `http://` and bare `bit.ly/x` are both seen). */
export function extractUrls(text: string): { url: string; start: number; end: number }[] {
  return urlsWithIndices(text).map((u) => ({ url: u.url, start: u.indices[0], end: u.indices[1] }));
}
