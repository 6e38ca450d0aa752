// How each network shows a post, for the mockups: which links and mentions it recognises, how
// much of a link it shows, the account's handle, the words of its action bar. One entry per
// network: a new network (Bluesky) is one more entry here and one style block in html.ts.
import type { Charter, NetworkConfig } from '../charter/types.js';
import type { Lang } from '../i18n/index.js';
import { BLUESKY_MENTION, cutAfter, MASTODON_MENTION, type TextRules, whole, X_MENTION } from './text.js';

export type LookId = 'twitter' | 'mastodon' | 'facebook' | 'bluesky' | 'letter';

export interface Look {
  id: LookId;
  text: (charter: Charter) => TextRules;
  /** The account's handle when the charter names none (`networks.<id>.account.handle`). */
  handle: (charter: Charter) => string;
  /** A thread is a chain of posts (X, Mastodon, Bluesky); Facebook and the letter show one block. */
  chain: boolean;
  /** The link card is shown only for a post without images (as X, Mastodon and Bluesky do). */
  cardWithoutMediaOnly: boolean;
  actions: Record<Lang, string[]>;
}

/** `La Fabrique du Coin` → `LaFabriqueduCoin`: a plausible handle when the charter gives none. */
export function slug(organisation: string): string {
  return organisation.normalize('NFD').replace(/[^A-Za-z0-9]/g, '') || 'association';
}

function instanceHost(charter: Charter): string {
  try {
    return new URL(charter.networks.mastodon?.instance ?? '').host || 'mastodon.example';
  } catch {
    return 'mastodon.example';
  }
}

export const LOOKS: Record<LookId, Look> = {
  twitter: {
    id: 'twitter',
    // X shows links without scheme or www., cut after 23 characters (display_url).
    text: () => ({ bareDomains: true, shorten: cutAfter(23), mention: X_MENTION }),
    handle: (c) => `@${slug(c.organisation).slice(0, 15)}`,
    chain: true,
    cardWithoutMediaOnly: true,
    actions: { fr: ['Répondre', 'Republier', 'J’aime', 'Partager'], en: ['Reply', 'Repost', 'Like', 'Share'] },
  },
  mastodon: {
    id: 'mastodon',
    // Mastodon's TextFormatter: scheme and www. hidden, 30 characters shown, then an ellipsis.
    text: () => ({ bareDomains: false, shorten: cutAfter(30), mention: MASTODON_MENTION, shortMentions: true }),
    handle: (c) => `@${slug(c.organisation).toLowerCase()}@${instanceHost(c)}`,
    chain: true,
    cardWithoutMediaOnly: true,
    actions: { fr: ['Répondre', 'Partager', 'Favori'], en: ['Reply', 'Boost', 'Favourite'] },
  },
  facebook: {
    id: 'facebook',
    // Facebook shows the address as written, and tags Pages by their names.
    text: (c) => ({ bareDomains: true, shorten: whole, names: Object.values(c.accounts ?? {}).map((a) => a.facebook ?? a.name) }),
    handle: () => '',
    chain: false,
    cardWithoutMediaOnly: false,
    actions: { fr: ['J’aime', 'Commenter', 'Partager'], en: ['Like', 'Comment', 'Share'] },
  },
  bluesky: {
    id: 'bluesky',
    // The Bluesky app shows host and path, cut with an ellipsis (toShortUrl).
    text: () => ({ bareDomains: true, shorten: cutAfter(27), mention: BLUESKY_MENTION }),
    handle: (c) => `@${slug(c.organisation).toLowerCase()}.bsky.social`,
    chain: true,
    cardWithoutMediaOnly: true,
    actions: { fr: ['Répondre', 'Republier', 'J’aime'], en: ['Reply', 'Repost', 'Like'] },
  },
  letter: {
    id: 'letter',
    text: () => ({ bareDomains: false, shorten: whole }),
    handle: (c) => c.letter?.sender.email ?? '',
    chain: false,
    cardWithoutMediaOnly: false,
    actions: { fr: [], en: [] },
  },
};

export function lookOf(id: string): Look | undefined {
  return (LOOKS as Record<string, Look>)[id];
}

/** The account shown on a mockup: the charter's `networks.<id>.account`, else the organisation. */
export function accountOf(charter: Charter, id: LookId): { name: string; handle: string } {
  const net = (charter.networks as Partial<Record<string, NetworkConfig>>)[id];
  const look = LOOKS[id];
  const name = id === 'letter' ? (charter.letter?.sender.name ?? charter.organisation) : (net?.account?.name ?? charter.organisation);
  let handle = net?.account?.handle ?? look.handle(charter);
  if (handle && id !== 'facebook' && id !== 'letter' && !handle.startsWith('@')) handle = `@${handle}`;
  return { name, handle };
}
