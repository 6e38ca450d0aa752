// The few twitter-text functions lm-post uses, loaded one by one on first use and remembered per
// text (a queue repeats texts: hashtags, links and lengths are asked for by several rules).
// The build copies twitter-text into dist/vendor without its core-js polyfills (Node has every
// ES2015 feature they provide; scripts/build-vendor.mjs), which halves a check's start-up. Run
// from the sources (tests), the package itself is loaded: same code, with the polyfills.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as TwitterText from 'twitter-text';

const require = createRequire(import.meta.url);
const vendor = fileURLToPath(new URL('../vendor/twitter-text/', import.meta.url));
const lean = existsSync(`${vendor}parseTweet.js`);
// The same copy bundled into one file (scripts/build-vendor.mjs, when esbuild is installed).
const bundle = lean && existsSync(`${vendor}bundle.js`) ? (require(`${vendor}bundle.js`) as { load(name: Fn): unknown }) : undefined;

type Fn = 'parseTweet' | 'extractUrls' | 'extractUrlsWithIndices' | 'extractHashtagsWithIndices';
const loaded: Partial<Record<Fn, unknown>> = {};
function fn<K extends Fn>(name: K): (typeof TwitterText)[K] {
  let f = loaded[name] as (typeof TwitterText)[K] | undefined;
  if (!f) {
    if (lean) {
      // Babel's CommonJS output: the function itself, or an object with `default`.
      const m = (bundle ? bundle.load(name) : require(`${vendor}${name}.js`)) as (typeof TwitterText)[K] | { default: (typeof TwitterText)[K] };
      f = typeof m === 'function' ? m : m.default;
    } else f = (require('twitter-text') as typeof TwitterText)[name];
    loaded[name] = f;
  }
  return f;
}

/** A per-text memo, emptied when it grows past `max` (texts of one run fit many times over). */
function memo<T>(compute: (text: string) => T, max = 50_000): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    let v = cache.get(text);
    if (v === undefined) {
      if (cache.size >= max) cache.clear();
      cache.set(text, (v = compute(text)));
    }
    return v;
  };
}

/**
 * False when a text cannot hold a URL as twitter-text finds them, with or without a scheme: its
 * domains (validDomain in twitter-text's regexp/) always end in an ASCII dot directly followed by
 * a top-level domain, which begins with a letter (ASCII, `xn--`, or a non-ASCII one). Compiling
 * and running twitter-text's URL regex, the largest cost of a short check, is then skipped.
 */
function mayHaveUrl(text: string): boolean {
  return /\.[^\s0-9!-/:-@[-`{-~]/.test(text);
}
const NONE: readonly never[] = Object.freeze([]);

/** twitter-text's own parse of a tweet (v3 config): weighted length and validity. */
export function parseTweet(text: string): TwitterText.ParsedTweet {
  return fn('parseTweet')(text);
}

/** X's weighted length of a text (twitter-text v3 config). */
export const weightedLength = memo((text) => fn('parseTweet')(text).weightedLength);

/** URLs with their indices; results are shared: read them, never change them. */
export const urlsWithIndices = memo((text): readonly TwitterText.UrlWithIndices[] => (mayHaveUrl(text) ? fn('extractUrlsWithIndices')(text) : NONE));

/** URLs with a scheme only (Mastodon's notion of a link). */
export const schemeUrlsWithIndices = memo((text): readonly TwitterText.UrlWithIndices[] =>
  mayHaveUrl(text) ? fn('extractUrlsWithIndices')(text, { extractUrlsWithoutProtocol: false }) : NONE,
);

// Without a possible URL, twitter-text's overlap check has nothing to remove: skip its URL regex.
export const hashtagsWithIndices = memo((text): readonly TwitterText.HashtagWithIndices[] =>
  (fn('extractHashtagsWithIndices') as (t: string, o: { checkUrlOverlap: boolean }) => TwitterText.HashtagWithIndices[])(text, { checkUrlOverlap: mayHaveUrl(text) }),
);

export const hasUrl = memo((text) => mayHaveUrl(text) && fn('extractUrls')(text).length > 0);
