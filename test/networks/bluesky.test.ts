// Bluesky, beyond the contract suite: what only the emulator can show (an access token that expires
// within a test, the request log), the link card's guards, and the "Bad input" list of issue 16 through
// the real CLI — each with a French message naming Bluesky, a non-zero exit, nothing sent anywhere and
// no password in any output.
import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressAllowed, fetchOpenGraph, parseOpenGraph } from '../../src/networks/link-card.js';
import { blueskyRichText, shortUrl } from '../../src/render/bluesky.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { cli, inProcess } from '../exactly-once/helpers.js';
import { never } from './helpers.js';

describe('Bluesky rich text', () => {
  it('counts UTF-8 bytes for every facet, keeps the full URI behind a shortened link, tags without #', () => {
    const r = blueskyRichText('Été 🌞 avec @cressaura.bsky.social #ESS https://locauxmotiv.fr/veille/panorama-des-tiers-lieux-2026 fin');
    expect(r.text).toBe('Été 🌞 avec @cressaura.bsky.social #ESS locauxmotiv.fr/veille/panorama-des-ti… fin');
    const bytes = Buffer.from(r.text);
    expect(r.facets.map((f) => [f.kind, bytes.subarray(f.byteStart, f.byteEnd).toString()])).toEqual([
      ['mention', '@cressaura.bsky.social'],
      ['tag', '#ESS'],
      ['link', 'locauxmotiv.fr/veille/panorama-des-ti…'],
    ]);
    expect(r.facets[0]!.byteStart).toBe(Buffer.byteLength('Été 🌞 avec '));
    expect(r.facets.find((f) => f.kind === 'link')).toMatchObject({ uri: 'https://locauxmotiv.fr/veille/panorama-des-tiers-lieux-2026' });
    expect(r.facets.find((f) => f.kind === 'tag')).toMatchObject({ tag: 'ESS' });
    expect(shortUrl('https://locauxmotiv.fr/a')).toBe('locauxmotiv.fr/a');
    // A word with @ but no domain is not a mention; an e-mail address is not one either.
    expect(blueskyRichText('écrire à contact@locauxmotiv.fr ou @bob').facets).toEqual([]);
  });
});

describe('link card guards (SSRF)', () => {
  let server: Server;
  let hits = 0;
  let url: string;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits++;
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><head><meta property="og:title" content="Titre &eacute;"><meta name="description" content="Desc"></head></html>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/page`;
  });
  afterAll(() => server.close());

  it('refuses loopback, private, link-local, unique-local and mapped addresses; allows public ones', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1']) {
      expect(addressAllowed(a, 'public'), a).toBe(false);
    }
    for (const a of ['93.184.216.34', '2606:4700::6810:84e5']) expect(addressAllowed(a, 'public'), a).toBe(true);
    expect(addressAllowed('127.0.0.1', 'loopback')).toBe(true);
    expect(addressAllowed('93.184.216.34', 'loopback')).toBe(false);
  });

  it('never fetches http, nor a host that resolves to a private address, nor anything when off; the test switch allows loopback only', async () => {
    expect(await fetchOpenGraph(url, 'public', 2000, never())).toBeUndefined();
    expect(await fetchOpenGraph(url.replace('http:', 'https:'), 'public', 2000, never())).toBeUndefined();
    expect(await fetchOpenGraph(url.replace('127.0.0.1', 'localhost').replace('http:', 'https:'), 'public', 2000, never())).toBeUndefined();
    expect(await fetchOpenGraph(url, 'off', 2000, never())).toBeUndefined();
    expect(hits).toBe(0);
    expect(await fetchOpenGraph(url, 'loopback', 2000, never())).toEqual({ title: 'Titre é', description: 'Desc' });
    expect(hits).toBe(1);
  });

  it('a page that never answers ends at the deadline (the card falls back to the post’s words)', async () => {
    const hang = createServer(() => undefined);
    await new Promise<void>((r) => hang.listen(0, '127.0.0.1', () => r()));
    const t0 = Date.now();
    expect(await fetchOpenGraph(`http://127.0.0.1:${(hang.address() as { port: number }).port}/`, 'loopback', 300, never())).toBeUndefined();
    expect(Date.now() - t0).toBeLessThan(2000);
    hang.closeAllConnections();
    hang.close();
    expect(parseOpenGraph('<title>Seul titre</title>')).toEqual({ title: 'Seul titre' });
  });
});

describe('Bluesky session: one per run, refreshed with refreshJwt when the access token expires', () => {
  it('logs in once, refreshes once, and the create goes through', async () => {
    const { startSandbox } = await import('../../src/sandbox/index.js');
    const sb = await startSandbox({ blueskyAccessTtlMs: 300 });
    try {
      const { createAdapter } = await import('../../src/networks/bluesky.js');
      const a = await createAdapter({ credentials: { LM_POST_BLUESKY_IDENTIFIER: sb.env.LM_POST_BLUESKY_IDENTIFIER!, LM_POST_BLUESKY_APP_PASSWORD: sb.env.LM_POST_BLUESKY_APP_PASSWORD! }, baseUrl: sb.urls.bluesky, timeoutMs: 5000 });
      await a.preflight!(never());
      await new Promise((r) => setTimeout(r, 400));
      const c = await a.create({ text: 'Après expiration', mediaIds: [], idempotencyKey: 'refresh-1' }, never());
      expect(c.id).toMatch(/^at:\/\//);
      const paths = sb.requests.filter((r) => r.network === 'bluesky').map((r) => `${r.path} ${r.status}`);
      expect(paths.filter((p) => p.startsWith('/xrpc/com.atproto.server.createSession'))).toEqual(['/xrpc/com.atproto.server.createSession 200']);
      expect(paths.filter((p) => p.startsWith('/xrpc/com.atproto.server.refreshSession'))).toEqual(['/xrpc/com.atproto.server.refreshSession 200']);
      // The expired token was answered as the PDS does (400 ExpiredToken), then the create was sent again with the new one.
      expect(paths.filter((p) => p.startsWith('/xrpc/com.atproto.repo.createRecord'))).toEqual(['/xrpc/com.atproto.repo.createRecord 400', '/xrpc/com.atproto.repo.createRecord 200']);
      expect(sb.posts('bluesky')).toHaveLength(1);
    } finally {
      await sb.close();
    }
  });
});

describe('Bluesky bad input through lm-post publish (issue 16)', () => {
  let sb: Sandbox;
  let root: string;
  const CHARTER = `version: 1
organisation: "Locaux Motiv'"
language: fr
timezone: Europe/Paris
networks:
  twitter: { label: X, max_length: 280, max_media: 4, max_hashtags: 2 }
  mastodon: { label: Mastodon, instance: https://mastodon.example, mirror_of: twitter, max_length: 500, max_media: 4, max_hashtags: 4 }
  bluesky: { label: Bluesky, mirror_of: twitter, max_length: 300, max_media: 4, max_hashtags: 3 }
types:
  veille: { label: Veille, networks: [twitter] }
groups:
  medias: { label: GR Médias, types: "*" }
people:
  - { id: sacha, name: Sacha, group: medias, validator: true, trained: true }
  - { id: ines, name: Inès, group: medias, trained: true }
accounts:
  cress: { name: CRESS, twitter: CressAURA, bluesky: cressaura.bsky.social }
  inconnu: { name: Inconnu, twitter: Inconnu, bluesky: personne-inconnue.bsky.social }
`;
  const write = (id: string, text: string) => writeFileSync(path.join(root, 'queue', `${id}.yaml`), `type: veille\nauthor: ines\ntext: "${text}"\n`);
  beforeAll(async () => {
    const { startSandbox } = await import('../../src/sandbox/index.js');
    sb = await startSandbox();
    root = mkdtempSync(path.join(os.tmpdir(), 'lm-post-bsky-bad-'));
    mkdirSync(path.join(root, 'charter'), { recursive: true });
    mkdirSync(path.join(root, 'queue'), { recursive: true });
    writeFileSync(path.join(root, 'charter/charter.yaml'), CHARTER);
  });
  afterAll(async () => {
    await sb?.close();
    rmSync(root, { recursive: true, force: true });
  });
  const creates = () => sb.requests.filter((r) => r.method === 'POST' && /\/2\/tweets$|\/api\/v1\/statuses$|createRecord$/.test(r.path)).length;
  const publish = async (env: Record<string, string> = {}) => cli(root, ['publish'], { ...sb.env, LM_POST_LANG: 'fr', ...env }, 40_000);

  it('a wrong app password: exit 2, a French message naming Bluesky, nothing sent on any network, no password shown', async () => {
    write('a-mot-de-passe', 'Bonjour {@cress} !');
    expect((await inProcess(root, ['approve', 'a-mot-de-passe', '--as', 'sacha'], {})).code).toBe(0);
    const before = creates();
    const wrong = 'zzzz-yyyy-xxxx-wwww';
    const r = await publish({ LM_POST_BLUESKY_APP_PASSWORD: wrong });
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toMatch(/Bluesky a refusé l’identifiant ou le mot de passe d’application .* rien n’a été envoyé, sur aucun réseau/);
    expect(r.stdout + r.stderr).not.toContain(wrong);
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at .+\.js:\d+/);
    expect(creates()).toBe(before);
  });

  it('an unknown handle in the address book: exit 2, the handle named, nothing sent anywhere', async () => {
    write('a-mot-de-passe', 'Bonjour {@inconnu} !');
    expect((await inProcess(root, ['approve', 'a-mot-de-passe', '--as', 'sacha'], {})).code).toBe(0);
    const before = creates();
    const r = await publish();
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toContain('Bluesky : le compte @personne-inconnue.bsky.social du carnet d’adresses');
    expect(creates()).toBe(before);
  });

  it('a PDS that is down, or hangs: the deadline holds, non-zero exit, nothing sent anywhere', async () => {
    const hang = createServer(() => undefined);
    await new Promise<void>((r) => hang.listen(0, '127.0.0.1', () => r()));
    try {
      const before = creates();
      const t0 = Date.now();
      const r = await cli(root, ['publish', '--timeout', '1'], { ...sb.env, LM_POST_LANG: 'fr', LM_POST_BLUESKY_SERVICE: `http://127.0.0.1:${(hang.address() as { port: number }).port}` }, 40_000);
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(r.stderr).toMatch(/Bluesky \(127\.0\.0\.1:\d+\) n’a pas pu ouvrir la session : rien n’a été envoyé, sur aucun réseau/);
      expect(Date.now() - t0).toBeLessThan(30_000);
      expect(creates()).toBe(before);
      const down = await cli(root, ['publish'], { ...sb.env, LM_POST_LANG: 'fr', LM_POST_BLUESKY_SERVICE: 'http://127.0.0.1:9' }, 40_000);
      expect(down.code).toBe(1);
      expect(down.stderr).toMatch(/Bluesky \(127\.0\.0\.1:9\) n’a pas pu ouvrir la session/);
      expect(creates()).toBe(before);
    } finally {
      hang.closeAllConnections();
      hang.close();
    }
  });

  it('a text over 300 graphemes but within X’s 280 weighted: check reports it for Bluesky only', async () => {
    const links = [1, 2, 3, 4].map((i) => `https://locauxmotiv.fr/veille/un-article-assez-long-numero-${i}`).join(' ');
    write('b-long', `${'a'.repeat(150)} ${links}`);
    const r = await inProcess(root, ['check', 'queue/b-long.yaml'], { LM_POST_LANG: 'fr' });
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n').filter((l) => l.includes('max-length'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Texte trop long pour Bluesky : 3\d\d\/300/);
  });
});
