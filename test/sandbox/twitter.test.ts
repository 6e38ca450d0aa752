import { createHash } from 'node:crypto';
import { ApiResponseError } from 'twitter-api-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, TWITTER_USER, type Sandbox } from '../../src/sandbox/index.js';
import { hmacSha1, signatureBaseString } from '../../src/sandbox/oauth1.js';
import { pngOfSize, twitterClient } from './helpers.js';

let sb: Sandbox;
/** A pay-per-use account (the default): what X's self-serve plans refuse. */
let ppu: Sandbox;
beforeAll(async () => {
  // Quotes are Enterprise-only since April 2026: the general tests run an Enterprise account.
  sb = await startSandbox({ twitterPlan: 'enterprise' });
  ppu = await startSandbox();
});
afterAll(async () => {
  await sb.close();
  await ppu.close();
});

describe('X emulator: what pay-per-use and the v2 spec refuse', () => {
  it('refuses quotes and replies to other accounts on pay-per-use, media with a quote everywhere; GIFs are processed', async () => {
    const rw = twitterClient(ppu).readWrite;
    const own = await rw.v2.tweet('Notre message');
    const quote = await rw.v2.tweet('Relais', { quote_tweet_id: own.data.id }).catch((e: unknown) => e);
    expect(quote).toBeInstanceOf(ApiResponseError);
    expect((quote as ApiResponseError).code).toBe(403);
    const other = await rw.v2.reply('Réponse', '1865432109876543210').catch((e: unknown) => e);
    expect((other as ApiResponseError).code).toBe(403);
    expect(JSON.stringify((other as ApiResponseError).data)).toMatch(/not been mentioned/);
    // Our own thread is fine.
    const reply = await rw.v2.reply('Suite', own.data.id);
    expect(ppu.posts('twitter').find((p) => p.id === reply.data.id)?.replyTo).toBe(own.data.id);

    const ent = twitterClient(sb).readWrite;
    const img = await ent.v2.uploadMedia(pngOfSize(2000), { media_type: 'image/png' });
    const both = await ent.v2.tweet('Relais illustré', { quote_tweet_id: own.data.id, media: { media_ids: [img] } }).catch((e: unknown) => e);
    expect((both as ApiResponseError).code).toBe(400);

    // GIF: FINALIZE answers processing_info pending; STATUS in_progress without check_after_secs, so
    // the SDK returns early; the media cannot be attached until STATUS says succeeded.
    const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
    const gifId = await rw.v2.uploadMedia(gif, { media_type: 'image/gif' });
    const early = await rw.v2.tweet('GIF trop tôt', { media: { media_ids: [gifId] } }).catch((e: unknown) => e);
    expect((early as ApiResponseError).code).toBe(400);
    let state = '';
    for (let i = 0; i < 40 && state !== 'succeeded'; i++) {
      const st = (await rw.v2.get('media/upload', { command: 'STATUS', media_id: gifId })) as { data: { processing_info?: { state: string } } };
      state = st.data.processing_info?.state ?? '';
      if (state !== 'succeeded') await new Promise((r) => setTimeout(r, 100));
    }
    expect(state).toBe('succeeded');
    const ok = await rw.v2.tweet('GIF prêt', { media: { media_ids: [gifId] } });
    expect(ok.data.id).toMatch(/^\d+$/);
  });
});

describe('OAuth 1.0a signature', () => {
  it('matches the worked example of the X developer documentation', () => {
    // https://developer.x.com/en/docs/authentication/oauth-1-0a/creating-a-signature
    const base = signatureBaseString('POST', 'https://api.twitter.com/1.1/statuses/update.json', [
      ['include_entities', 'true'],
      ['status', 'Hello Ladies + Gentlemen, a signed OAuth request!'],
      ['oauth_consumer_key', 'xvz1evFS4wEEPTGEFPHBog'],
      ['oauth_nonce', 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg'],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', '1318622958'],
      ['oauth_token', '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb'],
      ['oauth_version', '1.0'],
    ]);
    expect(hmacSha1(base, 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw', 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE')).toBe('hCtSmYh+iHYCEqBWrE7C7hYmtUk=');
  });
});

describe('X emulator with twitter-api-v2', () => {
  it('identifies the user and posts a tweet, a reply chain and a quote', async () => {
    const rw = twitterClient(sb).readWrite;
    const me = await rw.v2.me();
    expect(me.data).toEqual({ id: TWITTER_USER.id, username: TWITTER_USER.username, name: TWITTER_USER.name });

    const first = await rw.v2.tweet('Premier message du fil');
    expect(first.data.id).toMatch(/^\d{18,20}$/);
    // The SDK's type omits edit_history_tweet_ids, which X does send.
    expect((first.data as { edit_history_tweet_ids?: string[] }).edit_history_tweet_ids).toEqual([first.data.id]);
    const second = await rw.v2.reply('Deuxième message', first.data.id);
    const third = await rw.v2.reply('Troisième message', second.data.id);
    const quote = await rw.v2.quote('Relais du fil', first.data.id);
    expect(BigInt(third.data.id) > BigInt(second.data.id)).toBe(true);

    const posts = sb.posts('twitter');
    const byId = new Map(posts.map((p) => [p.id, p]));
    expect(byId.get(second.data.id)?.replyTo).toBe(first.data.id);
    expect(byId.get(third.data.id)?.replyTo).toBe(second.data.id);
    expect(byId.get(quote.data.id)?.quoteOf).toBe(first.data.id);
    expect(byId.get(first.data.id)?.url).toBe(`${sb.urls.twitter}/${TWITTER_USER.username}/status/${first.data.id}`);

    const single = await rw.v2.singleTweet(third.data.id, { 'tweet.fields': ['created_at', 'conversation_id', 'referenced_tweets'] });
    expect(single.data.conversation_id).toBe(first.data.id);
    expect(single.data.referenced_tweets).toEqual([{ type: 'replied_to', id: second.data.id }]);
    expect(single.data.created_at).toMatch(/^\d{4}-\d\d-\d\dT/);

    const missing = await rw.v2.singleTweet('1');
    expect(missing.errors?.[0]?.title).toBe('Not Found Error');

    const timeline = await rw.v2.userTimeline(TWITTER_USER.id, { max_results: 5, 'tweet.fields': ['created_at'] });
    const ids = timeline.tweets.map((t) => t.id);
    expect(ids.slice(0, 4)).toEqual([quote.data.id, third.data.id, second.data.id, first.data.id]);
    expect(timeline.tweets[0]?.created_at).toBeDefined();
    expect(timeline.rateLimit?.limit).toBe(900);
  });

  it('paginates the user timeline newest first', async () => {
    const rw = twitterClient(sb).readWrite;
    for (let i = 0; i < 7; i++) await rw.v2.tweet(`Pagination ${i}`);
    const page1 = await rw.v2.get('users/:id/tweets', { max_results: 5 }, { params: { id: TWITTER_USER.id } });
    expect(page1.data).toHaveLength(5);
    expect(page1.meta.next_token).toBeTruthy();
    const page2 = await rw.v2.get('users/:id/tweets', { max_results: 5, pagination_token: page1.meta.next_token }, { params: { id: TWITTER_USER.id } });
    expect(BigInt(page2.data[0].id) < BigInt(page1.data[4].id)).toBe(true);
    const err = await rw.v2.get('users/:id/tweets', { max_results: 2 }, { params: { id: TWITTER_USER.id } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiResponseError);
    expect((err as ApiResponseError).code).toBe(400);
  });

  it('uploads media in chunks (v2), sets alt text and attaches it', async () => {
    const rw = twitterClient(sb).readWrite;
    const bytes = pngOfSize(2500);
    const mediaId = await rw.v2.uploadMedia(bytes, { media_type: 'image/png' }, 1000);
    const appends = sb.requests.filter((r) => r.path === `/2/media/upload/${mediaId}/append`);
    expect(appends.map((r) => (r.body as { segment_index: string }).segment_index)).toEqual(['0', '1', '2']);
    expect(appends.every((r) => r.status === 200 && r.headers['content-type']?.startsWith('multipart/form-data'))).toBe(true);

    const meta = await rw.v2.createMediaMetadata(mediaId, { alt_text: { text: 'Un graphique de test' } });
    expect(meta.data.associated_metadata.alt_text.text).toBe('Un graphique de test');
    const tooLong = await rw.v2.createMediaMetadata(mediaId, { alt_text: { text: 'x'.repeat(1001) } }).catch((e: unknown) => e);
    expect((tooLong as ApiResponseError).code).toBe(400);

    const t = await rw.v2.tweet({ text: 'Avec une image', media: { media_ids: [mediaId] } });
    const post = sb.posts('twitter').find((p) => p.id === t.data.id)!;
    expect(post.media).toEqual([
      { id: mediaId, altText: 'Un graphique de test', sha256: createHash('sha256').update(bytes).digest('hex'), bytes: 2500, contentType: 'image/png' },
    ]);

    const bad = await rw.v2.tweet({ text: 'Média inconnu', media: { media_ids: ['42'] } }).catch((e: unknown) => e);
    expect((bad as ApiResponseError).code).toBe(400);
    expect(((bad as ApiResponseError).data.errors?.[0] as { message?: string } | undefined)?.message).toBe('Your media IDs are invalid.');
  });

  it('refuses a finalize whose bytes do not add up to total_bytes', async () => {
    const rw = twitterClient(sb).readWrite;
    const init = await rw.v2.post('media/upload/initialize', { media_type: 'image/png', total_bytes: 100, media_category: 'tweet_image' });
    await rw.v2.post(`media/upload/${init.data.id}/append`, { segment_index: 0, media: pngOfSize(60) }, { forceBodyMode: 'form-data' });
    const err = await rw.v2.post(`media/upload/${init.data.id}/finalize`).catch((e: unknown) => e);
    expect((err as ApiResponseError).code).toBe(400);
  });

  it('refuses duplicate content with the real 403', async () => {
    const rw = twitterClient(sb).readWrite;
    await rw.v2.tweet('Texte unique pour le test de doublon');
    const before = sb.posts('twitter').length;
    const err = await rw.v2.tweet('Texte unique pour le test de doublon').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiResponseError);
    const e = err as ApiResponseError;
    expect(e.code).toBe(403);
    expect(e.data).toEqual({ detail: 'You are not allowed to create a Tweet with duplicate content.', type: 'about:blank', title: 'Forbidden', status: 403 });
    expect(sb.posts('twitter').length).toBe(before);
  });

  it('refuses a reply to an unknown tweet and an over-long text', async () => {
    const rw = twitterClient(sb).readWrite;
    const reply = await rw.v2.reply('Réponse orpheline', '1234').catch((e: unknown) => e);
    expect((reply as ApiResponseError).code).toBe(403);
    const long = await rw.v2.tweet('é'.repeat(281)).catch((e: unknown) => e);
    expect((long as ApiResponseError).code).toBe(400);
    // A URL weighs 23 whatever its length: this one fits.
    await rw.v2.tweet(`${'a'.repeat(250)} https://example.org/${'x'.repeat(100)}`);
  });

  it('sends rate-limit headers the SDK parses on every answer', async () => {
    const rw = twitterClient(sb).readWrite;
    const res = await rw.v2.tweet('Limites de débit');
    const rec = sb.requests.filter((r) => r.method === 'POST' && r.path === '/2/tweets').at(-1)!;
    expect(rec.status).toBe(201);
    expect(rec.headers.authorization).toBe('OAuth');
    expect(res.data.text).toBe('Limites de débit');
    const limits = rw.v2.getLastRateLimitStatus('https://api.x.com/2/tweets');
    expect(limits?.limit).toBe(100);
    expect(limits!.remaining).toBeLessThan(100);
    expect(limits!.reset).toBeGreaterThan(Date.now() / 1000);
    expect(limits!.userDay?.limit).toBeGreaterThan(0);
  });

  it('refuses a bad signature, an unknown token and a missing Authorization with 401', async () => {
    const unauthorized = { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' };
    const before = sb.posts('twitter').length;
    for (const creds of [{ consumerSecret: 'wrong-secret' }, { tokenSecret: 'wrong' }, { token: '1-other' }]) {
      const err = await twitterClient(sb, creds).v2.tweet('Ne doit pas passer').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiResponseError);
      expect((err as ApiResponseError).code).toBe(401);
      expect((err as ApiResponseError).data).toEqual(unauthorized);
    }
    const res = await fetch(`${sb.urls.twitter}/2/users/me`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(unauthorized);
    expect(sb.posts('twitter').length).toBe(before);
  });
});
