// Media checks shared by the media-file rule and the publishers: a file is what its bytes say,
// and it must stay inside the queue folder, whatever links point where.
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

export type ImageType = 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp';

/** The four formats every target network accepts, told apart by their signatures. */
export function sniffImage(head: Uint8Array): ImageType | undefined {
  const at = (i: number) => head[i];
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'image/jpeg';
  if ([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => at(i) === b)) return 'image/png';
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return 'image/gif';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}

export type MediaProblem =
  | { kind: 'absolute' }
  | { kind: 'outside' }
  | { kind: 'missing'; suggestion?: string }
  | { kind: 'heic' }
  | { kind: 'not-file' }
  | { kind: 'symlink-outside' }
  | { kind: 'not-image' };

export interface MediaInfo {
  absPath: string;
  size: number;
  type: ImageType;
}

/** HEIF/HEIC (iPhone photos): an ISO BMFF `ftyp` box with a HEIF brand. */
export function isHeic(head: Uint8Array): boolean {
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  return ascii(4, 8) === 'ftyp' && /^(heic|heix|heim|heis|hevc|hevx|mif1|msf1|heif)$/.test(ascii(8, 12));
}

/**
 * A path that exists for a path that does not: written from the repository root
 * (`queue/media/x.jpg`), with a leading `./queue/`, or with another case (`Photo.JPG`).
 */
function suggestPath(file: string, postDir: string, queueAbs: string): string | undefined {
  const parts = file.split(/[\\/]+/).filter((p) => p && p !== '.');
  const ok = (rel: string) => {
    const abs = path.resolve(postDir, rel);
    try {
      return inside(abs, queueAbs) && statSync(abs).isFile();
    } catch {
      return false;
    }
  };
  for (let i = 1; i < parts.length; i++) {
    const rel = parts.slice(i).join('/');
    if (ok(rel)) return rel;
  }
  // Same folder, another case: « media/Photo.JPG » for media/photo.jpg.
  const dir = path.resolve(postDir, path.dirname(file));
  try {
    const name = path.basename(file).toLowerCase();
    const match = readdirSync(dir).find((n) => n.toLowerCase() === name);
    const rel = match && path.posix.join(path.dirname(file).split(path.sep).join('/'), match);
    if (rel && ok(rel)) return rel;
  } catch {
    // no such folder
  }
  return undefined;
}

function inside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * Resolve and inspect a media path written in a post located in `postDir`. With `cache` (one per
 * run, e.g. the queue index's), each distinct path is inspected once: thousands of posts share a
 * few images.
 */
export function inspectMedia(file: string, postDir: string, queueDir: string, cache?: Map<string, MediaInfo | MediaProblem>): MediaInfo | MediaProblem {
  if (!cache) return inspectOnce(file, postDir, queueDir);
  const key = `${postDir}\0${queueDir}\0${file}`;
  let r = cache.get(key);
  if (!r) cache.set(key, (r = inspectOnce(file, postDir, queueDir)));
  return r;
}

function inspectOnce(file: string, postDir: string, queueDir: string): MediaInfo | MediaProblem {
  if (path.isAbsolute(file) || /^[a-zA-Z]:[\\/]/.test(file)) return { kind: 'absolute' };
  const abs = path.resolve(postDir, file);
  const queueAbs = path.resolve(queueDir);
  if (!inside(abs, queueAbs)) return { kind: 'outside' };
  try {
    lstatSync(abs);
  } catch {
    const suggestion = suggestPath(file, postDir, queueAbs);
    return suggestion ? { kind: 'missing', suggestion } : { kind: 'missing' };
  }
  let real: string;
  let realQueue: string;
  try {
    real = realpathSync(abs);
    realQueue = realpathSync(queueAbs);
  } catch {
    return { kind: 'missing' };
  }
  if (!inside(real, realQueue)) return { kind: 'symlink-outside' };
  const st = statSync(real);
  if (!st.isFile()) return { kind: 'not-file' };
  const head = new Uint8Array(16);
  const fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  const type = sniffImage(head);
  if (!type) return isHeic(head) ? { kind: 'heic' } : { kind: 'not-image' };
  return { absPath: real, size: st.size, type };
}

/** The image size limit of `network`: the charter's `max_image_bytes`, else the API's. */
export function maxImageBytes(charter: { networks: Partial<Record<string, { max_image_bytes?: number } | undefined>> }, network: keyof typeof DEFAULT_MAX_IMAGE_BYTES): number {
  return charter.networks[network]?.max_image_bytes ?? DEFAULT_MAX_IMAGE_BYTES[network];
}

/** Image size limits of each network's API, used when the charter sets none. */
export const DEFAULT_MAX_IMAGE_BYTES = { twitter: 5 * 1024 * 1024, mastodon: 16 * 1024 * 1024, facebook: 10 * 1024 * 1024, bluesky: 2_000_000 } as const;

/** The largest image any network accepts, or the charter allows: nothing larger is ever read whole. */
export function maxMediaBytes(charter: { networks: Partial<Record<string, { max_image_bytes?: number } | undefined>> }): number {
  let max = Math.max(...Object.values(DEFAULT_MAX_IMAGE_BYTES));
  for (const n of Object.values(charter.networks)) if (n?.max_image_bytes && n.max_image_bytes > max) max = n.max_image_bytes;
  return max;
}

/**
 * The bytes of a media file that passed `inspectMedia`, read through one descriptor that is checked
 * to be a regular file (a file swapped for a FIFO or a device after the check is refused, never
 * waited on), and never more than `maxBytes`: undefined when it is not a regular file or too large.
 */
export function readMediaBounded(absPath: string, maxBytes: number): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(absPath, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > maxBytes) return undefined;
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(1 << 20, maxBytes + 1 - total));
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(buf.subarray(0, n));
      total += n;
      if (total > maxBytes) return undefined;
    }
    return Buffer.concat(chunks, total);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
