// Where receipts go: into the post file (the real thing, reviewed in git), or — for the
// sandbox — into .lm-post/sandbox/receipts/, so training never touches the real receipts.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { NETWORK_IDS, type NetworkId } from '../charter/types.js';
import type { PostFile, Receipt } from '../post/types.js';
import { atomicWriteAsync, updatePostFileAsync } from '../post/write.js';
import { serialized } from '../util/serial.js';

export interface ReceiptStore {
  readonly kind: 'file' | 'sandbox';
  get(post: PostFile): Partial<Record<NetworkId, Receipt>>;
  /** Resolves once the receipt is on disk (the file written atomically and synced). */
  set(post: PostFile, network: NetworkId, receipt: Receipt): Promise<void>;
}

/**
 * Receipts in the one canonical network order (twitter, mastodon, facebook), whatever order the
 * parallel lanes finished in: the same publication gives the same file, so diffs and reviews of the
 * receipts commit are stable. Unknown keys (never written by us) keep their place after ours.
 */
export function inNetworkOrder<T>(receipts: Record<string, T>): Record<string, T> {
  const known = NETWORK_IDS.filter((n) => n in receipts).map((n) => [n, receipts[n] as T] as const);
  const other = Object.entries(receipts).filter(([k]) => !(NETWORK_IDS as readonly string[]).includes(k));
  return Object.fromEntries([...known, ...other]);
}

export const fileReceipts: ReceiptStore = {
  kind: 'file',
  get(post) {
    return post.data?.published ?? {};
  },
  async set(post, network, receipt) {
    const clean = Object.fromEntries(Object.entries(receipt).filter(([, v]) => v !== undefined));
    await updatePostFileAsync(post.path, undefined, 'published', (current) =>
      inNetworkOrder({ ...((current as Record<string, unknown> | null) ?? {}), [network]: clean }),
    );
    post.data!.published = inNetworkOrder({ ...(post.data!.published ?? {}), [network]: receipt });
  },
};

export function sandboxReceipts(dir: string): ReceiptStore {
  const fileOf = (post: PostFile) => path.join(dir, `${post.id}.json`);
  const read = (post: PostFile): Partial<Record<NetworkId, Receipt>> => {
    try {
      return JSON.parse(readFileSync(fileOf(post), 'utf8')) as Partial<Record<NetworkId, Receipt>>;
    } catch {
      return {};
    }
  };
  return {
    kind: 'sandbox',
    get: read,
    set(post, network, receipt) {
      // One post's lanes one at a time: each reads the receipts its predecessor wrote.
      return serialized(fileOf(post), async () => {
        mkdirSync(dir, { recursive: true });
        await atomicWriteAsync(fileOf(post), JSON.stringify(inNetworkOrder({ ...read(post), [network]: receipt }), null, 2) + '\n');
      });
    },
  };
}
