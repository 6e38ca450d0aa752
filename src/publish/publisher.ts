// The publisher, in parts (each one thing):
//   select.ts        which posts would go out now, and every reason why not (pure)
//   journal-loop.ts  one post × network exactly once: intent, create, outcome, receipt
//   reconcile.ts     unknown outcomes settled by key or by listing the account
//   media.ts         images checked, reduced, uploaded (or prefetched by the lane)
//   item.ts          an item's stable key and its create request
//   lane.ts          one network's ordered work, concurrent with the other networks
//   run.ts           the run: lock, signals, sandbox, credentials, pool, lanes, summary data
// This module keeps the names the library exported before the split.
export { blockedExitCode, type Candidate, type SelectOptions, selectPosts, type SkipReason, stillAsSelected, type ValidPost } from './select.js';
export { publishToNetwork } from './journal-loop.js';
export { comparableText, sameText } from './reconcile.js';
export { prefetchMedia } from './media.js';
export { idempotencyKey } from './item.js';
export { adapterPool } from './pool.js';
export type { AdapterPool, NetworkOutcome, PublishContext, PublishEvent } from './types.js';
