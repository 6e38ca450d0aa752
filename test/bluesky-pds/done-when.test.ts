// Issue 16 "Done when", against the emulator AND a real @atproto/pds: the real CLI (bin/lm-post, dist/)
// publishes a veille (mention, hashtag and link facets at the right byte offsets, a link card read
// from the page's Open Graph tags), a live-tweet thread with an image and its alt, and a large image
// reduced below 2 MB. Receipts and journal deleted, a second run duplicates nothing (checked with
// listRecords); a third run does nothing. The charter has no `twitter`: no X variable is set.
import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { cli, inProcess } from '../exactly-once/helpers.js';
import { HARNESS, REQUIRED, SKIP_NOTE, startEmulator, startRealPds, type Target, xrpc } from './servers.js';

const targets = [
  { name: 'emulator', start: startEmulator, skip: false },
  { name: 'real PDS', start: startRealPds, skip: !HARNESS && !REQUIRED },
] as const;

const POST = 'app.bsky.feed.post';
const ARTICLE = '/veille/panorama-des-tiers-lieux-2026';

function charter(mentionHandle: string): string {
  return `version: 1
organisation: "Locaux Motiv'"
language: fr
timezone: Europe/Paris
networks:
  mastodon:
    label: Mastodon
    instance: https://mastodon.example
    max_length: 500
    max_media: 4
    max_hashtags: 4
  bluesky:
    label: Bluesky
    mirror_of: mastodon
    max_length: 300
    max_media: 4
    max_hashtags: 3
    max_image_bytes: 2000000
    langs: [fr]
types:
  veille:
    label: Veille
    networks: [bluesky]
    requires: [link]
  livetweet:
    label: Live-tweet
    networks: [bluesky]
    thread: true
  photo:
    label: Photo
    networks: [bluesky]
groups:
  medias:
    label: GR Médias
    types: "*"
people:
  - { id: sacha, name: Sacha, group: medias, validator: true, trained: true }
  - { id: ines, name: Inès, group: medias, trained: true }
accounts:
  cress:
    name: CRESS
    bluesky: ${mentionHandle}
rules:
  link-https: off
`;
}

const posts = (link: string): Record<string, string> => ({
  'veille-panorama': `type: veille
author: ines
text: |
  🌱 Café à {@cress} : le panorama des tiers-lieux est paru. À lire ! #TiersLieux
link: ${link}
`,
  'livetweet-rencontres': `type: livetweet
author: ines
text: |
  1/ Nous sommes aux Rencontres régionales de l'ESS avec {@cress}. Fil 👇 #ESS
thread:
  - text: |
      2/ Première table ronde : un tiers-lieu mutualise bureaux et matériel.
    media:
      - file: media/table-ronde.png
        alt: "Schéma vu du dessus d'une table ronde entourée de huit participant·es"
  - text: |
      3/ Fin de la matinée. Merci aux organisateur·ices !
`,
  'photo-grande': `type: photo
author: ines
text: |
  La grande salle, vue d'en haut, avant l'assemblée générale.
media:
  - file: media/grande.jpg
    alt: "La grande salle vide, chaises alignées face à un écran"
`,
});

async function images(dir: string): Promise<number> {
  const { default: sharp } = await import('sharp');
  mkdirSync(dir, { recursive: true });
  await sharp({ create: { width: 600, height: 400, channels: 3, background: { r: 30, g: 120, b: 90 } } }).png().toFile(path.join(dir, 'table-ronde.png'));
  // Noise does not compress: a 2400×1800 JPEG at quality 95 weighs several megabytes.
  const w = 2400;
  const h = 1800;
  const raw = Buffer.alloc(w * h * 3);
  let x = 12345;
  for (let i = 0; i < raw.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    raw[i] = x >> 16;
  }
  await sharp(raw, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 95 }).toFile(path.join(dir, 'grande.jpg'));
  return statSync(path.join(dir, 'grande.jpg')).size;
}

/** A page with Open Graph tags and its image, on 127.0.0.1 (LM_POST_LINK_CARD_FETCH=loopback). */
async function ogServer(): Promise<{ server: Server; url: string }> {
  const { default: sharp } = await import('sharp');
  const png = await sharp({ create: { width: 120, height: 63, channels: 3, background: { r: 200, g: 80, b: 40 } } }).png().toBuffer();
  const server = createServer((req, res) => {
    if (req.url === ARTICLE) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html><head><title>Panorama</title>
<meta property="og:title" content="Panorama des tiers-lieux 2026 &amp; ESS">
<meta property="og:description" content="Le nouveau panorama national, avec un chapitre sur les quartiers prioritaires.">
<meta property="og:image" content="/og.png"></head><body>…</body></html>`);
    } else if (req.url === '/og.png') {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(png);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${port}` };
}

interface Rec {
  uri: string;
  cid: string;
  value: {
    text: string;
    langs?: string[];
    facets?: { index: { byteStart: number; byteEnd: number }; features: Record<string, string>[] }[];
    reply?: { root: { uri: string }; parent: { uri: string } };
    embed?: { $type: string; images?: { alt: string; image: { size: number; mimeType: string } }[]; external?: { uri: string; title: string; description: string; thumb?: { size: number } } };
  };
}

async function allRecords(t: Target): Promise<Rec[]> {
  const out: Rec[] = [];
  let cursor: string | undefined;
  for (;;) {
    const r = await xrpc(t.url, 'GET', 'com.atproto.repo.listRecords', { query: { repo: t.did, collection: POST, limit: '100', ...(cursor ? { cursor } : {}) } });
    expect(r.status).toBe(200);
    const page = r.body.records as Rec[];
    out.push(...page);
    cursor = r.body.cursor as string | undefined;
    if (!cursor || !page.length) return out;
  }
}

function stripReceipts(file: string): void {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  doc.delete('published');
  writeFileSync(file, doc.toString());
}

describe.each(targets)('Bluesky done-when — $name', ({ name, start, skip }) => {
  if (skip) {
    it.skip(`${name}: ${SKIP_NOTE}`, () => undefined);
    return;
  }
  let t: Target;
  let og: { server: Server; url: string };
  let root: string;
  beforeAll(async () => {
    t = await start();
    og = await ogServer();
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    og?.server.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('publishes a veille, a thread with an image and its alt, a large image reduced; a rerun without receipts nor journal duplicates nothing; a third run does nothing', async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'lm-post-bsky-'));
    const queue = path.join(root, 'queue');
    mkdirSync(path.join(root, 'charter'), { recursive: true });
    writeFileSync(path.join(root, 'charter/charter.yaml'), charter(t.mention.handle));
    const bigBytes = await images(path.join(queue, 'media'));
    expect(bigBytes).toBeGreaterThan(2_000_000);
    const link = `${og.url}${ARTICLE}`;
    for (const [id, text] of Object.entries(posts(link))) writeFileSync(path.join(queue, `${id}.yaml`), text);
    const approve = await inProcess(root, ['approve', 'veille-panorama', 'livetweet-rencontres', 'photo-grande', '--as', 'sacha'], {});
    expect(approve.code, approve.stdout + approve.stderr).toBe(0);

    // Only Bluesky's variables: no X (nor Mastodon: the posts go to Bluesky only).
    const env = { LM_POST_BLUESKY_SERVICE: t.url, LM_POST_BLUESKY_IDENTIFIER: t.identifier, LM_POST_BLUESKY_APP_PASSWORD: t.appPassword, LM_POST_LINK_CARD_FETCH: 'loopback', LM_POST_LANG: 'fr' };
    const before = (await allRecords(t)).length;
    const t1 = Date.now();
    const run1 = await cli(root, ['publish'], env, 60_000);
    const run1Ms = Date.now() - t1;
    expect(run1.code, run1.stdout + run1.stderr).toBe(0);
    expect(run1.stdout + run1.stderr).not.toContain(t.appPassword);
    const after1 = await allRecords(t);
    expect(after1.length - before).toBe(5);

    const receipts = (id: string) => (parseDocument(readFileSync(path.join(queue, `${id}.yaml`), 'utf8')).toJS() as { published?: Record<string, { id: string; cid?: string; url: string; thread?: string[] }> }).published?.bluesky;
    const byUri = new Map(after1.map((r) => [r.uri, r]));

    // The veille: facets at the right byte offsets, the card from the page's Open Graph tags.
    const veille = receipts('veille-panorama')!;
    expect(veille.id).toMatch(/^at:\/\//);
    expect(veille.cid).toMatch(/^bafyrei/);
    expect(veille.url).toBe(`https://bsky.app/profile/${t.identifier}/post/${veille.id.split('/').pop()}`);
    const v = byUri.get(veille.id)!.value;
    expect(v.langs).toEqual(['fr']);
    const utf8 = Buffer.from(v.text, 'utf8');
    const facet = (kind: string) => v.facets!.find((f) => f.features[0]!.$type === `app.bsky.richtext.facet#${kind}`)!;
    const slice = (f: { index: { byteStart: number; byteEnd: number } }) => utf8.subarray(f.index.byteStart, f.index.byteEnd).toString('utf8');
    expect(facet('mention').index.byteStart).toBe(Buffer.byteLength('🌱 Café à ', 'utf8'));
    expect(slice(facet('mention'))).toBe(`@${t.mention.handle}`);
    expect(facet('mention').features[0]!.did).toBe(t.mention.did);
    expect(slice(facet('tag'))).toBe('#TiersLieux');
    expect(facet('link').features[0]!.uri).toBe(link);
    expect(slice(facet('link'))).toBe(`127.0.0.1:${new URL(og.url).port}/veille/panorama-des-ti…`);
    expect(v.embed?.$type).toBe('app.bsky.embed.external');
    expect(v.embed?.external).toMatchObject({ uri: link, title: 'Panorama des tiers-lieux 2026 & ESS', description: 'Le nouveau panorama national, avec un chapitre sur les quartiers prioritaires.' });
    expect(v.embed?.external?.thumb?.size).toBeGreaterThan(0);

    // The thread: root and parent, the image with its alt.
    const live = receipts('livetweet-rencontres')!;
    expect(live.thread).toHaveLength(2);
    const [second, third] = live.thread!.map((u) => byUri.get(u)!.value);
    expect(second!.reply).toMatchObject({ root: { uri: live.id }, parent: { uri: live.id } });
    expect(third!.reply).toMatchObject({ root: { uri: live.id }, parent: { uri: live.thread![0] } });
    expect(second!.embed?.images?.map((i) => i.alt)).toEqual(["Schéma vu du dessus d'une table ronde entourée de huit participant·es"]);

    // The large image: a reduced copy below 2,000,000 bytes went out; the file is untouched.
    const photo = byUri.get(receipts('photo-grande')!.id)!.value;
    const sent = photo.embed!.images![0]!;
    expect(sent.image.mimeType).toBe('image/jpeg');
    expect(sent.image.size).toBeLessThanOrEqual(2_000_000);
    expect(statSync(path.join(queue, 'media/grande.jpg')).size).toBe(bigBytes);

    // Receipts and journal deleted: the same record keys come back, nothing is created twice.
    for (const id of ['veille-panorama', 'livetweet-rencontres', 'photo-grande']) stripReceipts(path.join(queue, `${id}.yaml`));
    rmSync(path.join(root, '.lm-post', 'journal'), { recursive: true, force: true });
    const run2 = await cli(root, ['publish'], env, 60_000);
    expect(run2.code, run2.stdout + run2.stderr).toBe(0);
    const after2 = await allRecords(t);
    expect(after2.map((r) => r.uri).sort()).toEqual(after1.map((r) => r.uri).sort());
    expect(receipts('veille-panorama')!.id).toBe(veille.id);
    expect(receipts('livetweet-rencontres')!.thread).toEqual(live.thread);

    // A third run has nothing to do.
    const creates = () => t.sandbox?.requests.filter((r) => r.path === '/xrpc/com.atproto.repo.createRecord').length ?? 0;
    const createsBefore = creates();
    const run3 = await cli(root, ['publish'], env, 60_000);
    expect(run3.code, run3.stdout + run3.stderr).toBe(0);
    expect((await allRecords(t)).length).toBe(after1.length);
    expect(creates()).toBe(createsBefore);
    console.info(`Bluesky done-when — ${name}: first publication ${run1Ms} ms, rerun ${run2.ms} ms, third run ${run3.ms} ms`);
  }, 240_000);
});
