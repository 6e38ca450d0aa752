// Bluesky adapter, the records side: the session, handles, facets, replies, cards, and the
// create / reconcileByKey / recent calls, each a function over the adapter's shared context (Ctx,
// built by createAdapter in bluesky.ts). See bluesky.ts for what each call sends.
import type { BlueskyFacet } from '../render/bluesky.js';
import type { Operation } from './http.js';
import { fetchOpenGraph, type CardFetchMode } from './link-card.js';
import { NetworkError, type Created, type CreateItem, type RecentPost } from './types.js';
import { recordKey } from './bluesky-key.js';

export const POST = 'app.bsky.feed.post';

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
export interface BlobRef {
  $type?: 'blob';
  ref: unknown;
  mimeType: string;
  size: number;
}
export interface StrongRef {
  uri: string;
  cid: string;
}
export interface RecordView {
  uri: string;
  cid?: string;
  value: Record<string, unknown>;
}
export interface CallOpts {
  signal?: AbortSignal;
  encoding?: string;
  headers?: Record<string, string>;
}
export interface Agent {
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
export interface XrpcErrorShape {
  status?: number;
  error?: string;
  message?: string;
  headers?: Record<string, string>;
  cause?: unknown;
}

/** What every call of one adapter shares: the SDK agent, the credentials, the deadline, and what this run learnt. */
export interface Ctx {
  agent: Agent;
  identifier: string;
  password: string;
  timeoutMs: number;
  cardMode: CardFetchMode;
  handles: readonly string[] | undefined;
  login: Promise<{ did: string; handle: string }> | undefined;
  dids: Map<string, Promise<string>>;
  /** Blob refs of uploaded images, by the id given back to the publisher. */
  blobs: Map<string, { blob: BlobRef; alt: string }>;
  /** Records created or read in this run (thread replies need the parent's and the root's CID). */
  records: Map<string, { cid: string; root?: StrongRef }>;
  run<T>(op: Operation, caller: AbortSignal, fn: (signal: AbortSignal) => Promise<T>): Promise<T>;
}

/** The one session of this adapter: created on first need, then reused (SDK refreshes it). */
export function session(ctx: Ctx, caller: AbortSignal): Promise<{ did: string; handle: string }> {
  if (!ctx.login) {
    ctx.login = ctx.run('setup', caller, async () => {
      const res = await ctx.agent.login({ identifier: ctx.identifier, password: ctx.password });
      return { did: res.data.did, handle: res.data.handle };
    });
    // A failed login is not remembered: the next call tries again (a transient failure), while a
    // refused password stops the network at preflight.
    ctx.login.catch(() => (ctx.login = undefined));
  }
  return ctx.login;
}

export function resolve(ctx: Ctx, handle: string, caller: AbortSignal): Promise<string> {
  const h = handle.replace(/^@/, '').toLowerCase();
  let p = ctx.dids.get(h);
  if (!p) {
    p = ctx.run('setup', caller, async (signal) => {
      try {
        return (await ctx.agent.com.atproto.identity.resolveHandle({ handle: h }, { signal })).data.did;
      } catch (e) {
        const x = e as XrpcErrorShape;
        // Unknown handle: 400 HandleNotFound (or InvalidRequest for a malformed one) from the PDS.
        if (x.status === 400) throw new NetworkError('bluesky', 'permanent', `Bluesky: the handle @${h} cannot be resolved (${x.error ?? 'unknown account'}).`, 400, undefined, 'unknown-handle');
        throw e;
      }
    });
    p.catch(() => ctx.dids.delete(h));
    ctx.dids.set(h, p);
  }
  return p;
}

async function facetsOf(ctx: Ctx, facets: readonly BlueskyFacet[] | undefined, caller: AbortSignal): Promise<Record<string, unknown>[] | undefined> {
  if (!facets?.length) return undefined;
  const out: Record<string, unknown>[] = [];
  for (const f of facets) {
    const index = { byteStart: f.byteStart, byteEnd: f.byteEnd };
    if (f.kind === 'link') out.push({ index, features: [{ $type: 'app.bsky.richtext.facet#link', uri: f.uri }] });
    else if (f.kind === 'tag') out.push({ index, features: [{ $type: 'app.bsky.richtext.facet#tag', tag: f.tag }] });
    else out.push({ index, features: [{ $type: 'app.bsky.richtext.facet#mention', did: await resolve(ctx, f.handle, caller) }] });
  }
  return out;
}

async function getRecord(ctx: Ctx, did: string, rkey: string, caller: AbortSignal): Promise<RecordView | undefined> {
  return ctx.run('recent', caller, async (signal) => {
    try {
      return (await ctx.agent.com.atproto.repo.getRecord({ repo: did, collection: POST, rkey }, { signal })).data;
    } catch (e) {
      // com.atproto.repo.getRecord: 400 RecordNotFound "Could not locate record".
      if ((e as XrpcErrorShape).status === 400 && (e as XrpcErrorShape).error === 'RecordNotFound') return undefined;
      throw e;
    }
  });
}

async function strongRef(ctx: Ctx, uri: string, caller: AbortSignal): Promise<{ ref: StrongRef; root: StrongRef }> {
  let known = ctx.records.get(uri);
  if (!known) {
    const parts = parseAtUri(uri);
    if (!parts) throw new NetworkError('bluesky', 'permanent', `Bluesky: ${uri} is not an at:// record URI.`);
    const rec = await getRecord(ctx, parts.repo, parts.rkey, caller);
    if (!rec?.cid) throw new NetworkError('bluesky', 'permanent', `Bluesky: the post replied to (${uri}) no longer exists.`, 400, undefined, 'parent-missing');
    const reply = rec.value.reply as { root?: StrongRef } | undefined;
    known = { cid: rec.cid, ...(reply?.root ? { root: reply.root } : {}) };
    ctx.records.set(uri, known);
  }
  const ref = { uri, cid: known.cid };
  return { ref, root: known.root ?? ref };
}

async function card(ctx: Ctx, c: NonNullable<CreateItem['card']>, caller: AbortSignal): Promise<Record<string, unknown>> {
  const og = await fetchOpenGraph(c.uri, ctx.cardMode, Math.min(ctx.timeoutMs, 10_000), caller);
  const external: Record<string, unknown> = {
    uri: c.uri,
    title: og?.title ?? c.title,
    description: og?.description ?? c.description,
  };
  if (og?.image) {
    const image = og.image;
    try {
      const res = await ctx.run('upload', caller, (signal) => ctx.agent.com.atproto.repo.uploadBlob(new Uint8Array(image.bytes), { signal, encoding: image.mime }));
      external.thumb = res.data.blob;
    } catch {
      // a card without its thumbnail rather than no post
    }
  }
  return { $type: 'app.bsky.embed.external', external };
}

export async function create(ctx: Ctx, item: CreateItem, caller: AbortSignal): Promise<Created> {
  const { did, handle } = await session(ctx, caller);
  const rkey = recordKey(item.idempotencyKey);
  const record: Record<string, unknown> = { $type: POST, text: item.text, createdAt: new Date().toISOString() };
  const facets = await facetsOf(ctx, item.facets, caller);
  if (facets) record.facets = facets;
  const langs = item.langs ?? (item.language ? [item.language] : undefined);
  if (langs?.length) record.langs = langs.slice(0, 3);
  if (item.replyTo) {
    const { ref, root } = await strongRef(ctx, item.replyTo, caller);
    record.reply = { root, parent: ref };
  }
  if (item.mediaIds.length) {
    const images = item.mediaIds.map((id) => {
      const b = ctx.blobs.get(id);
      if (!b) throw new NetworkError('bluesky', 'permanent', 'Bluesky: an image of this post was uploaded by another run; it will be uploaded again.', undefined, undefined, 'blob-lost');
      return { image: b.blob, alt: b.alt };
    });
    record.embed = { $type: 'app.bsky.embed.images', images };
  } else if (item.card) {
    record.embed = await card(ctx, item.card, caller);
  }
  const root = (record.reply as { root?: StrongRef } | undefined)?.root;
  const done = (uri: string, cid: string): Created => {
    ctx.records.set(uri, { cid, ...(root ? { root } : {}) });
    return { id: uri, url: postUrl(handle, rkey), ...(cid ? { extra: { cid } } : {}) };
  };
  /** The record at our key, if any: ours when it says what we send (a replay), else a conflict. */
  const existing = async (): Promise<Created | undefined> => {
    const rec = await getRecord(ctx, did, rkey, caller);
    if (!rec) return undefined;
    const value = rec.value as { text?: unknown; reply?: { parent?: { uri?: unknown } } };
    const sameParent = (value.reply?.parent?.uri ?? undefined) === (item.replyTo ?? undefined);
    if (value.text !== item.text || !sameParent) {
      throw new NetworkError('bluesky', 'permanent', `Bluesky: another post already uses the record key ${rkey} on this account; nothing was sent.`, 409, undefined, 'rkey-conflict');
    }
    return done(rec.uri, rec.cid ?? '');
  };
  try {
    const res = await ctx.run('create', caller, (signal) => ctx.agent.com.atproto.repo.createRecord({ repo: did, collection: POST, rkey, record }, { signal }));
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
}

export async function reconcileByKey(ctx: Ctx, key: string, caller: AbortSignal): Promise<Created | null> {
  // What was created under this item key: the record at the key derived from it (getRecord, on the
  // repository itself, consistent), or nothing.
  const { did, handle } = await session(ctx, caller);
  const rkey = recordKey(key);
  const rec = await getRecord(ctx, did, rkey, caller);
  if (!rec) return null;
  if (rec.cid) ctx.records.set(rec.uri, { cid: rec.cid, ...((rec.value.reply as { root?: StrongRef } | undefined)?.root ? { root: (rec.value.reply as { root: StrongRef }).root } : {}) });
  return { id: rec.uri, url: postUrl(handle, rkey), ...(rec.cid ? { extra: { cid: rec.cid } } : {}) };
}

export async function recent(ctx: Ctx, limit: number, caller: AbortSignal): Promise<RecentPost[]> {
  const want = Math.max(1, Math.min(Math.floor(limit), 400));
  const { did, handle } = await session(ctx, caller);
  return ctx.run('recent', caller, async (signal) => {
    const out: RecentPost[] = [];
    let cursor: string | undefined;
    while (out.length < want) {
      // listRecords answers newest record key first (the repository's own order).
      const page = await ctx.agent.com.atproto.repo.listRecords({ repo: did, collection: POST, limit: Math.min(100, want - out.length), ...(cursor ? { cursor } : {}) }, { signal });
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
}

