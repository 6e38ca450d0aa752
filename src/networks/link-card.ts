// Bluesky's link card (app.bsky.embed.external) is the client's job: lm-post reads the page's Open
// Graph tags itself (SPEC §15). The page is somebody else's server, so the fetch is bounded and
// guarded against server-side request forgery:
//   - https only; no user:password@ in the URL; at most 3 redirects, each checked again;
//   - every address the host name resolves to must be public (no loopback, private, link-local,
//     unique-local, CGNAT, multicast or unspecified address), and the connection goes to the
//     address that was checked (the `lookup` hook), so DNS rebinding cannot swap it afterwards;
//   - one deadline for the whole card (page + image), a size bound on the page and on the image.
// `mode: 'loopback'` (LM_POST_LINK_CARD_FETCH=loopback, for tests and the sandbox only) allows http
// and loopback addresses and nothing else; `mode: 'off'` never fetches (the post's words are used).
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';
import { deadline } from './http.js';

export type CardFetchMode = 'public' | 'loopback' | 'off';

export interface OpenGraph {
  title?: string;
  description?: string;
  image?: { bytes: Buffer; mime: string };
}

/** The page is read up to this size (Open Graph tags live in <head>). */
export const MAX_PAGE_BYTES = 512 * 1024;
/** app.bsky.embed.external#thumb: blob maxSize 1,000,000 (lexicons/app/bsky/embed/external.json). */
export const MAX_THUMB_BYTES = 1_000_000;
/** An image larger than this is not even downloaded (it is reduced below MAX_THUMB_BYTES after). */
const MAX_IMAGE_DOWNLOAD = 8 * 1024 * 1024;
const MAX_REDIRECTS = 3;

const blocked = new BlockList();
// IPv4: this network, private, CGNAT, loopback, link-local, IETF protocol, documentation, benchmarking, multicast, reserved.
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(net, prefix, 'ipv4');
// IPv6: unspecified, loopback, IPv4-mapped (checked as IPv4 below), discard, ULA, link-local, site-local, multicast, documentation.
for (const [net, prefix] of [
  ['::', 128], ['::1', 128], ['100::', 64], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8], ['2001:db8::', 32],
] as const) blocked.addSubnet(net, prefix, 'ipv6');
const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** Whether `address` may be fetched from in this mode. */
export function addressAllowed(address: string, mode: CardFetchMode): boolean {
  const family = isIP(address);
  if (!family) return false;
  let a = address;
  let fam: 'ipv4' | 'ipv6' = family === 4 ? 'ipv4' : 'ipv6';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  if (mapped) {
    a = mapped[1]!;
    fam = 'ipv4';
  }
  if (mode === 'loopback') return loopback.check(a, fam);
  return !blocked.check(a, fam);
}

class CardError extends Error {}

function get(url: URL, mode: CardFetchMode, signal: AbortSignal, maxBytes: number, accept: string): Promise<{ res: IncomingMessage; body: Buffer; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const secure = url.protocol === 'https:';
    if (!secure && !(mode === 'loopback' && url.protocol === 'http:')) return reject(new CardError('not https'));
    if (url.username || url.password) return reject(new CardError('credentials in URL'));
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(literal) && !addressAllowed(literal, mode)) return reject(new CardError('address not allowed'));
    const lookup = (host: string, opts: object, cb: (err: Error | null, address: string | LookupAddress[], family?: number) => void): void => {
      dnsLookup(host, { all: true }, (err, addresses) => {
        if (err) return cb(err, '', 0);
        // Every address must be allowed: a name that also resolves to a private address is refused.
        if (!addresses.length || addresses.some((x) => !addressAllowed(x.address, mode))) return cb(new CardError('address not allowed'), '', 0);
        if ((opts as { all?: boolean }).all) return cb(null, addresses);
        cb(null, addresses[0]!.address, addresses[0]!.family);
      });
    };
    const req = (secure ? httpsRequest : httpRequest)(url, { method: 'GET', lookup: lookup as never, signal, headers: { accept, 'user-agent': 'lm-post (link card)', 'accept-encoding': 'identity' } }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      res.on('data', (c: Buffer) => {
        if (truncated) return;
        size += c.length;
        if (size > maxBytes) {
          truncated = true;
          chunks.push(c.subarray(0, c.length - (size - maxBytes)));
          res.destroy();
          resolve({ res, body: Buffer.concat(chunks), truncated });
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => resolve({ res, body: Buffer.concat(chunks), truncated }));
      res.on('error', (e) => (truncated ? undefined : reject(e)));
    });
    req.on('error', reject);
    req.end();
  });
}

async function follow(start: URL, mode: CardFetchMode, signal: AbortSignal, maxBytes: number, accept: string): Promise<{ res: IncomingMessage; body: Buffer; truncated: boolean; url: URL }> {
  let url = start;
  for (let i = 0; ; i++) {
    const r = await get(url, mode, signal, maxBytes, accept);
    const status = r.res.statusCode ?? 0;
    if (status >= 300 && status < 400 && r.res.headers.location) {
      if (i >= MAX_REDIRECTS) throw new CardError('too many redirects');
      url = new URL(r.res.headers.location, url);
      continue;
    }
    if (status !== 200) throw new CardError(`status ${status}`);
    return { ...r, url };
  }
}

function decodeEntities(s: string): string {
  const named: Record<string, string> = {
    amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0',
    // What French pages write most.
    eacute: 'é', egrave: 'è', ecirc: 'ê', agrave: 'à', acirc: 'â', ccedil: 'ç', ocirc: 'ô', ucirc: 'û', icirc: 'î', Eacute: 'É',
    rsquo: '’', lsquo: '‘', laquo: '«', raquo: '»', hellip: '…', ndash: '–', mdash: '—',
  };
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return named[e] ?? named[e.toLowerCase()] ?? m;
  });
}

/** Open Graph (and plain HTML) title, description and image URL of a page's head. */
export function parseOpenGraph(html: string): { title?: string; description?: string; image?: string } {
  const meta: Record<string, string> = {};
  for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
    const attr = (name: string): string | undefined => {
      const m = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
      return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
    };
    const key = (attr('property') ?? attr('name'))?.toLowerCase();
    const content = attr('content');
    if (key && content !== undefined && !(key in meta)) meta[key] = decodeEntities(content).replace(/\s+/g, ' ').trim();
  }
  const titleTag = /<title[^>]*>([^<]*)<\/title>/i.exec(html)?.[1];
  const out: { title?: string; description?: string; image?: string } = {};
  const title = meta['og:title'] ?? meta['twitter:title'] ?? (titleTag ? decodeEntities(titleTag).replace(/\s+/g, ' ').trim() : undefined);
  const description = meta['og:description'] ?? meta['twitter:description'] ?? meta.description;
  const image = meta['og:image'] ?? meta['og:image:url'] ?? meta['twitter:image'];
  if (title) out.title = title;
  if (description) out.description = description;
  if (image) out.image = image;
  return out;
}

function sniffImage(b: Buffer): string | undefined {
  const hex = b.subarray(0, 12).toString('hex');
  if (hex.startsWith('ffd8ff')) return 'image/jpeg';
  if (hex.startsWith('89504e470d0a1a0a')) return 'image/png';
  if (hex.startsWith('47494638')) return 'image/gif';
  if (hex.startsWith('52494646') && b.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return undefined;
}

/**
 * The page's Open Graph data, or undefined when it cannot be read safely within `timeoutMs` (any
 * failure: the card then uses the post's own words). Never throws.
 */
export async function fetchOpenGraph(link: string, mode: CardFetchMode, timeoutMs: number, caller: AbortSignal): Promise<OpenGraph | undefined> {
  if (mode === 'off') return undefined;
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return undefined;
  }
  const d = deadline(caller, timeoutMs);
  try {
    const page = await follow(url, mode, d.signal, MAX_PAGE_BYTES, 'text/html,application/xhtml+xml');
    const type = String(page.res.headers['content-type'] ?? '');
    if (!/html/i.test(type)) return undefined;
    const og = parseOpenGraph(page.body.toString('utf8'));
    const out: OpenGraph = {};
    if (og.title) out.title = og.title;
    if (og.description) out.description = og.description;
    if (og.image) {
      try {
        const img = await follow(new URL(og.image, page.url), mode, d.signal, MAX_IMAGE_DOWNLOAD, 'image/*');
        const mime = sniffImage(img.body);
        if (mime && !img.truncated) {
          let bytes: Buffer | undefined = img.body;
          if (bytes.length > MAX_THUMB_BYTES) {
            // A big og:image is reduced like any image (media/reduce.ts), else the card goes without it.
            const { reduce, reducible } = await import('../media/reduce.js');
            bytes = reducible(mime as 'image/jpeg') ? await reduce(bytes, mime as 'image/jpeg', MAX_THUMB_BYTES) : undefined;
          }
          if (bytes) out.image = { bytes, mime };
        }
      } catch {
        // no thumbnail
      }
    }
    return out;
  } catch {
    return undefined;
  } finally {
    d.clear();
  }
}
