// Scenario 7: two publish at once → one exits 75, the other publishes; a killed run's lock.
// Scenario 8: a create that outlives --timeout is abandoned in time and handled as an unknown outcome.
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import {
  countRequests,
  expectNoDuplicates,
  expectNoSecrets,
  journal,
  publishCli,
  publishIn,
  QUARTIER,
  receipts,
  start,
  VEILLE,
  waitFor,
  setup,
} from './helpers.js';


const VIE_MEMBRES = '2026-12-10-vie-membres-paniers-zero-dechet';

/** Wait until every request the emulators hold (delay faults) has been answered or dropped. */
async function settled(sb: Sandbox): Promise<void> {
  await waitFor(() => sb.requests.every((r) => r.status !== 0 || r.fault === 'drop-after' || r.fault === 'drop-before'), 12_000, 'delayed requests to settle');
}

describe('concurrency', () => {
  it('two publish started at once: one exits 75 with a clear message, the other publishes; one copy each', async ({ onTestFinished }) => {
    const { sb, ws } = await setup(onTestFinished, [VEILLE]);
    sb.addFault({ network: 'twitter', method: 'POST', path: '/2/tweets', action: { kind: 'delay', ms: 1500 } });
    const a = start(ws.root, ['publish'], sb.env);
    const b = start(ws.root, ['publish'], sb.env);
    const [ra, rb] = await Promise.all([a.done, b.done]);
    const codes = [ra.code, rb.code].sort();
    expect(codes, `A: ${ra.stdout}${ra.stderr}\nB: ${rb.stdout}${rb.stderr}`).toEqual([0, 75]);
    const loser = ra.code === 75 ? ra : rb;
    expect(loser.stderr).toMatch(/Another publish is running/);
    expect(loser.stderr).toContain('publish.lock');
    expect(sb.posts('twitter')).toHaveLength(1);
    expect(sb.posts('mastodon')).toHaveLength(1);
    expect(countRequests(sb, 'twitter', 'POST', /^\/2\/tweets$/)).toBe(1);
    expect(receipts(ws, VEILLE).twitter?.id).toBe(sb.posts('twitter')[0]!.id);
    expectNoSecrets(sb, ws, [ra.stdout, ra.stderr, rb.stdout, rb.stderr]);
  }, 40_000);
});

describe('deadline (--timeout 2)', () => {
  it('X and Mastodon: a create held 3.5 s is abandoned after ~2 s, handled as unknown outcome, published once', async ({ onTestFinished }) => {
    const { sb, ws } = await setup(onTestFinished, [VEILLE]);
    sb.addFault({ network: 'twitter', method: 'POST', path: '/2/tweets', action: { kind: 'delay', ms: 3500 } });
    sb.addFault({ network: 'mastodon', method: 'POST', path: '/api/v1/statuses', action: { kind: 'delay', ms: 3500 } });
    const r = await publishCli(ws, sb, ['--timeout', '2']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.ms).toBeLessThan(20_000);
    const j = journal(ws, VEILLE);
    // The abandoned create is given time to land, then found among the account's tweets: it is
    // recorded as reconciled and never sent a second time.
    expect(j.some((e) => e.network === 'twitter' && e.t === 'created' && e.how === 'reconciled')).toBe(true);
    expect(countRequests(sb, 'twitter', 'POST', /^\/2\/tweets$/)).toBe(1);
    expect(countRequests(sb, 'twitter', 'GET', /^\/2\/users\/[^/]+\/tweets$/)).toBeGreaterThanOrEqual(1);
    // The abandoned requests are still processed by the servers: X refuses the late duplicate,
    // Mastodon answers the late one with the status of its Idempotency-Key.
    await settled(sb);
    expect(sb.posts('twitter')).toHaveLength(1);
    expect(sb.posts('mastodon')).toHaveLength(1);
    expectNoDuplicates(sb, 'twitter');
    expectNoDuplicates(sb, 'mastodon');
    expect(receipts(ws, VEILLE).twitter?.id).toBe(sb.posts('twitter')[0]!.id);
    expect(receipts(ws, VEILLE).mastodon?.id).toBe(sb.posts('mastodon')[0]!.id);
    expectNoSecrets(sb, ws, [r.stdout, r.stderr]);
  }, 40_000);

  it('--timeout 0 is refused as a usage error (or means no deadline), never turned into "needs a human"', async ({ onTestFinished }) => {
    const { sb, ws } = await setup(onTestFinished, [VEILLE]);
    const r = await publishIn(ws, sb, ['--timeout', '0', '--network', 'twitter']);
    const j = journal(ws, VEILLE);
    expect({ code: r.code, needsHuman: j.some((e) => e.t === 'needs-human') }, r.stdout + r.stderr).toSatisfy(
      (o: { code: number | null; needsHuman: boolean }) => !o.needsHuman && (o.code === 2 || (o.code === 0 && sb.posts('twitter').length === 1)),
    );
  }, 40_000);

  it('Facebook: a /feed held 3.5 s past --timeout 2 does not end up as two posts once the server finishes it', async ({ onTestFinished }) => {
    const { sb, ws } = await setup(onTestFinished, [QUARTIER, VIE_MEMBRES]);
    sb.addFault({ network: 'facebook', method: 'POST', path: /\/feed$/, action: { kind: 'delay', ms: 3500 } });
    const r = await publishIn(ws, sb, ['--timeout', '2']);
    expect(r.ms).toBeLessThan(20_000);
    await settled(sb);
    const posts = sb.posts('facebook');
    expect(
      posts.map((p) => p.text.slice(0, 40)),
      `exit ${r.code}\n${r.stdout}${r.stderr}\nrequests: ${sb.requests
        .filter((q) => q.network === 'facebook' && q.method === 'POST')
        .map((q) => `${q.path} ${q.status} ${q.fault ?? ''} ${q.at}`)
        .join('\n')}`,
    ).toHaveLength(2);
    expectNoDuplicates(sb, 'facebook');
  }, 40_000);
});
