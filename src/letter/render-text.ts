// A letter item's words: mentions as plain names (a letter has no handles), hashtags without
// their "#" (they are social-network markup; in an email the word reads better).
import type { Charter } from '../charter/types.js';
import type { PostData } from '../post/types.js';

const MENTION = /\{@([^}\s]*)\}/g;

export function letterText(data: PostData, charter: Charter): string {
  return (data.text ?? '')
    .trimEnd()
    .replace(MENTION, (whole, id: string) => charter.accounts?.[id]?.name ?? whole)
    .replace(/(^|[\s(«"'])#(\p{L}[\p{L}\p{N}_]*)/gu, '$1$2')
    .replace(/[ \t]+$/gm, '');
}
