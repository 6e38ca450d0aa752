// Scenario 4: an unknown outcome that cannot be decided (recent posts unreadable) → exit 3 and
// `lm-post resolve`; nothing is re-sent until a person decides. Scenario 5: rate limits.
import { describe, expect, it } from 'vitest';
import { countRequests, expectNoDuplicates, expectNoSecrets, inProcess, journal, publishIn, receipts, setup, VEILLE, VEILLE2 } from './helpers.js';


const X_CREATE = /^\/2\/tweets$/;
const TIMELINE = /^\/2\/users\/[^/]+\/tweets$/;

describe('cannot decide → a human resolves', () => {
  it('exit 3 with a resolve hint, no re-send on a later run, then --created / --not-created completes exactly once', async ({ onTestFinished }) => {
    // Queue order: VEILLE2 (12-03) is created first, VEILLE (12-09) second.
    const { sb, ws } = await setup(onTestFinished, [VEILLE2, VEILLE]);
    sb.addFault({ network: 'twitter', method: 'POST', path: '/2/tweets', action: { kind: 'drop-before' } }); // VEILLE2: not created
    sb.addFault({ network: 'twitter', method: 'POST', path: '/2/tweets', action: { kind: 'drop-after' } }); // VEILLE: created
    sb.addFault({ network: 'twitter', method: 'GET', path: TIMELINE, times: 100, action: { kind: 'status', status: 500 } });
    const outputs: string[] = [];

    const r1 = await publishIn(ws, sb);
    outputs.push(r1.stdout, r1.stderr);
    expect(r1.code, r1.stdout + r1.stderr).toBe(3);
    expect(r1.stdout).toContain(`lm-post resolve ${VEILLE2} --network twitter`);
    expect(r1.stdout).toContain(`lm-post resolve ${VEILLE} --network twitter`);
    expect(sb.posts('twitter')).toHaveLength(1);
    expect(sb.posts('mastodon')).toHaveLength(2); // the other network of the run went on
    expect(countRequests(sb, 'twitter', 'POST', X_CREATE)).toBe(2);

    // A later run without any fix: still exit 3, nothing re-sent (timeline still failing or not).
    const r2 = await publishIn(ws, sb);
    outputs.push(r2.stdout, r2.stderr);
    expect(r2.code, r2.stdout + r2.stderr).toBe(3);
    sb.clearFaults();
    const r3 = await publishIn(ws, sb);
    outputs.push(r3.stdout, r3.stderr);
    expect(r3.code, r3.stdout + r3.stderr).toBe(3);
    expect(countRequests(sb, 'twitter', 'POST', X_CREATE)).toBe(2);

    // A person looked at the account: VEILLE2 was not created, VEILLE was.
    const tweet = sb.posts('twitter')[0]!;
    const a = await inProcess(ws.root, ['resolve', VEILLE2, '--network', 'twitter', '--not-created'], {});
    const b = await inProcess(ws.root, ['resolve', VEILLE, '--network', 'twitter', '--created', tweet.url], {});
    expect(a.code, a.stdout + a.stderr).toBe(0);
    expect(b.code, b.stdout + b.stderr).toBe(0);

    const r4 = await publishIn(ws, sb);
    outputs.push(r4.stdout, r4.stderr);
    expect(r4.code, r4.stdout + r4.stderr).toBe(0);
    expect(sb.posts('twitter')).toHaveLength(2);
    expectNoDuplicates(sb, 'twitter');
    expect(countRequests(sb, 'twitter', 'POST', X_CREATE)).toBe(3);
    expect(receipts(ws, VEILLE).twitter?.id).toBe(tweet.id);
    expect(receipts(ws, VEILLE2).twitter?.id).toBe(sb.posts('twitter')[1]!.id);
    expect(receipts(ws, VEILLE2).mastodon?.id).toBeDefined();
    expect(journal(ws, VEILLE).some((e) => e.t === 'created' && e.how === 'resolved')).toBe(true);
    expectNoSecrets(sb, ws, outputs);
  }, 60_000);

  it('one transient 500 on the recent-posts read does not need a human (the read is retried)', async ({ onTestFinished }) => {
    const { sb, ws } = await setup(onTestFinished, [VEILLE]);
    sb.addFault({ network: 'twitter', method: 'POST', path: '/2/tweets', action: { kind: 'drop-after' } });
    sb.addFault({ network: 'twitter', method: 'GET', path: TIMELINE, times: 1, action: { kind: 'status', status: 500 } });
    const r = await publishIn(ws, sb, ['--network', 'twitter']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(sb.posts('twitter')).toHaveLength(1);
    expect(receipts(ws, VEILLE).twitter?.id).toBe(sb.posts('twitter')[0]!.id);
  }, 40_000);
});

describe('rate limits', () => {
  it('a short reset (2 s) is waited for, then one post', async ({ onTestFinished }) => {
    const { sb, ws } = await setup(onTestFinished, [VEILLE]);
    sb.addFault({ network: 'twitter', method: 'POST', path: '/2/tweets', action: { kind: 'rate-limit', resetInSeconds: 2 } });
    sb.addFault({ network: 'mastodon', method: 'POST', path: '/api/v1/statuses', action: { kind: 'rate-limit', resetInSeconds: 2 } });
    const r = await publishIn(ws, sb);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/waiting \d s \(X/);
    expect(r.stdout).toMatch(/waiting \d s \(Mastodon/);
    const xCreates = sb.requests.filter((q) => q.network === 'twitter' && q.method === 'POST' && X_CREATE.test(q.path));
    expect(xCreates).toHaveLength(2);
    const waited = Date.parse(xCreates[1]!.at) - Date.parse(xCreates[0]!.at);
    expect(waited).toBeGreaterThanOrEqual(900);
    expect(waited).toBeLessThan(4_000);
    expect(sb.posts('twitter')).toHaveLength(1);
    expect(sb.posts('mastodon')).toHaveLength(1);
    expect(countRequests(sb, 'mastodon', 'POST', /^\/api\/v1\/statuses$/)).toBe(2);
  }, 40_000);

  it('a long reset (1 h) stops that network with a clear message (exit 1); a later run publishes it once', async ({ onTestFinished }) => {
    const { sb, ws } = await setup(onTestFinished, [VEILLE]);
    sb.addFault({ network: 'twitter', method: 'POST', path: '/2/tweets', action: { kind: 'rate-limit', resetInSeconds: 3600 } });
    const r = await publishIn(ws, sb);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.ms).toBeLessThan(20_000);
    expect(r.stdout).toMatch(/✗ .*X \(Twitter\).*rate limit/);
    expect(sb.posts('twitter')).toHaveLength(0);
    expect(sb.posts('mastodon')).toHaveLength(1);
    expect(countRequests(sb, 'twitter', 'POST', X_CREATE)).toBe(1);
    sb.clearFaults();
    const again = await publishIn(ws, sb);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(sb.posts('twitter')).toHaveLength(1);
    expect(sb.posts('mastodon')).toHaveLength(1);
    expect(receipts(ws, VEILLE).twitter?.id).toBe(sb.posts('twitter')[0]!.id);
    expectNoSecrets(sb, ws, [r.stdout, r.stderr, again.stdout, again.stderr]);
  }, 40_000);
});
