// Bluesky adapter, on @atproto/api (loaded only when createAdapter is called), with an app password.
//
// What it sends (base URL = LM_POST_BLUESKY_SERVICE, else the charter's `service`, else https://bsky.social):
//   session      com.atproto.server.createSession ONCE per adapter (one per run: the pool keeps one
//                adapter per network); the SDK refreshes it with refreshJwt (refreshSession) when the
//                access token expires. createSession is limited to 30 / 5 min and 300 / day per
//                account (@atproto/pds api/com/atproto/server/createSession.ts): never a login per post.
//   preflight    the session, then com.atproto.identity.resolveHandle for every handle of the address book
//   uploadMedia  com.atproto.repo.uploadBlob (raw bytes); the blob ref is kept with its alt text
//   create       com.atproto.repo.createRecord { repo: did, collection: app.bsky.feed.post, rkey, record }
//                with rkey = a TID derived from the item's idempotency key (see recordKey): the PDS
//                refuses a second record at the same key ("already a value at key", answered as a
//                500 InternalServerError), so a replay can never create a second post; after a 500 or
//                no answer, com.atproto.repo.getRecord on that key says whether it exists.
//   recent       com.atproto.repo.listRecords (the repository itself, consistent, no AppView)
import { createHash } from 'node:crypto';
import type { BlueskyFacet } from '../render/bluesky.js';
import {
  bounded,
  connectionFailure,
  credential,
  deadline,
  guarded,
  makeRedactor,
  normaliseBaseUrl,
  baseString,
  readMedia,
  retryAfterHeader,
  systemCode,
  tidy,
  withDeadline,
  type Operation,
} from './http.js';
import { fetchOpenGraph, type CardFetchMode } from './link-card.js';
import { NetworkError, type AccountInfo, type AdapterOptions, type Created, type CreateItem, type MediaUpload, type NetworkAdapter, type RecentPost } from './types.js';

export const requiredEnv = ['LM_POST_BLUESKY_IDENTIFIER', 'LM_POST_BLUESKY_APP_PASSWORD'] as const;
export const baseUrlEnv = 'LM_POST_BLUESKY_SERVICE';
/**
 * The record key is derived from the item's idempotency key: re-sending a create whose outcome is
 * unknown can never make a second post (the PDS refuses the key), and getRecord then says which.
 */
export const idempotent = true;
/** A record key never expires: re-sending is safe at any time. */
export const idempotencyWindowMs = 10 * 365 * 86_400_000;

export const DEFAULT_SERVICE = 'https://bsky.social';
/** lexicons/app/bsky/embed/images.json: image blob maxSize. */
const MAX_IMAGE_BYTES = 2_000_000;
const POST = 'app.bsky.feed.post';

export { recordKey, tidFrom, TID_RE } from './bluesky-key.js';
import { recordKey } from './bluesky-key.js';

/** `at://did/collection/rkey` → its parts. */
export function parseAtUri(uri: string): { repo: string; collection: string; rkey: string } | undefined {
  const m = /^at:\/\/([^/]+)\/([^/]+)\/([^/?#]+)$/.exec(uri);
  return m ? { repo: m[1]!, collection: m[2]!, rkey: m[3]! } : undefined;
}

/** Where people see a post: bsky.app/profile/<handle>/post/<rkey>. */
export function postUrl(handle: string, rkey: string): string {
  return `https://bsky.app/profile/${handle}/post/${rkey}`;
}

// ---------------------------------------------------------------------------------------------
// The slice of @atproto/api this adapter uses (typed here so the SDK is only imported lazily).
interface BlobRef {
  $type?: 'blob';
  ref: unknown;
  mimeType: string;
  size: number;
}
interface StrongRef {
  uri: string;
  cid: string;
}
interface RecordView {
  uri: string;
  cid?: string;
  value: Record<string, unknown>;
}
interface CallOpts {
  signal?: AbortSignal;
  encoding?: string;
  headers?: Record<string, string>;
}
interface Agent {
  session?: { did: string; handle: string; accessJwt: string; refreshJwt: string };
  login(o: { identifier: string; password: string }): Promise<{ data: { did: string; handle: string } }>;
  com: {
    atproto: {
      server: { getSession(p?: unknown, o?: CallOpts): Promise<{ data: { did: string; handle: string; active?: boolean } }> };
      identity: { resolveHandle(p: { handle: string }, o?: CallOpts): Promise<{ data: { did: string } }> };
      repo: {
        uploadBlob(data: Uint8Array, o?: CallOpts): Promise<{ data: { blob: BlobRef } }>;
        createRecord(d: { repo: string; collection: string; rkey?: string; record: Record<string, unknown>; validate?: boolean }, o?: CallOpts): Promise<{ data: { uri: string; cid: string } }>;
        getRecord(p: { repo: string; collection: string; rkey: string }, o?: CallOpts): Promise<{ data: RecordView }>;
        listRecords(p: { repo: string; collection: string; limit?: number; cursor?: string }, o?: CallOpts): Promise<{ data: { records: RecordView[]; cursor?: string } }>;
      };
    };
  };
}
interface XrpcErrorShape {
  status?: number;
  error?: string;
  message?: string;
  headers?: Record<string, string>;
  cause?: unknown;
}

export async function createAdapter(options: AdapterOptions): Promise<NetworkAdapter> {
  const { credentials, timeoutMs } = options;
  const identifier = credential('bluesky', credentials, 'LM_POST_BLUESKY_IDENTIFIER').replace(/^@/, '');
  const password = credential('bluesky', credentials, 'LM_POST_BLUESKY_APP_PASSWORD');
  const redact = makeRedactor([password]);
  const base = baseString(normaliseBaseUrl('bluesky', options.baseUrl ?? DEFAULT_SERVICE));
  const cardMode: CardFetchMode = (['off', 'loopback'] as const).find((m) => m === credentials.LM_POST_LINK_CARD_FETCH) ?? 'public';

  // Every request of the SDK under its own deadline, body included (a server that sends headers
  // and then nothing cannot hold the run).
  const boundedFetch: typeof fetch = async (input, init) => {
    const d = deadline(init?.signal ?? new AbortController().signal, timeoutMs);
    try {
      const res = await fetch(input, { ...init, signal: d.signal });
      const body = [101, 204, 205, 304].includes(res.status) ? null : await res.arrayBuffer();
      return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    } finally {
      d.clear();
    }
  };
  const { AtpAgent } = (await import('@atproto/api')) as unknown as { AtpAgent: new (o: { service: string; fetch?: typeof fetch }) => Agent };
  const agent = new AtpAgent({ service: base, fetch: boundedFetch });

  let login: Promise<{ did: string; handle: string }> | undefined;
  const dids = new Map<string, Promise<string>>();
  /** Blob refs of uploaded images, by the id given back to the publisher. */
  const blobs = new Map<string, { blob: BlobRef; alt: string }>();
  /** Records created or read in this run (thread replies need the parent's and the root's CID). */
  const records = new Map<string, { cid: string; root?: StrongRef }>();

  function run<T>(op: Operation, caller: AbortSignal, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return withDeadline(caller, timeoutMs, (signal) => guarded(redact, (err) => classify(op, err, signal, caller, timeoutMs), () => bounded(signal, fn(signal))));
  }

  /** The one session of this adapter: created on first need, then reused (SDK refreshes it). */
  function session(caller: AbortSignal): Promise<{ did: string; handle: string }> {
    if (!login) {
      login = run('setup', caller, async () => {
        const res = await agent.login({ identifier, password });
        return { did: res.data.did, handle: res.data.handle };
      });
      // A failed login is not remembered: the next call tries again (a transient failure), while a
      // refused password stops the network at preflight.
      login.catch(() => (login = undefined));
    }
    return login;
  }

  function resolve(handle: string, caller: AbortSignal): Promise<string> {
    const h = handle.replace(/^@/, '').toLowerCase();
    let p = dids.get(h);
    if (!p) {
      p = run('setup', caller, async (signal) => {
        try {
          return (await agent.com.atproto.identity.resolveHandle({ handle: h }, { signal })).data.did;
        } catch (e) {
          const x = e as XrpcErrorShape;
          // Unknown handle: 400 HandleNotFound (or InvalidRequest for a malformed one) from the PDS.
          if (x.status === 400) throw new NetworkError('bluesky', 'permanent', `Bluesky: the handle @${h} cannot be resolved (${x.error ?? 'unknown account'}).`, 400, undefined, 'unknown-handle');
          throw e;
        }
      });
      p.catch(() => dids.delete(h));
      dids.set(h, p);
    }
    return p;
  }

  async function facetsOf(facets: readonly BlueskyFacet[] | undefined, caller: AbortSignal): Promise<Record<string, unknown>[] | undefined> {
    if (!facets?.length) return undefined;
    const out: Record<string, unknown>[] = [];
    for (const f of facets) {
      const index = { byteStart: f.byteStart, byteEnd: f.byteEnd };
      if (f.kind === 'link') out.push({ index, features: [{ $type: 'app.bsky.richtext.facet#link', uri: f.uri }] });
      else if (f.kind === 'tag') out.push({ index, features: [{ $type: 'app.bsky.richtext.facet#tag', tag: f.tag }] });
      else out.push({ index, features: [{ $type: 'app.bsky.richtext.facet#mention', did: await resolve(f.handle, caller) }] });
    }
    return out;
  }

  async function getRecord(did: string, rkey: string, caller: AbortSignal): Promise<RecordView | undefined> {
    return run('recent', caller, async (signal) => {
      try {
        return (await agent.com.atproto.repo.getRecord({ repo: did, collection: POST, rkey }, { signal })).data;
      } catch (e) {
        // com.atproto.repo.getRecord: 400 RecordNotFound "Could not locate record".
        if ((e as XrpcErrorShape).status === 400 && (e as XrpcErrorShape).error === 'RecordNotFound') return undefined;
        throw e;
      }
    });
  }

  async function strongRef(uri: string, caller: AbortSignal): Promise<{ ref: StrongRef; root: StrongRef }> {
    let known = records.get(uri);
    if (!known) {
      const parts = parseAtUri(uri);
      if (!parts) throw new NetworkError('bluesky', 'permanent', `Bluesky: ${uri} is not an at:// record URI.`);
      const rec = await getRecord(parts.repo, parts.rkey, caller);
      if (!rec?.cid) throw new NetworkError('bluesky', 'permanent', `Bluesky: the post replied to (${uri}) no longer exists.`, 400, undefined, 'parent-missing');
      const reply = rec.value.reply as { root?: StrongRef } | undefined;
      known = { cid: rec.cid, ...(reply?.root ? { root: reply.root } : {}) };
      records.set(uri, known);
    }
    const ref = { uri, cid: known.cid };
    return { ref, root: known.root ?? ref };
  }

  async function card(c: NonNullable<CreateItem['card']>, caller: AbortSignal): Promise<Record<string, unknown>> {
    const og = await fetchOpenGraph(c.uri, cardMode, Math.min(timeoutMs, 10_000), caller);
    const external: Record<string, unknown> = {
      uri: c.uri,
      title: og?.title ?? c.title,
      description: og?.description ?? c.description,
    };
    if (og?.image) {
      const image = og.image;
      try {
        const res = await run('upload', caller, (signal) => agent.com.atproto.repo.uploadBlob(new Uint8Array(image.bytes), { signal, encoding: image.mime }));
        external.thumb = res.data.blob;
      } catch {
        // a card without its thumbnail rather than no post
      }
    }
    return { $type: 'app.bsky.embed.external', external };
  }

  const adapter: NetworkAdapter = {
    id: 'bluesky',

    async preflight(caller: AbortSignal): Promise<void> {
      await session(caller);
      for (const h of options.handles ?? []) await resolve(h, caller);
    },

    async describe(caller: AbortSignal): Promise<AccountInfo> {
      const s = await session(caller);
      const me = await run('setup', caller, (signal) => agent.com.atproto.server.getSession(undefined, { signal }));
      return { account: `@${me.data.handle ?? s.handle} (${s.did})`, valid: me.data.active !== false, limits: { maxCharacters: 300, maxMedia: 4 } };
    },

    async uploadMedia(media: MediaUpload, caller: AbortSignal): Promise<string> {
      // app.bsky.embed.images#image: `alt` is required (lexicons/app/bsky/embed/images.json).
      if (!media.alt.trim()) throw new NetworkError('bluesky', 'permanent', 'Bluesky: every image needs its alt text (description).', undefined, undefined, 'missing-alt');
      const bytes = await readMedia('bluesky', media.absPath);
      // app.bsky.embed.images: a blob over 2,000,000 bytes uploads, then the post is refused: say it now.
      // (The publisher sends a reduced copy of a JPEG or PNG; only one that could not be reduced gets here.)
      if (bytes.length > MAX_IMAGE_BYTES) {
        throw new NetworkError('bluesky', 'permanent', `Bluesky: the image weighs ${bytes.length} bytes, over Bluesky's 2,000,000, and could not be reduced below it.`, 413, undefined, 'image-too-big');
      }
      await session(caller);
      const res = await run('upload', caller, (signal) => agent.com.atproto.repo.uploadBlob(new Uint8Array(bytes), { signal, encoding: media.mime }));
      const blob = res.data.blob;
      const id = `blob:${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}:${blobs.size}`;
      blobs.set(id, { blob, alt: media.alt });
      return id;
    },

    async create(item: CreateItem, caller: AbortSignal): Promise<Created> {
      const { did, handle } = await session(caller);
      const rkey = recordKey(item.idempotencyKey);
      const record: Record<string, unknown> = { $type: POST, text: item.text, createdAt: new Date().toISOString() };
      const facets = await facetsOf(item.facets, caller);
      if (facets) record.facets = facets;
      const langs = item.langs ?? (item.language ? [item.language] : undefined);
      if (langs?.length) record.langs = langs.slice(0, 3);
      if (item.replyTo) {
        const { ref, root } = await strongRef(item.replyTo, caller);
        record.reply = { root, parent: ref };
      }
      if (item.mediaIds.length) {
        const images = item.mediaIds.map((id) => {
          const b = blobs.get(id);
          if (!b) throw new NetworkError('bluesky', 'permanent', 'Bluesky: an image of this post was uploaded by another run; it will be uploaded again.', undefined, undefined, 'blob-lost');
          return { image: b.blob, alt: b.alt };
        });
        record.embed = { $type: 'app.bsky.embed.images', images };
      } else if (item.card) {
        record.embed = await card(item.card, caller);
      }
      const root = (record.reply as { root?: StrongRef } | undefined)?.root;
      const done = (uri: string, cid: string): Created => {
        records.set(uri, { cid, ...(root ? { root } : {}) });
        return { id: uri, url: postUrl(handle, rkey), ...(cid ? { extra: { cid } } : {}) };
      };
      /** The record at our key, if any: ours when it says what we send (a replay), else a conflict. */
      const existing = async (): Promise<Created | undefined> => {
        const rec = await getRecord(did, rkey, caller);
        if (!rec) return undefined;
        const value = rec.value as { text?: unknown; reply?: { parent?: { uri?: unknown } } };
        const sameParent = (value.reply?.parent?.uri ?? undefined) === (item.replyTo ?? undefined);
        if (value.text !== item.text || !sameParent) {
          throw new NetworkError('bluesky', 'permanent', `Bluesky: another post already uses the record key ${rkey} on this account; nothing was sent.`, 409, undefined, 'rkey-conflict');
        }
        return done(rec.uri, rec.cid ?? '');
      };
      try {
        const res = await run('create', caller, (signal) => agent.com.atproto.repo.createRecord({ repo: did, collection: POST, rkey, record }, { signal }));
        return done(res.data.uri, res.data.cid);
      } catch (e) {
        if (!(e instanceof NetworkError) || e.kind !== 'unknown-outcome') throw e;
        // A 500 (the PDS's answer to a key that already holds a record) or no answer: the record
        // key says whether the post exists. Read it (a read is never ambiguous).
        let found: Created | undefined;
        try {
          found = await existing();
        } catch (read) {
          if (read instanceof NetworkError && read.apiCode === 'rkey-conflict') throw read;
          throw e;
        }
        if (found) return found;
        throw e;
      }
    },

    async reconcileByKey(key: string, caller: AbortSignal): Promise<Created | null> {
      // What was created under this item key: the record at the key derived from it (getRecord, on the
      // repository itself, consistent), or nothing.
      const { did, handle } = await session(caller);
      const rkey = recordKey(key);
      const rec = await getRecord(did, rkey, caller);
      if (!rec) return null;
      if (rec.cid) records.set(rec.uri, { cid: rec.cid, ...((rec.value.reply as { root?: StrongRef } | undefined)?.root ? { root: (rec.value.reply as { root: StrongRef }).root } : {}) });
      return { id: rec.uri, url: postUrl(handle, rkey), ...(rec.cid ? { extra: { cid: rec.cid } } : {}) };
    },

    async recent(limit: number, caller: AbortSignal): Promise<RecentPost[]> {
      const want = Math.max(1, Math.min(Math.floor(limit), 400));
      const { did, handle } = await session(caller);
      return run('recent', caller, async (signal) => {
        const out: RecentPost[] = [];
        let cursor: string | undefined;
        while (out.length < want) {
          // listRecords answers newest record key first (the repository's own order).
          const page = await agent.com.atproto.repo.listRecords({ repo: did, collection: POST, limit: Math.min(100, want - out.length), ...(cursor ? { cursor } : {}) }, { signal });
          for (const r of page.data.records) {
            const v = r.value as { text?: unknown; createdAt?: unknown; reply?: { parent?: { uri?: unknown } } };
            const rkey = parseAtUri(r.uri)?.rkey ?? '';
            const post: RecentPost = { id: r.uri, url: postUrl(handle, rkey), text: typeof v.text === 'string' ? v.text : '', createdAt: typeof v.createdAt === 'string' ? v.createdAt : new Date(0).toISOString() };
            if (typeof v.reply?.parent?.uri === 'string') post.replyTo = v.reply.parent.uri;
            out.push(post);
          }
          cursor = page.data.cursor;
          if (!cursor || !page.data.records.length) break;
        }
        return out.slice(0, want);
      });
    },

    async close(): Promise<void> {
      // Nothing to release: the session is only a pair of tokens, fetch keeps no sockets of ours.
    },
  };
  return adapter;
}

/** XRPC errors (@atproto/xrpc XRPCError: status, error, message, headers) → NetworkError. */
function classify(op: Operation, err: unknown, signal: AbortSignal, caller: AbortSignal, timeoutMs: number): NetworkError {
  const e = (err ?? {}) as XrpcErrorShape;
  const status = typeof e.status === 'number' ? e.status : undefined;
  // ResponseType.Unknown (1) / InvalidResponse (2): no HTTP answer (connection, deadline, abort).
  if (status === undefined || status < 100) {
    if (signal.aborted || systemCode(err) || (err instanceof Error && /abort|timeout|fetch failed/i.test(`${err.name} ${err.message}`))) {
      return connectionFailure('bluesky', op, err, signal, caller, timeoutMs);
    }
    const text = err instanceof Error ? tidy(err.message, 200) : '';
    if (op === 'create') return new NetworkError('bluesky', 'unknown-outcome', `Bluesky: unexpected failure${text ? ` (${text})` : ''}: the post may or may not have been created.`);
    return new NetworkError('bluesky', 'permanent', `Bluesky: unexpected failure${text ? ` (${text})` : ''}.`);
  }
  const said = [e.error, e.message].filter((x): x is string => typeof x === 'string' && x.length > 0 && x !== 'Unknown').map((x) => tidy(x, 200));
  const detail = said.length ? `: ${[...new Set(said)].join(' — ')}` : '';
  const header = (name: string): string | undefined => {
    const h = e.headers ?? {};
    return h[name] ?? h[name.toLowerCase()];
  };
  if (status === 429) {
    // @atproto/xrpc-server rate limits: RateLimit-Reset = epoch seconds of the window's end.
    const reset = Number(header('ratelimit-reset'));
    const wait = Number.isFinite(reset) && reset > 0 ? Math.max(1000, reset * 1000 - Date.now()) : (retryAfterHeader(header('retry-after')) ?? 60_000);
    return new NetworkError('bluesky', 'rate-limit', `Bluesky rate limit reached (429)${detail}`, status, wait, 'rate-limit');
  }
  if (status === 401 && op === 'setup') {
    // createSession: 401 AuthenticationRequired "Invalid identifier or password"; also a revoked app password.
    return new NetworkError('bluesky', 'permanent', `Bluesky refused the identifier or app password (401)${detail}`, status, undefined, 'auth');
  }
  if (status === 401 || (status === 400 && (e.error === 'ExpiredToken' || e.error === 'InvalidToken'))) {
    return new NetworkError('bluesky', 'permanent', `Bluesky refused the session (${status})${detail}`, status, undefined, 'auth');
  }
  if (status >= 500) {
    if (op === 'create') return new NetworkError('bluesky', 'unknown-outcome', `Bluesky answered ${status}${detail}; the post may or may not have been created.`, status, undefined, status);
    return new NetworkError('bluesky', 'transient', `Bluesky answered ${status}${detail}`, status, retryAfterHeader(header('retry-after')), status);
  }
  return new NetworkError('bluesky', 'permanent', `Bluesky refused the request (${status})${detail}`, status, undefined, e.error ?? status);
}
