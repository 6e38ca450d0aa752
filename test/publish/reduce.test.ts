// An image over a network's limit goes out as a reduced copy made with sharp: deterministic,
// within the limit, the original file untouched and its approval still valid.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reduce } from '../../src/media/reduce.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { crashSigns } from '../helpers/cli.js';
import { makeWorkspace, Q, sandboxEnv, setPublishAt, type Workspace } from '../helpers/publish-env.js';

const LIMIT = 150_000;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A photo-sized JPEG (a gradient with deterministic grain), well over LIMIT at quality 100. */
async function bigJpeg(): Promise<Buffer> {
  const w = 1200;
  const raw = Buffer.alloc(w * w * 3);
  let x = 12345;
  for (let i = 0; i < raw.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    const px = Math.floor(i / 3);
    raw[i] = ((px % w) / 5 + Math.floor(px / w) / 7 + ((x >> 16) & 31)) & 255;
  }
  return sharp(raw, { raw: { width: w, height: w, channels: 3 } }).jpeg({ quality: 100 }).toBuffer();
}

let sb: Sandbox;
let ws: Workspace;
let original: Buffer;
beforeAll(async () => {
  original = await bigJpeg();
  sb = await startSandbox();
  ws = makeWorkspace([Q.veilleGuide], {
    [Q.veilleGuide]: (t) => setPublishAt(undefined)(t) + 'media:\n  - file: media/grande-photo.jpg\n    alt: "Une salle de réunion pleine, vue depuis le fond"\n',
  });
  writeFileSync(path.join(ws.queue, 'media/grande-photo.jpg'), original);
  const charterPath = path.join(ws.root, 'charter/charter.yaml');
  writeFileSync(charterPath, readFileSync(charterPath, 'utf8').replace(/max_image_bytes: 5242880/, `max_image_bytes: ${LIMIT}`));
}, 30_000);
afterAll(async () => {
  await sb?.close();
  ws?.remove();
});

describe('reduced copy at publish', () => {
  it('is deterministic and within the limit', async () => {
    expect(original.length).toBeGreaterThan(LIMIT);
    const [a, b] = await Promise.all([reduce(original, 'image/jpeg', LIMIT), reduce(original, 'image/jpeg', LIMIT)]);
    expect(a!.length).toBeLessThanOrEqual(LIMIT);
    expect(sha(a!)).toBe(sha(b!));
    expect((await sharp(a!).metadata()).format).toBe('jpeg');
  });

  it('check and preview say a reduced copy will be sent; publish sends it to X, the original to Mastodon', async () => {
    const check = await ws.cli(['check', Q.veilleGuide, '--lang', 'fr']);
    expect(check.code, check.stdout).toBe(0);
    expect(check.stdout).toMatch(/Image trop lourde pour X \(Twitter\) \([\d,]+ [MK]o, au plus 146 Ko\) : une copie réduite lui sera envoyée automatiquement/);
    const preview = await ws.cli(['preview', Q.veilleGuide, '--lang', 'fr']);
    expect(preview.stdout).toMatch(/copie réduite envoyée à X \(Twitter\) : [\d,]+ [MK]o > 146 Ko \(le fichier ne change pas\)/);

    const approve = await ws.cli(['approve', Q.veilleGuide, '--as', 'sacha']);
    expect(approve.code, approve.stdout + approve.stderr).toBe(0);
    const r = await ws.cli(['publish', Q.veilleGuide, '--lang', 'en'], sandboxEnv(sb));
    expect(crashSigns(r)).toEqual([]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    // The approval still held: the digest is over the original, which did not change.
    expect(sha(readFileSync(path.join(ws.queue, 'media/grande-photo.jpg')))).toBe(sha(original));
    const [x] = sb.media('twitter');
    expect(x!.bytes).toBeLessThanOrEqual(LIMIT);
    expect(x!.sha256).toBe(sha((await reduce(original, 'image/jpeg', LIMIT))!));
    const [m] = sb.media('mastodon');
    expect(m!.sha256).toBe(sha(original));
  }, 60_000);
});
