// An index of the queue, built once per run and shared by every post and every queue-wide rule
// (duplicate, cadence): each post's targets and parsed times once, its normalised texts per
// network, and per network the sorted publication times. Rules look things up instead of
// comparing every post with every other, so a check grows linearly with the queue.
import path from 'node:path';
import type { Charter, NetworkId } from '../charter/types.js';
import type { MediaInfo, MediaProblem } from '../media/inspect.js';
import type { PostData, PostFile } from '../post/types.js';
import { renderCached, targetsCached } from '../render/index.js';
import { parseDateTime } from '../util/time.js';

type Post = PostFile & { data: PostData };

export interface QueueEntry {
  readonly post: Post;
  /** Position in the queue (file order): ties are resolved as a scan in that order would. */
  readonly order: number;
  readonly targets: readonly NetworkId[];
}

export interface TextMatch {
  readonly entry: QueueEntry;
  /** Index of the matching item in the post as rendered for the network (0: the post itself). */
  readonly item: number;
}

/** Texts differing only by case, spacing or Unicode form are the same text to readers (and to X). */
export function normaliseText(s: string): string {
  return s.normalize('NFKC').toLocaleLowerCase('fr').replace(/\s+/g, ' ').trim();
}

const textKeys = new WeakMap<object, string>();
/** normaliseText of a rendered item, once per item. */
export function textKey(item: { text: string }): string {
  let k = textKeys.get(item);
  if (k === undefined) textKeys.set(item, (k = normaliseText(item.text)));
  return k;
}

const publishTimes = new WeakMap<PostData, { tz: string; at: Date | undefined }>();
/** The post's publish_at in the charter's zone, parsed once per post value (undefined: none or not a date). */
export function publishAtOf(data: PostData, tz: string): Date | undefined {
  const hit = publishTimes.get(data);
  if (hit && hit.tz === tz) return hit.at;
  const at = data.publish_at ? parseDateTime(data.publish_at, tz) : undefined;
  publishTimes.set(data, { tz, at });
  return at;
}

/** When the post is (or was) on `network`: its receipt, else its publish_at. */
export function scheduledTime(data: PostData, network: NetworkId, tz: string): Date | undefined {
  const r = data.published?.[network];
  if (r) return new Date(r.at);
  return publishAtOf(data, tz);
}

interface TimedPath {
  t: number;
  path: string;
}

export class QueueIndex {
  readonly entries: readonly QueueEntry[];
  /** Media inspected during this run, by path (see inspectMedia). */
  readonly media = new Map<string, MediaInfo | MediaProblem>();
  private readonly byText = new Map<NetworkId, Map<string, TextMatch[]>>();
  private readonly times = new Map<NetworkId, TimedPath[]>();

  constructor(
    posts: readonly Post[],
    private readonly charter: Charter,
  ) {
    const tz = charter.timezone;
    // A withdrawn post (SPEC §17) is never counted again: not a duplicate, not in the cadence.
    this.entries = posts.filter((p) => !p.data.withdrawn).map((post, order) => ({ post, order, targets: targetsCached(post.data, charter) }));
    for (const entry of this.entries) {
      const { post } = entry;
      for (const network of entry.targets) {
        const items = renderCached(post.data, charter, network, path.dirname(post.path)).items;
        let byKey = this.byText.get(network);
        if (!byKey) this.byText.set(network, (byKey = new Map()));
        // Every item counts (a thread item is a post of its own on X and Mastodon); a post is
        // listed once per text, at its first item with that text.
        items.forEach((it, item) => {
          const key = textKey(it);
          if (!key) return;
          const list = byKey!.get(key);
          if (!list) byKey!.set(key, [{ entry, item }]);
          else if (list[list.length - 1]!.entry !== entry) list.push({ entry, item });
        });
        const t = scheduledTime(post.data, network, tz)?.getTime();
        if (t !== undefined && !Number.isNaN(t)) {
          let list = this.times.get(network);
          if (!list) this.times.set(network, (list = []));
          list.push({ t, path: post.path });
        }
      }
    }
    for (const list of this.times.values()) list.sort((a, b) => a.t - b.t);
  }

  /** Posts with an item whose text on `network` normalises to `key`, in queue order. */
  textMatches(network: NetworkId, key: string): readonly TextMatch[] {
    return this.byText.get(network)?.get(key) ?? [];
  }

  /** The latest time on `network` at or before `t`, of a post other than `exceptPath`. */
  previousTime(network: NetworkId, t: number, exceptPath: string): number | undefined {
    const list = this.times.get(network);
    if (!list) return undefined;
    // Last index whose time is ≤ t.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid]!.t <= t) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo - 1; i >= 0; i--) if (list[i]!.path !== exceptPath) return list[i]!.t;
    return undefined;
  }

  /** The charter this index was built with (an index is only valid for it). */
  get builtFor(): Charter {
    return this.charter;
  }
}

const built = new WeakMap<readonly Post[], QueueIndex>();
/** The index of a list of posts, built once per list and charter. */
export function queueIndexOf(posts: readonly Post[] | QueueIndex, charter: Charter): QueueIndex {
  if (posts instanceof QueueIndex) return posts;
  let idx = built.get(posts);
  if (!idx || idx.builtFor !== charter) built.set(posts, (idx = new QueueIndex(posts, charter)));
  return idx;
}
