// Mastodon's Idempotency-Key only protects for one hour. An unknown outcome that is followed, in the
// same run, by a definite failure of the retry (here a long rate limit) must not be forgotten: when
// the next run comes after the key has expired, it must reconcile from the account's statuses
// instead of re-sending. The CLI runs in-process so that the clock (Date only) can jump 2 hours for
// the lm-post code and the emulator alike.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { comparableText } from '../../src/publish/publisher.js';
import { htmlToText } from '../../src/networks/mastodon.js';
import { ageLock, countRequests, inProcess, journal, receipts, setup, start, VEILLE, waitFor } from './helpers.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('Mastodon idempotency window', () => {
  it('unknown outcome, then the retry is stopped by a long rate limit; 2 h later the next run does not post a second status', async ({ onTestFinished }) => {
    const { sb, ws } = await setup(onTestFinished, [VEILLE]);
    sb.addFault({ network: 'mastodon', method: 'POST', path: '/api/v1/statuses', action: { kind: 'drop-after' } });
    sb.addFault({ network: 'mastodon', method: 'POST', path: '/api/v1/statuses', action: { kind: 'rate-limit', resetInSeconds: 3600 } });
    const r1 = await inProcess(ws.root, ['publish', '--network', 'mastodon'], sb.env);
    expect(r1.code, r1.stdout + r1.stderr).toBe(1);
    expect(sb.posts('mastodon')).toHaveLength(1); // committed by the dropped request
    const j1 = journal(ws, VEILLE).map((e) => e.t);
    expect(j1).toEqual(['intent', 'intent', 'failed']);

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 2 * 3600_000);
    const r2 = await inProcess(ws.root, ['publish', '--network', 'mastodon'], sb.env);
    const statuses = sb.posts('mastodon');
    expect(
      statuses.map((s) => s.id),
      `run 2 exit ${r2.code}: ${r2.stdout}${r2.stderr}\njournal: ${JSON.stringify(journal(ws, VEILLE))}\nstatus reads: ${countRequests(sb, 'mastodon', 'GET', /statuses$/)}`,
    ).toHaveLength(1);
    expect(r2.code).toBe(0);
    expect(receipts(ws, VEILLE).mastodon?.id).toBe(statuses[0]!.id);
  }, 40_000);

  it('killed with a Mastodon create pending; 2 h later the key has expired: reconciled from the statuses, not re-sent', async ({ onTestFinished }) => {
    const { sb, ws } = await setup(onTestFinished, [VEILLE]);
    sb.addFault({ network: 'mastodon', method: 'POST', path: '/api/v1/statuses', action: { kind: 'delay', ms: 300 } });
    const run = start(ws.root, ['publish', '--network', 'mastodon'], sb.env);
    await waitFor(() => countRequests(sb, 'mastodon', 'POST', /^\/api\/v1\/statuses$/) === 1, 15_000, 'Mastodon create in flight');
    run.child.kill('SIGKILL');
    await run.done;
    await waitFor(() => sb.posts('mastodon').length === 1, 5_000, 'the delayed status');
    ageLock(ws);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 2 * 3600_000);
    const r2 = await inProcess(ws.root, ['publish', '--network', 'mastodon'], sb.env);
    expect(r2.code, r2.stdout + r2.stderr).toBe(0);
    expect(sb.posts('mastodon')).toHaveLength(1);
    expect(countRequests(sb, 'mastodon', 'POST', /^\/api\/v1\/statuses$/)).toBe(1);
    expect(journal(ws, VEILLE).some((e) => e.t === 'created' && e.how === 'reconciled')).toBe(true);
    expect(receipts(ws, VEILLE).mastodon?.id).toBe(sb.posts('mastodon')[0]!.id);
  }, 40_000);

  it('reconciliation recognises a status as real Mastodon renders it (remote mentions shown as @user, in h-card markup)', () => {
    // What lm-post sends for the livetweet's item 3 (a {@france-tiers-lieux} mention) …
    const sent = "3/ @francetierslieux@mastodon.example rappelle qu'une grande part des tiers-lieux est portée par des associations : la gouvernance partagée n'est pas un détail, c'est le cœur du modèle. #TiersLieux";
    // … and the `content` Mastodon answers for it (TextFormatter: mention link text is @username only).
    const content =
      '<p>3/ <span class="h-card" translate="no"><a href="https://mastodon.example/@francetierslieux" class="u-url mention">@<span>francetierslieux</span></a></span> rappelle qu&#39;une grande part des tiers-lieux est portée par des associations : la gouvernance partagée n&#39;est pas un détail, c&#39;est le cœur du modèle. <a href="https://mastodon.example/tags/TiersLieux" class="mention hashtag" rel="tag">#<span>TiersLieux</span></a></p>';
    expect(comparableText(htmlToText(content))).toBe(comparableText(sent));
  });
});
