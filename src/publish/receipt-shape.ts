// What a publication receipt of each network looks like (issue 21, point 14): a receipt is only
// ever written by lm-post from the network's answer, so one that does not look like the network's
// is hand-made. Ids have the network's shape; URLs are https, on the network's public web host —
// or on a loopback address (http or https), where the sandbox and test servers run: a link there
// leads nowhere on the website, and lm-post pointed at them (LM_POST_*_URL) writes such receipts.
import type { Charter } from '../charter/types.js';
import { isPlaceholderHost } from '../networks/hosts.js';

export interface ReceiptShape {
  /** The id as the network gives it. */
  id: RegExp;
  /** Other required fields (Bluesky's content id). */
  extra?: Record<string, RegExp>;
  /** Public web hosts the receipt URL may be on. */
  hosts(charter: Charter): string[];
  /** The variable that points lm-post at another server of this network. */
  baseUrlEnv?: string;
}

export const RECEIPT_SHAPES: Record<string, ReceiptShape> = {
  // Snowflake ids (decimal, up to 19 digits today); links as x.com/i/web/status/ID or x.com/USER/status/ID.
  twitter: { id: /^\d{1,20}$/, hosts: () => ['x.com', 'twitter.com', 'www.x.com', 'www.twitter.com', 'mobile.twitter.com'], baseUrlEnv: 'LM_POST_TWITTER_API_URL' },
  // Mastodon ids are decimal strings (other servers of the fediverse use alphanumeric flake ids).
  mastodon: { id: /^[0-9A-Za-z]{1,64}$/, hosts: (c) => hostsOf(c.networks.mastodon?.instance), baseUrlEnv: 'LM_POST_MASTODON_URL' },
  // A Page post id is PAGEID_POSTID; a photo post may give the photo id alone.
  facebook: { id: /^\d{1,25}(_\d{1,25})?$/, hosts: () => ['facebook.com', 'www.facebook.com', 'm.facebook.com', 'web.facebook.com'], baseUrlEnv: 'LM_POST_FACEBOOK_GRAPH_URL' },
  // AT URI of the record (did:plc or did:web, collection app.bsky.feed.post, a TID rkey) and its CID;
  // links on bsky.app/profile/HANDLE-OR-DID/post/RKEY.
  bluesky: {
    id: /^at:\/\/did:(plc:[a-z2-7]{24}|web:[a-z0-9.-]+)\/app\.bsky\.feed\.post\/[a-z2-7]{13}$/,
    extra: { cid: /^bafy[a-z2-7]{50,60}$/ },
    hosts: () => ['bsky.app'],
    baseUrlEnv: 'LM_POST_BLUESKY_URL',
  },
};

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])$/i;

function hostsOf(url: string | undefined): string[] {
  if (!url) return [];
  try {
    return [new URL(url).host.toLowerCase()];
  } catch {
    return [];
  }
}

export type ReceiptProblem = { field: 'id' | 'url' | string; kind: 'shape' | 'not-https' | 'host' | 'missing'; hosts?: string[] };

/** The problems of one receipt of `network` (none when it looks like the network's own). */
export function receiptProblems(network: string, receipt: Record<string, unknown>, charter: Charter, env: NodeJS.ProcessEnv): ReceiptProblem[] {
  const shape = RECEIPT_SHAPES[network];
  if (!shape) return [];
  const out: ReceiptProblem[] = [];
  if (typeof receipt.id !== 'string' || !shape.id.test(receipt.id)) out.push({ field: 'id', kind: 'shape' });
  for (const [k, re] of Object.entries(shape.extra ?? {})) {
    const v = receipt[k];
    if (typeof v !== 'string') out.push({ field: k, kind: 'missing' });
    else if (!re.test(v)) out.push({ field: k, kind: 'shape' });
  }
  const urls = [receipt.url].filter((u): u is string => typeof u === 'string');
  const override = shape.baseUrlEnv ? hostsOf(env[shape.baseUrlEnv]) : [];
  // A placeholder host (mastodon.example left in the charter) says nothing of the real one.
  const hosts = [...shape.hosts(charter).filter((h) => !isPlaceholderHost(h)), ...override];
  for (const u of urls) {
    let parsed: URL;
    try {
      parsed = new URL(u);
    } catch {
      out.push({ field: 'url', kind: 'not-https' });
      continue;
    }
    const host = parsed.host.toLowerCase();
    if (LOOPBACK.test(parsed.hostname) && /^https?:$/.test(parsed.protocol)) continue;
    // The overridden server may speak plain http; the networks never do.
    if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && override.includes(host))) out.push({ field: 'url', kind: 'not-https' });
    // No host known for the network (a Mastodon instance nowhere set): https is all one can ask.
    else if (hosts.length && !hosts.includes(host)) out.push({ field: 'url', kind: 'host', hosts });
  }
  return out;
}
