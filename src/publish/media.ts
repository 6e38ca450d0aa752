// Media preparation: an item's images checked, reduced when too large, and uploaded — now, or
// ahead while the lane's previous post is being created (prefetch).
import path from 'node:path';
import type { NetworkId } from '../charter/types.js';
import { inspectMedia, maxImageBytes } from '../media/inspect.js';
import { fitForNetwork } from '../media/reduce.js';
import type { ValidPost } from '../post/read.js';
import { type RenderedItem, renderPost } from '../render/index.js';
import { type NetworkAdapter, NetworkError } from '../networks/types.js';
import { idempotencyKey } from './item.js';
import { Journal } from './journal.js';
import { DEFAULT_RETRY, type RetryPolicy, withRetry } from './retry.js';
import type { PublishContext } from './types.js';

/**
 * The values of `promises` in their order, once every one has settled (no upload is left running
 * behind a failure); the first failure in that order is thrown.
 */
async function allSettledInOrder<T>(promises: Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}

/**
 * Uploads an item's images. Every file is checked before anything is uploaded; then the images go
 * up at once, their ids kept in the item's order (the post is created once all are there).
 */
export async function uploadItemMedia(
  post: ValidPost,
  network: NetworkId,
  item: RenderedItem,
  adapter: NetworkAdapter,
  ctx: PublishContext,
  policy: RetryPolicy,
  onWait?: (ms: number, e: NetworkError) => void,
): Promise<string[]> {
  const infos = item.media.map((m) => {
    const info = inspectMedia(m.file, path.dirname(post.path), ctx.queueDir);
    if ('kind' in info) throw new NetworkError(network, 'permanent', `media ${m.file}: ${info.kind}`);
    return { m, info };
  });
  return allSettledInOrder(
    infos.map(async ({ m, info }) => {
      // An oversized JPEG/PNG goes out as a reduced copy (cached next to the journal); the file itself is untouched.
      const sent = await fitForNetwork(info, maxImageBytes(ctx.charter, network), path.join(path.dirname(ctx.journalDir), 'reduced'));
      return withRetry(() => adapter.uploadMedia({ absPath: sent.absPath, mime: sent.type, alt: m.alt }, ctx.signal), policy, ctx.signal, onWait);
    }),
  );
}

/**
 * Issue 10: a lane uploads its next post's images while its current post is being created, so a
 * post's uploads are not added to the lane's time. Only images: nothing is published (uploaded
 * media are not posts, and stay invisible until a post attaches them), no journal entry is written,
 * and the posts are still created one after the other in the lane's order. Only for a fresh
 * publication (no journal for this post × network: a resumed one first looks at what was sent);
 * the ids are kept under the item's content key, so an item edited since uses none of them. A
 * failed early upload is done again, as usual, when the post's turn comes.
 */
export async function prefetchMedia(post: ValidPost, network: NetworkId, ctx: PublishContext): Promise<void> {
  const prefetched = ctx.prefetched;
  if (!prefetched) return;
  const journal = new Journal(ctx.journalDir, post.id);
  await journal.settled();
  if (journal.state(network).size > 0) return;
  const rendered = renderPost(post.data, ctx.charter, network, path.dirname(post.path));
  const { adapter } = await ctx.pool.get(network);
  const policy = ctx.retry ?? DEFAULT_RETRY;
  for (const [i, item] of rendered.items.entries()) {
    if (!item.media.length) continue;
    const key = idempotencyKey(post.id, network, i, item);
    if (prefetched.has(key)) continue;
    const ids = uploadItemMedia(post, network, item, adapter, ctx, policy);
    ids.catch(() => undefined); // used (or done again) when the post's turn comes
    prefetched.set(key, ids);
  }
}
