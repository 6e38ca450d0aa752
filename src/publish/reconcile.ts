// Reconciliation of unknown outcomes: whether an item whose create may or may not have landed is
// on the account — by its key where the network can look one up (reconcileByKey), else by
// reading the account's recent posts (reconcile-by-listing) and matching text and reply chain.
import type { NetworkId } from '../charter/types.js';
import type { ValidPost } from '../post/read.js';
import type { RenderedItem, RenderedPost } from '../render/index.js';
import type { NetworkAdapter, RecentPost } from '../networks/types.js';
import { firstApprovedAt } from './first-approval.js';
import { type RetryPolicy, withRetry } from './retry.js';
import type { AdapterPool, PublishContext } from './types.js';

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

export type Reconciled = { kind: 'created'; id: string; url: string; extra?: Record<string, string> } | { kind: 'absent' } | { kind: 'unknown'; reason: string };

/** What to look for: the item as sent, under its key, and (for listing) since when and as a reply to what. */
export interface Sought {
  item: RenderedItem;
  key: string;
  since: string;
  replyTo: string | undefined;
}

/** Whether `sought` is on the account: by key when the network can say, else by listing. */
export async function reconcile(adapter: NetworkAdapter, sought: Sought, signal: AbortSignal, policy: RetryPolicy): Promise<Reconciled> {
  if (adapter.reconcileByKey) {
    try {
      const hit = await withRetry(() => adapter.reconcileByKey!(sought.key, signal), policy, signal);
      return hit ? { kind: 'created', id: hit.id, url: hit.url, ...(hit.extra ? { extra: hit.extra } : {}) } : { kind: 'absent' };
    } catch (e) {
      return { kind: 'unknown', reason: e instanceof Error ? e.message : String(e) };
    }
  }
  return reconcileByListing(adapter, sought, signal, policy);
}

async function reconcileByListing(adapter: NetworkAdapter, { item, since, replyTo }: Sought, signal: AbortSignal, policy: RetryPolicy): Promise<Reconciled> {
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
 * run and the items found there — published after the post was first approved, first item not a reply,
 * each next item a reply to the previous one — are recorded instead of sent. X is left to its
 * duplicate 403 (reads cost money there).
 */
export async function alreadyOnAccount(
  post: ValidPost,
  network: NetworkId,
  rendered: RenderedPost,
  adapter: NetworkAdapter,
  ctx: PublishContext,
  policy: RetryPolicy,
): Promise<{ id: string; url: string }[]> {
  // A post cannot have been published before its first approval (five minutes of clock skew
  // allowed): the whole life of the post, history included (a re-approval after lost receipts).
  const approvedAt = firstApprovedAt(post.data);
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

