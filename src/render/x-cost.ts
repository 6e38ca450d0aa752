// What X bills for the calls lm-post makes (SPEC §12). Since February 2026 X's self-serve API is
// pay-per-use: each created post is billed, and one whose text contains a URL costs far more
// (published prices: about 0.015 USD without a link, 0.20 USD with one); so are the alt text of
// each image (`POST /2/media/metadata`, 0.005 USD) and each read of the account (`GET
// /2/users/me`, 0.010 USD: doctor, a reconciliation). The charter's `networks.twitter.prices`
// holds the prices in force; these are the defaults (docs.x.com x-api/getting-started/pricing).
import { hasUrl } from './twitter-text.js';
import type { CharterData, XPlan } from '../charter/types.js';

export const DEFAULT_X_PRICES = { post: 0.015, post_with_link: 0.2, media_metadata: 0.005, user_read: 0.01, currency: 'USD' } as const;

export interface XPriceList {
  post: number;
  post_with_link: number;
  /** One alt text (`POST /2/media/metadata`, "Media Metadata"). */
  media_metadata: number;
  /** One `GET /2/users/me` ("User: Read"). */
  user_read: number;
  currency: string;
}

/** The billed calls of a post, a run or a check, by kind. */
export interface XBilledCalls {
  /** Created posts whose text holds no URL. */
  posts: number;
  /** Created posts whose text holds a URL. */
  postsWithLink: number;
  /** Alt texts sent (`POST /2/media/metadata`). */
  altTexts: number;
  /** Reads of the account (`GET /2/users/me`). */
  userReads: number;
}

export const NO_X_CALLS: Readonly<XBilledCalls> = Object.freeze({ posts: 0, postsWithLink: 0, altTexts: 0, userReads: 0 });

export function xPlan(charter: CharterData): XPlan {
  return charter.networks.twitter?.plan ?? 'pay-per-use';
}

export function xPrices(charter: CharterData): XPriceList {
  const p = charter.networks.twitter?.prices ?? {};
  return {
    post: p.post ?? DEFAULT_X_PRICES.post,
    post_with_link: p.post_with_link ?? DEFAULT_X_PRICES.post_with_link,
    media_metadata: p.media_metadata ?? DEFAULT_X_PRICES.media_metadata,
    user_read: p.user_read ?? DEFAULT_X_PRICES.user_read,
    currency: p.currency ?? DEFAULT_X_PRICES.currency,
  };
}

/** True when X sees a URL in the text (bare domains included, as twitter-text finds them). */
export function xTextHasUrl(text: string): boolean {
  return hasUrl(text);
}

/** Cost of creating one X post with this exact text. */
export function xItemCost(text: string, prices: XPriceList): number {
  return xTextHasUrl(text) ? prices.post_with_link : prices.post;
}

/** An X item as rendered: its text and its images (each with an alt text sends one metadata call). */
export interface XBillableItem {
  text: string;
  media?: readonly { alt?: string }[];
}

/** The calls that publishing these items makes: one create each, one metadata call per alt text. */
export function xCallsOf(items: readonly XBillableItem[]): XBilledCalls {
  const calls = { ...NO_X_CALLS };
  for (const it of items) {
    if (xTextHasUrl(it.text)) calls.postsWithLink++;
    else calls.posts++;
    // The adapter sends an alt text only when there is one (networks/twitter.ts, uploadMedia).
    calls.altTexts += (it.media ?? []).filter((m) => !!m.alt).length;
  }
  return calls;
}

export function addXCalls(a: XBilledCalls, b: XBilledCalls): XBilledCalls {
  return { posts: a.posts + b.posts, postsWithLink: a.postsWithLink + b.postsWithLink, altTexts: a.altTexts + b.altTexts, userReads: a.userReads + b.userReads };
}

/** What these calls cost at these prices, rounded to the micro-unit (no float dust). */
export function xCallsCost(calls: XBilledCalls, prices: XPriceList): number {
  const total = calls.posts * prices.post + calls.postsWithLink * prices.post_with_link + calls.altTexts * prices.media_metadata + calls.userReads * prices.user_read;
  return Math.round(total * 1e6) / 1e6;
}

/** Cost of a rendered X post: every item of its thread is a created (billed) post, every alt text a billed call. */
export function xPostCost(items: readonly XBillableItem[], prices: XPriceList): number {
  return xCallsCost(xCallsOf(items), prices);
}

/**
 * « 1 billet avec lien à 0,20 USD, 2 textes alternatifs à 0,005 USD » / "1 post with a link at
 * 0.20 USD, 2 alt texts at 0.005 USD": the billed calls, each kind with its unit price.
 */
export function describeXCalls(calls: XBilledCalls, prices: XPriceList, lang: 'fr' | 'en'): string {
  const fr = lang === 'fr';
  const at = (n: number) => `${fr ? 'à' : 'at'} ${formatCost(n, prices.currency, lang)}`;
  const parts: string[] = [];
  if (calls.postsWithLink) parts.push(fr ? `${calls.postsWithLink} billet(s) avec lien ${at(prices.post_with_link)}` : `${calls.postsWithLink} post(s) with a link ${at(prices.post_with_link)}`);
  if (calls.posts) parts.push(fr ? `${calls.posts} billet(s) sans lien ${at(prices.post)}` : `${calls.posts} post(s) without a link ${at(prices.post)}`);
  if (calls.altTexts) parts.push(fr ? `${calls.altTexts} texte(s) alternatif(s) ${at(prices.media_metadata)}` : `${calls.altTexts} alt text(s) ${at(prices.media_metadata)}`);
  if (calls.userReads) parts.push(fr ? `${calls.userReads} lecture(s) du compte (users/me) ${at(prices.user_read)}` : `${calls.userReads} account read(s) (users/me) ${at(prices.user_read)}`);
  return parts.join(', ');
}

/** "0,215 USD" / "0.215 USD": a price as a person reads it, in their language. */
export function formatCost(amount: number, currency: string, lang: 'fr' | 'en'): string {
  const n = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 3,
  }).format(amount);
  return `${n} ${currency}`;
}
