// A letter item's words: mentions as plain names (a letter has no handles), hashtags without
// their "#" (they are social-network markup; in an email the word reads better).
import type { Charter } from '../charter/types.js';
import type { PostData } from '../post/types.js';

const MENTION = /\{@([^}\s]*)\}/g;

const TAG = String.raw`#\p{L}[\p{L}\p{N}_]*`;
/** Trailing lines made only of hashtags, and a run of hashtags ending the last sentence. */
const TRAILING_TAGS = new RegExp(String.raw`(?:\n[ \t]*(?:${TAG}[ \t]*)+)+$|(?<=[.!?…)»👇])[ \t]+(?:${TAG}[ \t]*)+$`, 'u');

export function letterText(data: PostData, charter: Charter): string {
  // SPEC §17: hashtags read naturally — trailing ones are social-network markup and go; inline
  // ones keep their word.
  return (data.text ?? '')
    .trimEnd()
    .replace(TRAILING_TAGS, '')
    .trimEnd()
    .replace(MENTION, (whole, id: string) => charter.accounts?.[id]?.name ?? whole)
    .replace(/(^|[\s(«"'])#(\p{L}[\p{L}\p{N}_]*)/gu, '$1$2')
    .replace(/[ \t]+$/gm, '');
}
