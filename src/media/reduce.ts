// A JPEG or PNG over a network's size limit is not a dead end: at publish, the network gets a
// reduced copy, made deterministically with sharp (libvips) and cached by content. The original
// file is never touched, so the approval digest (over the original bytes) still holds.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ImageType, MediaInfo } from './inspect.js';

/** Formats a reduced copy can be made of (GIF may be animated, WebP is rarely that large). */
export function reducible(type: ImageType): boolean {
  return type === 'image/jpeg' || type === 'image/png';
}

/** Bump when the algorithm changes: cached copies of the old one are not reused. */
const VERSION = 1;
/** Longest side tried first, then smaller ones; quality steps for JPEG. */
const SIDES = [4096, 3072, 2048, 1600, 1280, 1024, 800, 640, 480, 320];
const QUALITIES = [85, 75, 65];

/** A copy of `info` that fits `maxBytes`, or `info` itself when it already fits or cannot be reduced. */
export async function fitForNetwork(info: MediaInfo, maxBytes: number, cacheDir: string): Promise<MediaInfo> {
  if (info.size <= maxBytes || !reducible(info.type)) return info;
  const original = readFileSync(info.absPath);
  const key = createHash('sha256').update(`${VERSION}\0${maxBytes}\0`).update(original).digest('hex');
  const ext = info.type === 'image/png' ? 'png' : 'jpg';
  const target = path.join(cacheDir, `${key}.${ext}`);
  if (existsSync(target)) return { absPath: target, size: readFileSync(target).length, type: info.type };
  const bytes = await reduce(original, info.type, maxBytes);
  if (!bytes) return info;
  mkdirSync(cacheDir, { recursive: true });
  // Written aside then renamed: a copy is whole or absent, never half-written.
  const tmp = `${target}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, target);
  return { absPath: target, size: bytes.length, type: info.type };
}

/** The reduced bytes, or undefined when even the smallest attempt does not fit. */
export async function reduce(original: Buffer, type: ImageType, maxBytes: number): Promise<Buffer | undefined> {
  // Loaded only here: sharp is a native library that only publish needs, and only for big images.
  const { default: sharp } = await import('sharp');
  // Deterministic output: no cache between calls, one thread, metadata dropped (also keeps the
  // photo's GPS position off the networks), orientation applied to the pixels.
  sharp.cache(false);
  sharp.concurrency(1);
  const meta = await sharp(original).metadata();
  const longest = Math.max(meta.width ?? 0, meta.height ?? 0);
  // The image's own size first (capped), then smaller and smaller.
  for (const side of [Math.min(longest || SIDES[0]!, SIDES[0]!), ...SIDES.filter((s) => s < longest)]) {
    const resized = () => sharp(original).rotate().resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true });
    if (type === 'image/png') {
      const out = await resized().png({ compressionLevel: 9, adaptiveFiltering: false }).toBuffer();
      if (out.length <= maxBytes) return out;
      continue;
    }
    for (const quality of QUALITIES) {
      const out = await resized().jpeg({ quality, mozjpeg: false, chromaSubsampling: '4:2:0' }).toBuffer();
      if (out.length <= maxBytes) return out;
    }
  }
  return undefined;
}
