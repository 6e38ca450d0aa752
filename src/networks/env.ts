// What each network needs from the environment, known without loading any SDK
// (for "missing credentials" messages and --dry-run).
import type { NetworkId } from '../charter/types.js';

export const REQUIRED_ENV = {
  twitter: ['LM_POST_TWITTER_APP_KEY', 'LM_POST_TWITTER_APP_SECRET', 'LM_POST_TWITTER_ACCESS_TOKEN', 'LM_POST_TWITTER_ACCESS_SECRET'],
  mastodon: ['LM_POST_MASTODON_TOKEN'],
  facebook: ['LM_POST_FACEBOOK_PAGE_ID', 'LM_POST_FACEBOOK_PAGE_TOKEN'],
} as const satisfies Record<NetworkId, readonly string[]>;

export const BASE_URL_ENV = {
  twitter: 'LM_POST_TWITTER_API_URL',
  mastodon: 'LM_POST_MASTODON_URL',
  facebook: 'LM_POST_FACEBOOK_GRAPH_URL',
} as const satisfies Record<NetworkId, string>;

/**
 * Networks whose creates send the item's key as an idempotency key the server honours (the
 * adapter module's `idempotent`): `publish --dry-run` shows it, without loading any adapter.
 */
export const SENDS_IDEMPOTENCY_KEY = {
  twitter: false,
  mastodon: true,
  facebook: false,
} as const satisfies Record<NetworkId, boolean>;
