// Registry of network adapters. Each entry is a lazy import: a network's SDK is loaded only
// when a post goes to that network. Adding a network = one adapter file + one entry here.
import type { NetworkId } from '../charter/types.js';
import type { AdapterModule } from './types.js';

export const ADAPTERS = {
  twitter: () => import('./twitter.js') as Promise<AdapterModule>,
  mastodon: () => import('./mastodon.js') as Promise<AdapterModule>,
  facebook: () => import('./facebook.js') as Promise<AdapterModule>,
  bluesky: () => import('./bluesky.js') as Promise<AdapterModule>,
} as const satisfies Record<NetworkId, () => Promise<AdapterModule>>;

export { BASE_URL_ENV, REQUIRED_ENV } from './env.js';
