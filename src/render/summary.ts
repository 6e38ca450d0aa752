// What one post will look like on each network, as data: the rendered items with their counts
// and the X cost. The PR comment (preview --format markdown), preview --json and the calendar
// read it, so they can never disagree with check and publish (same renderPost).
import path from 'node:path';
import type { Charter, NetworkId } from '../charter/types.js';
import type { PostData } from '../post/types.js';
import { postTargets, renderPost } from './index.js';
import { networkLength } from './length.js';
import { type XBilledCalls, xCallsCost, xCallsOf, xPlan, xPrices } from './x-cost.js';

export interface NetworkSummary {
  network: NetworkId;
  label: string;
  mirrorOf?: NetworkId;
  items: { text: string; length: number; max: number | null; media: { file: string; alt: string }[] }[];
  link?: string;
  quoteId?: string;
  spoiler?: string;
  visibility?: string;
  receipt?: { id: string; url?: string; at: string };
  /** X only, on the pay-per-use plan: what creating these posts costs (creates and alt texts). */
  xCost?: number;
  /** X only, on the pay-per-use plan: the billed calls behind xCost. */
  xCalls?: XBilledCalls;
}

export interface PostSummary {
  networks: NetworkSummary[];
  /** Total X cost of the post (0 when it does not go to X). */
  xCost: number;
  currency: string;
}

export function summarisePost(data: PostData, charter: Charter, postFile: string): PostSummary {
  const prices = xPrices(charter);
  const payPerUse = xPlan(charter) === 'pay-per-use';
  let xCost = 0;
  const networks = postTargets(data, charter).map((network): NetworkSummary => {
    const net = charter.networks[network];
    const r = renderPost(data, charter, network, path.dirname(postFile));
    const s: NetworkSummary = {
      network,
      label: net?.label ?? network,
      items: r.items.map((it, i) => ({
        text: it.text,
        length: networkLength(network, it.text, i === 0 ? r.spoiler : undefined),
        max: net?.max_length ?? null,
        media: it.media.map((m) => ({ file: m.file, alt: m.alt })),
      })),
    };
    if (net?.mirror_of) s.mirrorOf = net.mirror_of;
    if (r.link) s.link = r.link;
    if (r.quoteId) s.quoteId = r.quoteId;
    if (r.spoiler) s.spoiler = r.spoiler;
    if (r.visibility) s.visibility = r.visibility;
    const receipt = data.published?.[network];
    if (receipt) s.receipt = { id: receipt.id, ...(receipt.url ? { url: receipt.url } : {}), at: receipt.at };
    if (network === 'twitter' && payPerUse) {
      s.xCalls = xCallsOf(r.items);
      s.xCost = xCallsCost(s.xCalls, prices);
      xCost += s.xCost;
    }
    return s;
  });
  return { networks, xCost: Math.round(xCost * 1e6) / 1e6, currency: prices.currency };
}
