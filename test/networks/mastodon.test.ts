import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as mastodonModule from '../../src/networks/mastodon.js';
import type { NetworkAdapter } from '../../src/networks/types.js';
import { MASTODON_ACCOUNT, MASTODON_TOKEN, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { adapterFor, closedPortUrl, failure, fixture, gifFixture, never, uniq } from './helpers.js';

let sb: Sandbox;
let m: NetworkAdapter;
const secrets = [MASTODON_TOKEN];

beforeAll(async () => {
  sb = await startSandbox();
  m = await adapterFor(sb, 'mastodon');
});
afterEach(() => sb.clearFaults());
afterAll(async () => {
  await m.close();
  await sb.close();
});

const key = (): string => `lm-post-test-${Math.random().toString(36).slice(2)}`;
const statusRequests = (): typeof sb.requests => sb.requests.filter((r) => r.network === 'mastodon' && r.method === 'POST' && r.path === '/api/v1/statuses');

describe('Mastodon adapter: publishing', () => {
  it('exports its metadata (idempotent creates)', () => {
    expect(mastodonModule.requiredEnv).toEqual(['LM_POST_MASTODON_TOKEN']);
    expect(mastodonModule.baseUrlEnv).toBe('LM_POST_MASTODON_URL');
    expect(mastodonModule.idempotent).toBe(true);
  });

  it('posts with visibility, spoiler and language, and chains replies', async () => {
    const k1 = key();
    const first = await m.create({ text: uniq('Premier pouet #TiersLieux'), mediaIds: [], visibility: 'public', spoiler: 'politique locale', language: 'fr', idempotencyKey: k1 }, never());
    const second = await m.create({ text: uniq('2/ la suite'), mediaIds: [], replyTo: first.id, visibility: 'unlisted', idempotencyKey: key() }, never());
    expect(first.url).toBe(`${sb.urls.mastodon}/@${MASTODON_ACCOUNT.username}/${first.id}`);

    const byId = new Map(sb.posts('mastodon').map((p) => [p.id, p]));
    expect(byId.get(first.id)).toMatchObject({ visibility: 'public', spoiler: 'politique locale', language: 'fr', replyTo: null, idempotencyKey: k1 });
    expect(byId.get(second.id)).toMatchObject({ visibility: 'unlisted', replyTo: first.id });

    const sent = statusRequests().at(-2);
    expect(sent?.headers['idempotency-key']).toBe(k1);
    expect(sent?.headers.authorization).toBe('Bearer');
    expect(sent?.body).toMatchObject({ visibility: 'public', spoiler_text: 'politique locale', language: 'fr' });
  });

  it('a repeated create with the same Idempotency-Key returns the same status', async () => {
    const k = key();
    const text = uniq('Une seule fois');
    const a = await m.create({ text, mediaIds: [], idempotencyKey: k }, never());
    const before = sb.posts('mastodon').length;
    const b = await m.create({ text, mediaIds: [], idempotencyKey: k }, never());
    expect(b).toEqual(a);
    expect(sb.posts('mastodon').length).toBe(before);
  });

  it('uploads images with their description, waits for processing, and attaches them', async () => {
    const a = gifFixture('Un logo animé qui clignote');
    const b = fixture('salle-reunion.png', 'Une salle de réunion lumineuse avec une grande table');
    const c = fixture('compost.jpg', 'Trois bacs à compost en bois dans la cour');
    const idA = await m.uploadMedia(a, never());
    const idB = await m.uploadMedia(b, never());
    const idC = await m.uploadMedia(c, never());
    const media = new Map(sb.media('mastodon').map((x) => [x.id, x]));
    expect(media.get(idA)).toMatchObject({ altText: a.alt, sha256: a.sha256, bytes: a.size, contentType: 'image/gif' });
    expect(media.get(idB)).toMatchObject({ altText: b.alt, sha256: b.sha256, bytes: b.size, contentType: 'image/png' });
    expect(media.get(idC)).toMatchObject({ altText: c.alt, sha256: c.sha256, bytes: c.size, contentType: 'image/jpeg' });
    // The GIF (a gifv for Mastodon) was answered 202: the adapter polled until ready. The still
    // images, small or large, were answered 200 (processed synchronously) and used at once, without a poll.
    const upload = sb.requests.find((r) => r.network === 'mastodon' && r.path === '/api/v2/media' && r.status === 202);
    expect(upload).toBeDefined();
    expect(sb.requests.some((r) => r.network === 'mastodon' && r.method === 'GET' && r.path === `/api/v1/media/${idA}` && r.status === 200)).toBe(true);
    expect(sb.requests.filter((r) => r.network === 'mastodon' && r.path === '/api/v2/media' && r.status === 200).length).toBeGreaterThanOrEqual(2);
    for (const id of [idB, idC]) expect(sb.requests.some((r) => r.network === 'mastodon' && r.method === 'GET' && r.path === `/api/v1/media/${id}`)).toBe(false);

    const post = await m.create({ text: uniq('Avec images'), mediaIds: [idA, idB, idC], idempotencyKey: key() }, never());
    expect(sb.posts('mastodon').find((p) => p.id === post.id)?.media.map((x) => x.id)).toEqual([idA, idB, idC]);
  });

  it('a media poll waits as long as the server says (429 reset, 503 Retry-After), without uploading again', async () => {
    const a = gifFixture('Un logo animé qui clignote');
    // The first poll is throttled (reset in 1 s), the second answered 503 with Retry-After: 1.
    sb.addFault({ network: 'mastodon', method: 'GET', path: /^\/api\/v1\/media\/\d+$/, action: { kind: 'rate-limit', resetInSeconds: 1 } });
    sb.addFault({ network: 'mastodon', method: 'GET', path: /^\/api\/v1\/media\/\d+$/, skip: 1, action: { kind: 'status', status: 503, headers: { 'Retry-After': '1' } } });
    const uploadsBefore = sb.requests.filter((r) => r.network === 'mastodon' && r.path === '/api/v2/media').length;
    const id = await m.uploadMedia(a, never());
    const polls = sb.requests.filter((r) => r.network === 'mastodon' && r.method === 'GET' && r.path === `/api/v1/media/${id}`);
    expect(polls.map((r) => r.status)).toEqual([429, 503, 200]);
    // Each next poll came no sooner than the server asked (timestamps recorded by the emulator).
    const gap = (i: number) => Date.parse(polls[i + 1]!.at) - Date.parse(polls[i]!.at);
    expect(gap(0)).toBeGreaterThanOrEqual(900);
    expect(gap(1)).toBeGreaterThanOrEqual(950);
    expect(sb.requests.filter((r) => r.network === 'mastodon' && r.path === '/api/v2/media').length).toBe(uploadsBefore + 1);
  });

  it('preflight: passes with the full token, names the missing scope otherwise', async () => {
    const from = sb.requests.length;
    await m.preflight!(never());
    // Each scope proven by a request that needs it; nothing created; apps/verify_credentials (the
    // application's registered scopes) never asked; English asked for.
    const seen = sb.requests.slice(from).filter((r) => r.network === 'mastodon');
    expect(seen.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /api/v1/accounts/verify_credentials 200',
      expect.stringMatching(/^GET \/api\/v1\/accounts\/\d+\/statuses 200$/),
      'PUT /api/v1/statuses/0 404',
      'PUT /api/v1/media/0 404',
    ]);
    expect(seen.every((r) => r.headers['accept-language'] === 'en')).toBe(true);
    for (const [token, scope] of [
      ['sandbox-mastodon-token-no-read-accounts', 'read:accounts'],
      ['sandbox-mastodon-token-no-write-media', 'write:media'],
      // The application was registered with read and write (apps/verify_credentials says so), the
      // token was not granted read:statuses: only a request that needs it tells.
      ['sandbox-mastodon-token-no-read-statuses', 'read:statuses'],
      ['sandbox-mastodon-token-no-write-statuses', 'write:statuses'],
    ] as const) {
      const limited = await adapterFor(sb, 'mastodon', { overrides: { LM_POST_MASTODON_TOKEN: token } });
      try {
        const e = await failure(() => limited.preflight!(never()), [token]);
        expect(e).toMatchObject({ kind: 'permanent', apiCode: `missing-scope:${scope}` });
      } finally {
        await limited.close();
      }
    }
  });

  it('tells a 422 for media still processing from other 422s by status codes, not by the (localised) words', async () => {
    // A French instance (DEFAULT_LOCALE=fr): its validation errors are French whatever is asked.
    const french = await startSandbox({ mastodonLocale: 'fr' });
    const fm = await adapterFor(french, 'mastodon');
    try {
      const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
      const form = new FormData();
      form.append('file', new Blob([gif], { type: 'image/gif' }), 'anim.gif');
      const up = await fetch(`${french.urls.mastodon}/api/v2/media`, { method: 'POST', headers: { Authorization: `Bearer ${MASTODON_TOKEN}` }, body: form });
      expect(up.status).toBe(202);
      const id = ((await up.json()) as { id: string }).id;
      // Attached before it is processed: Mastodon's 422, here in French; the adapter asks the media
      // (206) and calls it transient, worth retrying.
      const e = await failure(() => fm.create({ text: uniq('Trop tôt'), mediaIds: [id], idempotencyKey: key() }, never()), [MASTODON_TOKEN]);
      const answered = french.requests.filter((r) => r.path === '/api/v1/statuses' && r.method === 'POST').at(-1)!;
      expect(answered.status).toBe(422);
      expect(e).toMatchObject({ kind: 'transient', status: 422 });
      expect(e.message).toContain('Impossible de joindre les fichiers en cours de traitement');
      // A 422 for another reason (text over the limit), in French too: permanent.
      const long = await failure(() => fm.create({ text: 'é'.repeat(501), mediaIds: [], idempotencyKey: key() }, never()), [MASTODON_TOKEN]);
      expect(long).toMatchObject({ kind: 'permanent', status: 422 });
      expect(long.message).toContain('La validation a échoué');
      // Scopes are told by 403, whatever the language.
      const limited = await adapterFor(french, 'mastodon', { overrides: { LM_POST_MASTODON_TOKEN: 'sandbox-mastodon-token-no-read-statuses' } });
      try {
        expect(await failure(() => limited.preflight!(never()), [])).toMatchObject({ apiCode: 'missing-scope:read:statuses' });
      } finally {
        await limited.close();
      }
    } finally {
      await fm.close();
      await french.close();
    }
  });

  it('lists recent statuses newest first, as plain text, with reply links', async () => {
    const textA = uniq('Récent A & <b>gras</b>\nligne deux');
    const a = await m.create({ text: textA, mediaIds: [], idempotencyKey: key() }, never());
    const b = await m.create({ text: uniq('Récent B'), mediaIds: [], replyTo: a.id, idempotencyKey: key() }, never());
    const recent = await m.recent(2, never());
    expect(recent.map((p) => p.id)).toEqual([b.id, a.id]);
    expect(recent[0]).toMatchObject({ replyTo: a.id, url: b.url });
    expect(recent[1]!.text).toBe(textA);
    expect(recent[1]!.replyTo).toBeUndefined();
    expect(recent[1]!.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('htmlToText undoes paragraphs, line breaks, links and entities', () => {
    expect(mastodonModule.htmlToText('<p>a &amp; b<br />c</p><p><a href="https://x">#<span>Tag</span></a> &#39;ok&#x27;</p>')).toBe("a & b\nc\n\n#Tag 'ok'");
  });
});

describe('Mastodon adapter: errors', () => {
  it('429 → rate-limit until X-RateLimit-Reset', async () => {
    sb.addFault({ network: 'mastodon', method: 'POST', path: '/api/v1/statuses', action: { kind: 'rate-limit', resetInSeconds: 120 } });
    const err = await failure(() => m.create({ text: uniq('limité'), mediaIds: [], idempotencyKey: key() }, never()), secrets);
    expect(err).toMatchObject({ network: 'mastodon', kind: 'rate-limit', status: 429 });
    expect(err.retryAfterMs).toBeGreaterThan(115_000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(121_000);
  });

  it('503 on upload or reading → transient; 5xx on create → unknown-outcome', async () => {
    sb.addFault({ network: 'mastodon', path: '/api/v2/media', action: { kind: 'status', status: 503 } });
    expect(await failure(() => m.uploadMedia(fixture('bocaux.jpg', 'Des bocaux de légumes secs'), never()), secrets)).toMatchObject({ kind: 'transient', status: 503 });
    sb.addFault({ network: 'mastodon', path: '/api/v1/accounts/verify_credentials', action: { kind: 'status', status: 502 } });
    const fresh = await adapterFor(sb, 'mastodon');
    expect(await failure(() => fresh.recent(5, never()), secrets)).toMatchObject({ kind: 'transient', status: 502 });
    sb.addFault({ network: 'mastodon', method: 'POST', path: '/api/v1/statuses', action: { kind: 'status', status: 503 } });
    const cr = await failure(() => m.create({ text: uniq('panne'), mediaIds: [], idempotencyKey: key() }, never()), secrets);
    expect(cr).toMatchObject({ kind: 'unknown-outcome', status: 503 });
    expect(cr.message).toMatch(/Service Unavailable/);
  });

  it('a dropped connection after creation → unknown-outcome; re-sending with the same key returns that status', async () => {
    const k = key();
    const text = uniq('créé sans réponse');
    sb.addFault({ network: 'mastodon', method: 'POST', path: '/api/v1/statuses', action: { kind: 'drop-after' } });
    const before = sb.posts('mastodon').length;
    const err = await failure(() => m.create({ text, mediaIds: [], idempotencyKey: k }, never()), secrets);
    expect(err.kind).toBe('unknown-outcome');
    expect(sb.posts('mastodon').length).toBe(before + 1);
    const again = await m.create({ text, mediaIds: [], idempotencyKey: k }, never());
    expect(again.id).toBe(sb.posts('mastodon').at(-1)!.id);
    expect(sb.posts('mastodon').length).toBe(before + 1);
  });

  it('bad token → permanent 401 without leaking either token', async () => {
    const wrong = 'wrong-mastodon-token-9876';
    const bad = await adapterFor(sb, 'mastodon', { overrides: { LM_POST_MASTODON_TOKEN: wrong } });
    const err = await failure(() => bad.create({ text: uniq('refusé'), mediaIds: [], idempotencyKey: key() }, never()), [...secrets, wrong]);
    expect(err).toMatchObject({ kind: 'permanent', status: 401 });
    expect(err.message).toMatch(/access token is invalid/);
  });

  it('422 validation → permanent with the API text; 404 reply target → permanent', async () => {
    const long = await failure(() => m.create({ text: 'é'.repeat(600), mediaIds: [], idempotencyKey: key() }, never()), secrets);
    expect(long).toMatchObject({ kind: 'permanent', status: 422 });
    expect(long.message).toMatch(/character limit/);
    const orphan = await failure(() => m.create({ text: uniq('réponse'), mediaIds: [], replyTo: '1', idempotencyKey: key() }, never()), secrets);
    expect(orphan).toMatchObject({ kind: 'permanent', status: 404 });
  });

  it('connection refused → transient, even on create', async () => {
    const dead = await adapterFor(sb, 'mastodon', { baseUrl: await closedPortUrl() });
    const err = await failure(() => dead.create({ text: uniq('personne'), mediaIds: [], idempotencyKey: key() }, never()), secrets);
    expect(err).toMatchObject({ kind: 'transient', apiCode: 'ECONNREFUSED' });
  });

  it('deadline: a slow create → unknown-outcome (aborted for real), a slow read → transient', async () => {
    const slow = await adapterFor(sb, 'mastodon', { timeoutMs: 300 });
    sb.addFault({ network: 'mastodon', method: 'POST', path: '/api/v1/statuses', action: { kind: 'delay', ms: 1500 } });
    const t0 = Date.now();
    const cr = await failure(() => slow.create({ text: uniq('lent'), mediaIds: [], idempotencyKey: key() }, never()), secrets);
    expect(cr.kind).toBe('unknown-outcome');
    expect(Date.now() - t0).toBeLessThan(1200);
    sb.addFault({ network: 'mastodon', method: 'GET', path: '/api/v1/accounts/verify_credentials', action: { kind: 'delay', ms: 1500 } });
    expect((await failure(() => slow.recent(5, never()), secrets)).kind).toBe('transient');
    // The scoped signal did not stay on axios' defaults: the adapter still works.
    const ok = await slow.create({ text: uniq('après'), mediaIds: [], idempotencyKey: key() }, never());
    expect(ok.id).toBeTruthy();
  });

  it('without an instance URL the adapter refuses to start', async () => {
    await expect(mastodonModule.createAdapter({ credentials: { LM_POST_MASTODON_TOKEN: MASTODON_TOKEN }, timeoutMs: 1000 })).rejects.toMatchObject({ kind: 'permanent' });
  });
});
