import { createRequire } from 'node:module';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as facebookModule from '../../src/networks/facebook.js';
import type { NetworkAdapter } from '../../src/networks/types.js';
import { FACEBOOK_APP_SECRET, FACEBOOK_PAGE, FACEBOOK_TOKEN, graphBlocked, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { adapterFor, closedPortUrl, failure, fixture, never, uniq } from './helpers.js';

const require = createRequire(import.meta.url);
const { FacebookAdsApi } = require('facebook-nodejs-business-sdk') as { FacebookAdsApi: { GRAPH: string; GRAPH_VIDEO: string } };

let sb: Sandbox;
let fb: NetworkAdapter;
const secrets = [FACEBOOK_TOKEN, FACEBOOK_APP_SECRET];

beforeAll(async () => {
  sb = await startSandbox();
  fb = await adapterFor(sb, 'facebook');
});
afterEach(() => sb.clearFaults());
afterAll(async () => {
  await fb.close();
  await sb.close();
});

const key = (): string => `k-${Math.random()}`;
const fbRequests = (method: string, suffix: string): typeof sb.requests =>
  sb.requests.filter((r) => r.network === 'facebook' && r.method === method && r.path.endsWith(suffix));

describe('Facebook adapter: publishing', () => {
  it('exports its metadata', () => {
    expect(facebookModule.requiredEnv).toEqual(['LM_POST_FACEBOOK_PAGE_ID', 'LM_POST_FACEBOOK_PAGE_TOKEN']);
    expect(facebookModule.baseUrlEnv).toBe('LM_POST_FACEBOOK_GRAPH_URL');
    expect(facebookModule.idempotent).toBe(false);
  });

  it('posts a message with its link and returns the permalink', async () => {
    const text = uniq('Un bureau se libère au 1er janvier');
    const post = await fb.create({ text, mediaIds: [], link: 'https://locauxmotiv.fr/offre', idempotencyKey: key() }, never());
    expect(post.id).toMatch(new RegExp(`^${FACEBOOK_PAGE.id}_\\d+$`));
    expect(post.url).toBe(`${sb.urls.facebook}/${FACEBOOK_PAGE.id}/posts/${post.id.split('_')[1]}`);
    expect(sb.posts('facebook').find((p) => p.id === post.id)).toMatchObject({ text, link: 'https://locauxmotiv.fr/offre', published: true });

    const sent = fbRequests('POST', `/${FACEBOOK_PAGE.id}/feed`).at(-1)!;
    expect(sent.path).toBe(`/v24.0/${FACEBOOK_PAGE.id}/feed`);
    // The SDK puts the token in the query string (the sandbox log redacts it); the proof is in the body.
    expect(sent.query.access_token).toBe('[REDACTED]');
    expect((sent.body as Record<string, unknown>).appsecret_proof).toMatch(/^[0-9a-f]{64}$/);
  });

  it('uploads photos unpublished with alt_text_custom (bytes intact) and attaches them to a feed post', async () => {
    const a = fixture('bureau-libre.jpg', 'Un bureau vide près d’une fenêtre, avec une plante');
    const b = fixture('carte-ag.png', 'Carton d’invitation à l’assemblée générale du 12 décembre');
    const idA = await fb.uploadMedia(a, never());
    const idB = await fb.uploadMedia(b, never());
    const uploads = fbRequests('POST', `/${FACEBOOK_PAGE.id}/photos`).slice(-2);
    for (const [i, f] of [a, b].entries()) {
      const body = uploads[i]!.body as Record<string, unknown>;
      expect(body).toMatchObject({ published: 'false', alt_text_custom: f.alt, access_token: '[REDACTED]', source: { sha256: f.sha256, size: f.size, contentType: f.mime } });
      expect(body.appsecret_proof).toMatch(/^[0-9a-f]{64}$/);
      expect(uploads[i]!.query).toEqual({});
    }
    const media = new Map(sb.media('facebook').map((x) => [x.id, x]));
    expect(media.get(idA)).toMatchObject({ sha256: a.sha256, bytes: a.size });
    expect(media.get(idB)).toMatchObject({ sha256: b.sha256, bytes: b.size });

    const post = await fb.create({ text: uniq('Deux photos'), mediaIds: [idA, idB], idempotencyKey: key() }, never());
    const stored = sb.posts('facebook').find((p) => p.id === post.id);
    expect(stored?.media.map((x) => x.id)).toEqual([idA, idB]);
    const sent = fbRequests('POST', '/feed').at(-1)!;
    // Graph's documented JSON form: objects, not JSON strings inside JSON (SPEC §12).
    expect((sent.body as Record<string, unknown>).attached_media).toEqual([{ media_fbid: idA }, { media_fbid: idB }]);
  });

  it('lists recent posts newest first', async () => {
    const a = await fb.create({ text: uniq('Récent A'), mediaIds: [], idempotencyKey: key() }, never());
    const b = await fb.create({ text: uniq('Récent B'), mediaIds: [], idempotencyKey: key() }, never());
    const recent = await fb.recent(2, never());
    expect(recent.map((p) => p.id)).toEqual([b.id, a.id]);
    expect(recent[0]).toMatchObject({ url: b.url, text: sb.posts('facebook').find((p) => p.id === b.id)!.text });
    expect(recent[0]!.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const listed = fbRequests('GET', `/${FACEBOOK_PAGE.id}/posts`).at(-1)!;
    expect(listed.query).toMatchObject({ fields: 'id,message,created_time,permalink_url', limit: '2', access_token: '[REDACTED]' });
  });

  it('works without the optional app secret', async () => {
    const plain = await adapterFor(sb, 'facebook', { overrides: { LM_POST_FACEBOOK_APP_SECRET: '' } });
    try {
      const post = await plain.create({ text: uniq('Sans preuve'), mediaIds: [], idempotencyKey: key() }, never());
      expect(post.id).toBeTruthy();
      expect((fbRequests('POST', '/feed').at(-1)!.body as Record<string, unknown>).appsecret_proof).toBeUndefined();
    } finally {
      await plain.close();
    }
  });
});

describe('Facebook adapter: errors', () => {
  it('throttling (code 32) → rate-limit with estimated_time_to_regain_access', async () => {
    sb.addFault({ network: 'facebook', method: 'POST', path: /\/feed$/, action: { kind: 'rate-limit', resetInSeconds: 300 } });
    const err = await failure(() => fb.create({ text: uniq('limité'), mediaIds: [], idempotencyKey: key() }, never()), secrets);
    expect(err).toMatchObject({ network: 'facebook', kind: 'rate-limit', apiCode: 32, retryAfterMs: 5 * 60_000 });
  });

  it('368 (temporarily blocked) and 341 (application limit) wait long; 80001 throttles the Page', async () => {
    sb.addFault(graphBlocked(368));
    expect(await failure(() => fb.create({ text: uniq('bloqué'), mediaIds: [], idempotencyKey: key() }, never()), secrets)).toMatchObject({ kind: 'rate-limit', apiCode: 368, retryAfterMs: 3_600_000 });
    sb.addFault(graphBlocked(341));
    expect(await failure(() => fb.create({ text: uniq('limite app'), mediaIds: [], idempotencyKey: key() }, never()), secrets)).toMatchObject({ kind: 'rate-limit', apiCode: 341 });
    sb.addFault(graphBlocked(80001));
    expect(await failure(() => fb.create({ text: uniq('Page'), mediaIds: [], idempotencyKey: key() }, never()), secrets)).toMatchObject({ kind: 'rate-limit', apiCode: 80001, retryAfterMs: 60_000 });
  });

  it('429-style code 4 without usage headers → rate-limit, 60 s', async () => {
    sb.addFault({ network: 'facebook', method: 'GET', path: /\/posts$/, action: { kind: 'status', status: 400, body: { error: { message: '(#4) Application request limit reached', type: 'OAuthException', code: 4 } } } });
    expect(await failure(() => fb.recent(5, never()), secrets)).toMatchObject({ kind: 'rate-limit', apiCode: 4, retryAfterMs: 60_000 });
  });

  it('503 on upload or reading → transient; 500 (code 1) on create → unknown-outcome', async () => {
    sb.addFault({ network: 'facebook', path: /\/photos$/, action: { kind: 'status', status: 503 } });
    expect(await failure(() => fb.uploadMedia(fixture('bocaux.jpg', 'Des bocaux de légumes secs'), never()), secrets)).toMatchObject({ kind: 'transient', status: 503 });
    sb.addFault({ network: 'facebook', path: /\/posts$/, action: { kind: 'status', status: 503 } });
    expect(await failure(() => fb.recent(5, never()), secrets)).toMatchObject({ kind: 'transient', status: 503 });
    sb.addFault({ network: 'facebook', method: 'POST', path: /\/feed$/, action: { kind: 'status', status: 500 } });
    const err = await failure(() => fb.create({ text: uniq('panne'), mediaIds: [], idempotencyKey: key() }, never()), secrets);
    expect(err).toMatchObject({ kind: 'unknown-outcome', status: 500, apiCode: 1 });
  });

  it('a dropped connection after creation → unknown-outcome, and recent() finds the post', async () => {
    const text = uniq('créé sans réponse');
    sb.addFault({ network: 'facebook', method: 'POST', path: /\/feed$/, action: { kind: 'drop-after' } });
    const err = await failure(() => fb.create({ text, mediaIds: [], idempotencyKey: key() }, never()), secrets);
    expect(err.kind).toBe('unknown-outcome');
    expect((await fb.recent(3, never())).some((p) => p.text === text)).toBe(true);
  });

  it('invalid token (190) → permanent, without leaking either token', async () => {
    const wrong = 'EAAGwrongPageToken1234567890';
    const bad = await adapterFor(sb, 'facebook', { overrides: { LM_POST_FACEBOOK_PAGE_TOKEN: wrong } });
    try {
      for (const call of [
        () => bad.create({ text: uniq('refusé'), mediaIds: [], idempotencyKey: key() }, never()),
        () => bad.uploadMedia(fixture('compost.jpg', 'Trois bacs à compost en bois'), never()),
        () => bad.recent(5, never()),
      ]) {
        const err = await failure(call, [...secrets, wrong]);
        expect(err).toMatchObject({ kind: 'permanent', apiCode: 190 });
      }
    } finally {
      await bad.close();
    }
  });

  it('duplicate status (506) → permanent "duplicate"', async () => {
    const text = uniq('deux fois');
    await fb.create({ text, mediaIds: [], idempotencyKey: key() }, never());
    const err = await failure(() => fb.create({ text, mediaIds: [], idempotencyKey: key() }, never()), secrets);
    expect(err).toMatchObject({ kind: 'permanent', apiCode: 'duplicate', status: 400 });
  });

  it('connection refused → transient, even on create (the code survives the SDK)', async () => {
    const dead = await adapterFor(sb, 'facebook', { baseUrl: await closedPortUrl() });
    try {
      const err = await failure(() => dead.create({ text: uniq('personne'), mediaIds: [], idempotencyKey: key() }, never()), secrets);
      expect(err).toMatchObject({ kind: 'transient', apiCode: 'ECONNREFUSED' });
      const up = await failure(() => dead.uploadMedia(fixture('compost.jpg', 'Trois bacs à compost en bois'), never()), secrets);
      expect(up).toMatchObject({ kind: 'transient', apiCode: 'ECONNREFUSED' });
    } finally {
      await dead.close();
    }
  });

  it('deadline: a slow create → unknown-outcome, a slow upload → transient', async () => {
    const slow = await adapterFor(sb, 'facebook', { timeoutMs: 300 });
    try {
      sb.addFault({ network: 'facebook', method: 'POST', path: /\/feed$/, action: { kind: 'delay', ms: 1500 } });
      const t0 = Date.now();
      const cr = await failure(() => slow.create({ text: uniq('lent'), mediaIds: [], idempotencyKey: key() }, never()), secrets);
      expect(cr.kind).toBe('unknown-outcome');
      expect(Date.now() - t0).toBeLessThan(1200);
      sb.addFault({ network: 'facebook', method: 'POST', path: /\/photos$/, action: { kind: 'delay', ms: 1500 } });
      expect((await failure(() => slow.uploadMedia(fixture('compost.jpg', 'Trois bacs à compost en bois'), never()), secrets)).kind).toBe('transient');
      const ok = await slow.create({ text: uniq('après'), mediaIds: [], idempotencyKey: key() }, never());
      expect(ok.id).toBeTruthy();
    } finally {
      await slow.close();
    }
  });

  it('close() puts the SDK back on graph.facebook.com once the last adapter closes', async () => {
    const other = await adapterFor(sb, 'facebook');
    expect(FacebookAdsApi.GRAPH).toBe(sb.urls.facebook);
    await other.close();
    expect(FacebookAdsApi.GRAPH).toBe(sb.urls.facebook);
    await fb.close();
    expect(FacebookAdsApi.GRAPH).toBe('https://graph.facebook.com');
    expect(FacebookAdsApi.GRAPH_VIDEO).toBe('https://graph-video.facebook.com');
    fb = await adapterFor(sb, 'facebook');
  });
});
