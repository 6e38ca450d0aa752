// Registry of network adapters. Each entry is a lazy import: a network's SDK is loaded only
// when a post goes to that network.
import type { NetworkId } from '../charter/types.js';
import type { AdapterModule } from './types.js';

export const ADAPTERS = {
  twitter: () => import('./twitter.js') as Promise<AdapterModule>,
  mastodon: () => import('./mastodon.js') as Promise<AdapterModule>,
  facebook: () => import('./facebook.js') as Promise<AdapterModule>,
} as const satisfies Record<NetworkId, () => Promise<AdapterModule>>;

/** Variables needed per network, known without loading any SDK (for messages and --dry-run). */
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
