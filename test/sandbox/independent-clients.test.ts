/**
 * Independent clients: Mastodon.py and tweepy (Debian packages, run by /usr/bin/python3) talk to the
 * sandbox. They were written against the real services, not against our code, so their success shows
 * the emulators speak the real protocols (OAuth 1.0a signatures, multipart, form encodings, headers).
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASTODON_ACCOUNT, startSandbox, TWITTER_CREDENTIALS, TWITTER_USER, type Sandbox } from '../../src/sandbox/index.js';

const PYTHON = '/usr/bin/python3';
const clients = fileURLToPath(new URL('./clients/', import.meta.url));
const probe = spawnSync(PYTHON, ['-c', 'import mastodon, tweepy'], { encoding: 'utf8' });
const available = probe.status === 0;
if (!available) {
  console.warn(
    `Independent-client tests skipped: ${PYTHON} cannot import mastodon and tweepy ` +
      `(${(probe.stderr || probe.error?.message || '').trim().split('\n').pop()}). Install with: apt-get install -y python3-mastodon python3-tweepy`,
  );
}

const run = promisify(execFile);
async function python(script: string, args: string[]): Promise<Record<string, any>> {
  // A clean environment: the pyenv python first on PATH must not leak its site-packages in.
  const { stdout } = await run(PYTHON, [join(clients, script), ...args], { env: { PATH: '/usr/bin:/bin', HOME: tmpdir() }, timeout: 15_000 });
  return JSON.parse(stdout) as Record<string, any>;
}

let sb: Sandbox;
let dir: string;
beforeAll(async () => {
  // tweepy quotes a post: an Enterprise account (pay-per-use refuses quotes since April 2026).
  sb = await startSandbox({ twitterPlan: 'enterprise' });
  dir = mkdtempSync(join(tmpdir(), 'lm-post-clients-'));
});
afterAll(async () => {
  await sb?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!available)('independent clients', () => {
  it('Mastodon.py: instance version, media upload with description, status, Idempotency-Key, errors', async () => {
    const image = join(dir, 'image.gif');
    // A GIF, which Mastodon transcodes in the background: it answers 202 and the client polls.
    const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
    writeFileSync(image, gif);
    const out = await python('mastodon_py_client.py', [sb.urls.mastodon, sb.env.LM_POST_MASTODON_TOKEN!, image]);

    expect(out.version_check_worked).toBe(true);
    expect(out.version).toBe('4.3.0');
    expect(out.account).toEqual({ id: MASTODON_ACCOUNT.id, acct: MASTODON_ACCOUNT.username });
    expect(out.media_initial_url).toBeNull();
    expect(out.media_final_url).toMatch(/^http:\/\/127\.0\.0\.1/);
    expect(out.status).toMatchObject({
      visibility: 'unlisted',
      spoiler_text: 'Test',
      language: 'fr',
      media_descriptions: ['Texte alternatif (Mastodon.py)'],
      created_at_parsed: true,
    });
    expect(out.replay_id).toBe(out.status.id);
    expect(out.reply_in_reply_to_id).toBe(out.status.id);
    expect(out.ratelimit_reset_future).toBe(true);
    expect(out.blank_error).toEqual([422, "Validation failed: Text can't be blank"]);
    expect(out.unauthorized).toEqual([401, 'The access token is invalid']);

    // What the sandbox saw: a multipart upload and a url-encoded status with media_ids[].
    const upload = sb.requests.find((r) => r.network === 'mastodon' && r.path === '/api/v2/media')!;
    expect(upload.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(upload.headers.authorization).toBe('Bearer');
    expect(upload.body).toMatchObject({ description: 'Texte alternatif (Mastodon.py)', file: { contentType: 'image/gif', size: gif.length } });
    const create = sb.requests.find((r) => r.network === 'mastodon' && r.method === 'POST' && r.path === '/api/v1/statuses')!;
    expect(create.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(create.headers['idempotency-key']).toBe('mastodon-py-key');
    expect(create.body).toMatchObject({ visibility: 'unlisted', language: 'fr', media_ids: [out.status.media_ids[0]] });
    expect(sb.requests.some((r) => r.path === '/api/v1/instance')).toBe(true);

    const stored = sb.posts('mastodon').filter((p) => p.text.includes('Mastodon.py'));
    expect(stored).toHaveLength(2);
    expect(stored[0]).toMatchObject({ idempotencyKey: 'mastodon-py-key', media: [expect.objectContaining({ altText: 'Texte alternatif (Mastodon.py)' })] });
  });

  it('tweepy: OAuth 1.0a user context signed for api.twitter.com, tweet, reply, quote, 403, 401', async () => {
    const c = TWITTER_CREDENTIALS;
    const out = await python('tweepy_client.py', [sb.urls.twitter, c.consumerKey, c.consumerSecret, c.token, c.tokenSecret]);

    expect(out.me).toEqual({ id: TWITTER_USER.id, username: TWITTER_USER.username });
    expect(out.first.text).toBe('Publié par tweepy');
    expect(out.first.edit_history_tweet_ids).toEqual([out.first.id]);
    expect(out.fetched).toEqual({ id: out.reply_id, conversation_id: out.first.id, has_created_at: true });
    expect(out.duplicate).toEqual({ status: 403, messages: ['You are not allowed to create a Tweet with duplicate content.'] });
    expect(out.bad_signature).toEqual({ status: 401, body: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' } });

    const posts = new Map(sb.posts('twitter').map((p) => [p.id, p]));
    expect(posts.get(out.reply_id)?.replyTo).toBe(out.first.id);
    expect(posts.get(out.quote_id)?.quoteOf).toBe(out.first.id);
    const creates = sb.requests.filter((r) => r.network === 'twitter' && r.method === 'POST' && r.path === '/2/tweets');
    expect(creates[1]?.body).toEqual({ text: 'Réponse par tweepy', reply: { in_reply_to_tweet_id: out.first.id } });
    expect(creates.every((r) => r.headers.authorization === 'OAuth' && r.headers['user-agent']?.includes('Tweepy'))).toBe(true);
  });
});
