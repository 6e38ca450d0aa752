// What a Bluesky create needs beyond the common fields (SPEC §15): facets, langs, the link card and
// the stable time of the record key. A hook kept out of the publisher so that it moves with it.
import type { CreateItem } from '../networks/types.js';
import type { ValidPost } from './publisher.js';
import type { RenderedItem, RenderedPost } from '../render/index.js';

export function blueskyFields(post: ValidPost, rendered: RenderedPost, item: RenderedItem, index: number): Partial<CreateItem> {
  if (rendered.network !== 'bluesky') return {};
  const out: Partial<CreateItem> = {};
  if (item.facets?.length) out.facets = item.facets;
  if (rendered.langs) out.langs = rendered.langs;
  if (index === 0 && rendered.card) out.card = rendered.card;
  const at = post.data.review?.at ?? post.data.publish_at;
  if (at) out.stableAt = at;
  return out;
}
