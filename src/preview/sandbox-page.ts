// The sandbox page (lm-post sandbox --serve): what each emulator received, drawn with the same
// mockups as preview --format html, grouped by post (through the receipts the queue keeps) and
// by thread (reply chains), newest first. Each group has its own page, at the address of any of
// its posts. Images are the queue's own files when the bytes received match one (by SHA-256);
// anything else shows a placeholder with what the network received.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Charter, NetworkId } from '../charter/types.js';
import { formatSize, type Lang } from '../i18n/index.js';
import { inspectMedia } from '../media/inspect.js';
import { listQueue, readValidPosts } from '../post/read.js';
import { networkLength } from '../render/length.js';
import type { SandboxNetwork, SandboxPost } from '../sandbox/types.js';
import { formatDateTime } from '../util/time.js';
import { esc, mockupHtml, pageHtml } from './html.js';
import { accountOf, lookOf } from './looks.js';
import { cardOf, type MockItem, type MockMedia, type Mockup, quoteOf, shortDate } from './model.js';
import { segments } from './text.js';

export interface SandboxPageInput {
  posts: Partial<Record<SandboxNetwork, readonly SandboxPost[]>>;
  /** The emulators' accounts, as each network shows them (else the charter's, else the organisation). */
  accounts: Partial<Record<SandboxNetwork, { name: string; handle: string }>>;
  charter?: Charter;
  /** The queue whose receipts name the posts (and whose images are shown). */
  queueDir?: string;
  /** The sandbox's receipts (`<post id>.json`: network → { id }), which name the posts it received. */
  receiptsDir?: string;
  lang: Lang;
  timezone: string;
}

export interface SandboxGroup {
  /** The queue post's id, or `network-rootId` for a post the queue does not know. */
  key: string;
  title: string;
  /** The group's own page: the path of its first post's address. */
  path: string;
  /** Every path that shows this group (each post of each chain). */
  paths: string[];
  newest: string;
  chains: { network: SandboxNetwork; posts: SandboxPost[] }[];
}

const LABELS: Partial<Record<string, string>> = { twitter: 'X (Twitter)', mastodon: 'Mastodon', facebook: 'Facebook', bluesky: 'Bluesky' };
const labelOf = (n: string) => LABELS[n] ?? n;
/** The networks of the input that have a mockup (a network added to the sandbox is one more key). */
const networksOf = (input: SandboxPageInput) => (Object.keys(input.posts) as SandboxNetwork[]).filter((n) => lookOf(n));

function pathOf(p: SandboxPost): string {
  try {
    return new URL(p.url).pathname;
  } catch {
    return `/${p.network}/${encodeURIComponent(p.id)}`;
  }
}

/** Reply chains of one network: each root with its replies in order (a thread follows its own last post). */
function chainsOf(posts: readonly SandboxPost[]): SandboxPost[][] {
  const byId = new Map(posts.map((p) => [p.id, p]));
  const children = new Map<string, SandboxPost[]>();
  for (const p of posts) if (p.replyTo && byId.has(p.replyTo)) children.set(p.replyTo, [...(children.get(p.replyTo) ?? []), p]);
  const chains: SandboxPost[][] = [];
  for (const root of posts.filter((p) => !p.replyTo || !byId.has(p.replyTo))) {
    const chain = [root];
    const seen = new Set([root.id]);
    for (let next = children.get(root.id)?.[0]; next && !seen.has(next.id); next = children.get(next.id)?.[0]) {
      chain.push(next);
      seen.add(next.id);
    }
    chains.push(chain);
  }
  return chains;
}

interface QueueIndex {
  /** `network id` → queue post id. */
  receipts: Map<string, string>;
  /** SHA-256 of each image the queue's posts use → data: URI. */
  images: Map<string, string>;
}

function indexQueue(queueDir: string | undefined, receiptsDir: string | undefined): QueueIndex {
  const out: QueueIndex = { receipts: new Map(), images: new Map() };
  if (receiptsDir) {
    let names: string[] = [];
    try {
      names = readdirSync(receiptsDir).filter((n) => n.endsWith('.json'));
    } catch {
      // no receipts yet
    }
    for (const name of names) {
      try {
        const r = JSON.parse(readFileSync(path.join(receiptsDir, name), 'utf8')) as Record<string, { id?: unknown } | undefined>;
        for (const [net, v] of Object.entries(r)) if (typeof v?.id === 'string') out.receipts.set(`${net} ${v.id}`, name.slice(0, -'.json'.length));
      } catch {
        // a torn receipt file: its posts show as unknown to the queue
      }
    }
  }
  if (!queueDir) return out;
  let posts;
  try {
    posts = readValidPosts(listQueue(queueDir), queueDir);
  } catch {
    return out;
  }
  const seen = new Set<string>();
  for (const p of posts) {
    const files = [...(p.data.media ?? []), ...(p.data.thread ?? []).flatMap((t) => t.media ?? []), ...Object.values(p.data.variants ?? {}).flatMap((v) => v?.media ?? [])];
    for (const m of files) {
      const info = inspectMedia(m.file, path.dirname(p.path), queueDir);
      if ('kind' in info || seen.has(info.absPath) || info.size > 16 * 1024 * 1024) continue;
      seen.add(info.absPath);
      try {
        const bytes = readFileSync(info.absPath);
        out.images.set(createHash('sha256').update(bytes).digest('hex'), `data:${info.type};base64,${bytes.toString('base64')}`);
      } catch {
        // unreadable: the placeholder says what was received
      }
    }
  }
  return out;
}

// The queue's receipts and images, read once per input (the server answers many pages from one).
const indexes = new WeakMap<SandboxPageInput, QueueIndex>();
function indexOf(input: SandboxPageInput): QueueIndex {
  let i = indexes.get(input);
  if (!i) indexes.set(input, (i = indexQueue(input.queueDir, input.receiptsDir)));
  return i;
}

export function sandboxGroups(input: SandboxPageInput, index = indexOf(input)): SandboxGroup[] {
  const groups = new Map<string, SandboxGroup>();
  for (const network of networksOf(input)) {
    for (const chain of chainsOf(input.posts[network] ?? [])) {
      const root = chain[0]!;
      const postId = index.receipts.get(`${network} ${root.id}`);
      const key = postId ?? `${network}-${root.id}`;
      let g = groups.get(key);
      if (!g) {
        const firstLine = root.text.split('\n')[0]!.trim();
        const title = postId ?? (firstLine.length > 70 ? `${firstLine.slice(0, 69)}…` : firstLine || root.id);
        g = { key, title, path: pathOf(root), paths: [], newest: root.createdAt, chains: [] };
        groups.set(key, g);
      }
      g.chains.push({ network, posts: chain });
      g.paths.push(...chain.map(pathOf));
      // X's receipts say /i/web/status/ID (the address that works whatever the account's name).
      if (network === 'twitter') g.paths.push(...chain.map((p) => `/i/web/status/${p.id}`));
      for (const p of chain) if (p.createdAt > g.newest) g.newest = p.createdAt;
    }
  }
  return [...groups.values()].sort((a, b) => (a.newest < b.newest ? 1 : a.newest > b.newest ? -1 : a.key.localeCompare(b.key)));
}

function mediaOf(m: SandboxPost['media'][number], images: Map<string, string>, lang: Lang): MockMedia {
  const src = m.sha256 ? images.get(m.sha256) : undefined;
  const label = `${m.contentType ?? '?'}, ${formatSize(m.bytes, lang)}`;
  if (src) return { label, alt: m.altText ?? '', src };
  return { label, alt: m.altText ?? '', problem: lang === 'fr' ? 'image reçue, absente de la file (copie réduite ?)' : 'image received, not in the queue (a reduced copy?)' };
}

function mockupOf(network: SandboxNetwork, chain: SandboxPost[], input: SandboxPageInput, images: Map<string, string>): Mockup {
  const { lang, charter } = input;
  const look = lookOf(network)!;
  const rules = charter ? look.text(charter) : { bareDomains: network !== 'mastodon', shorten: (u: string): [string, string, string] => ['', u, ''] };
  const max = charter?.networks[network as NetworkId]?.max_length;
  const items: MockItem[] = chain.map((p, i) => {
    const at = new Date(p.createdAt);
    const item: MockItem = {
      text: p.text,
      segments: segments(p.text, rules),
      length: networkLength(network, p.text, i === 0 ? (p.spoiler ?? undefined) : undefined),
      media: p.media.map((m) => mediaOf(m, images, lang)),
      url: pathOf(p),
      at: Number.isNaN(at.getTime()) ? p.createdAt : shortDate(at, input.timezone, lang),
    };
    if (max !== undefined) item.max = max;
    return item;
  });
  const root = chain[0]!;
  const m: Mockup = { look: look.id, label: charter?.networks[network as NetworkId]?.label ?? labelOf(network), account: input.accounts[network] ?? (charter ? accountOf(charter, look.id) : { name: labelOf(network), handle: '' }), items, problems: [] };
  if (root.quoteOf) m.quote = quoteOf(undefined, root.quoteOf);
  const firstLink = items[0]!.segments.find((s) => s.kind === 'link')?.text;
  const card = root.link ?? (look.cardWithoutMediaOnly && !root.media.length && !root.quoteOf ? firstLink : undefined);
  if (card) m.card = cardOf(card);
  if (root.spoiler) m.spoiler = root.spoiler;
  if (root.visibility) m.visibility = root.visibility;
  const replies = chain.slice(1).find((p) => p.visibility)?.visibility;
  if (replies) m.threadVisibility = replies;
  if (!root.published && root.scheduledAt) {
    const at = new Date(root.scheduledAt);
    m.problems.push({ severity: 1, message: lang === 'fr' ? `Programmé sur Facebook, pas encore visible : ${formatDateTime(at, input.timezone, lang)}` : `Scheduled on Facebook, not visible yet: ${formatDateTime(at, input.timezone, lang)}` });
  }
  return m;
}

function groupHtml(g: SandboxGroup, input: SandboxPageInput, images: Map<string, string>, level: number, linkTitle: boolean, n: number): string {
  const { lang } = input;
  const at = new Date(g.newest);
  const when = Number.isNaN(at.getTime()) ? g.newest : formatDateTime(at, input.timezone, lang);
  const nets = g.chains.map((c) => labelOf(c.network)).join(' · ');
  const title = linkTitle ? `<a href="${esc(g.path)}">${esc(g.title)}</a>` : esc(g.title);
  const head = level === 1 ? '' : `<h${level} class="group-title">${title}</h${level}><p class="group-meta"><time datetime="${esc(g.newest)}">${esc(when)}</time> — ${esc(nets)}</p>`;
  return `<section class="group">${head}<div class="mockups">${g.chains.map((c, i) => mockupHtml(mockupOf(c.network, c.posts, input, images), lang, level + 1, `g${n}-${i}-${c.network}`)).join('')}</div></section>`;
}


/** The list page (`only` absent) or the page of the group shown at `only` (undefined when none is). */
export function sandboxPage(input: SandboxPageInput, only?: string): string | undefined {
  const { lang } = input;
  const fr = lang === 'fr';
  const index = indexOf(input);
  const groups = sandboxGroups(input, index);
  const counts = networksOf(input).map((n) => `<li>${esc(labelOf(n))} : ${(input.posts[n] ?? []).length}</li>`).join('');
  const kicker = `<p class="kicker">lm-post · ${fr ? 'bac à sable' : 'sandbox'}</p>`;
  if (only !== undefined) {
    const g = groups.find((x) => x.paths.includes(only));
    if (!g) return undefined;
    const at = new Date(g.newest);
    const when = Number.isNaN(at.getTime()) ? g.newest : formatDateTime(at, input.timezone, lang);
    const head = `<header class="page-head">${kicker}<p class="back"><a href="/">← ${fr ? 'toutes les publications reçues' : 'every post received'}</a></p><h1>${esc(g.title)}</h1><p class="meta">${esc(when)} — ${esc(g.chains.map((c) => labelOf(c.network)).join(' · '))}</p></header>`;
    return pageHtml(lang, `${g.title} — ${fr ? 'bac à sable lm-post' : 'lm-post sandbox'}`, head + groupHtml(g, input, index.images, 1, false, 0));
  }
  const title = fr ? 'Ce que chaque réseau a reçu' : 'What each network received';
  const head = `<header class="page-head">${kicker}<h1>${title}</h1><p class="meta">${fr ? 'Les publications du bac à sable, par billet et par fil, les plus récentes d’abord.' : 'The sandbox’s posts, by post and by thread, newest first.'}</p><ul class="chips">${counts}</ul></header>`;
  const body = groups.length ? groups.map((g, i) => groupHtml(g, input, index.images, 2, true, i + 1)).join('') : `<p>${fr ? 'Aucune publication reçue.' : 'No post received.'}</p>`;
  return pageHtml(lang, `${title} — ${fr ? 'bac à sable lm-post' : 'lm-post sandbox'}`, head + body);
}
