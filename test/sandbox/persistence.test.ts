import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FACEBOOK_PAGE, MASTODON_ACCOUNT, startSandbox, TWITTER_USER } from '../../src/sandbox/index.js';
import { facebookSdk, mastodonClient, twitterClient } from './helpers.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('persistence', () => {
  it('keeps posts across a restart on the same state directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lm-post-sandbox-'));
    dirs.push(dir);
    const first = await startSandbox({ stateDir: dir });
    const tweet = await twitterClient(first).v2.tweet('Persistant sur X');
    const key = 'persist-key';
    const status = await mastodonClient(first).client.post('/api/v1/statuses', { status: 'Persistant sur Mastodon' }, { 'Idempotency-Key': key });
    const { FacebookAdsApi, Page } = facebookSdk(first.urls.facebook);
    const fb = await new Page(FACEBOOK_PAGE.id, {}, undefined, new FacebookAdsApi(first.env.LM_POST_FACEBOOK_PAGE_TOKEN, 'fr_FR', false)).createFeed([], { message: 'Persistant sur Facebook' });
    await first.close();
    expect(readdirSync(dir).sort()).toEqual(['facebook.json', 'mastodon.json', 'twitter.json']);

    const second = await startSandbox({ stateDir: dir });
    try {
      expect(second.posts('twitter').map((p) => p.id)).toContain(tweet.data.id);
      const timeline = await twitterClient(second).v2.userTimeline(TWITTER_USER.id, { max_results: 5 });
      expect(timeline.tweets[0]?.id).toBe(tweet.data.id);
      // Duplicate detection survives the restart too.
      const dup = await twitterClient(second).v2.tweet('Persistant sur X').catch((e: unknown) => e);
      expect((dup as { code: number }).code).toBe(403);

      const listed = await mastodonClient(second).getAccountStatuses(MASTODON_ACCOUNT.id);
      expect(listed.data[0].id).toBe(status.data.id);
      const replay = await mastodonClient(second).client.post('/api/v1/statuses', { status: 'x' }, { 'Idempotency-Key': key });
      expect(replay.data.id).toBe(status.data.id);
      // New ids keep growing after a restart.
      const next = await mastodonClient(second).postStatus('Après redémarrage');
      expect(BigInt(next.data.id) > BigInt(status.data.id)).toBe(true);

      expect(second.posts('facebook').map((p) => p.id)).toEqual([fb.id]);
      const res = await fetch(`${second.urls.facebook}/v24.0/${FACEBOOK_PAGE.id}/posts?access_token=${second.env.LM_POST_FACEBOOK_PAGE_TOKEN}`);
      expect(((await res.json()) as { data: Array<{ id: string }> }).data[0]?.id).toBe(fb.id);
    } finally {
      await second.close();
    }
  });

  it('keeps nothing without a state directory', async () => {
    const a = await startSandbox();
    await twitterClient(a).v2.tweet('Éphémère');
    await a.close();
    const b = await startSandbox();
    expect(b.posts('twitter')).toHaveLength(0);
    await b.close();
  });

  it('refuses a corrupt state file instead of silently starting empty', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lm-post-sandbox-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'mastodon.json'), '{ not json');
    await expect(startSandbox({ stateDir: dir })).rejects.toThrow(/mastodon\.json is not valid JSON/);
    expect(readFileSync(join(dir, 'mastodon.json'), 'utf8')).toBe('{ not json');
  });
});
