// Live-tweeting (SPEC §11 `live`): each line becomes the next item of the post's `thread:`.
// The item is written into the file before it is sent, so a crash between the two leaves it
// in the file, and the next session sends it first; a line already in the thread is not added
// again, so replaying the same input after a crash never doubles an item.
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { isMap, isSeq, parseDocument } from 'yaml';
import { ExitCode, LmPostError } from '../errors.js';
import type { PostData, ThreadItem } from '../post/types.js';
import { atomicWrite } from '../post/write.js';

/** The line is already the post's text or one of its thread items (after a crash and a rerun). */
export function alreadyInThread(data: PostData, text: string): boolean {
  const norm = (s: string | undefined) => (s ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
  const t = norm(text);
  return norm(data.text) === t || (data.thread ?? []).some((i) => norm(i.text) === t);
}

/** A line `+image FILE ALT…`: the image and its alt text for the next item. */
export function parseImageLine(line: string): { file: string; alt: string } | undefined {
  const m = /^\+image\s+(?:"([^"]+)"|(\S+))\s*(.*)$/.exec(line.trim());
  if (!m) return undefined;
  return { file: (m[1] ?? m[2])!, alt: m[3]!.trim() };
}

/**
 * Append `item` to the `thread:` of the post file (keeping its comments and layout), atomically.
 * Returns the previous bytes so a refused item can be taken back.
 */
export function appendThreadItem(file: string, item: ThreadItem): string {
  const source = readFileSync(file, 'utf8');
  const doc = parseDocument(source);
  const before = doc.toJS() as PostData;
  const thread = doc.get('thread', true);
  if (isSeq(thread)) thread.add(doc.createNode(item));
  else if (isMap(doc.contents)) doc.set('thread', doc.createNode([item]));
  const text = doc.toString({ lineWidth: 0 });
  const after = parseDocument(text).toJS() as PostData;
  const expected = { ...before, thread: [...(before.thread ?? []), item] };
  if (!isDeepStrictEqual(after, expected)) {
    throw new LmPostError('live-write', { fr: 'Impossible d’ajouter l’élément au fil de {{file}} sans changer le reste : rien n’a été écrit.', en: 'Cannot add the item to the thread of {{file}} without changing the rest: nothing was written.' }, { file }, ExitCode.problems);
  }
  atomicWrite(file, text);
  return source;
}

/** The schema's limit for a text (post.schema.json, TEXT): a longer item could never be read back. */
export const LIVE_MAX_CHARS = 70_000;

/**
 * Why a typed line cannot become an item, before anything is written: longer than a post text may
 * be (a paste accident: the file would no longer load, and every rerun would fail), or not valid
 * UTF-8 (the bytes were decoded to U+FFFD, which would be published as is; `check` refuses such a
 * file too).
 */
export function liveLineProblem(line: string, lang: 'fr' | 'en'): string | undefined {
  if (line.length > LIVE_MAX_CHARS) {
    return lang === 'fr'
      ? `✗ Ligne trop longue (${line.length} caractères, au plus ${LIVE_MAX_CHARS}) : rien n’a été écrit ni envoyé ; retapez l’élément.\n`
      : `✗ Line too long (${line.length} characters, at most ${LIVE_MAX_CHARS}): nothing was written or sent; type the item again.\n`;
  }
  if (line.includes('\uFFFD')) {
    return lang === 'fr'
      ? '✗ La ligne n’est pas de l’UTF-8 valide (octets illisibles, U+FFFD) : rien n’a été écrit ni envoyé ; vérifiez l’encodage du terminal ou du fichier.\n'
      : '✗ The line is not valid UTF-8 (unreadable bytes, U+FFFD): nothing was written or sent; check the encoding of the terminal or file.\n';
  }
  return undefined;
}
