// The publisher: selects approved, due, error-free posts and publishes each post × network
// exactly once. Every create call is bracketed by journal entries (intent before, outcome
// after); an intent without outcome is reconciled before anything is re-sent.
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { parseDocument } from 'yaml';
import { setTimeout as sleep } from 'node:timers/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Charter, NetworkId } from '../charter/types.js';
import type { Lang } from '../i18n/index.js';
import { lintPost, type LintMessage } from '../lint/engine.js';
import { queueIndexOf } from '../lint/queue-index.js';
import { inspectMedia, maxImageBytes, readMediaBounded } from '../media/inspect.js';
import { isValidPost, type ReadPost, readPost, type ValidPost } from '../post/read.js';
import type { Receipt } from '../post/types.js';
import { postTargets, type RenderedItem, type RenderedPost, renderPost } from '../render/index.js';
import { approvalVerdict, type ApprovalVerdict } from '../rules/approval.js';
import { parseDateTime } from '../util/time.js';
import { type AdapterModule, type NetworkAdapter, NetworkError, type RecentPost } from '../networks/types.js';
import { LmPostError } from '../errors.js';
import { Journal } from './journal.js';
import { fitForNetwork } from '../media/reduce.js';
import type { ReceiptStore } from './receipts.js';
import { DEFAULT_RETRY, type RetryPolicy, withRetry } from './retry.js';

export type { ValidPost };

export type SkipReason =
  | { kind: 'invalid'; messages: LintMessage[] }
  | { kind: 'errors'; messages: LintMessage[] }
  | { kind: 'not-approved'; verdict: Extract<ApprovalVerdict, { ok: false }> }
  /** `verdict`: the approval as judged now, so a summary can tell an approved post from one that will wait for a validator. */
  | { kind: 'scheduled'; at: Date; verdict: ApprovalVerdict }
  | { kind: 'done' }
  /** None of the post's networks is among those asked for (--network). */
  | { kind: 'other-network' };

export interface Candidate {
  post: ReadPost;
  /** Networks still to publish to (targets minus receipts, filtered by --network). */
  pending: NetworkId[];
  targets: NetworkId[];
  skip?: SkipReason;
  /** With `allReasons`: every reason the post would not go out (skip is the first). */
  reasons?: SkipReason[];
}

export interface SelectOptions {
  charter: Charter;
  queueDir: string;
  cwd: string;
  lang: Lang;
  now: Date;
  files: readonly string[];
  queueFiles: readonly string[];
  networks?: readonly NetworkId[];
  receipts: ReceiptStore;
  /** Sandbox/dry-run only: publish scheduled posts now. */
  ignoreSchedule?: boolean;
  /** Dry run: collect every reason a post would not go out, not just the first. */
  allReasons?: boolean;
}

/** Lets due timers (the lock refresh) run. */
function yieldToTimers(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Decide, for each post, what (if anything) publish would do now. Pure reading. */
export async function selectPosts(o: SelectOptions): Promise<Candidate[]> {
  // Selection is synchronous work per post (read, parse, lint): yield to the event loop between
  // posts, or on a large queue the publish lock's refresh timer starves past its stale limit and a
  // second run takes the lock over.
  const all: ReadPost[] = [];
  for (const f of new Set([...o.queueFiles, ...o.files])) {
    all.push(readPost(f, o.cwd));
    await yieldToTimers();
  }
  const byPath = new Map(all.map((p) => [p.path, p]));
  const valid = all.filter(isValidPost);
  const out: Candidate[] = [];
  for (const f of o.files) {
    await yieldToTimers();
    const post = byPath.get(f)!;
    if (!post.data || post.schemaReports.length) {
      const r = await lintPost(post, { charter: o.charter, queueDir: o.queueDir, cwd: o.cwd, lang: o.lang, now: o.now }, []);
      out.push({ post, pending: [], targets: [], skip: { kind: 'invalid', messages: r.messages } });
      continue;
    }
    const data = post.data;
    const receipts = o.receipts.get(post);
    const targets = postTargets(data, o.charter).filter((n) => !o.networks || o.networks.includes(n));
    const pending = targets.filter((n) => !receipts[n]);
    const c: Candidate = { post, pending, targets };
    out.push(c);
    if (!targets.length) {
      // A type the charter does not know has no networks: that is an error to show (it would
      // otherwise vanish from publish), not a post for other networks.
      if (!Object.hasOwn(o.charter.types, data.type)) {
        const r = await lintPost(post, { charter: o.charter, queueDir: o.queueDir, cwd: o.cwd, lang: o.lang, now: o.now }, queueIndexOf(valid, o.charter));
        c.skip = { kind: 'errors', messages: r.messages.filter((m) => m.severity === 2) };
        continue;
      }
      c.skip = { kind: 'other-network' };
      continue;
    }
    if (!pending.length) {
      c.skip = { kind: 'done' };
      continue;
    }
    const at = data.publish_at ? parseDateTime(data.publish_at, o.charter.timezone) : undefined;
    // In the sandbox, --ignore-schedule plays each post as at its own publication time, so an
    // approval is not judged stale only because the example dates have passed.
    const judgedAt = o.ignoreSchedule && at ? at : o.now;
    // Judged for every post (pure reading): a post scheduled later still says whether it is approved.
    const verdict = approvalVerdict(data, o.charter, path.dirname(post.path), judgedAt, post.id);
    const reasons: SkipReason[] = [];
    if (at && at > o.now && !o.ignoreSchedule) reasons.push({ kind: 'scheduled', at, verdict });
    if (reasons.length && !o.allReasons) {
      c.skip = reasons[0]!;
      continue;
    }
    if (!verdict.ok) reasons.push({ kind: 'not-approved', verdict });
    if (reasons.length && !o.allReasons) {
      c.skip = reasons[0]!;
      continue;
    }
    // One index of the queue for the whole selection (queue-wide rules look posts up in it).
    const lint = await lintPost(post, { charter: o.charter, queueDir: o.queueDir, cwd: o.cwd, lang: o.lang, now: o.now }, queueIndexOf(valid, o.charter));
    // A post already published on one network is a duplicate of itself on the others: the
    // duplicate rule compares with other posts only, so it stays meaningful here.
    const errors = lint.messages.filter((m) => m.severity === 2 && m.ruleId !== 'schedule-past');
    if (errors.length) reasons.push({ kind: 'errors', messages: errors });
    if (reasons.length) c.skip = reasons[0]!;
    if (o.allReasons && reasons.length) c.reasons = reasons;
  }
  return out;
}

/** Stable per post × network × item × content: the same text and images give the same key. */
export function idempotencyKey(postId: string, network: NetworkId, index: number, item: RenderedItem, maxBytes = 64 * 1024 * 1024): string {
  const h = createHash('sha256');
  h.update(`${postId}\0${network}\0${index}\0${item.text}\0`);
  for (const m of item.media) {
    h.update(m.alt + '\0');
    // Bounded and regular files only: a FIFO or /dev/zero as media never stalls the run.
    h.update(readMediaBounded(m.absPath, maxBytes) ?? 'missing');
  }
  return `lm-post-${h.digest('hex').slice(0, 40)}`;
}

/**
 * Whether a post found on the account is the text we sent. Links are compared too, unless the
 * network rewrote them (X's t.co), in which case only the words can be compared.
 */
export function sameText(sent: string, found: string): boolean {
  if (/https?:\/\/t\.co\//.test(found)) return comparableText(sent) === comparableText(found);
  const links = (s: string) => (s.match(/https?:\/\/[^\s<>"]+/g) ?? []).map((u) => u.replace(/[.,;:!?)]+$/, '')).sort().join(' ');
  return comparableText(sent) === comparableText(found) && links(sent) === links(found.replace(/<[^>]+>/g, ' '));
}

/** Texts compared for reconciliation: networks rewrite links (t.co) and markup, so compare words. */
export function comparableText(s: string): string {
  return s
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    // Mastodon renders a remote mention as its local part only.
    .replace(/(^|[^\w@])@([\w.-]+)@[\w.-]+\.\w+/g, '$1@$2')
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim()
    .toLocaleLowerCase('fr');
}

export type PublishEvent =
  | { type: 'created'; post: string; network: NetworkId; item: number; items: number; url: string; reconciled?: boolean }
  | { type: 'wait'; post: string; network: NetworkId; ms: number; reason: string }
  | { type: 'network-done'; post: string; network: NetworkId; receipt: Receipt }
  | { type: 'network-failed'; post: string; network: NetworkId; message: string; kind: string }
  | { type: 'needs-human'; post: string; network: NetworkId; item: number; reason: string };

export interface NetworkOutcome {
  network: NetworkId;
  status: 'published' | 'failed' | 'needs-human';
  receipt?: Receipt;
  /** Published, but nothing was sent by this run: the receipt was rebuilt from the journal or the account. */
  sentNothing?: boolean;
  /** The network's own words (English), already redacted. */
  message?: string;
  /** For failures: what kind, so the CLI can explain it in the user's language. */
  failure?: { kind: string; status?: number; apiCode?: string | number; retryAfterMs?: number; host?: string };
}

export interface AdapterPool {
  get(network: NetworkId): Promise<{ adapter: NetworkAdapter; idempotent: boolean }>;
  close(): Promise<void>;
}

export function adapterPool(load: (n: NetworkId) => Promise<AdapterModule>, options: (n: NetworkId) => Parameters<AdapterModule['createAdapter']>[0]): AdapterPool {
  const made = new Map<NetworkId, Promise<{ adapter: NetworkAdapter; idempotent: boolean }>>();
  return {
    get(network) {
      let p = made.get(network);
      if (!p) {
        p = load(network).then(async (m) => ({ adapter: await m.createAdapter(options(network)), idempotent: m.idempotent }));
        made.set(network, p);
      }
      return p;
    },
    async close() {
      for (const p of made.values()) {
        try {
          await (await p).adapter.close();
        } catch {
          /* closing is best effort */
        }
      }
    },
  };
}

export interface PublishContext {
  charter: Charter;
  queueDir: string;
  journalDir: string;
  receipts: ReceiptStore;
  pool: AdapterPool;
  now: () => Date;
  signal: AbortSignal;
  retry?: RetryPolicy;
  onEvent: (e: PublishEvent) => void;
  /** Scrubs every credential of the run from texts that are stored or shown (API errors echo them). */
  redact?: (s: string) => string;
  /** How long an abandoned request is given to land before the account is searched for it. */
  settleMs?: number;
  /** Mastodon keeps idempotency keys one hour: after that a retried key could post twice. */
  idempotencyWindowMs?: number;
  /** Media ids uploaded ahead by `prefetchMedia`, by item content key (taken once used). */
  prefetched?: Map<string, Promise<string[]>>;
}

type Reconciled = { kind: 'created'; id: string; url: string } | { kind: 'absent' } | { kind: 'unknown'; reason: string };

async function reconcile(adapter: NetworkAdapter, item: RenderedItem, since: string, replyTo: string | undefined, signal: AbortSignal, policy: RetryPolicy): Promise<Reconciled> {
  let recent: RecentPost[];
  try {
    // Reading the timeline is rate-limited too (tightly on X's lower tiers): wait like any call.
    recent = await withRetry(() => adapter.recent(50, signal), policy, signal);
  } catch (e) {
    return { kind: 'unknown', reason: e instanceof Error ? e.message : String(e) };
  }
  const after = Date.parse(since);
  const hit = recent.find(
    (r) =>
      sameText(item.text, r.text) &&
      Date.parse(r.createdAt) >= after &&
      // A first item is not a reply; a reply item is only ever a post that answers the previous
      // item (X and Mastodon both say what a post replies to): the same words published alone
      // earlier are somebody else's post as far as this thread is concerned.
      (replyTo === undefined ? r.replyTo === undefined : r.replyTo === replyTo),
  );
  return hit ? { kind: 'created', id: hit.id, url: hit.url } : { kind: 'absent' };
}

/** Networks whose duplicate guard cannot protect a rerun that lost receipts and journal. */
const LOOK_BEFORE_CREATE: ReadonlySet<NetworkId> = new Set(['facebook', 'mastodon']);
/** One read of each account's recent posts per run (the pool lives as long as the run). */
const recentOfRun = new WeakMap<AdapterPool, Map<NetworkId, Promise<RecentPost[]>>>();

function recentOnce(pool: AdapterPool, network: NetworkId, adapter: NetworkAdapter, signal: AbortSignal, policy: RetryPolicy): Promise<RecentPost[]> {
  let byNetwork = recentOfRun.get(pool);
  if (!byNetwork) recentOfRun.set(pool, (byNetwork = new Map()));
  let p = byNetwork.get(network);
  if (!p) {
    p = withRetry(() => adapter.recent(100, signal), policy, signal);
    // A failed read is not remembered: the next post tries again.
    p.catch(() => byNetwork.delete(network));
    byNetwork.set(network, p);
  }
  return p;
}

/**
 * Issue 6: a post with neither receipt nor journal on Facebook or Mastodon (a CI checkout without
 * them, a lost .lm-post/) may already be on the account. Graph refuses (#506) only a copy of the
 * page's latest post and Mastodon refuses nothing, so the account's recent posts are read once per
 * run and the items found there — published after the post was approved, first item not a reply,
 * each next item a reply to the previous one — are recorded instead of sent. X is left to its
 * duplicate 403 (reads cost money there).
 */
async function alreadyOnAccount(
  post: ValidPost,
  network: NetworkId,
  rendered: RenderedPost,
  adapter: NetworkAdapter,
  ctx: PublishContext,
  policy: RetryPolicy,
): Promise<{ id: string; url: string }[]> {
  const approvedAt = Date.parse(post.data.review?.at ?? '');
  // A post cannot have been published before it was approved (five minutes of clock skew allowed).
  const since = Number.isNaN(approvedAt) ? Number.NEGATIVE_INFINITY : approvedAt - 5 * 60_000;
  const recent = (await recentOnce(ctx.pool, network, adapter, ctx.signal, policy)).filter((r) => !(Date.parse(r.createdAt) < since));
  const found: { id: string; url: string }[] = [];
  for (const item of rendered.items) {
    const replyTo = found.length ? found[found.length - 1]!.id : undefined;
    const hit = recent.find((r) => sameText(item.text, r.text) && (replyTo === undefined ? r.replyTo === undefined : r.replyTo === replyTo) && !found.some((f) => f.id === r.id));
    if (!hit) break;
    found.push({ id: hit.id, url: hit.url });
  }
  return found;
}

/**
 * Whether the post file still says what it said when the post was selected (text, review…):
 * a rejection or an edit made during a long run must stop what has not been sent yet.
 */
export function stillAsSelected(post: ValidPost): boolean {
  let bytes: Buffer;
  let now: unknown;
  try {
    bytes = readFileSync(post.path);
    // The very bytes selection read (or that a previous check found equivalent, a receipt written
    // since): the same post, without parsing it again for each network.
    const known = sameAsSelected.get(post) ?? post.bytes;
    if (bytes.equals(known)) return true;
    now = parseDocument(bytes.toString('utf8')).toJS();
  } catch {
    return false;
  }
  const strip = (v: unknown) => {
    const { published: _p, ...rest } = (v ?? {}) as Record<string, unknown>;
    return rest;
  };
  const same = isDeepStrictEqual(strip(now), strip(post.data));
  if (same) sameAsSelected.set(post, bytes);
  return same;
}

/** Bytes of a post file last found to say what selection read (see `stillAsSelected`). */
const sameAsSelected = new WeakMap<ValidPost, Uint8Array>();

/** What the CLI needs of a network's refusal to explain it (the code names an unknown or example host). */
function failureOf(e: NetworkError): NonNullable<NetworkOutcome['failure']> {
  return {
    kind: e.kind,
    ...(e.status !== undefined ? { status: e.status } : {}),
    ...(e.apiCode !== undefined ? { apiCode: e.apiCode } : {}),
    ...(e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}),
  };
}

/**
 * The values of `promises` in their order, once every one has settled (no upload is left running
 * behind a failure); the first failure in that order is thrown.
 */
async function allSettledInOrder<T>(promises: Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}

/**
 * Uploads an item's images. Every file is checked before anything is uploaded; then the images go
 * up at once, their ids kept in the item's order (the post is created once all are there).
 */
async function uploadItemMedia(
  post: ValidPost,
  network: NetworkId,
  item: RenderedItem,
  adapter: NetworkAdapter,
  ctx: PublishContext,
  policy: RetryPolicy,
  onWait?: (ms: number, e: NetworkError) => void,
): Promise<string[]> {
  const infos = item.media.map((m) => {
    const info = inspectMedia(m.file, path.dirname(post.path), ctx.queueDir);
    if ('kind' in info) throw new NetworkError(network, 'permanent', `media ${m.file}: ${info.kind}`);
    return { m, info };
  });
  return allSettledInOrder(
    infos.map(async ({ m, info }) => {
      // An oversized JPEG/PNG goes out as a reduced copy (cached next to the journal); the file itself is untouched.
      const sent = await fitForNetwork(info, maxImageBytes(ctx.charter, network), path.join(path.dirname(ctx.journalDir), 'reduced'));
      return withRetry(() => adapter.uploadMedia({ absPath: sent.absPath, mime: sent.type, alt: m.alt }, ctx.signal), policy, ctx.signal, onWait);
    }),
  );
}

/**
 * Issue 10: a lane uploads its next post's images while its current post is being created, so a
 * post's uploads are not added to the lane's time. Only images: nothing is published (uploaded
 * media are not posts, and stay invisible until a post attaches them), no journal entry is written,
 * and the posts are still created one after the other in the lane's order. Only for a fresh
 * publication (no journal for this post × network: a resumed one first looks at what was sent);
 * the ids are kept under the item's content key, so an item edited since uses none of them. A
 * failed early upload is done again, as usual, when the post's turn comes.
 */
export async function prefetchMedia(post: ValidPost, network: NetworkId, ctx: PublishContext): Promise<void> {
  const prefetched = ctx.prefetched;
  if (!prefetched) return;
  const journal = new Journal(ctx.journalDir, post.id);
  await journal.settled();
  if (journal.state(network).size > 0) return;
  const rendered = renderPost(post.data, ctx.charter, network, path.dirname(post.path));
  const { adapter } = await ctx.pool.get(network);
  const policy = ctx.retry ?? DEFAULT_RETRY;
  for (const [i, item] of rendered.items.entries()) {
    if (!item.media.length) continue;
    const key = idempotencyKey(post.id, network, i, item);
    if (prefetched.has(key)) continue;
    const ids = uploadItemMedia(post, network, item, adapter, ctx, policy);
    ids.catch(() => undefined); // used (or done again) when the post's turn comes
    prefetched.set(key, ids);
  }
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
  const rendered: RenderedPost = renderPost(post.data, ctx.charter, network, path.dirname(post.path));
  const policy = ctx.retry ?? DEFAULT_RETRY;
  const settleMs = ctx.settleMs ?? 3_000;
  const now = () => ctx.now().toISOString();
  const clean = ctx.redact ?? ((s: string) => s);
  // Another lane may still be writing this post's journal (its own network's entries).
  await journal.settled();
  const state = journal.state(network);
  const stuck = [...state.entries()].find(([, s]) => s.needsHuman);
  if (stuck) {
    return { network, status: 'needs-human', message: stuck[1].needsHuman! };
  }
  const { adapter, idempotent } = await ctx.pool.get(network);
  const ids: { id: string; url: string }[] = [];
  /** Whether this run sent any create (a resumed or found publication sends nothing). */
  let sent = false;
  const needsHuman = async (item: number, reason: string): Promise<NetworkOutcome> => {
    reason = clean(reason);
    await journal.write({ t: 'needs-human', network, item, at: now(), reason });
    ctx.onEvent({ type: 'needs-human', post: post.id, network, item, reason });
    return { network, status: 'needs-human', message: reason };
  };
  const onWait = (ms: number, e: NetworkError) => ctx.onEvent({ type: 'wait', post: post.id, network, ms, reason: clean(e.message) });

  if (state.size === 0 && LOOK_BEFORE_CREATE.has(network)) {
    let found: { id: string; url: string }[];
    try {
      found = await alreadyOnAccount(post, network, rendered, adapter, ctx, policy);
    } catch (e) {
      if (!(e instanceof NetworkError)) throw e;
      const message = clean(`could not read the account's recent posts before publishing (nothing was sent): ${e.message}`);
      ctx.onEvent({ type: 'network-failed', post: post.id, network, message, kind: e.kind });
      return { network, status: 'failed', message, failure: failureOf(e) };
    }
    for (const [i, f] of found.entries()) {
      await journal.write({ t: 'created', network, item: i, id: f.id, url: f.url, at: now(), key: idempotencyKey(post.id, network, i, rendered.items[i]!), how: 'reconciled' });
      state.set(i, { created: { id: f.id, url: f.url } });
      ctx.onEvent({ type: 'created', post: post.id, network, item: i, items: rendered.items.length, url: f.url, reconciled: true });
    }
  }

  for (let i = 0; i < rendered.items.length; i++) {
    const item = rendered.items[i]!;
    const st = state.get(i);
    const replyTo = i > 0 ? ids[i - 1]!.id : undefined;
    const key = idempotencyKey(post.id, network, i, item);
    // Created before: reuse it — unless it belongs to a finished publication of other content
    // (a post file that reuses the id of one published earlier).
    if (st?.created && !(st.closed && st.created.key && st.created.key !== key)) {
      ids.push({ id: st.created.id, url: st.created.url });
      continue;
    }
    if (st?.pending) {
      // A run killed mid-request: let a request still in flight land before looking for it.
      const age = Date.now() - Date.parse(st.pending.lastAt);
      if (age < settleMs) await sleep(settleMs - age, undefined, { signal: ctx.signal });
      const withinWindow = Date.now() - Date.parse(st.pending.at) < (ctx.idempotencyWindowMs ?? 55 * 60_000);
      // With an idempotency key still remembered by the server, re-sending is the reconciliation.
      if (!(idempotent && withinWindow && st.pending.key === key)) {
        // Look for what was sent then, even if the post was edited since.
        const sent = st.pending.text !== undefined ? { ...item, text: st.pending.text } : item;
        const r = await reconcile(adapter, sent, new Date(Date.parse(st.pending.at) - 120_000).toISOString(), replyTo, ctx.signal, policy);
        if (r.kind === 'unknown') return await needsHuman(i, `could not check the account's recent posts: ${r.reason}`);
        if (r.kind === 'created') {
          await journal.write({ t: 'created', network, item: i, id: r.id, url: r.url, at: now(), key: st.pending.key, how: 'reconciled' });
          ids.push({ id: r.id, url: r.url });
          ctx.onEvent({ type: 'created', post: post.id, network, item: i, items: rendered.items.length, url: r.url, reconciled: true });
          continue;
        }
        await journal.write({ t: 'not-created', network, item: i, at: now(), how: 'reconciled' });
      }
    }
    let intentOpen = false;
    try {
      // The item's images, uploaded while the lane's previous post was created (see prefetchMedia)
      // when they could be; else now. A failed early upload is simply done again here.
      const early = ctx.prefetched?.get(key);
      ctx.prefetched?.delete(key);
      const mediaIds = (early && (await early.catch(() => undefined))) || (await uploadItemMedia(post, network, item, adapter, ctx, policy, onWait));
      let created: { id: string; url: string } | undefined;
      let how: 'response' | 'reconciled' = 'response';
      for (let attempt = 1; !created; attempt++) {
        await journal.write({ t: 'intent', network, item: i, key, at: now(), attempt, text: item.text });
        intentOpen = true;
        try {
          created = await withRetry(
            () =>
              adapter.create(
                {
                  text: item.text,
                  mediaIds,
                  ...(replyTo ? { replyTo } : {}),
                  ...(i === 0 && rendered.quoteId ? { quoteId: rendered.quoteId } : {}),
                  ...(i === 0 && rendered.link ? { link: rendered.link } : {}),
                  ...(i === 0 && rendered.spoiler ? { spoiler: rendered.spoiler } : {}),
                  ...(rendered.visibility ? { visibility: i === 0 ? rendered.visibility : (rendered.threadVisibility ?? rendered.visibility) } : {}),
                  ...(rendered.language ? { language: rendered.language } : {}),
                  idempotencyKey: key,
                },
                ctx.signal,
              ),
            policy,
            ctx.signal,
            onWait,
          );
        } catch (e) {
          if (e instanceof NetworkError && e.apiCode === 'duplicate') {
            // The network says this very text is already there: if it is ours (a run whose
            // receipt was lost, a queue checked out without its receipts), record it instead
            // of failing on every run.
            const r = await reconcile(adapter, item, new Date(Date.now() - 30 * 86_400_000).toISOString(), replyTo, ctx.signal, policy);
            if (r.kind === 'created') {
              created = { id: r.id, url: r.url };
              how = 'reconciled';
              break;
            }
            throw e;
          }
          if (!(e instanceof NetworkError) || e.kind !== 'unknown-outcome') throw e;
          // An abandoned request may still land: give it as long again as its deadline before
          // looking, or a slow commit would look absent and be sent a second time.
          // A response (5xx) means the server is done with the request. Without one, even with an
          // idempotency key, wait: Mastodon records the key only once the status exists, so a
          // request still being processed could let a same-key retry through.
          await sleep(e.status ? 500 : settleMs, undefined, { signal: ctx.signal });
          if (idempotent && attempt < 3) continue; // same key within the hour: the server returns the first status
          const r = await reconcile(adapter, item, new Date(Date.now() - settleMs - 60_000).toISOString(), replyTo, ctx.signal, policy);
          if (r.kind === 'unknown') return await needsHuman(i, `outcome unknown (${e.message}) and recent posts unreadable: ${r.reason}`);
          if (r.kind === 'created') {
            // This run's own request, which landed after all.
            created = { id: r.id, url: r.url };
            how = 'reconciled';
            sent = true;
            break;
          }
          await journal.write({ t: 'not-created', network, item: i, at: now(), how: 'reconciled' });
          intentOpen = false;
          if (attempt >= 3) throw new NetworkError(network, 'transient', `no answer after ${attempt} attempts (nothing was created; the next run will try again): ${e.message}`);
        }
      }
      // Synced by the next item's intent (before its create leaves) or before the receipt is written.
      await journal.write({ t: 'created', network, item: i, id: created.id, url: created.url, at: now(), key, how }, i === rendered.items.length - 1);
      if (how === 'response') sent = true;
      if (how === 'reconciled') {
        ids.push(created);
        ctx.onEvent({ type: 'created', post: post.id, network, item: i, items: rendered.items.length, url: created.url, reconciled: true });
        continue;
      }
      ids.push(created);
      ctx.onEvent({ type: 'created', post: post.id, network, item: i, items: rendered.items.length, url: created.url });
    } catch (e) {
      if (!(e instanceof NetworkError)) throw e;
      const message = clean(e.message);
      await journal.write({ t: 'failed', network, item: i, at: now(), kind: e.kind, message, answers: intentOpen });
      ctx.onEvent({ type: 'network-failed', post: post.id, network, message, kind: e.kind });
      return {
        network,
        status: 'failed',
        message,
        failure: failureOf(e),
      };
    }
  }
  const receipt: Receipt = { id: ids[0]!.id, url: ids[0]!.url, at: now() };
  if (ids.length > 1) receipt.thread = ids.slice(1).map((x) => x.id);
  try {
    // Every outcome durable before the receipt says the publication is done.
    await journal.sync();
    await ctx.receipts.set(post, network, receipt);
  } catch (e) {
    // Created, but the receipt could not be written (file changed or unwritable): the journal
    // still knows the ids, so the next run writes the receipt without sending anything again.
    const message = clean(e instanceof LmPostError ? e.format('en') : e instanceof Error ? e.message : String(e));
    return { network, status: 'failed', message, failure: { kind: 'receipt' } };
  }
  // Nothing waits for this entry (the receipt itself is on disk): written now, synced when the
  // journal is closed, behind the lane, which goes on to its next post.
  void journal.write({ t: 'receipt', network, at: receipt.at }, false).catch(() => undefined);
  ctx.onEvent({ type: 'network-done', post: post.id, network, receipt });
  return { network, status: 'published', receipt, ...(sent ? {} : { sentNothing: true }) };
}
