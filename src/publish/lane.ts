// The lanes: one per network, all at once (issue 10). Within a lane the order is the queue's (a
// post's thread items, then the next post), so a network sees exactly what a sequential run would
// send it. Journal appends and receipt writes of one file run one at a time (see util/serial.ts),
// so lanes writing the same post's journal or file never lose an entry.
import { NETWORK_IDS, type NetworkId } from '../charter/types.js';
import { LmPostError } from '../errors.js';
import { BUDGET_SPENT, NetworkError } from '../networks/types.js';
import type { OutcomeEntry, RunEvent } from './events.js';
import { publishToNetwork } from './journal-loop.js';
import { prefetchMedia } from './media.js';
import { type Candidate, stillAsSelected, type ValidPost } from './select.js';
import type { AdapterPool, NetworkOutcome, PublishContext } from './types.js';

export interface LanesOptions {
  todo: readonly Candidate[];
  needed: readonly NetworkId[];
  pool: AdapterPool;
  signal: AbortSignal;
  /** The publication context of a post (its events name it). */
  contextFor(c: Candidate): PublishContext;
  /** Completes a failure (redaction, the network's host) before it is reported. */
  finish(network: NetworkId, outcome: NetworkOutcome): NetworkOutcome;
  onEvent(e: RunEvent): void;
}

type Job = { c: Candidate; network: NetworkId; order: number };

/** Every lane's outcomes, in queue order; an LmPostError from any lane is thrown once all have stopped. */
export async function runLanes(o: LanesOptions): Promise<OutcomeEntry[]> {
  const lanes = new Map<NetworkId, Job[]>();
  let order = 0;
  for (const c of o.todo) {
    for (const network of c.pending) {
      const lane = lanes.get(network) ?? [];
      lane.push({ c, network, order: order++ });
      lanes.set(network, lane);
    }
  }
  // Networks stopped for the whole run: credentials that cannot do the job (checked before anything
  // is sent), or an X budget that is spent. The other networks go on.
  const stopped = new Map<NetworkId, NetworkOutcome>();
  const stop = (network: NetworkId, outcome: NetworkOutcome) => {
    stopped.set(network, outcome);
    o.onEvent({ type: 'network-stopped', network, outcome });
  };
  const ready = whenReady(o, lanes, stop);
  /** The first error that stops the run (an LmPostError): the other lanes finish their current post, then stop. */
  let fatal: { error: unknown } | undefined;
  const done: { order: number; entry: OutcomeEntry }[] = [];
  await Promise.all(
    [...lanes.entries()].map(async ([lane, jobs]) => {
      await ready.get(lane);
      o.onEvent({ type: 'lane-started', network: lane, posts: jobs.length });
      for (const [k, { c, network, order }] of jobs.entries()) {
        if (o.signal.aborted || fatal) return;
        // The next post's images go up while this post is created (nothing of it is published).
        const next = jobs[k + 1];
        if (next && !stopped.has(network) && stillAsSelected(next.c.post as ValidPost)) void prefetchMedia(next.c.post as ValidPost, network, o.contextFor(next.c)).catch(() => undefined);
        let outcome: NetworkOutcome;
        try {
          outcome = await publishOne(o, stopped, stop, c, network);
        } catch (e) {
          fatal ??= { error: e };
          return;
        }
        const entry = { post: c.post.id, file: c.post.file, outcome };
        done.push({ order, entry });
        o.onEvent({ type: 'post-done', entry });
      }
    }),
  );
  await Promise.all(ready.values());
  if (fatal) throw fatal.error;
  // The summary and --json list outcomes in queue order, whichever lane finished first.
  return done.sort((a, b) => a.order - b.order).map((d) => d.entry);
}

/**
 * Each lane starts as soon as its own network is ready (SDK loaded, preflight answered): a
 * preflight only ever stops its own network. Loading an SDK is the event loop's work (hundreds
 * of milliseconds for Graph's), so the SDKs load one after the other, the longest lane's first
 * (ties in the canonical order, X first: its media take four requests each), and that lane is
 * not kept waiting while the others load; the preflights, read-only calls, run alongside.
 */
function whenReady(o: LanesOptions, lanes: Map<NetworkId, Job[]>, stop: (n: NetworkId, outcome: NetworkOutcome) => void): Map<NetworkId, Promise<void>> {
  const byWeight = [...o.needed].sort((x, y) => (lanes.get(y)?.length ?? 0) - (lanes.get(x)?.length ?? 0) || NETWORK_IDS.indexOf(x) - NETWORK_IDS.indexOf(y));
  const ready = new Map<NetworkId, Promise<void>>();
  let loaded: Promise<unknown> = Promise.resolve();
  for (const n of byWeight) {
    const sdk = loaded.then(() => o.pool.get(n));
    loaded = sdk.catch(() => undefined);
    ready.set(
      n,
      (async () => {
        try {
          const { adapter } = await sdk;
          if (adapter.preflight) await adapter.preflight(o.signal);
        } catch (e) {
          // A preflight that fails for another reason (network down…) is left to the publication itself.
          if (e instanceof NetworkError && e.kind === 'permanent') {
            const failure = { kind: e.kind, ...(e.status !== undefined ? { status: e.status } : {}), ...(e.apiCode !== undefined ? { apiCode: e.apiCode } : {}) };
            stop(n, o.finish(n, { network: n, status: 'failed', message: e.message, failure }));
          }
        }
      })(),
    );
  }
  return ready;
}

/** Publish one post to one network, as the lane reaches it; an LmPostError stops the whole run. */
async function publishOne(o: LanesOptions, stopped: Map<NetworkId, NetworkOutcome>, stop: (n: NetworkId, outcome: NetworkOutcome) => void, c: Candidate, network: NetworkId): Promise<NetworkOutcome> {
  let outcome: NetworkOutcome;
  try {
    const halted = stopped.get(network);
    if (halted) outcome = { ...halted, ...(halted.failure ? { failure: { ...halted.failure } } : {}) };
    else if (!stillAsSelected(c.post as ValidPost)) {
      outcome = { network, status: 'failed', message: 'the post file changed during this run', failure: { kind: 'changed' } };
    } else outcome = await publishToNetwork(c.post as ValidPost, network, o.contextFor(c));
  } catch (e) {
    if (e instanceof LmPostError) throw e;
    outcome = { network, status: 'failed', message: o.signal.aborted ? 'stopped before this network was done' : e instanceof Error ? e.message : String(e) };
  }
  if (o.signal.aborted && outcome.status !== 'published') {
    outcome = { network, status: 'failed', message: 'stopped before this network was done', failure: { kind: 'stopped' } };
  }
  outcome = o.finish(network, outcome);
  // A spent budget (X) will refuse every other post too: stop the network now, never a retry loop.
  const code = outcome.failure?.apiCode;
  if (code !== undefined && BUDGET_SPENT.has(code)) stop(network, outcome);
  return outcome;
}
