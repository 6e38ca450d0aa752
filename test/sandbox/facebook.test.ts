import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACEBOOK_APP_SECRET, FACEBOOK_PAGE, FACEBOOK_TOKEN, GRAPH_VERSION, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { facebookSdk, TINY_PNG } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
});

function api(token = FACEBOOK_TOKEN): { page: any; api: any } {
  const { FacebookAdsApi, Page } = facebookSdk(sb.urls.facebook);
  // Third argument false: keep the SDK's crash reporter from hooking uncaughtException.
  const a = new FacebookAdsApi(token, 'fr_FR', false);
  return { api: a, page: new Page(FACEBOOK_PAGE.id, {}, undefined, a) };
}

async function uploadPhoto(fields: Record<string, string>, withFile = true): Promise<Response> {
  const form = new FormData();
  form.set('access_token', FACEBOOK_TOKEN);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (withFile) form.set('source', new Blob([TINY_PNG], { type: 'image/png' }), 'image.png');
  return fetch(`${sb.urls.facebook}/v24.0/${FACEBOOK_PAGE.id}/photos`, { method: 'POST', body: form });
}

describe('Graph emulator with facebook-nodejs-business-sdk', () => {
  it('creates a feed post with a link and reads it back', async () => {
    const { page, api: a } = api();
    const created = await page.createFeed([], { message: 'Nouvelle permanence jeudi', link: 'https://example.org/agenda' });
    expect(created.id).toMatch(new RegExp(`^${FACEBOOK_PAGE.id}_\\d+$`));

    const post = await a.call('GET', [created.id], { fields: 'permalink_url,message,created_time' });
    expect(post.message).toBe('Nouvelle permanence jeudi');
    expect(post.permalink_url).toBe(`${sb.urls.facebook}/${FACEBOOK_PAGE.id}/posts/${created.id.split('_')[1]}`);
    expect(post.created_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);

    const posts = await page.getPosts(['message', 'permalink_url', 'created_time'], { limit: 10 });
    expect(posts[0].id).toBe(created.id);
    expect(posts[0]._data.permalink_url).toBe(post.permalink_url);
    const stored = sb.posts('facebook').find((p) => p.id === created.id)!;
    expect(stored).toMatchObject({ link: 'https://example.org/agenda', published: true, text: 'Nouvelle permanence jeudi' });
    const rec = sb.requests.find((r) => r.method === 'POST' && r.path === `/v24.0/${FACEBOOK_PAGE.id}/feed`)!;
    expect(rec.query.access_token).toBe('[REDACTED]');
    expect(JSON.stringify(sb.requests)).not.toContain(FACEBOOK_TOKEN);
  });

  it('refuses the same message twice in a row with code 506', async () => {
    const { page } = api();
    await page.createFeed([], { message: 'Message répété' });
    const err = await page.createFeed([], { message: 'Message répété' }).catch((e: unknown) => e);
    expect(err.name).toBe('FacebookRequestError');
    expect(err.response.code).toBe(506);
    expect(err.response.error_subcode).toBe(1455006);
  });

  it('surfaces an invalid token as FacebookRequestError 190', async () => {
    const before = sb.posts('facebook').length;
    const err = await api('wrong-token').page.createFeed([], { message: 'Refusé' }).catch((e: unknown) => e);
    expect(err.name).toBe('FacebookRequestError');
    expect(err.status).toBe(400);
    expect(err.response).toMatchObject({ code: 190, type: 'OAuthException', message: 'Invalid OAuth access token - Cannot parse access token' });
    expect(typeof err.response.fbtrace_id).toBe('string');
    expect(sb.posts('facebook').length).toBe(before);
  });

  it('checks appsecret_proof when one is sent', async () => {
    const { page } = api();
    const proof = createHmac('sha256', FACEBOOK_APP_SECRET).update(FACEBOOK_TOKEN).digest('hex');
    const ok = await page.createFeed([], { message: 'Avec preuve', appsecret_proof: proof });
    expect(ok.id).toContain('_');
    const err = await page.createFeed([], { message: 'Preuve fausse', appsecret_proof: 'ab'.repeat(32) }).catch((e: unknown) => e);
    expect(err.response).toMatchObject({ code: 100, type: 'GraphMethodException' });
  });

  it('uploads an unpublished photo (multipart source) and attaches it to a post', async () => {
    const res = await uploadPhoto({ caption: 'Affiche', published: 'false' });
    expect(res.status).toBe(200);
    const photo = (await res.json()) as { id: string; post_id?: string };
    expect(photo.id).toMatch(/^\d+$/);
    expect(photo.post_id).toBeUndefined();
    expect(res.headers.get('x-app-usage')).toMatch(/call_count/);

    const { page } = api();
    // JSON strings inside a JSON body are not Graph's documented form: refused.
    const strings = await page.createFeed([], { message: 'Avec affiche', attached_media: [JSON.stringify({ media_fbid: photo.id })] }).catch((e: unknown) => e);
    expect(strings.response.code).toBe(100);
    const created = await page.createFeed([], { message: 'Avec affiche', attached_media: [{ media_fbid: photo.id }] });
    const stored = sb.posts('facebook').find((p) => p.id === created.id)!;
    expect(stored.media).toEqual([expect.objectContaining({ id: photo.id, bytes: TINY_PNG.length, contentType: 'image/png' })]);
    const rec = sb.requests.filter((r) => r.path.endsWith('/photos')).at(-1)!;
    expect((rec.body as { source: { filename: string; size: number } }).source).toMatchObject({ filename: 'image.png', size: TINY_PNG.length });

    const bad = await page.createFeed([], { message: 'Média inconnu', attached_media: [{ media_fbid: '999' }] }).catch((e: unknown) => e);
    expect(bad.response.code).toBe(100);
    const noFile = await uploadPhoto({ caption: 'Sans fichier' }, false);
    expect(((await noFile.json()) as { error: { code: number } }).error.code).toBe(324);
  });

  it('refuses link and photos together, and calls without appsecret_proof when the app requires it', async () => {
    const res = await uploadPhoto({ caption: 'Affiche', published: 'false' });
    const photo = (await res.json()) as { id: string };
    const { page } = api();
    const both = await page.createFeed([], { message: 'Lien et photo', link: 'https://example.org/a', attached_media: [{ media_fbid: photo.id }] }).catch((e: unknown) => e);
    expect(both.response.code).toBe(100);
    // The documented form-body shape is read: attached_media[0]={"media_fbid":…}.
    const form = new URLSearchParams({ message: 'Par formulaire', 'attached_media[0]': JSON.stringify({ media_fbid: photo.id }), access_token: FACEBOOK_TOKEN });
    const viaForm = await fetch(`${sb.urls.facebook}/${GRAPH_VERSION}/${FACEBOOK_PAGE.id}/feed`, { method: 'POST', body: form });
    expect(viaForm.status).toBe(200);

    const strict = await startSandbox({ facebookRequireProof: true });
    try {
      const bare = await fetch(`${strict.urls.facebook}/${GRAPH_VERSION}/${FACEBOOK_PAGE.id}?access_token=${FACEBOOK_TOKEN}`);
      expect(((await bare.json()) as { error: { message: string } }).error.message).toMatch(/appsecret_proof/);
      const proof = createHmac('sha256', FACEBOOK_APP_SECRET).update(FACEBOOK_TOKEN).digest('hex');
      const ok = await fetch(`${strict.urls.facebook}/${GRAPH_VERSION}/${FACEBOOK_PAGE.id}?access_token=${FACEBOOK_TOKEN}&appsecret_proof=${proof}`);
      expect(ok.status).toBe(200);
    } finally {
      await strict.close();
    }
  });

  it('publishes a photo directly and schedules a post', async () => {
    const res = await uploadPhoto({ caption: 'Photo publiée' });
    const body = (await res.json()) as { id: string; post_id: string };
    expect(body.post_id).toMatch(new RegExp(`^${FACEBOOK_PAGE.id}_`));

    const { page } = api();
    const when = Math.floor(Date.now() / 1000) + 3600;
    const scheduled = await page.createFeed([], { message: 'Plus tard', published: false, scheduled_publish_time: when });
    const stored = sb.posts('facebook').find((p) => p.id === scheduled.id)!;
    expect(stored.published).toBe(false);
    expect(stored.scheduledAt).toBe(new Date(when * 1000).toISOString());
    const listed = await page.getPosts(['message'], { limit: 100 });
    expect(listed.map((p: { id: string }) => p.id)).not.toContain(scheduled.id);
    const tooSoon = await page.createFeed([], { message: 'Trop tôt', published: false, scheduled_publish_time: Math.floor(Date.now() / 1000) + 60 }).catch((e: unknown) => e);
    expect(tooSoon.response.code).toBe(100);
  });

  it('schedules a Page post only from 10 minutes to 30 days ahead, refusing outside with Graph\'s (#100) error', async () => {
    const { page } = api();
    const now = Math.floor(Date.now() / 1000);
    const day = 24 * 3600;
    const refused = async (when: number, message: string) => {
      const e = (await page.createFeed([], { message, published: false, scheduled_publish_time: when }).catch((x: unknown) => x)) as { status?: number; response?: Record<string, unknown> };
      expect(e.status).toBe(400);
      expect(e.response).toMatchObject({ code: 100, type: 'OAuthException', message: '(#100) The specified scheduled publish time is invalid.' });
      expect(sb.posts('facebook').some((p) => p.text === message)).toBe(false);
    };
    await refused(now + 9 * 60, 'Neuf minutes');
    await refused(now + 31 * day, 'Trente et un jours');
    // Within the window at both ends.
    for (const [when, message] of [[now + 11 * 60, 'Onze minutes'], [now + 29 * day, 'Vingt-neuf jours']] as const) {
      const ok = await page.createFeed([], { message, published: false, scheduled_publish_time: when });
      expect(sb.posts('facebook').find((p) => p.id === ok.id)).toMatchObject({ published: false, scheduledAt: new Date(when * 1000).toISOString() });
    }
  });

  it('pages through /posts with cursors the SDK follows', async () => {
    const { page } = api();
    for (let i = 0; i < 3; i++) await page.createFeed([], { message: `Série ${i}` });
    const first = await page.getPosts(['message'], { limit: 2 });
    expect(first).toHaveLength(2);
    expect(first.hasNext()).toBe(true);
    await first.next();
    expect(first).toHaveLength(2);
    expect(first[0]._data.message).toBe('Série 0');
  });

  it('answers unknown objects the way Graph does', async () => {
    const r = await fetch(`${sb.urls.facebook}/v24.0/123456?access_token=${FACEBOOK_TOKEN}`);
    expect(r.status).toBe(400);
    const body = (await r.json()) as { error: { code: number; error_subcode: number; type: string } };
    expect(body.error).toMatchObject({ code: 100, error_subcode: 33, type: 'GraphMethodException' });
    const anonymous = await fetch(`${sb.urls.facebook}/v24.0/${FACEBOOK_PAGE.id}/posts`);
    expect(((await anonymous.json()) as { error: { code: number } }).error.code).toBe(104);
  });
});
