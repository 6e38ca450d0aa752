import { ApiResponseError } from 'twitter-api-v2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FACEBOOK_PAGE, startSandbox, TWITTER_USER, type Sandbox } from '../../src/sandbox/index.js';
import { facebookSdk, mastodonClient, twitterClient } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterEach(() => sb.clearFaults());
afterAll(async () => {
  await sb.close();
});

describe('fault injection', () => {
  it('status: answers the injected status once, in the network dialect, then recovers', async () => {
    sb.addFault({ network: 'mastodon', method: 'POST', path: '/api/v1/statuses', action: { kind: 'status', status: 503 } });
    const client = mastodonClient(sb);
    const err = await client.postStatus('Pendant la panne').catch((e: { response: { status: number; data: unknown } }) => e.response);
    expect(err.status).toBe(503);
    expect(err.data).toEqual({ error: 'Service Unavailable' });
    expect(sb.posts('mastodon')).toHaveLength(0);
    const ok = await client.postStatus('Après la panne');
    expect(ok.status).toBe(200);

    sb.addFault({ network: 'twitter', path: /^\/2\/tweets$/, action: { kind: 'status', status: 500, body: { title: 'Boom' }, headers: { 'retry-after': '3' } } });
    const xErr = await twitterClient(sb).v2.tweet('Panne X').catch((e: unknown) => e);
    expect((xErr as ApiResponseError).code).toBe(500);
    expect((xErr as ApiResponseError).data).toEqual({ title: 'Boom' });
    expect((xErr as ApiResponseError).headers['retry-after']).toBe('3');
    expect(sb.requests.at(-1)).toMatchObject({ network: 'twitter', status: 500, fault: 'status' });
  });

  it('delay: holds the answer, then handles the request normally', async () => {
    sb.addFault({ network: 'twitter', method: 'GET', path: '/2/users/me', action: { kind: 'delay', ms: 300 } });
    const t0 = Date.now();
    const me = await twitterClient(sb).v2.me();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
    expect(me.data.username).toBe(TWITTER_USER.username);
  });

  it('drop-before: the socket dies and nothing is created', async () => {
    sb.addFault({ network: 'twitter', method: 'POST', path: '/2/tweets', action: { kind: 'drop-before' } });
    const before = sb.posts('twitter').length;
    const err = await twitterClient(sb).v2.tweet('Jamais créé').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(ApiResponseError);
    expect(sb.posts('twitter').length).toBe(before);
    expect(sb.requests.at(-1)).toMatchObject({ path: '/2/tweets', status: 0, fault: 'drop-before', body: { text: 'Jamais créé' } });
    // The same text goes through afterwards: it really was never created.
    await twitterClient(sb).v2.tweet('Jamais créé');
  });

  it('drop-after: the status is created but the client only sees a socket error', async () => {
    sb.addFault({ network: 'mastodon', method: 'POST', path: '/api/v1/statuses', action: { kind: 'drop-after' } });
    const client = mastodonClient(sb);
    const key = `drop-after-${Date.now()}`;
    const err = await client.client
      .post('/api/v1/statuses', { status: 'Créé mais sans réponse' }, { 'Idempotency-Key': key })
      .catch((e: { code?: string; response?: unknown }) => e);
    expect(err.response).toBeUndefined();
    expect(err.code).toMatch(/ECONNRESET|ERR_BAD_RESPONSE|EPIPE|ECONNABORTED|socket hang up/);
    const created = sb.posts('mastodon').filter((p) => p.text === 'Créé mais sans réponse');
    expect(created).toHaveLength(1);
    // Reconciliation through the same Idempotency-Key finds it without creating a second one.
    const replay = await client.client.post('/api/v1/statuses', { status: 'Créé mais sans réponse' }, { 'Idempotency-Key': key });
    expect(replay.data.id).toBe(created[0]!.id);
    expect(sb.posts('mastodon').filter((p) => p.text === 'Créé mais sans réponse')).toHaveLength(1);
  });

  it('rate-limit: X 429 with headers parsed by the SDK', async () => {
    sb.addFault({ network: 'twitter', method: 'POST', path: '/2/tweets', action: { kind: 'rate-limit', resetInSeconds: 120 } });
    const err = (await twitterClient(sb).v2.tweet('Limité').catch((e: unknown) => e)) as ApiResponseError;
    expect(err).toBeInstanceOf(ApiResponseError);
    expect(err.code).toBe(429);
    expect(err.rateLimitError).toBe(true);
    expect(err.data).toEqual({ title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 });
    expect(err.rateLimit?.remaining).toBe(0);
    expect(err.rateLimit!.reset - Math.floor(Date.now() / 1000)).toBeGreaterThanOrEqual(119);
  });

  it('rate-limit: Mastodon 429 with ISO reset', async () => {
    sb.addFault({ network: 'mastodon', action: { kind: 'rate-limit', resetInSeconds: 60 } });
    const res = await mastodonClient(sb).postStatus('Limité').catch((e: { response: { status: number; data: unknown; headers: Record<string, string> } }) => e.response);
    expect(res.status).toBe(429);
    expect(res.data).toEqual({ error: 'Too many requests' });
    expect(res.headers['x-ratelimit-remaining']).toBe('0');
    expect(Date.parse(res.headers['x-ratelimit-reset']!) - Date.now()).toBeGreaterThan(55_000);
  });

  it('rate-limit: Graph throttling code 32 with usage headers', async () => {
    sb.addFault({ network: 'facebook', path: `/${FACEBOOK_PAGE.id}/feed`, times: 2, action: { kind: 'rate-limit', resetInSeconds: 300 } });
    const { FacebookAdsApi, Page } = facebookSdk(sb.urls.facebook);
    const page = new Page(FACEBOOK_PAGE.id, {}, undefined, new FacebookAdsApi(sb.env.LM_POST_FACEBOOK_PAGE_TOKEN, 'fr_FR', false));
    for (let i = 0; i < 2; i++) {
      const err = await page.createFeed([], { message: 'Limité' }).catch((e: unknown) => e);
      expect(err.name).toBe('FacebookRequestError');
      expect(err.response.code).toBe(32);
      const usage = JSON.parse(err.headers['x-business-use-case-usage']);
      expect(usage[FACEBOOK_PAGE.id][0]).toMatchObject({ call_count: 100, estimated_time_to_regain_access: 5 });
      expect(JSON.parse(err.headers['x-app-usage']).call_count).toBe(100);
      expect(err.headers['x-page-usage']).toBeDefined();
    }
    // `times: 2` is spent: the third call goes through.
    expect((await page.createFeed([], { message: 'Limité' })).id).toContain('_');
  });
});
