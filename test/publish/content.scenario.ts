// One real-network publish run (bin/lm-post as a subprocess, real SDKs, emulators on loopback)
// of five posts of the example queue, then a second run: exact payloads per network, reply
// chains, quote, Mastodon idempotency keys, receipts written without touching the author's text,
// nothing published twice, no secret anywhere.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RecordedRequest, type Sandbox, type SandboxPost, startSandbox } from '../../src/sandbox/index.js';
import { crashSigns, type CliResult } from '../helpers/cli.js';
import { hasUrl } from '../../src/render/twitter-text.js';
import {
  compose,
  createRequests,
  eventInDays,
  hoursAgo,
  makeWorkspace,
  PHOTOS_PATH,
  posts,
  Q,
  readTree,
  sandboxEnv,
  secrets,
  setPublishAt,
  sha256,
  splitOwnBlocks,
  type Workspace,
} from '../helpers/publish-env.js';

const PANORAMA_LINK = 'https://observatoire-tiers-lieux.example.org/panorama-2026';
const BUDGET_LINK = 'https://presse-ess.example.org/2026/12/budget-metropole-ess';
const JEUDIWE_LINK = 'https://locauxmotiv.fr/agenda/jeudiwe-compost';
const SHARE_ID = '1865432109876543210';

const IDS = [Q.veillePanorama, Q.veilleBudget, Q.livetweet, Q.relais, Q.jeudiwe];
const EDITS = {
  // A veille with a mention; due one hour ago (publish_at in the past, not stale).
  [Q.veillePanorama]: compose(setPublishAt(hoursAgo(1)), (t) => t.replace('Le nouveau panorama des tiers-lieux est paru', 'Le nouveau panorama de {@france-tiers-lieux} est paru')),
  [Q.veilleBudget]: setPublishAt(undefined),
  [Q.livetweet]: setPublishAt(undefined),
  // The Facebook evenement gets a link (sent as the post's link) and stays announceable.
  [Q.jeudiwe]: compose(setPublishAt(undefined), eventInDays(5), (t) => t.replace(/^media:/m, `link: ${JEUDIWE_LINK}\nmedia:`)),
};

let sb: Sandbox;
let ws: Workspace;
let original: Record<string, string>;
let approve: CliResult;
let run1: CliResult;
let req1: RecordedRequest[];
let after1: Record<string, string>;
let run2: CliResult;
let req2: RecordedRequest[];
let after2: Record<string, string>;
// The same posts in a second checkout, published to Mastodon only, against the same emulators.
let ws2: Workspace;
let rerun: CliResult;
let reqRerun: RecordedRequest[];
let mastodonBefore: number;

const texts = (w: Workspace) => Object.fromEntries(IDS.map((id) => [id, w.read(id)]));
const receipts = (w: Workspace, id: string) => (parse(w.read(id)) as { published?: Record<string, { id: string; url: string; at: string; thread?: string[] }> }).published;
const statuses = (n: 'twitter' | 'mastodon' | 'facebook') => sb.posts(n);
const byText = (n: 'twitter' | 'mastodon' | 'facebook', start: string): SandboxPost => {
  const hits = statuses(n).filter((p) => p.text.startsWith(start));
  expect(hits, `${n}: one post starting with ${start}`).toHaveLength(1);
  return hits[0]!;
};

// Started on import, so that every scenario of the suite runs its CLI processes concurrently.
const ready = (async () => {
  sb = await startSandbox();
  ws = makeWorkspace(IDS, EDITS);
  original = texts(ws);
  ws2 = makeWorkspace(IDS);
  for (const id of IDS) ws2.write(id, original[id]!);
  let approve2: CliResult;
  [approve, approve2] = await Promise.all([ws.cli(['approve', ...IDS, '--as', 'sacha']), ws2.cli(['approve', ...IDS, '--as', 'dominique'])]);
  expect(approve2.code, approve2.stdout + approve2.stderr).toBe(0);
  run1 = await ws.cli(['publish'], sandboxEnv(sb));
  req1 = [...sb.requests];
  after1 = texts(ws);
  run2 = await ws.cli(['publish'], sandboxEnv(sb));
  req2 = sb.requests.slice(req1.length);
  after2 = texts(ws);

  mastodonBefore = statuses('mastodon').length;
  const n = sb.requests.length;
  rerun = await ws2.cli(['publish', '--network', 'mastodon'], sandboxEnv(sb));
  reqRerun = sb.requests.slice(n);
})();
ready.catch(() => {}); // reported by beforeAll
beforeAll(() => ready, 120_000);

afterAll(async () => {
  await sb?.close();
  ws?.remove();
  ws2?.remove();
});

describe('publish through the real SDKs against the emulators', () => {
  it('approves, then publishes every post × network, exit 0', () => {
    expect(approve.code, approve.stdout + approve.stderr).toBe(0);
    expect(approve.stdout.match(/approuvé \(sacha\)/g)).toHaveLength(IDS.length);
    expect(crashSigns(run1)).toEqual([]);
    expect(run1.stderr).toBe('');
    expect(run1.code, run1.stdout).toBe(0);
    expect(run1.stdout).toContain('Publication de 5 billet(s) :');
    expect(run1.stdout).toContain('Résumé : 9 publication(s) faite(s).');
    // The publish summary gives what X billed for this run (pay-per-use), call by call as the
    // emulator received them: every create (with or without a URL) and every alt text (media/metadata).
    const xCreates = createRequests(req1, 'twitter').map((r) => String((r.body as { text?: unknown }).text ?? ''));
    const altTexts = req1.filter((r) => r.network === 'twitter' && r.method === 'POST' && r.path === '/2/media/metadata').length;
    expect(altTexts).toBeGreaterThan(0);
    const withLink = xCreates.filter((t) => hasUrl(t)).length;
    const fr = (n: number) => new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 3 }).format(Math.round(n * 1e6) / 1e6);
    const expected = withLink * 0.2 + (xCreates.length - withLink) * 0.015 + altTexts * 0.005;
    const detail = [
      ...(withLink ? [`${withLink} billet(s) avec lien à 0,20 USD`] : []),
      ...(xCreates.length - withLink ? [`${xCreates.length - withLink} billet(s) sans lien à 0,015 USD`] : []),
      `${altTexts} texte(s) alternatif(s) à 0,005 USD`,
    ].join(', ');
    expect(run1.stdout).toContain(`\nCoût X de cette publication : ${fr(expected)} USD (${detail}).\n`);
    // One ✓ line per post × network, with the URL of the created post.
    const done = run1.stdout.split('\n').filter((l) => l.startsWith('✓ '));
    expect(done).toHaveLength(9);
    for (const l of done) expect(l).toMatch(/ → (X \(Twitter\)|Mastodon|Facebook) {2}http:\/\/127\.0\.0\.1:\d+\/\S+$/);
    expect(createRequests(req1, 'twitter')).toHaveLength(1 + 1 + 4 + 1);
    expect(createRequests(req1, 'mastodon')).toHaveLength(1 + 1 + 4 + 1);
    expect(createRequests(req1, 'facebook')).toHaveLength(1);
    // Every request succeeded, but the Mastodon preflight's write probes: edits of id 0, which a
    // token with the scope gets refused as 404 (nothing exists to change; see networks/mastodon.ts).
    const probes = req1.filter((r) => r.network === 'mastodon' && r.method === 'PUT' && /^\/api\/v1\/(statuses|media)\/0$/.test(r.path));
    expect(probes.every((r) => r.status === 404)).toBe(true);
    const others = req1.filter((r) => !probes.includes(r));
    expect(others.every((r) => r.status >= 200 && r.status < 300), JSON.stringify(others.filter((r) => r.status >= 300))).toBe(true);
  });

  it('veille: mention as X handle / Mastodon address, link on its own line', () => {
    const raw = (parse(original[Q.veillePanorama]!) as { text: string }).text.trimEnd();
    const x = byText('twitter', 'Le nouveau panorama');
    expect(x.text).toBe(raw.replace('{@france-tiers-lieux}', '@FTiersLieux') + '\n' + PANORAMA_LINK);
    expect(x.text).toBe(
      'Le nouveau panorama de @FTiersLieux est paru, avec un chapitre sur leur place dans les quartiers prioritaires et leurs liens avec les collectivités. Utile pour les lieux du 7e ! #TiersLieux #Lyon7\n' +
        PANORAMA_LINK,
    );
    const m = byText('mastodon', 'Le nouveau panorama');
    expect(m.text).toBe(raw.replace('{@france-tiers-lieux}', '@francetierslieux@mastodon.example') + '\n' + PANORAMA_LINK);
    expect(m).toMatchObject({ visibility: 'public', language: 'fr', spoiler: null, replyTo: null });
    // The body as sent by megalodon.
    const body = createRequests(req1, 'mastodon').find((r) => (r.body as { status: string }).status.startsWith('Le nouveau panorama'))!.body;
    expect(body).toEqual({ status: m.text, visibility: 'public', language: 'fr' });
    const xBody = createRequests(req1, 'twitter').find((r) => (r.body as { text: string }).text.startsWith('Le nouveau panorama'))!.body;
    expect(xBody).toEqual({ text: x.text });
  });

  it('veille with a Mastodon variant: spoiler_text, visibility and language go through; X keeps the main text', () => {
    const x = byText('twitter', 'Budget 2027');
    expect(x.text).toBe(
      "Budget 2027 de la Métropole : quelles lignes pour l'ESS et les tiers-lieux ? Une analyse claire des montants votés et de ce qu'ils changent pour les structures du territoire. #ESS\n" +
        BUDGET_LINK,
    );
    const req = createRequests(req1, 'mastodon').find((r) => (r.body as { status: string }).status.startsWith('Budget 2027'))!;
    expect(req.body).toEqual({
      status:
        "Budget 2027 de la Métropole : quelles lignes pour l'ESS et les tiers-lieux ?\n\nUne analyse claire des montants votés, des appels à projets maintenus ou supprimés et de ce qu'ils changent pour les structures du territoire. À lire avant les prochaines réunions de quartier. #ESS #TiersLieux #Lyon7\n" +
        BUDGET_LINK,
      spoiler_text: 'politique locale',
      visibility: 'public',
      language: 'fr',
    });
    expect(byText('mastodon', 'Budget 2027')).toMatchObject({ spoiler: 'politique locale', visibility: 'public', language: 'fr' });
  });

  it('Facebook evenement: plain-name mention, link apart, image as an unpublished photo attached by id', () => {
    const fb = statuses('facebook');
    expect(fb).toHaveLength(1);
    const post = fb[0]!;
    const raw = (parse(original[Q.jeudiwe]!) as { text: string }).text.trimEnd();
    // Photos and a link: photos win, the link goes at the end of the message (SPEC §12).
    expect(post.text).toBe(`${raw.replace('{@compost-lyon}', 'Compost Lyon')}\n${JEUDIWE_LINK}`);
    expect(post.text).toContain('Avec Compost Lyon, on fait le point');
    expect(post.text).not.toMatch(/\{@|@compost/i);
    expect(post.link).toBeNull();
    expect(post.published).toBe(true);

    const file = readFileSync(path.join(ws.queue, 'media/compost.jpg'));
    const photos = req1.filter((r) => r.network === 'facebook' && r.method === 'POST' && r.path === PHOTOS_PATH);
    expect(photos).toHaveLength(1);
    const photo = photos[0]!.body as Record<string, unknown> & { source: { sha256: string; size: number; contentType: string } };
    expect(photo.published).toBe('false');
    expect(photo.alt_text_custom).toBe("Trois bacs à compost en bois alignés dans la cour de Locaux Motiv', sous un ciel bleu");
    expect(photo.source).toMatchObject({ sha256: sha256(file), size: file.length, contentType: 'image/jpeg' });
    const media = sb.media('facebook');
    expect(media).toHaveLength(1);
    expect(media[0]!.sha256).toBe(sha256(file));
    const feed = createRequests(req1, 'facebook')[0]!.body as { message: string; link?: string; attached_media: unknown[] };
    expect(feed.message).toBe(post.text);
    expect(feed).not.toHaveProperty('link');
    // Graph's documented JSON form: objects, never JSON strings inside JSON.
    expect(feed.attached_media).toEqual([{ media_fbid: media[0]!.id }]);
    expect(post.media.map((m) => m.sha256)).toEqual([sha256(file)]);
  });

  it('livetweet: 4 tweets, each replying to the previous; the image of item 2 with its alt text', () => {
    const tweets = createRequests(req1, 'twitter').filter((r) => /^[1-4]\/ /.test((r.body as { text: string }).text));
    expect(tweets.map((r) => (r.body as { text: string }).text.slice(0, 2))).toEqual(['1/', '2/', '3/', '4/']);
    const created = ['1/', '2/', '3/', '4/'].map((p) => byText('twitter', p));
    expect(created[0]!.text).toContain('organisées par @CressAURA.');
    expect(created[2]!.text.startsWith('3/ @FTiersLieux rappelle')).toBe(true);
    expect(created[0]!.replyTo).toBeNull();
    for (let i = 1; i < 4; i++) {
      expect(created[i]!.replyTo).toBe(created[i - 1]!.id);
      expect((tweets[i]!.body as { reply: { in_reply_to_tweet_id: string } }).reply).toEqual({ in_reply_to_tweet_id: created[i - 1]!.id });
    }
    expect(tweets[0]!.body).not.toHaveProperty('reply');

    const alt = "Schéma vu du dessus d'une table ronde entourée de huit participant·es, avec des documents posés au centre";
    const png = readFileSync(path.join(ws.queue, 'media/table-ronde.png'));
    const meta = req1.filter((r) => r.network === 'twitter' && r.path === '/2/media/metadata');
    expect(meta).toHaveLength(1);
    const mediaId = (meta[0]!.body as { id: string }).id;
    expect(meta[0]!.body).toEqual({ id: mediaId, metadata: { alt_text: { text: alt } } });
    expect((tweets[1]!.body as { media: unknown }).media).toEqual({ media_ids: [mediaId] });
    expect(created[1]!.media).toEqual([expect.objectContaining({ id: mediaId, altText: alt, sha256: sha256(png) })]);
    for (const i of [0, 2, 3]) expect(created[i]!.media).toEqual([]);
  });

  it('livetweet on Mastodon: 4 statuses chained, first public, replies unlisted, image with description', () => {
    const created = ['1/', '2/', '3/', '4/'].map((p) => byText('mastodon', p));
    expect(created[0]!.text).toContain('organisées par @cressaura@mastodon.example.');
    expect(created[2]!.text.startsWith('3/ @francetierslieux@mastodon.example rappelle')).toBe(true);
    expect(created.map((s) => s.visibility)).toEqual(['public', 'unlisted', 'unlisted', 'unlisted']);
    expect(created[0]!.replyTo).toBeNull();
    for (let i = 1; i < 4; i++) expect(created[i]!.replyTo).toBe(created[i - 1]!.id);
    const reqs = createRequests(req1, 'mastodon').filter((r) => /^[1-4]\/ /.test((r.body as { status: string }).status));
    expect(reqs.map((r) => (r.body as { visibility: string }).visibility)).toEqual(['public', 'unlisted', 'unlisted', 'unlisted']);
    expect(reqs.map((r) => (r.body as { in_reply_to_id?: string }).in_reply_to_id)).toEqual([undefined, created[0]!.id, created[1]!.id, created[2]!.id]);

    const alt = "Schéma vu du dessus d'une table ronde entourée de huit participant·es, avec des documents posés au centre";
    const png = readFileSync(path.join(ws.queue, 'media/table-ronde.png'));
    const upload = req1.filter((r) => r.network === 'mastodon' && r.method === 'POST' && r.path === '/api/v2/media');
    expect(upload).toHaveLength(1);
    expect(upload[0]!.body).toMatchObject({ description: alt, file: { sha256: sha256(png), contentType: 'image/png' } });
    expect(created[1]!.media).toEqual([expect.objectContaining({ altText: alt, sha256: sha256(png) })]);
    expect((reqs[1]!.body as { media_ids: string[] }).media_ids).toEqual([created[1]!.media[0]!.id]);
  });

  it('relais on pay-per-use (the default): X gets text + the shared URL, no quote_tweet_id; Mastodon the same URL', () => {
    const x = byText('twitter', 'Appel à projets');
    expect(x.quoteOf).toBeNull();
    expect(x.text).toBe("Appel à projets ouvert jusqu'à fin janvier, à relayer autour de vous : les lieux de l'ESS de la région sont concernés. Merci @FTiersLieux !\nhttps://x.com/FTiersLieux/status/" + SHARE_ID);
    const xBody = createRequests(req1, 'twitter').find((r) => (r.body as { text: string }).text.startsWith('Appel à projets'))!.body;
    expect(xBody).toEqual({ text: x.text });
    const m = byText('mastodon', 'Appel à projets');
    expect(m.text).toBe(
      "Appel à projets ouvert jusqu'à fin janvier, à relayer autour de vous : les lieux de l'ESS de la région sont concernés. Merci @francetierslieux@mastodon.example !\nhttps://x.com/FTiersLieux/status/" +
        SHARE_ID,
    );
    expect(m.quoteOf).toBeNull();
  });

  it('Mastodon: every status creation carries an Idempotency-Key, distinct per item', () => {
    const creates = createRequests(req1, 'mastodon');
    const keys = creates.map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(7);
    for (const k of keys) expect(k).toMatch(/^\S{16,}$/);
    expect(new Set(keys).size).toBe(keys.length);
    expect(statuses('mastodon').map((s) => s.idempotencyKey)).toEqual(keys);
    // X and Facebook have no such header.
    for (const r of createRequests(req1, 'twitter')) expect(r.headers).not.toHaveProperty('idempotency-key');
  });

  it('a re-run from another checkout finds the Mastodon statuses on the account and sends nothing', () => {
    // Same content, other checkout (no receipts, no journal), same account: the account's recent
    // statuses are read once before the first create and the posts found there are recorded
    // (issue 6) — no create is sent at all (idempotency keys only last an hour), nothing new is
    // created and the receipts point at the same ids.
    expect(createRequests(req1, 'mastodon').length).toBeGreaterThan(0);
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
    expect(createRequests(reqRerun, 'mastodon')).toEqual([]);
    expect(createRequests(reqRerun, 'twitter')).toEqual([]);
    expect(createRequests(reqRerun, 'facebook')).toEqual([]);
    expect(statuses('mastodon')).toHaveLength(mastodonBefore);
    for (const id of IDS.filter((i) => i !== Q.jeudiwe)) {
      expect(receipts(ws2, id)?.mastodon?.id).toBe(receipts(ws, id)?.mastodon?.id);
      expect(receipts(ws2, id)?.twitter).toBeUndefined();
    }
  });

  it('receipts: published.<network> = { id, url, at, thread } matching the emulators', () => {
    for (const id of IDS) {
      const pub = receipts(ws, id)!;
      const nets = id === Q.jeudiwe ? ['facebook'] : ['twitter', 'mastodon'];
      expect(Object.keys(pub).sort()).toEqual([...nets].sort());
      for (const n of nets) {
        const r = pub[n]!;
        expect(typeof r.id).toBe('string');
        expect(Number.isNaN(Date.parse(r.at))).toBe(false);
        const emu = statuses(n as 'twitter').find((p) => p.id === r.id);
        expect(emu, `${id} → ${n}: receipt id ${r.id} exists on the emulator`).toBeDefined();
        expect(emu!.replyTo).toBeNull();
        expect(r.url.startsWith(sb.urls[n as 'twitter'])).toBe(true);
        expect(r.url).toContain(n === 'facebook' ? r.id.split('_').at(-1)! : r.id);
        if (n === 'mastodon') expect(r.url).toBe(emu!.url);
      }
    }
    for (const n of ['twitter', 'mastodon'] as const) {
      const r = receipts(ws, Q.livetweet)![n]!;
      const chain = ['2/', '3/', '4/'].map((p) => byText(n, p).id);
      expect(r.thread).toEqual(chain);
      expect(r.id).toBe(byText(n, '1/').id);
    }
    expect(receipts(ws, Q.veilleBudget)!.twitter!.thread).toBeUndefined();
  });

  it('receipts: the author’s text, comments and layout are kept byte for byte', () => {
    for (const id of IDS) {
      const { authored, own } = splitOwnBlocks(after1[id]!);
      expect(authored, id).toBe(original[id]);
      expect(own.startsWith('review:\n'), id).toBe(true);
      expect(own).toMatch(/\npublished:\n/);
    }
    expect(after1[Q.veilleBudget]).toContain('  # Sur Mastodon, le sujet est masqué derrière un avertissement et le texte est plus développé.\n');
    expect(after1[Q.livetweet]).toContain("# Live-tweet préparé à l'avance : Inès complète les éléments du fil sur place.\n");
  });

  it('a second run publishes nothing, says so, sends no create request, exit 0, writes nothing', () => {
    expect(run2.code, run2.stdout + run2.stderr).toBe(0);
    expect(run2.stdout).toContain('Rien de nouveau à publier');
    expect(run2.stdout).toContain('5 billet(s) déjà publié(s)');
    expect(createRequests(req2)).toEqual([]);
    expect(posts(req2)).toEqual([]);
    expect(after2).toEqual(after1);
  });

  it('no secret value of the environment appears in any output, post file or state file', () => {
    const where: Record<string, string> = {
      'run1 stdout': run1.stdout,
      'run1 stderr': run1.stderr,
      'run2 stdout': run2.stdout,
      'run2 stderr': run2.stderr,
      'rerun stdout': rerun.stdout,
      'rerun stderr': rerun.stderr,
      ...Object.fromEntries(Object.entries(after1).map(([k, v]) => [`queue/${k}.yaml`, v])),
      ...Object.fromEntries(Object.entries(readTree(path.join(ws.root, '.lm-post'))).map(([k, v]) => [`.lm-post/${k}`, v])),
      ...Object.fromEntries(Object.entries(readTree(path.join(ws2.root, '.lm-post'))).map(([k, v]) => [`ws2 .lm-post/${k}`, v])),
    };
    expect(Object.keys(where).some((k) => k.startsWith('.lm-post/journal/'))).toBe(true);
    const s = secrets(sb);
    expect(s.length).toBeGreaterThanOrEqual(7);
    for (const [name, text] of Object.entries(where)) for (const secret of s) expect(text.includes(secret), `${secret} in ${name}`).toBe(false);
  });
});
