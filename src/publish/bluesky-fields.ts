// What a Bluesky create needs beyond the common fields (SPEC §15): the item's facets, the record's
// langs and the first item's link card. A hook of createItemOf (item.ts).
import type { CreateItem } from '../networks/types.js';
import type { RenderedPost } from '../render/index.js';

export function blueskyFields(rendered: RenderedPost, index: number): Partial<CreateItem> {
  if (rendered.network !== 'bluesky') return {};
  const out: Partial<CreateItem> = {};
  const facets = rendered.items[index]?.facets;
  if (facets?.length) out.facets = facets;
  if (rendered.langs) out.langs = rendered.langs;
  if (index === 0 && rendered.card) out.card = rendered.card;
  return out;
}
