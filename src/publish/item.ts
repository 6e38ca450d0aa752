// One rendered item as a network receives it: its stable key and the create request.
import { createHash } from 'node:crypto';
import type { NetworkId } from '../charter/types.js';
import { readMediaBounded } from '../media/inspect.js';
import type { RenderedItem, RenderedPost } from '../render/index.js';
import type { CreateItem } from '../networks/types.js';

/** Stable per post × network × item × content: the same text and images give the same key. */
export function idempotencyKey(postId: string, network: NetworkId, index: number, item: RenderedItem, maxBytes = 64 * 1024 * 1024): string {
  const h = createHash('sha256');
  h.update(`${postId}\0${network}\0${index}\0${item.text}\0`);
  for (const m of item.media) {
    h.update(m.alt + '\0');
    // Bounded and regular files only: a FIFO or /dev/zero as media never stalls the run.
    h.update(readMediaBounded(m.absPath, maxBytes) ?? 'missing');
  }
  return `lm-post-${h.digest('hex').slice(0, 40)}`;
}

/** The create request of item `i` of a rendered post (first-item fields only on the first). */
export function createItemOf(rendered: RenderedPost, i: number, mediaIds: string[], key: string, replyTo: string | undefined): CreateItem {
  return {
    text: rendered.items[i]!.text,
    mediaIds,
    ...(replyTo ? { replyTo } : {}),
    ...(i === 0 && rendered.quoteId ? { quoteId: rendered.quoteId } : {}),
    ...(i === 0 && rendered.link ? { link: rendered.link } : {}),
    ...(i === 0 && rendered.spoiler ? { spoiler: rendered.spoiler } : {}),
    ...(rendered.visibility ? { visibility: i === 0 ? rendered.visibility : (rendered.threadVisibility ?? rendered.visibility) } : {}),
    ...(rendered.language ? { language: rendered.language } : {}),
    idempotencyKey: key,
  };
}
