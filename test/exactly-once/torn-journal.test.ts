// Scenario 1 (continued): a torn last journal line — a run killed while writing its journal — is tolerated.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import {
  ageLock,
  countRequests,
  expectNoDuplicates,
  journal,
  publishCli,
  publishIn,
  receipts,
  sleep,
  start,
  VEILLE,
  waitFor,
  setup,
} from './helpers.js';

const createsOf = (sb: Sandbox, network: 'twitter' | 'mastodon') =>
  sb.requests.filter((r) => r.network === network && r.method === 'POST' && (network === 'twitter' ? r.path === '/2/tweets' : r.path === '/api/v1/statuses'));

describe('torn journal line', () => {
  it('a torn last journal line (half a JSON line) is tolerated', async ({ onTestFinished }) => {
    const { sb, ws } = await setup(onTestFinished, [VEILLE]);
    const w = ws;
    // A previous run was killed while writing its intent: half a line, no newline.
    mkdirSync(path.dirname(w.journal(VEILLE)), { recursive: true });
    writeFileSync(w.journal(VEILLE), '{"t":"intent","network":"twitter","item":0,"key":"lm-post-0123');
    const r = await publishIn(w, sb);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(sb.posts('twitter')).toHaveLength(1);
    expect(sb.posts('mastodon')).toHaveLength(1);
    const rc = receipts(w, VEILLE);
    expect(rc.twitter?.id).toBe(sb.posts('twitter')[0]!.id);
    expect(rc.mastodon?.id).toBe(sb.posts('mastodon')[0]!.id);
  }, 40_000);

  it('after a torn journal line, the next intent is still durable: killed after commit, the rerun does not re-send blind', async ({ onTestFinished }) => {
    const { sb, ws } = await setup(onTestFinished, [VEILLE]);
    const w = ws;
    const creates = (n: 'twitter' | 'mastodon') => createsOf(sb, n);
    mkdirSync(path.dirname(w.journal(VEILLE)), { recursive: true });
    writeFileSync(w.journal(VEILLE), '{"t":"intent","network":"twitter","item":0,"key":"lm-post-0123');
    // The run after the tear is killed while its X create is in flight; the server commits it.
    sb.addFault({ network: 'twitter', method: 'POST', path: '/2/tweets', action: { kind: 'delay', ms: 1000 } });
    const run = start(w.root, ['publish'], sb.env);
    await waitFor(() => creates('twitter').length === 1, 15_000, 'X create in flight');
    run.child.kill('SIGKILL');
    await run.done;
    ageLock(w);
    await waitFor(() => sb.posts('twitter').length === 1, 5_000, 'the delayed tweet');
    await sleep(50);
    // The journal must still show that intent as pending.
    const journalText = readFileSync(w.journal(VEILLE), 'utf8');
    const pending = journal(w, VEILLE).filter((e) => e.t === 'intent' && e.network === 'twitter');
    const r = await publishCli(w, sb);
    expect({ code: r.code, pendingIntents: pending.length }, `${r.stdout}${r.stderr}\njournal before the rerun:\n${journalText}`).toEqual({ code: 0, pendingIntents: 1 });
    expect(countRequests(sb, 'twitter', 'POST', /^\/2\/tweets$/)).toBe(1);
    expectNoDuplicates(sb, 'twitter');
    expect(receipts(w, VEILLE).twitter?.id).toBe(sb.posts('twitter')[0]!.id);
  }, 40_000);
});
