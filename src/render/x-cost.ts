// What X bills for the posts lm-post creates (SPEC §12). Since February 2026 X's self-serve
// API is pay-per-use: each created post is billed, and one whose text contains a URL costs far
// more (published prices: about 0.015 USD without a link, 0.20 USD with one). The charter's
// `networks.twitter.prices` holds the prices in force; these are the defaults.
import { hasUrl } from './twitter-text.js';
import type { CharterData, XPlan } from '../charter/types.js';

export const DEFAULT_X_PRICES = { post: 0.015, post_with_link: 0.2, currency: 'USD' } as const;

export interface XPriceList {
  post: number;
  post_with_link: number;
  currency: string;
}

export function xPlan(charter: CharterData): XPlan {
  return charter.networks.twitter?.plan ?? 'pay-per-use';
}

export function xPrices(charter: CharterData): XPriceList {
  const p = charter.networks.twitter?.prices ?? {};
  return {
    post: p.post ?? DEFAULT_X_PRICES.post,
    post_with_link: p.post_with_link ?? DEFAULT_X_PRICES.post_with_link,
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

/** Cost of a rendered X post: every item of its thread is a created (billed) post. */
export function xPostCost(items: readonly { text: string }[], prices: XPriceList): number {
  let total = 0;
  for (const it of items) total += xItemCost(it.text, prices);
  return Math.round(total * 1e6) / 1e6;
}

/** "0,215 USD" / "0.215 USD": a price as a person reads it, in their language. */
export function formatCost(amount: number, currency: string, lang: 'fr' | 'en'): string {
  const n = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 3,
  }).format(amount);
  return `${n} ${currency}`;
}
