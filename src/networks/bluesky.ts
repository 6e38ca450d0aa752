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
//
// createAdapter builds one context (Ctx) shared by small module-level functions: the session and the
// account calls here, the records (create, reconcileByKey, recent and their helpers) in bluesky-post.ts.
import { createHash } from 'node:crypto';
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
import type { CardFetchMode } from './link-card.js';
import { NetworkError, type AccountInfo, type AdapterOptions, type MediaUpload, type NetworkAdapter } from './types.js';
import { create, reconcileByKey, recent, resolve, session, type Agent, type Ctx, type XrpcErrorShape } from './bluesky-post.js';

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

export { recordKey, tidFrom, TID_RE } from './bluesky-key.js';
export { parseAtUri, postUrl } from './bluesky-post.js';

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
  const ctx: Ctx = {
    agent,
    identifier,
    password,
    timeoutMs,
    cardMode,
    handles: options.handles,
    login: undefined,
    dids: new Map(),
    blobs: new Map(),
    records: new Map(),
    run: (op, caller, fn) => withDeadline(caller, timeoutMs, (signal) => guarded(redact, (err) => classify(op, err, signal, caller, timeoutMs), () => bounded(signal, fn(signal)))),
  };
  const adapter: NetworkAdapter = {
    id: 'bluesky',
    preflight: (caller) => preflight(ctx, caller),
    describe: (caller) => describe(ctx, caller),
    uploadMedia: (media, caller) => uploadMedia(ctx, media, caller),
    create: (item, caller) => create(ctx, item, caller),
    reconcileByKey: (key, caller) => reconcileByKey(ctx, key, caller),
    recent: (limit, caller) => recent(ctx, limit, caller),
    async close(): Promise<void> {
      // Nothing to release: the session is only a pair of tokens, fetch keeps no sockets of ours.
    },
  };
  return adapter;
}

async function preflight(ctx: Ctx, caller: AbortSignal): Promise<void> {
  await session(ctx, caller);
  for (const h of ctx.handles ?? []) await resolve(ctx, h, caller);
}

async function describe(ctx: Ctx, caller: AbortSignal): Promise<AccountInfo> {
  const s = await session(ctx, caller);
  const me = await ctx.run('setup', caller, (signal) => ctx.agent.com.atproto.server.getSession(undefined, { signal }));
  return { account: `@${me.data.handle ?? s.handle} (${s.did})`, valid: me.data.active !== false, limits: { maxCharacters: 300, maxMedia: 4 } };
}

async function uploadMedia(ctx: Ctx, media: MediaUpload, caller: AbortSignal): Promise<string> {
  // app.bsky.embed.images#image: `alt` is required (lexicons/app/bsky/embed/images.json).
  if (!media.alt.trim()) throw new NetworkError('bluesky', 'permanent', 'Bluesky: every image needs its alt text (description).', undefined, undefined, 'missing-alt');
  const bytes = await readMedia('bluesky', media.absPath);
  // app.bsky.embed.images: a blob over 2,000,000 bytes uploads, then the post is refused: say it now.
  // (The publisher sends a reduced copy of a JPEG or PNG; only one that could not be reduced gets here.)
  if (bytes.length > MAX_IMAGE_BYTES) {
    throw new NetworkError('bluesky', 'permanent', `Bluesky: the image weighs ${bytes.length} bytes, over Bluesky's 2,000,000, and could not be reduced below it.`, 413, undefined, 'image-too-big');
  }
  await session(ctx, caller);
  const res = await ctx.run('upload', caller, (signal) => ctx.agent.com.atproto.repo.uploadBlob(new Uint8Array(bytes), { signal, encoding: media.mime }));
  const blob = res.data.blob;
  const id = `blob:${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}:${ctx.blobs.size}`;
  ctx.blobs.set(id, { blob, alt: media.alt });
  return id;
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
