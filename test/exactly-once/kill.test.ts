// Scenario 1: a publish killed (SIGKILL) at different moments of an X + Mastodon thread, then run
// again until it succeeds: exactly 4 tweets and 4 statuses, chained, receipts with thread ids.
// Also: a torn last journal line is tolerated.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import {
  ageLock,
  expectNoSecrets,
  expectThread,
  journal,
  LIVETWEET,
  publishCli,
  publishIn,
  receipts,
  start,
  tearJournal,
  waitFor,
  type Workspace,
  setup,
} from './helpers.js';


const createsOf = (sb: Sandbox, network: 'twitter' | 'mastodon') =>
  sb.requests.filter((r) => r.network === network && r.method === 'POST' && (network === 'twitter' ? r.path === '/2/tweets' : r.path === '/api/v1/statuses'));

/** Start `lm-post publish ARGS` (subprocess), wait for `when`, SIGKILL it; returns its output. */
async function killWhen(sb: Sandbox, w: Workspace, when: () => boolean, what: string, args: readonly string[] = []): Promise<string> {
  const run = start(w.root, ['publish', ...args], sb.env);
  try {
    await waitFor(when, 15_000, what);
  } finally {
    run.child.kill('SIGKILL');
  }
  const r = await run.done;
  expect(r.signal, `killed ${what}; output: ${r.stdout}${r.stderr}`).toBe('SIGKILL');
  ageLock(w);
  return r.stdout + r.stderr;
}

describe('killed at every point', () => {
  it('an X + Mastodon thread killed mid-request, after commit, after the intent, between items and between networks ends with exactly 4 + 4', async ({ onTestFinished }) => {
    const { sb, ws } = await setup(onTestFinished, [LIVETWEET]);
    const w = ws;
    const creates = (n: 'twitter' | 'mastodon') => createsOf(sb, n);
    const outputs: string[] = [];

    // Networks are published in parallel lanes (issue 10): steps 1–4 publish X alone so that each
    // kill lands at its X point while Mastodon has not started, as in a run that reaches X first;
    // steps 5–7 then kill the Mastodon lane. (Three lanes killed at once: lanes.test.ts.)
    const xOnly = ['--network', 'twitter'];
    // 1. X item 1 in flight (the server holds it 1.5 s, then commits): killed while waiting.
    sb.addFault({ network: 'twitter', method: 'POST', path: '/2/tweets', action: { kind: 'delay', ms: 1500 } });
    const first = start(w.root, ['publish', ...xOnly], sb.env);
    await waitFor(() => creates('twitter').length === 1, 15_000, 'X create of item 1 in flight');
    first.child.kill('SIGKILL');
    const killed = await first.done;
    outputs.push(killed.stdout + killed.stderr);
    // The dead run's lock names its pid on this host: it is taken over at once (issue 6), not
    // honoured until stale. (Taken and released here, so that the rerun below starts after the commit.)
    const { acquirePublishLock } = await import('../../src/publish/lock.js');
    await (await acquirePublishLock(path.join(w.root, '.lm-post')))();
    await waitFor(() => sb.posts('twitter').length === 1, 5_000, 'the delayed tweet to be committed');
    expect(journal(w, LIVETWEET).filter((e) => e.t === 'intent')).toHaveLength(1);

    // 2. Next run: item 1 is reconciled (found), item 2 (with an image) is in flight when killed;
    //    this time the next run starts before the server commits.
    sb.addFault({ network: 'twitter', method: 'POST', path: '/2/tweets', action: { kind: 'delay', ms: 2500 } });
    outputs.push(await killWhen(sb, w, () => creates('twitter').length === 2, 'X create of item 2 in flight', xOnly));
    expect(journal(w, LIVETWEET).some((e) => e.t === 'created' && e.network === 'twitter' && e.item === 0 && e.how === 'reconciled')).toBe(true);

    // 3. Killed as soon as the intent of item 3 is in the journal (before or just after the request left).
    outputs.push(await killWhen(sb, w, () => journal(w, LIVETWEET).some((e) => e.t === 'intent' && e.network === 'twitter' && e.item === 2), 'intent of X item 3', xOnly));

    // 4. Killed just after the X receipt is written, Mastodon not started.
    outputs.push(await killWhen(sb, w, () => journal(w, LIVETWEET).some((e) => e.t === 'receipt' && e.network === 'twitter'), 'X receipt', xOnly));
    expect(receipts(w, LIVETWEET).twitter?.thread).toHaveLength(3);
    expect(sb.posts('twitter')).toHaveLength(4);

    // 5. Mastodon item 1 in flight, killed; the server commits it 1 s later.
    sb.addFault({ network: 'mastodon', method: 'POST', path: '/api/v1/statuses', action: { kind: 'delay', ms: 1000 } });
    const before = creates('mastodon').length;
    outputs.push(await killWhen(sb, w, () => creates('mastodon').length === before + 1, 'Mastodon create in flight'));
    await waitFor(() => sb.posts('mastodon').length >= 1, 5_000, 'the delayed status to be committed');

    // 6. Killed between Mastodon items 2 and 3 (item 2 created in the journal).
    outputs.push(await killWhen(sb, w, () => journal(w, LIVETWEET).some((e) => e.t === 'created' && e.network === 'mastodon' && e.item === 1), 'Mastodon item 2 created'));

    // 7. And the last of those kills tore the journal's last line (half a JSON line, no newline).
    tearJournal(w, LIVETWEET);

    // Then publish until it succeeds (bounded).
    let last;
    for (let i = 0; i < 4; i++) {
      last = await publishCli(w, sb);
      outputs.push(last.stdout + last.stderr);
      if (last.code === 0) break;
      ageLock(w);
    }
    expect(last!.code, outputs.join('\n-----\n')).toBe(0);

    const r = receipts(w, LIVETWEET);
    expectThread(sb, 'twitter', r.twitter, 4);
    const statuses = expectThread(sb, 'mastodon', r.mastodon, 4);
    expect(statuses.slice(1).every((s) => s.visibility === 'unlisted')).toBe(true);
    // The image of item 2 is attached once, on the one item 2.
    expect(sb.posts('twitter')[1]!.media).toHaveLength(1);
    expect(statuses[1]!.media).toHaveLength(1);
    // Mastodon's item 1 was re-sent with the same Idempotency-Key and answered with the first status.
    const keys = creates('mastodon').map((q) => q.headers['idempotency-key']);
    expect(keys[0]).toBeTruthy();
    expect(keys.filter((k) => k === statuses[0]!.idempotencyKey).length).toBeGreaterThanOrEqual(2);
    // Nothing more happens on another run.
    const again = await publishIn(w, sb);
    outputs.push(again.stdout + again.stderr);
    expect(again.code).toBe(0);
    expect(sb.posts('twitter')).toHaveLength(4);
    expect(sb.posts('mastodon')).toHaveLength(4);
    expectNoSecrets(sb, w, outputs);
  }, 80_000);
});
