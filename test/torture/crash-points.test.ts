// Torture suite (issue 6): the publisher SIGKILLed at every request boundary of a queue holding an
// X + Mastodon thread with an image and a Facebook post with a photo — before the request reaches
// the server, after the server committed but before the answer, and just after the answer — then
// run again until done. Every crash point must end with 0 duplicates, 0 missing items, intact reply
// chains and receipts, no "needs a human", and no rerun refused by the dead run's lock.
import { describe, expect, it } from 'vitest';
import type { FaultAction, Sandbox, SandboxNetwork } from '../../src/sandbox/index.js';
import { cli, expectNoSecrets, LIVETWEET, receipts, start, waitFor, workspace, type Workspace } from '../exactly-once/helpers.js';
import { pool } from './helpers.js';

const PANIERS = '2026-12-10-vie-membres-paniers-zero-dechet';
/** POST requests of a complete publication of the queue, per network (measured: see the reference run). */
const EXPECTED_ITEMS: Record<SandboxNetwork, number> = { twitter: 4, mastodon: 4, facebook: 1, bluesky: 0 };
type Phase = 'before' | 'committed' | 'answered';
const PHASE_FAULT: Record<Phase, FaultAction | undefined> = { before: { kind: 'drop-before' }, committed: { kind: 'drop-after' }, answered: undefined };

interface Outcome {
  point: string;
  duplicates: number;
  missing: number;
  brokenChains: number;
  needsHuman: number;
  refused: number;
  reruns: number;
  killedAfterExit: boolean;
  problems: string[];
}

const posts = (sb: Sandbox) => sb.requests.filter((r) => r.method === 'POST');

async function fresh(): Promise<{ sb: Sandbox; ws: Workspace }> {
  const { startSandbox } = await import('../../src/sandbox/index.js');
  const sb = await startSandbox();
  const ws = await workspace([LIVETWEET, PANIERS]);
  return { sb, ws };
}

/** The state of the accounts against what the queue says, after the reruns. */
function audit(sb: Sandbox, ws: Workspace, o: Outcome): void {
  for (const n of ['twitter', 'mastodon', 'facebook'] as const) {
    const all = sb.posts(n);
    const texts = all.map((p) => `${p.spoiler ?? ''}\0${p.text}`);
    o.duplicates += texts.length - new Set(texts).size;
    o.missing += Math.max(0, EXPECTED_ITEMS[n] - new Set(texts).size);
    if (n !== 'facebook') {
      for (let i = 1; i < all.length; i++) if (all[i]!.replyTo !== all[i - 1]!.id) o.brokenChains++;
      const rec = receipts(ws, LIVETWEET)[n];
      if (!rec || rec.id !== all[0]?.id || JSON.stringify(rec.thread) !== JSON.stringify(all.slice(1).map((p) => p.id))) o.problems.push(`${n} receipt does not match the thread`);
      if (all[1] && all[1].media.length !== 1) o.problems.push(`${n} item 2 has ${all[1].media.length} image(s)`);
    } else {
      const rec = receipts(ws, PANIERS).facebook;
      if (!rec || rec.id !== all[0]?.id) o.problems.push('facebook receipt does not match the post');
      if (all[0] && all[0].media.length !== 1) o.problems.push(`facebook post has ${all[0].media.length} photo(s)`);
    }
  }
}

async function crashAt(network: SandboxNetwork, k: number, phase: Phase): Promise<Outcome> {
  const o: Outcome = { point: `${network} POST #${k} ${phase}`, duplicates: 0, missing: 0, brokenChains: 0, needsHuman: 0, refused: 0, reruns: 0, killedAfterExit: false, problems: [] };
  const { sb, ws } = await fresh();
  const outputs: string[] = [];
  try {
    const fault = PHASE_FAULT[phase];
    if (fault) sb.addFault({ network, method: 'POST', skip: k - 1, action: fault });
    const target = () => posts(sb).filter((r) => r.network === network)[k - 1];
    const run = start(ws.root, ['publish', '--timeout', '2'], sb.env, 90_000);
    let exited = false;
    void run.done.then(() => (exited = true));
    try {
      await waitFor(() => exited || (phase === 'answered' ? (target()?.status ?? 0) > 0 : target()?.fault === fault?.kind), 60_000, o.point);
    } finally {
      run.child.kill('SIGKILL');
    }
    const first = await run.done;
    outputs.push(first.stdout + first.stderr);
    o.killedAfterExit = first.signal !== 'SIGKILL';
    sb.clearFaults();
    for (let attempt = 0; attempt < 5; attempt++) {
      const r = await cli(ws.root, ['publish', '--timeout', '2'], sb.env, 90_000);
      outputs.push(r.stdout + r.stderr);
      o.reruns++;
      if (r.code === 75) o.refused++;
      if (r.code === 3) {
        o.needsHuman++;
        break;
      }
      if (r.code === 0) break;
      if (attempt === 4) o.problems.push(`rerun still exits ${r.code}: ${r.stdout.slice(-300)}`);
    }
    audit(sb, ws, o);
    expectNoSecrets(sb, ws, outputs);
  } finally {
    await sb.close();
    ws.cleanup();
  }
  return o;
}


describe('torture: crash points', () => {
  it('SIGKILL at every request boundary, three ways, then reruns: nothing twice, nothing missing, nothing stuck', async () => {
    const t0 = Date.now();
    // The request boundaries of a complete publication, measured on a clean run.
    const ref = await fresh();
    const code = (await cli(ref.ws.root, ['publish'], ref.sb.env)).code;
    const boundaries = (['facebook', 'twitter', 'mastodon'] as const).map((n) => [n, posts(ref.sb).filter((r) => r.network === n).length] as const);
    await ref.sb.close();
    ref.ws.cleanup();
    expect(code).toBe(0);
    const jobs: Array<() => Promise<Outcome>> = [];
    for (const [n, count] of boundaries) for (let k = 1; k <= count; k++) for (const phase of ['before', 'committed', 'answered'] as const) jobs.push(() => crashAt(n, k, phase));
    const results = await pool(jobs, 4);
    const sum = (f: (o: Outcome) => number) => results.reduce((s, o) => s + f(o), 0);
    const figures = {
      crashPoints: results.length,
      duplicates: sum((o) => o.duplicates),
      missing: sum((o) => o.missing),
      brokenChains: sum((o) => o.brokenChains),
      needsHuman: sum((o) => o.needsHuman),
      refusedReruns: sum((o) => o.refused),
      reruns: sum((o) => o.reruns),
      finishedBeforeKill: sum((o) => (o.killedAfterExit ? 1 : 0)),
      seconds: Math.round((Date.now() - t0) / 1000),
    };
    console.log(`TORTURE crash points (${boundaries.map(([n, c]) => `${n} ${c} POSTs`).join(', ')}): ${JSON.stringify(figures)}`);
    for (const o of results) if (o.problems.length || o.duplicates || o.missing || o.brokenChains || o.needsHuman || o.refused) console.log(`  ${o.point}: ${JSON.stringify(o)}`);
    expect(figures.crashPoints).toBeGreaterThanOrEqual(45);
    expect(figures).toMatchObject({ duplicates: 0, missing: 0, brokenChains: 0, needsHuman: 0, refusedReruns: 0 });
    expect(results.flatMap((o) => o.problems)).toEqual([]);
  }, 900_000);
});
