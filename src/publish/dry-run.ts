// What a dry run shows: for each post, what each network would receive, field by field, or every
// reason it would not go out. No credentials, no network, nothing written.
import path from 'node:path';
import type { Charter, NetworkId } from '../charter/types.js';
import { inspectMedia } from '../media/inspect.js';
import { SENDS_IDEMPOTENCY_KEY } from '../networks/env.js';
import { renderPost } from '../render/index.js';
import { type XBilledCalls, xCallsCost, xCallsOf, xPlan, xPrices } from '../render/x-cost.js';
import { idempotencyKey } from './item.js';
import type { Candidate, SkipReason } from './select.js';

/** One item of `publish --dry-run --json`: what would be sent, field by field. */
export type Payload = {
  text: string;
  media: { file: string; alt: string; type?: string; bytes?: number }[];
  reply_to?: string;
  quote_tweet_id?: string;
  link?: string;
  spoiler_text?: string;
  visibility?: string | undefined;
  language?: string;
  idempotency_key?: string;
};

/** One post × network that would go out (`x_cost` on X's pay-per-use plan). */
export interface DryRunSend {
  post: string;
  network: NetworkId;
  items: Payload[];
  x_cost?: { amount: number; currency: string; calls: XBilledCalls };
}

export type DryRunEntry = { kind: 'skip'; candidate: Candidate; reasons: SkipReason[] } | { kind: 'send'; send: DryRunSend };

/** Every candidate as a dry run sees it, in queue order (already published and other networks left out). */
export function dryRunPlan(candidates: readonly Candidate[], charter: Charter, queueDir: string): DryRunEntry[] {
  const out: DryRunEntry[] = [];
  for (const c of candidates) {
    if (c.skip) {
      // Every reason at once: fixing one only to meet the next is what a dry run avoids.
      if (c.skip.kind !== 'done' && c.skip.kind !== 'other-network') out.push({ kind: 'skip', candidate: c, reasons: c.reasons ?? [c.skip] });
      continue;
    }
    for (const network of c.pending) out.push({ kind: 'send', send: sendOf(c, network, charter, queueDir) });
  }
  return out;
}

function sendOf(c: Candidate, network: NetworkId, charter: Charter, queueDir: string): DryRunSend {
  const r = renderPost(c.post.data!, charter, network, path.dirname(c.post.path));
  const items: Payload[] = r.items.map((item, i) => ({
    text: item.text,
    media: item.media.map((m) => {
      const info = inspectMedia(m.file, path.dirname(c.post.path), queueDir);
      return { file: m.file, alt: m.alt, ...('kind' in info ? {} : { type: info.type, bytes: info.size }) };
    }),
    ...(i > 0 ? { reply_to: `item ${i}` } : {}),
    ...(i === 0 && r.quoteId ? { quote_tweet_id: r.quoteId } : {}),
    ...(i === 0 && r.link ? { link: r.link } : {}),
    ...(i === 0 && r.spoiler ? { spoiler_text: r.spoiler } : {}),
    ...(r.visibility ? { visibility: i === 0 ? r.visibility : r.threadVisibility } : {}),
    ...(r.language ? { language: r.language } : {}),
    // The key the network honours as an idempotency key (Mastodon's Idempotency-Key header).
    ...(SENDS_IDEMPOTENCY_KEY[network] ? { idempotency_key: idempotencyKey(c.post.id, network, i, item) } : {}),
  }));
  // X bills each create and each alt text (SPEC §12): the same count as preview and x-budget.
  const calls = network === 'twitter' && xPlan(charter) === 'pay-per-use' ? xCallsOf(r.items) : undefined;
  return { post: c.post.id, network, items, ...(calls ? { x_cost: { amount: xCallsCost(calls, xPrices(charter)), currency: xPrices(charter).currency, calls } } : {}) };
}
