// Scenarios 2, 3 and 6: connections dropped after commit (unknown outcome → reconciled, or the same
// Idempotency-Key on Mastodon), dropped before commit (re-sent), transient 503s, permanent errors.
import { describe, expect, it } from 'vitest';
import { twitterClient } from '../sandbox/helpers.js';
import { countRequests, expectNoDuplicates, expectNoSecrets, inProcess, publishCli, publishIn, QUARTIER, receipts, setup, VEILLE, VEILLE2 } from './helpers.js';


const X_CREATE = /^\/2\/tweets$/;
const M_CREATE = /^\/api\/v1\/statuses$/;
const FB_FEED = /\/feed$/;

describe('unknown outcome after commit (drop-after)', () => {
  it('X and Facebook reconcile from recent posts, Mastodon re-sends the same Idempotency-Key: one post each', async ({ onTestFinished }) => {
    const { sb, ws } = await setup(onTestFinished, [VEILLE, QUARTIER]);
    sb.addFault({ network: 'twitter', method: 'POST', path: '/2/tweets', action: { kind: 'drop-after' } });
    sb.addFault({ network: 'mastodon', method: 'POST', path: '/api/v1/statuses', action: { kind: 'drop-after' } });
    sb.addFault({ network: 'facebook', method: 'POST', path: FB_FEED, action: { kind: 'drop-after' } });
    const r = await publishCli(ws, sb);
    expect(r.code, r.stdout + r.stderr).toBe(0);

    // X: one tweet, one create request, the account's tweets were read, receipt = the existing id.
    expect(sb.posts('twitter')).toHaveLength(1);
    expect(countRequests(sb, 'twitter', 'POST', X_CREATE)).toBe(1);
    expect(countRequests(sb, 'twitter', 'GET', /^\/2\/users\/\d+\/tweets$/)).toBeGreaterThanOrEqual(1);
    expect(receipts(ws, VEILLE).twitter?.id).toBe(sb.posts('twitter')[0]!.id);
    // The summary says what X billed: the post that landed (a link in its text) and the users/me read
    // of the reconciliation (SPEC §12), as the emulator received them.
    expect(countRequests(sb, 'twitter', 'GET', /^\/2\/users\/me$/)).toBe(1);
    const alts = countRequests(sb, 'twitter', 'POST', /^\/2\/media\/metadata$/);
    const cost = 0.2 + 0.01 + alts * 0.005;
    const en = (n: number) => new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 3 }).format(n);
    // (This suite runs in English.)
    expect(r.stdout).toContain(`X cost of this run: ${en(cost)} USD (1 post(s) with a link at 0.20 USD, ${alts ? `${alts} alt text(s) at 0.005 USD, ` : ''}1 account read(s) (users/me) at 0.01 USD).`);
    // Facebook: same, from the Page's posts.
    expect(sb.posts('facebook')).toHaveLength(1);
    expect(countRequests(sb, 'facebook', 'POST', FB_FEED)).toBe(1);
    expect(countRequests(sb, 'facebook', 'GET', /\/posts$/)).toBeGreaterThanOrEqual(1);
    expect(receipts(ws, QUARTIER).facebook?.id).toBe(sb.posts('facebook')[0]!.id);
    // Mastodon: the create was sent twice with the same key; the emulator answered the first status.
    const statuses = sb.posts('mastodon');
    expect(statuses).toHaveLength(1);
    const creates = sb.requests.filter((q) => q.network === 'mastodon' && q.method === 'POST' && M_CREATE.test(q.path));
    expect(creates).toHaveLength(2);
    expect(creates[0]!.headers['idempotency-key']).toBe(statuses[0]!.idempotencyKey);
    expect(creates[1]!.headers['idempotency-key']).toBe(statuses[0]!.idempotencyKey);
    expect(receipts(ws, VEILLE).mastodon?.id).toBe(statuses[0]!.id);
    for (const n of ['twitter', 'mastodon', 'facebook'] as const) expectNoDuplicates(sb, n);
    expectNoSecrets(sb, ws, [r.stdout, r.stderr]);
  }, 40_000);
});

describe('nothing committed (drop-before)', () => {
  it('is retried and published once on every network', async ({ onTestFinished }) => {
    const { sb, ws } = await setup(onTestFinished, [VEILLE2, QUARTIER]);
    sb.addFault({ network: 'twitter', method: 'POST', path: '/2/tweets', action: { kind: 'drop-before' } });
    sb.addFault({ network: 'mastodon', method: 'POST', path: '/api/v1/statuses', action: { kind: 'drop-before' } });
    sb.addFault({ network: 'facebook', method: 'POST', path: FB_FEED, action: { kind: 'drop-before' } });
    const r = await publishIn(ws, sb);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(sb.posts('twitter')).toHaveLength(1);
    expect(sb.posts('mastodon')).toHaveLength(1);
    expect(sb.posts('facebook')).toHaveLength(1);
    expect(countRequests(sb, 'twitter', 'POST', X_CREATE)).toBe(2);
    expect(countRequests(sb, 'mastodon', 'POST', M_CREATE)).toBe(2);
    expect(countRequests(sb, 'facebook', 'POST', FB_FEED)).toBe(2);
    expect(receipts(ws, VEILLE2).twitter?.id).toBe(sb.posts('twitter')[0]!.id);
    expect(receipts(ws, VEILLE2).mastodon?.id).toBe(sb.posts('mastodon')[0]!.id);
    expect(receipts(ws, QUARTIER).facebook?.id).toBe(sb.posts('facebook')[0]!.id);
    expectNoSecrets(sb, ws, [r.stdout, r.stderr]);
  }, 40_000);
});

describe('transient and permanent errors', () => {
  it('503 twice then OK on every create: published once', async ({ onTestFinished }) => {
    const { sb, ws } = await setup(onTestFinished, [VEILLE, QUARTIER]);
    sb.addFault({ network: 'twitter', method: 'POST', path: '/2/tweets', times: 2, action: { kind: 'status', status: 503 } });
    sb.addFault({ network: 'mastodon', method: 'POST', path: '/api/v1/statuses', times: 2, action: { kind: 'status', status: 503 } });
    sb.addFault({ network: 'facebook', method: 'POST', path: FB_FEED, times: 2, action: { kind: 'status', status: 503 } });
    const r = await publishIn(ws, sb);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    for (const n of ['twitter', 'mastodon', 'facebook'] as const) {
      expect(sb.posts(n), n).toHaveLength(1);
      expectNoDuplicates(sb, n);
    }
    expect(countRequests(sb, 'twitter', 'POST', X_CREATE)).toBe(3);
    expect(countRequests(sb, 'mastodon', 'POST', M_CREATE)).toBe(3);
    expect(countRequests(sb, 'facebook', 'POST', FB_FEED)).toBe(3);
    expectNoSecrets(sb, ws, [r.stdout, r.stderr]);
  }, 40_000);

  it('X answering 503 to every create of a run (outage) leaves a retryable failure, not a post needing a human', async ({ onTestFinished }) => {
    const { sb, ws } = await setup(onTestFinished, [VEILLE]);
    sb.addFault({ network: 'twitter', method: 'POST', path: '/2/tweets', times: 3, action: { kind: 'status', status: 503 } });
    const r = await publishIn(ws, sb, ['--network', 'twitter']);
    // Nothing was created, and reading the timeline can prove it: a later run should just try again.
    expect(sb.posts('twitter')).toHaveLength(0);
    const again = await publishIn(ws, sb, ['--network', 'twitter']);
    expect({ first: r.code, second: again.code, tweets: sb.posts('twitter').length }, `${r.stdout}\n${again.stdout}`).toEqual({ first: 1, second: 0, tweets: 1 });
  }, 40_000);

  it('503 on an image upload is retried with backoff', async ({ onTestFinished }) => {
    const { sb, ws } = await setup(onTestFinished, ['2026-12-10-vie-membres-paniers-zero-dechet']);
    sb.addFault({ network: 'facebook', method: 'POST', path: /\/photos$/, times: 2, action: { kind: 'status', status: 503 } });
    const r = await publishIn(ws, sb);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(sb.posts('facebook')).toHaveLength(1);
    expect(sb.posts('facebook')[0]!.media).toHaveLength(1);
    expect(countRequests(sb, 'facebook', 'POST', /\/photos$/)).toBe(3);
  }, 40_000);

  it('a wrong Mastodon token (401) stops Mastodon with a clear message, no retry storm; X and Facebook are published', async ({ onTestFinished }) => {
    const { sb, ws } = await setup(onTestFinished, [VEILLE, QUARTIER]);
    const r = await publishIn(ws, sb, [], { LM_POST_MASTODON_TOKEN: 'wrong-mastodon-token-123456' });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/Mastodon.*refused the access token \(401\)/);
    expect(countRequests(sb, 'mastodon', 'POST', M_CREATE)).toBeLessThanOrEqual(1);
    expect(sb.requests.filter((q) => q.network === 'mastodon').length).toBeLessThanOrEqual(3);
    expect(sb.posts('mastodon')).toHaveLength(0);
    expect(sb.posts('twitter')).toHaveLength(1);
    expect(sb.posts('facebook')).toHaveLength(1);
    expect(receipts(ws, VEILLE).mastodon).toBeUndefined();
    expect(receipts(ws, VEILLE).twitter?.id).toBe(sb.posts('twitter')[0]!.id);
    expectNoSecrets(sb, ws, [r.stdout, r.stderr], ['wrong-mastodon-token-123456']);
    // Fixed token: the next run publishes Mastodon once and nothing else.
    const again = await publishIn(ws, sb);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(sb.posts('mastodon')).toHaveLength(1);
    expect(sb.posts('twitter')).toHaveLength(1);
    expect(sb.posts('facebook')).toHaveLength(1);
  }, 40_000);

  it('X duplicate content (403) that is not on the account stops X with a clear message after one request; Mastodon is published', async ({ onTestFinished }) => {
    const { sb, ws } = await setup(onTestFinished, [VEILLE]);
    sb.addFault({
      network: 'twitter',
      method: 'POST',
      path: '/2/tweets',
      action: { kind: 'status', status: 403, body: { detail: 'You are not allowed to create a Tweet with duplicate content.', type: 'about:blank', title: 'Forbidden', status: 403 } },
    });
    const before = sb.requests.length;
    const r = await publishIn(ws, sb);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/duplicate/i);
    expect(sb.requests.slice(before).filter((q) => q.network === 'twitter' && q.method === 'POST' && X_CREATE.test(q.path))).toHaveLength(1);
    expect(sb.posts('twitter')).toHaveLength(0);
    expect(sb.posts('mastodon')).toHaveLength(1);
    expect(receipts(ws, VEILLE).twitter).toBeUndefined();
    expectNoSecrets(sb, ws, [r.stdout, r.stderr]);
  }, 40_000);

  it('X duplicate content (403) of a tweet already on the account (receipt lost): found and recorded, no failure', async ({ onTestFinished }) => {
    const { sb, ws } = await setup(onTestFinished, [VEILLE]);
    const dry = await inProcess(ws.root, ['publish', '--dry-run', '--json'], {});
    const plan = JSON.parse(dry.stdout) as Array<{ network: string; items: Array<{ text: string }> }>;
    const text = plan.find((p) => p.network === 'twitter')!.items[0]!.text;
    const existing = await twitterClient(sb).v2.tweet(text);
    const r = await publishIn(ws, sb);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(sb.posts('twitter')).toHaveLength(1);
    expect(receipts(ws, VEILLE).twitter?.id).toBe(existing.data.id);
    expect(sb.posts('mastodon')).toHaveLength(1);
    expectNoSecrets(sb, ws, [r.stdout, r.stderr]);
  }, 40_000);
});
