import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASTODON_ACCOUNT, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { mastodonLength } from '../../src/sandbox/mastodon.js';
import { mastodonClient, pngOfSize, sleep, TINY_PNG } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
});

interface AxiosLikeError {
  response?: { status: number; data: unknown; headers: Record<string, string> };
}

async function failure(p: Promise<unknown>): Promise<NonNullable<AxiosLikeError['response']>> {
  const e = (await p.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: unknown) => err,
  )) as AxiosLikeError;
  if (!e.response) throw e;
  return e.response;
}

describe('Mastodon emulator with megalodon', () => {
  it('verifies credentials and describes the instance', async () => {
    const client = mastodonClient(sb);
    const me = await client.verifyAccountCredentials();
    expect(me.data.id).toBe(MASTODON_ACCOUNT.id);
    expect(me.data.acct).toBe(MASTODON_ACCOUNT.username);
    const v2 = (await fetch(`${sb.urls.mastodon}/api/v2/instance`).then((r) => r.json())) as { configuration: { statuses: unknown } };
    expect(v2.configuration.statuses).toMatchObject({ max_characters: 500, max_media_attachments: 4 });
    const v1 = await client.getInstance();
    expect(v1.data.configuration.statuses.max_characters).toBe(500);
  });

  it('posts a status with visibility, content warning and language, then a reply', async () => {
    const client = mastodonClient(sb);
    const res = await client.postStatus('Bonjour #LocauxMotiv\n\nVoir https://example.org/page', {
      visibility: 'unlisted',
      spoiler_text: 'Annonce',
      language: 'fr',
    });
    const s = res.data;
    expect(s.id).toMatch(/^\d+$/);
    expect(s.visibility).toBe('unlisted');
    expect(s.spoiler_text).toBe('Annonce');
    expect(s.sensitive).toBe(true);
    expect(s.language).toBe('fr');
    expect(s.url).toBe(`${sb.urls.mastodon}/@${MASTODON_ACCOUNT.username}/${s.id}`);
    expect(s.content).toContain('<p>Bonjour <a href="');
    expect(s.content).toContain('<a href="https://example.org/page"');
    expect(s.account.id).toBe(MASTODON_ACCOUNT.id);
    expect(res.headers['x-ratelimit-limit']).toBe('300');
    expect(Date.parse(res.headers['x-ratelimit-reset'])).toBeGreaterThan(Date.now());

    const reply = await client.postStatus('Suite du fil', { in_reply_to_id: s.id, visibility: 'unlisted' });
    expect(reply.data.in_reply_to_id).toBe(s.id);
    expect((await client.getStatus(reply.data.id)).data.in_reply_to_id).toBe(s.id);

    const listed = await client.getAccountStatuses(MASTODON_ACCOUNT.id, { limit: 2 });
    expect(listed.data.map((x: { id: string }) => x.id)).toEqual([reply.data.id, s.id]);
    const older = await client.getAccountStatuses(MASTODON_ACCOUNT.id, { max_id: reply.data.id, limit: 1 });
    expect(older.data.map((x: { id: string }) => x.id)).toEqual([s.id]);

    const stored = sb.posts('mastodon').find((p) => p.id === s.id)!;
    expect(stored).toMatchObject({ visibility: 'unlisted', spoiler: 'Annonce', language: 'fr', replyTo: null });
  });

  it('processes a still image synchronously, whatever its size: 200 with its url at once', async () => {
    const client = mastodonClient(sb);
    // Mastodon puts only GIFs, videos and audio in the background (media_attachment.rb, larger_media_format?).
    const large = await client.uploadMedia(pngOfSize(200_000), { description: 'Grand logo' });
    expect(large.status).toBe(200);
    expect(large.data.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/system\/media_attachments\//);
    const up = await client.uploadMedia(TINY_PNG, { description: 'Petit logo' });
    expect(up.status).toBe(200);
    expect(up.data.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/system\/media_attachments\//);
    const s = await client.postStatus('Petite image', { media_ids: [up.data.id] });
    expect(s.data.media_attachments).toHaveLength(1);
  });

  it('answers 403 when the token lacks the scope of the route', async () => {
    const noRead = mastodonClient(sb, 'sandbox-mastodon-token-no-read-accounts');
    const e = await failure(noRead.verifyAccountCredentials());
    expect(e.status).toBe(403);
    expect(e.data).toEqual({ error: 'This action is outside the authorized scopes' });
    // apps/verify_credentials lists the application's registered scopes, not the token's.
    const app = await noRead.verifyAppCredentials();
    expect(app.data.scopes).toEqual(['read', 'write']);
    const noMedia = mastodonClient(sb, 'sandbox-mastodon-token-no-write-media');
    expect((await failure(noMedia.uploadMedia(TINY_PNG))).status).toBe(403);
  });

  it('enforces each endpoint\'s scope as Mastodon\'s controllers declare it', async () => {
    const full = mastodonClient(sb);
    const noReadStatuses = mastodonClient(sb, 'sandbox-mastodon-token-no-read-statuses');
    const noWriteStatuses = mastodonClient(sb, 'sandbox-mastodon-token-no-write-statuses');
    // Accounts::StatusesController: read:statuses (the reconciliation's read).
    expect((await failure(noReadStatuses.getAccountStatuses(MASTODON_ACCOUNT.id, { limit: 1 }))).status).toBe(403);
    expect((await noReadStatuses.verifyAccountCredentials()).status).toBe(200);
    expect((await full.getAccountStatuses(MASTODON_ACCOUNT.id, { limit: 1 })).status).toBe(200);
    // StatusesController: read:statuses to read one, write:statuses to create, edit or delete.
    const s = await full.postStatus('Une portée par route');
    expect((await failure(noReadStatuses.getStatus(s.data.id))).status).toBe(403);
    expect((await failure(noWriteStatuses.postStatus('Sans droit d’écrire'))).status).toBe(403);
    expect((await failure(noWriteStatuses.client.put('/api/v1/statuses/0', { status: 'x' }))).status).toBe(403);
    // With the scope, an edit of an id that cannot exist is 404 and changes nothing.
    const before = sb.posts('mastodon').length;
    expect(await failure(full.client.put('/api/v1/statuses/0', { status: 'x' }))).toMatchObject({ status: 404, data: { error: 'Record not found' } });
    expect(await failure(full.client.put('/api/v1/media/0', { description: 'x' }))).toMatchObject({ status: 404 });
    expect(sb.posts('mastodon').length).toBe(before);
    // AccountsController#show: read:accounts.
    const noAccounts = mastodonClient(sb, 'sandbox-mastodon-token-no-read-accounts');
    expect((await failure(noAccounts.getAccount(MASTODON_ACCOUNT.id))).status).toBe(403);
  });

  it('answers the errors Mastodon localises in the request\'s language, or in the instance\'s when it has a DEFAULT_LOCALE', async () => {
    const url = `${sb.urls.mastodon}/api/v1/statuses`;
    const post = (lang?: string) =>
      fetch(url, { method: 'POST', headers: { Authorization: 'Bearer sandbox-mastodon-token', 'Content-Type': 'application/json', ...(lang ? { 'Accept-Language': lang } : {}) }, body: JSON.stringify({ status: '' }) });
    const en = await post();
    expect(en.status).toBe(422);
    expect(await en.json()).toEqual({ error: "Validation failed: Text can't be blank" });
    const fr = await post('fr-FR,fr;q=0.9');
    expect(fr.status).toBe(422);
    expect(await fr.json()).toEqual({ error: 'La validation a échoué : Texte doit être rempli(e)' });
    // Api::BaseController's own texts are fixed English.
    const scope = await fetch(url, { method: 'POST', headers: { Authorization: 'Bearer sandbox-mastodon-token-no-write-statuses', 'Accept-Language': 'fr' } });
    expect(await scope.json()).toEqual({ error: 'This action is outside the authorized scopes' });
    // A French instance (DEFAULT_LOCALE=fr) answers in French even when English is asked.
    const french = await startSandbox({ mastodonLocale: 'fr' });
    try {
      const r = await fetch(`${french.urls.mastodon}/api/v1/statuses`, { method: 'POST', headers: { Authorization: 'Bearer sandbox-mastodon-token', 'Content-Type': 'application/json', 'Accept-Language': 'en' }, body: JSON.stringify({ status: '' }) });
      expect(await r.json()).toEqual({ error: 'La validation a échoué : Texte doit être rempli(e)' });
      // ?lang= still wins (localized.rb).
      const q = await fetch(`${french.urls.mastodon}/api/v1/statuses?lang=en`, { method: 'POST', headers: { Authorization: 'Bearer sandbox-mastodon-token', 'Content-Type': 'application/json' }, body: JSON.stringify({ status: '' }) });
      expect(await q.json()).toEqual({ error: "Validation failed: Text can't be blank" });
    } finally {
      await french.close();
    }
  });

  it('processes a GIF (transcoded to gifv) asynchronously and refuses it until ready', async () => {
    const client = mastodonClient(sb);
    const LARGE = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
    const up = await client.uploadMedia(LARGE, { description: 'Logo de test' });
    expect(up.status).toBe(202);
    expect(up.data.url).toBeNull();
    expect(up.data.description).toBe('Logo de test');

    const early = await failure(client.postStatus('Trop tôt', { media_ids: [up.data.id] }));
    expect(early.status).toBe(422);
    expect(early.data).toEqual({ error: 'Cannot attach files that have not finished processing. Try again in a moment!' });
    const processing = await client.getMedia(up.data.id);
    expect(processing.status).toBe(206);

    let media = processing;
    for (let i = 0; i < 20 && media.status !== 200; i++) {
      await sleep(50);
      media = await client.getMedia(up.data.id);
    }
    expect(media.status).toBe(200);
    expect(media.data.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/system\/media_attachments\//);

    const updated = await client.updateMedia(up.data.id, { description: 'Logo (texte alternatif revu)' });
    expect(updated.data.description).toBe('Logo (texte alternatif revu)');

    const s = await client.postStatus('Avec image', { media_ids: [up.data.id] });
    expect(s.data.media_attachments).toHaveLength(1);
    expect(s.data.media_attachments[0].description).toBe('Logo (texte alternatif revu)');
    const stored = sb.posts('mastodon').find((p) => p.id === s.data.id)!;
    expect(stored.media[0]).toMatchObject({ id: up.data.id, altText: 'Logo (texte alternatif revu)', bytes: LARGE.length });

    // Once attached, the attachment is no longer reachable through /api/v1/media.
    expect((await failure(client.getMedia(up.data.id))).status).toBe(404);
    const again = await failure(client.postStatus('Réutilisation', { media_ids: [up.data.id] }));
    expect(again.status).toBe(422);
  });

  it('replays an Idempotency-Key without creating anything, whatever the body', async () => {
    const client = mastodonClient(sb);
    const key = `lm-post-test-${Date.now()}`;
    const first = await client.client.post('/api/v1/statuses', { status: 'Publication idempotente' }, { 'Idempotency-Key': key });
    const count = sb.posts('mastodon').length;
    const second = await client.client.post('/api/v1/statuses', { status: 'Corps différent, même clé' }, { 'Idempotency-Key': key });
    expect(second.data.id).toBe(first.data.id);
    expect(second.data.content).toBe('<p>Publication idempotente</p>');
    expect(sb.posts('mastodon').length).toBe(count);
    expect(sb.posts('mastodon').find((p) => p.id === first.data.id)?.idempotencyKey).toBe(key);
    const other = await client.client.post('/api/v1/statuses', { status: 'Publication idempotente' }, { 'Idempotency-Key': `${key}-2` });
    expect(other.data.id).not.toBe(first.data.id);
  });

  it('answers validation errors with 422 and Mastodon messages', async () => {
    const client = mastodonClient(sb);
    const blank = await failure(client.postStatus('   '));
    expect(blank.status).toBe(422);
    expect(blank.data).toEqual({ error: "Validation failed: Text can't be blank" });

    const long = await failure(client.postStatus('a'.repeat(501)));
    expect(long.status).toBe(422);
    expect(long.data).toEqual({ error: 'Validation failed: Text character limit of 500 exceeded' });
    // 500 graphemes made of multi-code-point emoji still fit; the content warning counts too.
    await client.postStatus('👍🏽'.repeat(500));
    expect((await failure(client.postStatus('b'.repeat(495), { spoiler_text: 'CW123' + 'x' }))).status).toBe(422);

    expect((await failure(client.postStatus('Réponse', { in_reply_to_id: '1' }))).status).toBe(404);
  });

  it('counts like Mastodon: URLs as 23, remote mentions as local, graphemes', () => {
    expect(mastodonLength(`https://example.org/${'x'.repeat(200)}`)).toBe(23);
    expect(mastodonLength('@alice@example.social')).toBe('@alice'.length);
    expect(mastodonLength('👨‍👩‍👧‍👦é')).toBe(2);
  });

  it('refuses a wrong token with 401', async () => {
    const bad = await failure(mastodonClient(sb, 'not-the-token').postStatus('Refusé'));
    expect(bad.status).toBe(401);
    expect(bad.data).toEqual({ error: 'The access token is invalid' });
    const anonymous = await fetch(`${sb.urls.mastodon}/api/v1/accounts/verify_credentials`);
    expect(anonymous.status).toBe(401);
  });
});
