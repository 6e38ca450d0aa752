// Issue 6, defects 3 and 4, and the summary after a rebuild.
// 3: receipts AND journal lost (a CI checkout without them): Facebook and Mastodon posts already on
//    the account are found by one read of recent posts before the first create, and recorded.
// 4: a thread item whose words were already published alone on X is not reconciled onto that
//    standalone tweet: a reply item matches only a post replying to the previous item.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadCharter } from '../../src/charter/load.js';
import { readPost } from '../../src/post/read.js';
import { renderPost } from '../../src/render/index.js';
import { adapterFor, never } from '../networks/helpers.js';
import { countRequests, expectNoDuplicates, inProcess, journal, LIVETWEET, publishCli, QUARTIER, receipts, setup, VEILLE } from './helpers.js';

/** Facebook only, with a photo: with two page posts, Graph's #506 (latest post only) cannot protect. */
const PANIERS = '2026-12-10-vie-membres-paniers-zero-dechet';

afterEach(() => {
  vi.useRealTimers();
});

describe('receipts and journal both lost', () => {
  it('Facebook and Mastodon posts already on the account are recorded, not sent again', async ({ onTestFinished }) => {
    const { sb, ws } = await setup(onTestFinished, [QUARTIER, PANIERS, VEILLE, LIVETWEET]);
    const pristine = new Map([QUARTIER, PANIERS, VEILLE, LIVETWEET].map((id) => [id, readFileSync(ws.file(id), 'utf8')]));
    const first = await publishCli(ws, sb);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const counts = { facebook: sb.posts('facebook').length, mastodon: sb.posts('mastodon').length, twitter: sb.posts('twitter').length };
    expect(counts.facebook).toBe(2);
    expect(counts.mastodon).toBe(5); // VEILLE + the 4-item LIVETWEET thread
    // A checkout without receipts nor .lm-post/.
    for (const [id, text] of pristine) writeFileSync(ws.file(id), text);
    rmSync(path.join(ws.root, '.lm-post'), { recursive: true, force: true });
    const reads = { facebook: countRequests(sb, 'facebook', 'GET', /\/posts$/), mastodon: countRequests(sb, 'mastodon', 'GET', /\/statuses$/) };
    // A day later: Mastodon has forgotten the idempotency keys (they last one hour).
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 24 * 3600_000);
    const again = await inProcess(ws.root, ['publish'], sb.env);
    // X refuses the copies (duplicate 403) and its own reconciliation records them.
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(sb.posts('facebook')).toHaveLength(counts.facebook);
    expect(sb.posts('mastodon')).toHaveLength(counts.mastodon);
    expect(sb.posts('twitter')).toHaveLength(counts.twitter);
    for (const n of ['facebook', 'mastodon', 'twitter'] as const) expectNoDuplicates(sb, n);
    expect(receipts(ws, QUARTIER).facebook?.id).toBe(sb.posts('facebook')[0]!.id);
    const thread = sb.posts('mastodon').filter((p) => /^\d\//.test(p.text));
    expect(receipts(ws, LIVETWEET).mastodon?.id).toBe(thread[0]!.id);
    expect(receipts(ws, LIVETWEET).mastodon?.thread).toEqual(thread.slice(1).map((p) => p.id));
    // One read of recent posts per network for the whole run, not one per post (on Mastodon one
    // read is a page of statuses and the empty page that ends it).
    expect(countRequests(sb, 'facebook', 'GET', /\/posts$/) - reads.facebook).toBe(1);
    // The preflight's proof of read:statuses (one status asked, limit=1) is not a reconciliation read.
    const probes = sb.requests.filter((q) => q.network === 'mastodon' && q.method === 'GET' && /\/statuses$/.test(q.path) && q.query.limit === '1').length;
    expect(probes).toBe(2); // one per run
    expect(countRequests(sb, 'mastodon', 'GET', /\/statuses$/) - reads.mastodon - 1).toBe(2);
    // Defect 9: the summary does not claim publications it did not make.
    expect(again.stdout).toMatch(/Summary: 0 publication\(s\) made/);
    expect(again.stdout).toMatch(/receipt\(s\) restored without sending anything/);
  }, 60_000);
});

describe('a thread item already published alone', () => {
  it('is not reconciled onto the standalone tweet: the run fails on it, with nothing chained to a stranger', async ({ onTestFinished }) => {
    const { sb, ws } = await setup(onTestFinished, [LIVETWEET]);
    const charter = loadCharter('charter/charter.yaml', ws.root);
    const post = readPost(ws.file(LIVETWEET), ws.root);
    const items = renderPost(post.data!, charter, 'twitter', ws.queue).items;
    // The words of item 2, tweeted alone beforehand.
    const x = await adapterFor(sb, 'twitter');
    const alone = await x.create({ text: items[1]!.text, mediaIds: [], idempotencyKey: 'alone' }, never());
    await x.close();
    const r = await publishCli(ws, sb, ['--network', 'twitter']);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/duplicate/);
    expect(receipts(ws, LIVETWEET).twitter).toBeUndefined();
    const created = journal(ws, LIVETWEET).filter((e) => e.t === 'created' && e.network === 'twitter');
    expect(created.map((e) => e.id)).not.toContain(alone.id);
    // Nothing replies to the standalone tweet.
    expect(sb.posts('twitter').filter((p) => p.replyTo === alone.id)).toEqual([]);
  });
});
