// Which posts go to the fortnightly letter and in which section (SPEC §14). Pure: used by the
// letter-item rule, the letter assembly and the approval rule, so they can never disagree.
import { type CharterData, LETTER, type LetterSection } from '../charter/types.js';
import type { PostData } from '../post/types.js';

/** A post is in the letter when it opts in, when its channels name the letter, or when its type feeds a section. */
export function inLetter(data: PostData, charter: CharterData): boolean {
  if (!charter.letter || data.letter === false) return false;
  if (data.letter === true) return true;
  const channels = data.networks ?? charter.types[data.type]?.networks ?? [];
  if (channels.includes(LETTER)) return true;
  return candidateSections(data, charter).length > 0;
}

/** Asked for the letter explicitly (letter: true, or the letter among its channels). */
export function askedForLetter(data: PostData, charter: CharterData): boolean {
  if (!charter.letter || data.letter === false) return false;
  return data.letter === true || (data.networks ?? charter.types[data.type]?.networks ?? []).includes(LETTER);
}

/** Goes to the letter and to no social network (it is approved with the letter as a whole). */
export function letterOnly(data: PostData, charter: CharterData): boolean {
  const channels = data.networks ?? charter.types[data.type]?.networks ?? [];
  return inLetter(data, charter) && channels.every((c) => c === LETTER);
}

function hasHashtag(text: string, tags: readonly string[]): boolean {
  const lower = text.toLocaleLowerCase('fr');
  return tags.some((t) => new RegExp(`#${t.toLocaleLowerCase('fr').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}_])`, 'u').test(lower));
}

/** The sections that may take this post, in the letter's order (dates aside). */
export function candidateSections(data: PostData, charter: CharterData): LetterSection[] {
  const text = data.text ?? '';
  return (charter.letter?.sections ?? []).filter((s) => s.types.includes(data.type) && (!s.hashtags?.length || hasHashtag(text, s.hashtags)));
}
