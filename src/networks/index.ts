// Registry of network adapters. Each entry is a lazy import: a network's SDK is loaded only
// when a post goes to that network.
//
// A network is one adapter file here (src/networks/<id>.ts), one emulator file
// (src/sandbox/<id>.ts), and one line in each registry: ADAPTERS below; REQUIRED_ENV,
// BASE_URL_ENV and SENDS_IDEMPOTENCY_KEY (./env.ts); the id in NETWORK_IDS (src/charter/types.ts);
// its length in src/render/length.ts; its emulator in src/sandbox/index.ts. The publisher
// (src/publish/) never names a network: it goes by the interface below.
//
// What a network implements (./types.ts):
//   module   requiredEnv, baseUrlEnv           credentials checked before anything is sent
//            idempotent, idempotencyWindowMs    creates honour CreateItem.idempotencyKey for a while
//                                               (Mastodon: Idempotency-Key, one hour): re-sending a
//                                               create whose outcome is unknown is the reconciliation
//            lookBeforeCreate                   no journal for a post: read the account first (its
//                                               duplicate guard cannot protect a rerun; Facebook, Mastodon)
//            createAdapter(options)             the adapter, with credentials, base URL and deadline
//   adapter  uploadMedia(media)                 one image with its alt text, resolved once attachable
//            create(item)                       one post or thread reply; `item.idempotencyKey` is the
//                                               item's stable key (from the journal's intent): Mastodon
//                                               sends it as Idempotency-Key, a network with caller-chosen
//                                               record keys derives them from it (Bluesky's rkey, a TID),
//                                               so a replay is refused as already there. A refusal as
//                                               "already there" (X's duplicate 403, Graph's #506, a taken
//                                               key) is a NetworkError with apiCode 'duplicate': the
//                                               publisher then reconciles instead of failing.
//                                               Created.extra: more receipt fields (Bluesky's cid)
//            reconcileByKey?(key)               reconcile-by-key: what was created under this item key
//                                               (Bluesky: getRecord), exact, no timeline read
//            recent(limit)                      reconcile-by-listing: the account's recent posts (text,
//                                               time, reply-to), used when there is no reconcileByKey
//            preflight?()                       before anything is sent: can these credentials publish?
//            describe?()                        doctor checks: the account, scopes, token expiry, limits
//            billed?()                          the billed calls this adapter made (X: creates, alt texts,
//                                               users/me), which the run's summary prices
//                                               A reply refused for good (X's non-summoned reply) is a
//                                               NetworkError with apiCode 'reply-not-allowed': the journal
//                                               loop keeps the thread's start (src/publish/thread-cut.ts)
//   render   limits                             src/render/length.ts (length), charter `networks.<id>`
//   cost     X only today                       src/render/x-cost.ts (dry run, preview, summary)
// Errors are NetworkErrors classified transient | rate-limit | permanent | unknown-outcome; the
// publisher waits, retries, stops or reconciles on that kind alone.
import type { NetworkId } from '../charter/types.js';
import type { AdapterModule } from './types.js';

export const ADAPTERS = {
  twitter: () => import('./twitter.js') as Promise<AdapterModule>,
  mastodon: () => import('./mastodon.js') as Promise<AdapterModule>,
  facebook: () => import('./facebook.js') as Promise<AdapterModule>,
} as const satisfies Record<NetworkId, () => Promise<AdapterModule>>;

export { BASE_URL_ENV, REQUIRED_ENV, SENDS_IDEMPOTENCY_KEY } from './env.js';
