// Length as each network counts it. check and publish both use these, so a post that passes
// max-length is a post the network accepts.
import twitterText from 'twitter-text';
import type { NetworkId } from '../charter/types.js';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function graphemes(s: string): number {
  let n = 0;
  for (const _ of segmenter.segment(s)) n++;
  return n;
}

/** Mastodon counts every URL with a scheme as 23 characters, whatever its length. */
const MASTODON_URL_LENGTH = 23;

/**
 * Mastodon's own rule (app/validators/status_length_validator.rb): graphemes of spoiler + text,
 * each URL with a scheme counts 23, and a remote mention `@user@domain` counts as `@user`.
 */
export function mastodonLength(text: string, spoiler = ''): number {
  const urls = twitterText.extractUrlsWithIndices(text, { extractUrlsWithoutProtocol: false });
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
  return twitterText.parseTweet(text).weightedLength;
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
  }
}

/** Hashtags of a text as the networks recognise them (twitter-text's Unicode-aware rule). */
export function extractHashtags(text: string): { tag: string; start: number; end: number }[] {
  return twitterText.extractHashtagsWithIndices(text).map((h) => ({ tag: h.hashtag, start: h.indices[0], end: h.indices[1] }));
}

/** URLs of a text, with or without scheme (so `http://` and bare `bit.ly/x` are both seen). */
export function extractUrls(text: string): { url: string; start: number; end: number }[] {
  return twitterText.extractUrlsWithIndices(text).map((u) => ({ url: u.url, start: u.indices[0], end: u.indices[1] }));
}
