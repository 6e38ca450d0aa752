// Where receipts go: into the post file (the real thing, reviewed in git), or — for the
// sandbox — into .lm-post/sandbox/receipts/, so training never touches the real receipts.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { NETWORK_IDS, type NetworkId } from '../charter/types.js';
import type { PostFile, Receipt } from '../post/types.js';
import { atomicWrite, updatePostFile } from '../post/write.js';

export interface ReceiptStore {
  readonly kind: 'file' | 'sandbox';
  get(post: PostFile): Partial<Record<NetworkId, Receipt>>;
  set(post: PostFile, network: NetworkId, receipt: Receipt): void;
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
  set(post, network, receipt) {
    const clean = Object.fromEntries(Object.entries(receipt).filter(([, v]) => v !== undefined));
    updatePostFile(post.path, undefined, 'published', (current) =>
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
      mkdirSync(dir, { recursive: true });
      atomicWrite(fileOf(post), JSON.stringify(inNetworkOrder({ ...read(post), [network]: receipt }), null, 2) + '\n');
    },
  };
}
