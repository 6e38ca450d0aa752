// Writing a new post file from answers or flags (SPEC §11 `new`): the `$schema` line on top,
// a name that never clashes, images from anywhere copied into queue/media/.
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, statSync, type Stats, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { Document } from 'yaml';
import type { Charter } from '../charter/types.js';
import { ExitCode, LmPostError } from '../errors.js';
import { readMediaBounded, sniffImage } from '../media/inspect.js';
import type { PostData } from '../post/types.js';
import { wallClock } from '../util/time.js';
import { freeName, slugFromText, slugify } from './slug.js';

/** The post's text as written to its file: the `$schema` line, then the fields in their usual order. */
export function postYaml(data: PostData): string {
  const order = ['type', 'author', 'text', 'link', 'share', 'media', 'publish_at', 'event', 'thread', 'networks'] as const;
  const ordered: Record<string, unknown> = {};
  for (const k of order) if (data[k] !== undefined) ordered[k] = data[k];
  const doc = new Document(ordered);
  return `# yaml-language-server: $schema=../charter/post.schema.json\n${doc.toString({ lineWidth: 0 })}`;
}

/** `<date>-<slug>` of SPEC §11: publication date (else today), slug from the event name or the first words. */
export function postBaseName(data: PostData, charter: Charter, now: Date, publishAt: Date | undefined, id?: string): string {
  if (id) {
    const s = slugify(id, 64);
    if (!s) throw new LmPostError('bad-id', { fr: 'Identifiant « {{id}} » inutilisable : lettres, chiffres et tirets.', en: 'Unusable id "{{id}}": letters, digits and dashes.' }, { id }, ExitCode.usage);
    return s;
  }
  const date = wallClock(publishAt ?? now, charter.timezone).date;
  const slug = (data.event?.name ? slugify(data.event.name) : '') || slugFromText(data.text ?? data.share ?? data.type) || data.type;
  return `${date}-${slug}`;
}

/**
 * Create `queue/<base>.yaml` (or `-2`, `-3`…) with `text`, atomically and without ever replacing
 * a file: the bytes go to a temp file, which is then hard-linked to the free name (link fails
 * when the name exists, even if another process took it a moment ago).
 */
export function writeNewPost(queueDir: string, base: string, text: string): string {
  mkdirSync(queueDir, { recursive: true });
  const tmp = path.join(queueDir, `.new-${process.pid}-${Date.now()}.tmp`);
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    for (let tries = 0; tries < 100; tries++) {
      const target = freeName(queueDir, base, '.yaml', (p) => existsSync(p) || existsSync(p.replace(/\.yaml$/, '.yml')));
      try {
        linkSync(tmp, target);
        return target;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
    throw new Error('no free file name');
  } finally {
    unlinkSync(tmp);
  }
}

function inside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

const EXT: Record<string, string> = { 'image/jpeg': '.jpg', 'image/png': '.png', 'image/gif': '.gif', 'image/webp': '.webp' };

/**
 * The path to write in the post for image `file` (as typed: relative to the working directory,
 * or `~/…`): a file already inside the queue is referenced where it is; any other is copied into
 * `queue/media/` under a clean name that clashes with nothing (the same bytes already there are reused).
 */
/** No network takes a larger image (see DEFAULT_MAX_IMAGE_BYTES): nothing larger is read. */
const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

export function importImage(file: string, queueDir: string, cwd: string, home = process.env.HOME ?? ''): { ref: string; copiedTo?: string } {
  const typed = file.startsWith('~/') && home ? path.join(home, file.slice(2)) : file;
  // Relative to the working directory, else to the queue folder (`media/x.jpg` as posts write it).
  let abs = path.resolve(cwd, typed);
  if (!existsSync(abs) && existsSync(path.resolve(queueDir, typed))) abs = path.resolve(queueDir, typed);
  // Look before reading: a regular file only (a FIFO would hang the read, /dev/zero would never
  // end), read through one checked descriptor, bounded.
  let st: Stats;
  try {
    st = statSync(abs);
  } catch {
    throw new LmPostError('image-missing', { fr: 'Image introuvable : {{file}}.', en: 'Image not found: {{file}}.' }, { file }, ExitCode.usage);
  }
  if (!st.isFile()) throw new LmPostError('image-not-file', { fr: '{{file}} n’est pas un fichier ordinaire (dossier, tube ou périphérique) : donnez le chemin d’une image.', en: '{{file}} is not a regular file (folder, pipe or device): give the path of an image.' }, { file }, ExitCode.usage);
  if (st.size > MAX_IMPORT_BYTES) throw new LmPostError('image-too-large', { fr: '{{file}} est trop lourde ({{mb}} Mo ; au plus {{max}} Mo).', en: '{{file}} is too large ({{mb}} MB; at most {{max}} MB).' }, { file, mb: Math.ceil(st.size / 1048576), max: MAX_IMPORT_BYTES / 1048576 }, ExitCode.usage);
  const read = readMediaBounded(abs, MAX_IMPORT_BYTES);
  if (!read) throw new LmPostError('image-not-file', { fr: '{{file}} n’est pas un fichier ordinaire (dossier, tube ou périphérique) : donnez le chemin d’une image.', en: '{{file}} is not a regular file (folder, pipe or device): give the path of an image.' }, { file }, ExitCode.usage);
  const bytes: Buffer = read;
  const type = sniffImage(bytes.subarray(0, 16));
  if (!type) {
    throw new LmPostError('image-type', { fr: '{{file}} n’est pas une image JPEG, PNG, GIF ou WebP.', en: '{{file}} is not a JPEG, PNG, GIF or WebP image.' }, { file }, ExitCode.usage);
  }
  if (inside(abs, queueDir)) return { ref: path.relative(queueDir, abs).split(path.sep).join('/') };
  const media = path.join(queueDir, 'media');
  mkdirSync(media, { recursive: true });
  const base = slugify(path.basename(abs, path.extname(abs))) || 'image';
  const ext = EXT[type]!;
  for (let tries = 0; tries < 100; tries++) {
    const target = freeName(media, base, ext, (p) => existsSync(p) && !(readMediaBounded(p, MAX_IMPORT_BYTES) ?? Buffer.alloc(0)).equals(bytes));
    if (existsSync(target)) return { ref: `media/${path.basename(target)}`, copiedTo: target };
    try {
      // The bytes checked above, not the path again (it may have changed meanwhile).
      writeFileSync(target, bytes, { flag: 'wx' });
      return { ref: `media/${path.basename(target)}`, copiedTo: target };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  throw new Error('no free image name');
}
