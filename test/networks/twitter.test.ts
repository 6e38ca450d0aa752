import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as twitterModule from '../../src/networks/twitter.js';
import type { NetworkAdapter } from '../../src/networks/types.js';
import { startSandbox, TWITTER_CREDENTIALS, xCreditsDepleted, xUsageCapped, type Sandbox } from '../../src/sandbox/index.js';
import { adapterFor, closedPortUrl, failure, fixture, gifFixture, never, uniq } from './helpers.js';

let sb: Sandbox;
let x: NetworkAdapter;
let secrets: string[];

beforeAll(async () => {
  sb = await startSandbox();
  x = await adapterFor(sb, 'twitter');
  secrets = Object.values(TWITTER_CREDENTIALS);
});
afterEach(() => sb.clearFaults());
afterAll(async () => {
  await x.close();
  await sb.close();
});

const key = (): string => `k-${Math.random()}`;

describe('X adapter: publishing', () => {
  it('exports its metadata', () => {
    expect(twitterModule.requiredEnv).toContain('LM_POST_TWITTER_ACCESS_SECRET');
    expect(twitterModule.baseUrlEnv).toBe('LM_POST_TWITTER_API_URL');
    expect(twitterModule.idempotent).toBe(false);
  });

  it('posts, chains replies and quotes, with base-URL receipt links', async () => {
    const first = await x.create({ text: uniq('Premier du fil'), mediaIds: [], idempotencyKey: key() }, never());
    const second = await x.create({ text: uniq('2/ suite'), mediaIds: [], replyTo: first.id, idempotencyKey: key() }, never());
    const third = await x.create({ text: uniq('3/ fin'), mediaIds: [], replyTo: second.id, idempotencyKey: key() }, never());
    expect(first.url).toBe(`${sb.urls.twitter}/i/web/status/${first.id}`);

    const byId = new Map(sb.posts('twitter').map((p) => [p.id, p]));
    expect(byId.get(first.id)?.replyTo).toBeNull();
    expect(byId.get(second.id)?.replyTo).toBe(first.id);
    expect(byId.get(third.id)?.replyTo).toBe(second.id);

    // Pay-per-use (the sandbox default, as X's self-serve plans): a quote is refused, permanently.
    const refused = await failure(() => x.create({ text: uniq('Relais'), mediaIds: [], quoteId: first.id, idempotencyKey: key() }, never()), secrets);
    expect(refused).toMatchObject({ kind: 'permanent', status: 403 });
    // …and so is a reply to another account's post.
    const reply = await failure(() => x.create({ text: uniq('Réponse'), mediaIds: [], replyTo: '1865432109876543210', idempotencyKey: key() }, never()), secrets);
    expect(reply).toMatchObject({ kind: 'permanent', status: 403 });
    expect(reply.message).toMatch(/not allowed because you have not been mentioned/);

    // Enterprise: the quote goes out.
    const ent = await startSandbox({ twitterPlan: 'enterprise' });
    const xe = await adapterFor(ent, 'twitter');
    try {
      const own = await xe.create({ text: uniq('À citer'), mediaIds: [], idempotencyKey: key() }, never());
      const quote = await xe.create({ text: uniq('Relais'), mediaIds: [], quoteId: own.id, idempotencyKey: key() }, never());
      expect(ent.posts('twitter').find((p) => p.id === quote.id)?.quoteOf).toBe(own.id);
      const sent = ent.requests.filter((r) => r.network === 'twitter' && r.method === 'POST' && r.path === '/2/tweets').at(-1);
      expect(sent?.body).toMatchObject({ quote_tweet_id: own.id });
      expect(sent?.headers.authorization).toBe('OAuth');
    } finally {
      await xe.close();
      await ent.close();
    }
  });

  it('never sends media and a quote together (mutually exclusive in the v2 spec)', async () => {
    const a = fixture('compost.jpg', 'Trois bacs à compost en bois dans la cour');
    const id = await x.uploadMedia(a, never());
    const before = sb.requests.length;
    const e = await failure(() => x.create({ text: uniq('Relais illustré'), mediaIds: [id], quoteId: '1865432109876543210', idempotencyKey: key() }, never()), secrets);
    expect(e).toMatchObject({ kind: 'permanent', apiCode: 'media-and-quote' });
    expect(sb.requests.slice(before).filter((r) => r.path === '/2/tweets')).toEqual([]);
  });

  it('waits for GIF processing to succeed before the GIF can be attached', async () => {
    const gif = gifFixture('Une animation de trois bocaux qui se remplissent');
    const id = await x.uploadMedia(gif, never());
    // twitter-api-v2 gave up at the first STATUS without check_after_secs; the adapter kept polling.
    const statuses = sb.requests.filter((r) => r.network === 'twitter' && r.method === 'GET' && r.path === '/2/media/upload' && r.query.media_id === id);
    expect(statuses.length).toBeGreaterThanOrEqual(2);
    const post = await x.create({ text: uniq('Avec GIF'), mediaIds: [id], idempotencyKey: key() }, never());
    expect(sb.posts('twitter').find((p) => p.id === post.id)?.media.map((m) => m.id)).toEqual([id]);
  });

  it('usage-capped 429 and an exhausted credit (402) → permanent, never a rate-limit wait', async () => {
    sb.addFault(xUsageCapped(1));
    const capped = await failure(() => x.create({ text: uniq('Plafond'), mediaIds: [], idempotencyKey: key() }, never()), secrets);
    expect(capped).toMatchObject({ kind: 'permanent', status: 429, apiCode: 'usage-capped' });
    sb.addFault(xCreditsDepleted(1));
    const broke = await failure(() => x.create({ text: uniq('Crédit'), mediaIds: [], idempotencyKey: key() }, never()), secrets);
    expect(broke).toMatchObject({ kind: 'permanent', status: 402, apiCode: 'credits-depleted' });
  });

  it('uploads images (v2 chunked) with their alt text and attaches them', async () => {
    const a = fixture('compost.jpg', 'Trois bacs à compost en bois dans la cour');
    const b = fixture('table-ronde.png', 'Une table ronde avec six personnes qui discutent');
    const idA = await x.uploadMedia(a, never());
    const idB = await x.uploadMedia(b, never());
    const media = new Map(sb.media('twitter').map((m) => [m.id, m]));
    expect(media.get(idA)).toMatchObject({ altText: a.alt, sha256: a.sha256, bytes: a.size, contentType: 'image/jpeg' });
    expect(media.get(idB)).toMatchObject({ altText: b.alt, sha256: b.sha256, bytes: b.size, contentType: 'image/png' });
    const paths = sb.requests.filter((r) => r.network === 'twitter' && r.path.startsWith('/2/media')).map((r) => r.path.replace(/\/\d{6,}/g, '/:id'));
    expect(paths, JSON.stringify(paths)).toEqual(expect.arrayContaining(['/2/media/upload/initialize', '/2/media/upload/:id/append', '/2/media/upload/:id/finalize', '/2/media/metadata']));

    const post = await x.create({ text: uniq('Avec images'), mediaIds: [idA, idB], idempotencyKey: key() }, never());
    const stored = sb.posts('twitter').find((p) => p.id === post.id);
    expect(stored?.media.map((m) => m.id)).toEqual([idA, idB]);

    // An image-only tweet sends no empty text field.
    const idC = await x.uploadMedia(fixture('carte-ag.png', 'Carton d’invitation à l’assemblée générale'), never());
    await x.create({ text: '', mediaIds: [idC], idempotencyKey: key() }, never());
    const last = sb.requests.filter((r) => r.network === 'twitter' && r.path === '/2/tweets').at(-1);
    expect(last?.body).toEqual({ media: { media_ids: [idC] } });
  });

  it('lists recent posts newest first with their reply links', async () => {
    const a = await x.create({ text: uniq('Récent A'), mediaIds: [], idempotencyKey: key() }, never());
    const b = await x.create({ text: uniq('Récent B'), mediaIds: [], replyTo: a.id, idempotencyKey: key() }, never());
    const recent = await x.recent(3, never());
    expect(recent).toHaveLength(3);
    expect(recent[0]).toMatchObject({ id: b.id, replyTo: a.id, url: `${sb.urls.twitter}/i/web/status/${b.id}` });
    expect(recent[0]!.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(recent[1]).toMatchObject({ id: a.id });
    expect(recent[1]!.replyTo).toBeUndefined();
    // /2/users/me is asked once per adapter.
    await x.recent(2, never());
    expect(sb.requests.filter((r) => r.network === 'twitter' && r.path === '/2/users/me')).toHaveLength(1);
  });
});

describe('X adapter: errors', () => {
  it('429 → rate-limit with the reset of the window', async () => {
    sb.addFault({ network: 'twitter', method: 'POST', path: '/2/tweets', action: { kind: 'rate-limit', resetInSeconds: 30 } });
    const err = await failure(() => x.create({ text: uniq('limité'), mediaIds: [], idempotencyKey: key() }, never()), secrets);
    expect(err).toMatchObject({ network: 'twitter', kind: 'rate-limit', status: 429 });
    expect(err.retryAfterMs).toBeGreaterThan(25_000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(31_000);
  });

  it('429 with the 24-hour user limit exhausted waits for that reset', async () => {
    const now = Math.floor(Date.now() / 1000);
    sb.addFault({
      network: 'twitter',
      method: 'POST',
      path: '/2/tweets',
      action: {
        kind: 'status',
        status: 429,
        headers: {
          'x-rate-limit-limit': '100', 'x-rate-limit-remaining': '80', 'x-rate-limit-reset': String(now + 60),
          'x-user-limit-24hour-limit': '17', 'x-user-limit-24hour-remaining': '0', 'x-user-limit-24hour-reset': String(now + 7200),
        },
      },
    });
    const err = await failure(() => x.create({ text: uniq('quota du jour'), mediaIds: [], idempotencyKey: key() }, never()), secrets);
    expect(err.kind).toBe('rate-limit');
    expect(err.retryAfterMs).toBeGreaterThan(7_100_000);
  });

  it('503 on upload or reading → transient; 5xx on create → unknown-outcome', async () => {
    sb.addFault({ network: 'twitter', path: '/2/media/upload/initialize', action: { kind: 'status', status: 503 } });
    const up = await failure(() => x.uploadMedia(fixture('bocaux.jpg', 'Des bocaux de légumes secs'), never()), secrets);
    expect(up).toMatchObject({ kind: 'transient', status: 503 });

    sb.addFault({ network: 'twitter', path: /^\/2\/users\/\d+\/tweets$/, action: { kind: 'status', status: 503 } });
    expect(await failure(() => x.recent(5, never()), secrets)).toMatchObject({ kind: 'transient', status: 503 });

    sb.addFault({ network: 'twitter', method: 'POST', path: '/2/tweets', action: { kind: 'status', status: 503 } });
    const cr = await failure(() => x.create({ text: uniq('panne'), mediaIds: [], idempotencyKey: key() }, never()), secrets);
    expect(cr).toMatchObject({ kind: 'unknown-outcome', status: 503 });
  });

  it('a dropped connection after the tweet was created → unknown-outcome, and recent() finds it', async () => {
    const text = uniq('créé sans réponse');
    sb.addFault({ network: 'twitter', method: 'POST', path: '/2/tweets', action: { kind: 'drop-after' } });
    const err = await failure(() => x.create({ text, mediaIds: [], idempotencyKey: key() }, never()), secrets);
    expect(err.kind).toBe('unknown-outcome');
    expect(err.message).toMatch(/may or may not/);
    const recent = await x.recent(5, never());
    expect(recent.some((p) => p.text === text)).toBe(true);
  });

  it('a dropped connection on upload → transient', async () => {
    sb.addFault({ network: 'twitter', path: '/2/media/upload/initialize', action: { kind: 'drop-before' } });
    const err = await failure(() => x.uploadMedia(fixture('bocaux.jpg', 'Des bocaux de légumes secs'), never()), secrets);
    expect(err.kind).toBe('transient');
  });

  it('duplicate content → permanent "duplicate"', async () => {
    const text = uniq('deux fois');
    await x.create({ text, mediaIds: [], idempotencyKey: key() }, never());
    const err = await failure(() => x.create({ text, mediaIds: [], idempotencyKey: key() }, never()), secrets);
    expect(err).toMatchObject({ kind: 'permanent', status: 403, apiCode: 'duplicate' });
  });

  it('bad credentials → permanent 401, and neither the real nor the wrong secret leaks', async () => {
    const wrong = 'WRONG-secret-value-1234';
    const bad = await adapterFor(sb, 'twitter', { overrides: { LM_POST_TWITTER_ACCESS_SECRET: wrong } });
    try {
      const err = await failure(() => bad.create({ text: uniq('refusé'), mediaIds: [], idempotencyKey: key() }, never()), [...secrets, wrong]);
      expect(err).toMatchObject({ kind: 'permanent', status: 401 });
    } finally {
      await bad.close();
    }
  });

  it('invalid request (text too long) → permanent with the API message', async () => {
    const err = await failure(() => x.create({ text: uniq('x'.repeat(300)), mediaIds: [], idempotencyKey: key() }, never()), secrets);
    expect(err).toMatchObject({ kind: 'permanent', status: 400 });
    expect(err.message).toMatch(/too long/);
  });

  it('connection refused → transient, even on create', async () => {
    const dead = await adapterFor(sb, 'twitter', { baseUrl: await closedPortUrl() });
    try {
      const err = await failure(() => dead.create({ text: uniq('personne'), mediaIds: [], idempotencyKey: key() }, never()), secrets);
      expect(err).toMatchObject({ kind: 'transient', apiCode: 'ECONNREFUSED' });
    } finally {
      await dead.close();
    }
  });

  it('deadline: a slow create → unknown-outcome, a slow read → transient; the caller can cancel', async () => {
    const slow = await adapterFor(sb, 'twitter', { timeoutMs: 300 });
    try {
      sb.addFault({ network: 'twitter', method: 'POST', path: '/2/tweets', action: { kind: 'delay', ms: 1500 } });
      const t0 = Date.now();
      const cr = await failure(() => slow.create({ text: uniq('lent'), mediaIds: [], idempotencyKey: key() }, never()), secrets);
      expect(cr.kind).toBe('unknown-outcome');
      expect(Date.now() - t0).toBeLessThan(1200);

      sb.addFault({ network: 'twitter', method: 'GET', path: '/2/users/me', action: { kind: 'delay', ms: 1500 } });
      expect((await failure(() => slow.recent(5, never()), secrets)).kind).toBe('transient');

      const ac = new AbortController();
      sb.addFault({ network: 'twitter', method: 'POST', path: '/2/tweets', action: { kind: 'delay', ms: 1500 } });
      setTimeout(() => ac.abort(), 50);
      const cancelled = await failure(() => x.create({ text: uniq('annulé'), mediaIds: [], idempotencyKey: key() }, ac.signal), secrets);
      expect(cancelled.kind).toBe('unknown-outcome');
      expect(cancelled.message).toMatch(/cancelled/);
    } finally {
      await slow.close();
    }
  });

  it('an unreadable media file → permanent, before any request', async () => {
    const before = sb.requests.length;
    const err = await failure(() => x.uploadMedia({ absPath: '/nonexistent/photo.jpg', mime: 'image/jpeg', alt: 'Une photo qui manque' }, never()), secrets);
    expect(err).toMatchObject({ kind: 'permanent', apiCode: 'ENOENT' });
    expect(sb.requests.length).toBe(before);
  });
});
