// The journal loop: one post × network published exactly once. Every create call is bracketed by
// journal entries (intent before, outcome after); an intent without outcome is reconciled (by key
// or by listing, see reconcile.ts) before anything is re-sent, and a rerun replays the journal so
// that items already created are reused.
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { NetworkId } from '../charter/types.js';
import { LmPostError } from '../errors.js';
import type { ValidPost } from '../post/read.js';
import type { Receipt } from '../post/types.js';
import { type RenderedPost, renderPost } from '../render/index.js';
import { type Created, NetworkError } from '../networks/types.js';
import { createItemOf, idempotencyKey } from './item.js';
import { type ItemState, Journal } from './journal.js';
import { uploadItemMedia } from './media.js';
import { alreadyOnAccount, reconcile, type Reconciled } from './reconcile.js';
import { DEFAULT_RETRY, type RetryPolicy, withRetry } from './retry.js';
import { isThreadCut, keepThreadHead } from './thread-cut.js';
import { failureOf, type NetworkOutcome, type PooledAdapter, type PublishContext } from './types.js';

/** Mastodon keeps idempotency keys one hour: after that a retried key could post twice. */
const DEFAULT_IDEMPOTENCY_WINDOW_MS = 55 * 60_000;

/** One post × network being published: what every step of the loop shares. */
interface Lane {
  post: ValidPost;
  network: NetworkId;
  ctx: PublishContext;
  journal: Journal;
  rendered: RenderedPost;
  pooled: PooledAdapter;
  policy: RetryPolicy;
  settleMs: number;
  /** Ids of the items created so far, in order. */
  ids: Created[];
  /** Whether this run sent any create (a resumed or found publication sends nothing). */
  sent: boolean;
  /** An intent is written whose outcome is not (a failure then answers it). */
  intentOpen: boolean;
  now(): string;
  clean(s: string): string;
  onWait(ms: number, e: NetworkError): void;
}

/** Publish one post to one network, resuming from the journal. */
export async function publishToNetwork(post: ValidPost, network: NetworkId, ctx: PublishContext): Promise<NetworkOutcome> {
  const journal = new Journal(ctx.journalDir, post.id);
  try {
    return await publishWithJournal(post, network, ctx, journal);
  } finally {
    // The lane goes on while the file's last entries are synced and it is closed (see journalsClosed).
    journal.closeLater();
  }
}

async function publishWithJournal(post: ValidPost, network: NetworkId, ctx: PublishContext, journal: Journal): Promise<NetworkOutcome> {
  const rendered = renderPost(post.data, ctx.charter, network, path.dirname(post.path));
  // Another lane may still be writing this post's journal (its own network's entries).
  await journal.settled();
  const state = journal.state(network);
  const stuck = [...state.entries()].find(([, s]) => s.needsHuman);
  if (stuck) return { network, status: 'needs-human', message: stuck[1].needsHuman! };
  const clean = ctx.redact ?? ((s: string) => s);
  const lane: Lane = {
    post,
    network,
    ctx,
    journal,
    rendered,
    pooled: await ctx.pool.get(network),
    policy: ctx.retry ?? DEFAULT_RETRY,
    settleMs: ctx.settleMs ?? 3_000,
    ids: [],
    sent: false,
    intentOpen: false,
    now: () => ctx.now().toISOString(),
    clean,
    onWait: (ms, e) => ctx.onEvent({ type: 'wait', post: post.id, network, ms, reason: clean(e.message) }),
  };
  if (state.size === 0 && lane.pooled.lookBeforeCreate) {
    const failed = await recordFoundOnAccount(lane, state);
    if (failed) return failed;
  }
  for (let i = 0; i < rendered.items.length; i++) {
    const stop = await publishItem(lane, i, state.get(i));
    if (stop) return stop;
  }
  return writeReceipt(lane);
}

/** No journal on a network whose duplicate guard cannot protect a rerun: record what the account already shows. */
async function recordFoundOnAccount(lane: Lane, state: Map<number, ItemState>): Promise<NetworkOutcome | undefined> {
  const { post, network, ctx, rendered } = lane;
  let found: { id: string; url: string }[];
  try {
    found = await alreadyOnAccount(post, network, rendered, lane.pooled.adapter, ctx, lane.policy);
  } catch (e) {
    if (!(e instanceof NetworkError)) throw e;
    const message = lane.clean(`could not read the account's recent posts before publishing (nothing was sent): ${e.message}`);
    ctx.onEvent({ type: 'network-failed', post: post.id, network, message, kind: e.kind });
    return { network, status: 'failed', message, failure: failureOf(e) };
  }
  for (const [i, f] of found.entries()) {
    await lane.journal.write({ t: 'created', network, item: i, id: f.id, url: f.url, at: lane.now(), key: idempotencyKey(post.id, network, i, rendered.items[i]!), how: 'reconciled' });
    state.set(i, { created: { id: f.id, url: f.url } });
    ctx.onEvent({ type: 'created', post: post.id, network, item: i, items: rendered.items.length, url: f.url, reconciled: true });
  }
  return undefined;
}

async function needsHuman(lane: Lane, item: number, why: string): Promise<NetworkOutcome> {
  const reason = lane.clean(why);
  await lane.journal.write({ t: 'needs-human', network: lane.network, item, at: lane.now(), reason });
  lane.ctx.onEvent({ type: 'needs-human', post: lane.post.id, network: lane.network, item, reason });
  return { network: lane.network, status: 'needs-human', message: reason };
}

function createdOf(r: Extract<Reconciled, { kind: 'created' }>): Created {
  return { id: r.id, url: r.url, ...(r.extra ? { extra: r.extra } : {}) };
}

/** One item: reused from the journal, found after an earlier run's unknown outcome, or created now. Returns an outcome only when the lane stops. */
async function publishItem(lane: Lane, i: number, st: ItemState | undefined): Promise<NetworkOutcome | undefined> {
  const { post, network, ctx, rendered } = lane;
  const item = rendered.items[i]!;
  const key = idempotencyKey(post.id, network, i, item);
  // Created before: reuse it — unless it belongs to a finished publication of other content
  // (a post file that reuses the id of one published earlier).
  if (st?.created && !(st.closed && st.created.key && st.created.key !== key)) {
    lane.ids.push({ id: st.created.id, url: st.created.url, ...(st.created.extra ? { extra: st.created.extra } : {}) });
    return undefined;
  }
  if (st?.pending) {
    const settled = await settlePending(lane, i, st.pending, key);
    if (settled === 'found') return undefined;
    if (settled) return settled;
  }
  lane.intentOpen = false;
  try {
    // The item's images, uploaded while the lane's previous post was created (see prefetchMedia)
    // when they could be; else now. A failed early upload is simply done again here.
    const early = ctx.prefetched?.get(key);
    ctx.prefetched?.delete(key);
    const mediaIds = (early && (await early.catch(() => undefined))) || (await uploadItemMedia(post, network, item, lane.pooled.adapter, ctx, lane.policy, lane.onWait));
    const made = await createWithIntent(lane, i, key, mediaIds);
    if ('outcome' in made) return made.outcome;
    const { created, how } = made;
    // Synced by the next item's intent (before its create leaves) or before the receipt is written.
    await lane.journal.write({ t: 'created', network, item: i, id: created.id, url: created.url, at: lane.now(), key, how, ...(created.extra ? { extra: created.extra } : {}) }, i === rendered.items.length - 1);
    if (how === 'response') lane.sent = true;
    lane.ids.push(created);
    ctx.onEvent({ type: 'created', post: post.id, network, item: i, items: rendered.items.length, url: created.url, ...(how === 'reconciled' ? { reconciled: true } : {}) });
    return undefined;
  } catch (e) {
    if (!(e instanceof NetworkError)) throw e;
    const message = lane.clean(e.message);
    await lane.journal.write({ t: 'failed', network, item: i, at: lane.now(), kind: e.kind, message, answers: lane.intentOpen });
    ctx.onEvent({ type: 'network-failed', post: post.id, network, message, kind: e.kind });
    // A reply refused for good (X, non-summoned): what was created stands, with its receipt.
    if (isThreadCut(e, lane.ids.length)) return await keepThreadHead(post, network, lane.ids, rendered.items.length, lane.journal, ctx.receipts, failureOf(e), message, lane.now());
    return { network, status: 'failed', message, failure: failureOf(e) };
  }
}

/**
 * An earlier run's intent without outcome (killed mid-request): settle it before sending again.
 * 'found' when the item is on the account (recorded); an outcome when the lane stops; undefined
 * when the item is to be sent (absent, or re-sending is itself the reconciliation).
 */
async function settlePending(lane: Lane, i: number, pending: NonNullable<ItemState['pending']>, key: string): Promise<'found' | NetworkOutcome | undefined> {
  const { network, ctx } = lane;
  // Let a request still in flight land before looking for it.
  const age = Date.now() - Date.parse(pending.lastAt);
  if (age < lane.settleMs) await sleep(lane.settleMs - age, undefined, { signal: ctx.signal });
  const window = ctx.idempotencyWindowMs ?? lane.pooled.idempotencyWindowMs ?? DEFAULT_IDEMPOTENCY_WINDOW_MS;
  const withinWindow = Date.now() - Date.parse(pending.at) < window;
  // With an idempotency key still remembered by the server, re-sending is the reconciliation.
  if (lane.pooled.idempotent && withinWindow && pending.key === key) return undefined;
  // Look for what was sent then, even if the post was edited since.
  const item = lane.rendered.items[i]!;
  const sent = pending.text !== undefined ? { ...item, text: pending.text } : item;
  const replyTo = i > 0 ? lane.ids[i - 1]!.id : undefined;
  const r = await reconcile(lane.pooled.adapter, { item: sent, key: pending.key, since: new Date(Date.parse(pending.at) - 120_000).toISOString(), replyTo }, ctx.signal, lane.policy);
  if (r.kind === 'unknown') return needsHuman(lane, i, `could not check the account's recent posts: ${r.reason}`);
  if (r.kind === 'created') {
    await lane.journal.write({ t: 'created', network, item: i, id: r.id, url: r.url, at: lane.now(), key: pending.key, how: 'reconciled', ...(r.extra ? { extra: r.extra } : {}) });
    lane.ids.push(createdOf(r));
    ctx.onEvent({ type: 'created', post: lane.post.id, network, item: i, items: lane.rendered.items.length, url: r.url, reconciled: true });
    return 'found';
  }
  await lane.journal.write({ t: 'not-created', network, item: i, at: lane.now(), how: 'reconciled' });
  return undefined;
}

type Made = { created: Created; how: 'response' | 'reconciled' } | { outcome: NetworkOutcome };

/** The create, each attempt after its intent; an unknown outcome is retried (same key) or reconciled. */
async function createWithIntent(lane: Lane, i: number, key: string, mediaIds: string[]): Promise<Made> {
  const { network, ctx, rendered, pooled, policy, settleMs } = lane;
  const item = rendered.items[i]!;
  const replyTo = i > 0 ? lane.ids[i - 1]!.id : undefined;
  const sought = (sinceMs: number) => ({ item, key, since: new Date(Date.now() - sinceMs).toISOString(), replyTo });
  for (let attempt = 1; ; attempt++) {
    await lane.journal.write({ t: 'intent', network, item: i, key, at: lane.now(), attempt, text: item.text });
    lane.intentOpen = true;
    try {
      const created = await withRetry(() => pooled.adapter.create(createItemOf(rendered, i, mediaIds, key, replyTo), ctx.signal), policy, ctx.signal, lane.onWait);
      return { created, how: 'response' };
    } catch (e) {
      if (e instanceof NetworkError && e.apiCode === 'duplicate') {
        // The network says this very item is already there (X's duplicate 403, Graph's #506, a
        // record key already taken): if it is ours (a run whose receipt was lost, a queue checked
        // out without its receipts), record it instead of failing on every run.
        const r = await reconcile(pooled.adapter, sought(30 * 86_400_000), ctx.signal, policy);
        if (r.kind === 'created') return { created: createdOf(r), how: 'reconciled' };
        throw e;
      }
      if (!(e instanceof NetworkError) || e.kind !== 'unknown-outcome') throw e;
      // An abandoned request may still land: give it as long again as its deadline before
      // looking, or a slow commit would look absent and be sent a second time.
      // A response (5xx) means the server is done with the request. Without one, even with an
      // idempotency key, wait: Mastodon records the key only once the status exists, so a
      // request still being processed could let a same-key retry through.
      await sleep(e.status ? 500 : settleMs, undefined, { signal: ctx.signal });
      if (pooled.idempotent && attempt < 3) continue; // same key within the hour: the server returns the first status
      const r = await reconcile(pooled.adapter, sought(settleMs + 60_000), ctx.signal, policy);
      if (r.kind === 'unknown') return { outcome: await needsHuman(lane, i, `outcome unknown (${e.message}) and recent posts unreadable: ${r.reason}`) };
      if (r.kind === 'created') {
        // This run's own request, which landed after all.
        lane.sent = true;
        return { created: createdOf(r), how: 'reconciled' };
      }
      await lane.journal.write({ t: 'not-created', network, item: i, at: lane.now(), how: 'reconciled' });
      lane.intentOpen = false;
      if (attempt >= 3) throw new NetworkError(network, 'transient', `no answer after ${attempt} attempts (nothing was created; the next run will try again): ${e.message}`);
    }
  }
}

/** Every item created: the receipt, once every outcome is durable. */
async function writeReceipt(lane: Lane): Promise<NetworkOutcome> {
  const { network, ctx, ids } = lane;
  const receipt: Receipt = { id: ids[0]!.id, url: ids[0]!.url, at: lane.now() };
  if (ids.length > 1) receipt.thread = ids.slice(1).map((x) => x.id);
  if (ids[0]!.extra) Object.assign(receipt, ids[0]!.extra);
  try {
    // Every outcome durable before the receipt says the publication is done.
    await lane.journal.sync();
    await ctx.receipts.set(lane.post, network, receipt);
  } catch (e) {
    // Created, but the receipt could not be written (file changed or unwritable): the journal
    // still knows the ids, so the next run writes the receipt without sending anything again.
    const message = lane.clean(e instanceof LmPostError ? e.format('en') : e instanceof Error ? e.message : String(e));
    return { network, status: 'failed', message, failure: { kind: 'receipt' } };
  }
  // Nothing waits for this entry (the receipt itself is on disk): written now, synced when the
  // journal is closed, behind the lane, which goes on to its next post.
  void lane.journal.write({ t: 'receipt', network, at: receipt.at }, false).catch(() => undefined);
  ctx.onEvent({ type: 'network-done', post: lane.post.id, network, receipt });
  return { network, status: 'published', receipt, ...(lane.sent ? {} : { sentNothing: true }) };
}
