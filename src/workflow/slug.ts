// File names for new posts and copied images: ASCII, short, and never clashing with a file
// already there (SPEC §11: `-2`, `-3`… are added, nothing is ever overwritten).
import { existsSync } from 'node:fs';
import path from 'node:path';

/** "JeudiWe spécial compost !" → "jeudiwe-special-compost" (ASCII, ≤ max characters, cut at a word). */
export function slugify(text: string, max = 40): string {
  const ascii = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/\{@[^}]*\}/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (ascii.length <= max) return ascii;
  const cut = ascii.slice(0, max + 1);
  const at = cut.lastIndexOf('-');
  return (at > 8 ? cut.slice(0, at) : ascii.slice(0, max)).replace(/-+$/, '');
}

/** The first words of a text as a slug (five words at most). */
export function slugFromText(text: string, max = 40): string {
  return slugify(slugify(text, 200).split('-').filter(Boolean).slice(0, 5).join(' '), max);
}

/** `dir/base.ext`, else `dir/base-2.ext`, `dir/base-3.ext`… the first that does not exist. */
export function freeName(dir: string, base: string, ext: string, taken: (p: string) => boolean = existsSync): string {
  for (let n = 1; ; n++) {
    const p = path.join(dir, `${base}${n === 1 ? '' : `-${n}`}${ext}`);
    if (!taken(p)) return p;
  }
}
