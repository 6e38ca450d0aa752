/**
 * Emulator of the Bluesky PDS endpoints lm-post uses (XRPC over HTTP): createSession, refreshSession,
 * getSession, resolveHandle, uploadBlob, createRecord, getRecord, listRecords, deleteRecord.
 *
 * It refuses what a real PDS refuses, with the same status, `error` and `message`. Each rule cites
 * its source: the lexicons (bluesky-social/atproto lexicons/…) or the @atproto/pds 0.5 source, and
 * each was checked against a real @atproto/pds by the contract suite (test/bluesky-pds/), which runs
 * the same scenarios against both.
 */
import { createHash, randomBytes } from 'node:crypto';
import { sandboxAccounts } from './accounts.js';
import { sha256, sniffContentType } from './body.js';
import type { Emulator, Reply, RequestContext } from './server.js';
import { JsonStore, Window } from './store.js';
import type { SandboxMedia, SandboxPost } from './types.js';

/**
 * The sandbox account's fixed parts (neutral: they name no collective) and its app password
 * (xxxx-xxxx-xxxx-xxxx, the format bsky.social gives). Its handle comes from the charter's
 * organisation: see blueskyAccount().
 */
export const BLUESKY_ACCOUNT = { did: 'did:plc:lmpostsandbox000000001', email: 'sandbox@lm-post.example' } as const;
export const BLUESKY_APP_PASSWORD = 'lmpo-stsa-ndbo-xblu';

export interface BlueskyAccount {
  handle: string;
  did: string;
  email: string;
}

/** The sandbox account of a collective: `<organisation>.bsky.social` (./accounts.ts), the fixed DID and e-mail. */
export function blueskyAccount(organisation?: string): BlueskyAccount {
  return { handle: sandboxAccounts(organisation).bluesky.handle, ...BLUESKY_ACCOUNT };
}

/**
 * Other accounts the sandbox knows (handle → DID), for mentions: the example charter's address book.
 * The sandbox account itself is added by each emulator (its handle depends on the organisation).
 * Any other handle is unknown, as on the real network (resolveHandle: 400 HandleNotFound).
 */
export const BLUESKY_DIRECTORY: Readonly<Record<string, string>> = {
  'francetierslieux.bsky.social': 'did:plc:lmsandboxfrancetierslieux',
  'cressaura.bsky.social': 'did:plc:lmsandboxcressaura00000001',
  'compostlyon.bsky.social': 'did:plc:lmsandboxcompostlyon000001',
  'mairie7lyon.bsky.social': 'did:plc:lmsandboxmairie7lyon000001',
  'ronalpia.bsky.social': 'did:plc:lmsandboxronalpia0000000001',
  'essfrance.bsky.social': 'did:plc:lmsandboxessfrance000000001',
};

const POST = 'app.bsky.feed.post';
/** @atproto/pds src/index.ts: `payload.jsonLimit: 150 * 1024`. */
const JSON_LIMIT = 150 * 1024;
/** @atproto/pds src/config/config.ts: `blobUploadLimit` default 5 MiB (bsky.social sets its own). */
const BLOB_UPLOAD_LIMIT = 5 * 1024 * 1024;
/** The access token lives 2 hours (@atproto/pds src/account-manager/helpers/auth.ts: `expiresIn: '120mins'`). */
const ACCESS_TTL_MS = 2 * 3600_000;

// ---------------------------------------------------------------------------------------------
// CIDs: CIDv1, sha2-256, base32 ("b" prefix): raw (0x55) for blobs — the same CID a real PDS gives
// the same bytes — and dag-cbor (0x71) for records (over the record's JSON here: well formed, not
// the real CBOR hash).
const B32 = 'abcdefghijklmnopqrstuvwxyz234567';
function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}
export function cidOf(codec: 'raw' | 'dag-cbor', data: Uint8Array): string {
  const digest = createHash('sha256').update(data).digest();
  return `b${base32(Uint8Array.from([0x01, codec === 'raw' ? 0x55 : 0x71, 0x12, 0x20, ...digest]))}`;
}
const CID_RE = /^b[a-z2-7]{58}$/;

/** TIDs (atproto.com/specs/tid): 13 characters of base32-sortable; the record key of a post. */
const S32 = '234567abcdefghijklmnopqrstuvwxyz';
const TID_RE = /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/;
let lastTid = 0n;
function nextTid(): string {
  let micros = BigInt(Date.now()) * 1000n;
  if (micros <= lastTid) micros = lastTid + 1n;
  lastTid = micros;
  const v = (micros << 10n) | 7n;
  let s = '';
  for (let i = 0; i < 13; i++) s += S32[Number((v >> BigInt(60 - 5 * i)) & 31n)];
  return s;
}

/** atproto handle syntax (atproto.com/specs/handle; @atproto/syntax ensureValidHandle). */
const HANDLE_RE = /^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;
/** @atproto/syntax ensureValidAtUri: the authority is a DID or a valid handle; then an NSID and a record key. */
function validAtUri(uri: string): boolean {
  const m = /^at:\/\/([^/?#]+)(?:\/([a-zA-Z0-9.-]+)(?:\/([a-zA-Z0-9._~:@!$&')(*+,;=%-]{1,512}))?)?$/.exec(uri);
  if (!m) return false;
  const authority = m[1]!;
  return /^did:[a-z]+:[a-zA-Z0-9._:%-]+$/.test(authority) || HANDLE_RE.test(authority);
}

let segmenter: Intl.Segmenter | undefined;
function graphemes(s: string): number {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let n = 0;
  for (const _ of segmenter.segment(s)) n++;
  return n;
}

interface BRecord {
  rkey: string;
  cid: string;
  value: Record<string, unknown>;
  indexedAt: string;
}
interface BBlob {
  cid: string;
  mimeType: string;
  size: number;
  sha256: string;
}
interface BState {
  records: BRecord[];
  blobs: BBlob[];
}

const xerr = (status: number, error: string, message: string): Reply => ({ status, body: { error, message } });
const invalid = (message: string): Reply => xerr(400, 'InvalidRequest', message);
/** @atproto/pds auth-verifier.ts: no token at all is `AuthMissing`; a token for another repository, `AuthenticationRequired` (checked against a real PDS). */
const AUTH_MISSING = (): Reply => xerr(401, 'AuthMissing', 'Authentication Required');
const AUTH_REQUIRED = (): Reply => xerr(401, 'AuthenticationRequired', 'Authentication Required');
const INVALID_TOKEN = (): Reply => xerr(400, 'InvalidToken', 'Token could not be verified');
const EXPIRED_TOKEN = (): Reply => xerr(400, 'ExpiredToken', 'Token has expired');

/** Thrown by the record checks: the lexicon validator's message, as the PDS words it. */
class Invalid extends Error {}
function need(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Invalid(message);
}
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface BlueskyEmulatorOptions {
  /** Access token lifetime (tests of the refresh); default 2 hours like the PDS. */
  accessTtlMs?: number;
  /** The charter's organisation: the account's handle (default: the neutral one, ./accounts.ts). */
  organisation?: string;
}

export class BlueskyEmulator implements Emulator {
  readonly network = 'bluesky' as const;
  readonly secretFields = ['password', 'accessJwt', 'refreshJwt'] as const;
  private readonly store: JsonStore<BState>;
  /** Sessions live in memory: a restarted sandbox asks for a new login, like an expired one. */
  private readonly access = new Map<string, { did: string; exp: number }>();
  private readonly refresh = new Map<string, { did: string }>();
  /**
   * createSession: 30 per 5 minutes and 300 per day per identifier (@atproto/pds
   * api/com/atproto/server/createSession.ts `rateLimit: [{ durationMs: DAY, points: 300 }, { durationMs: 5 * MINUTE, points: 30 }]`,
   * keyed by identifier and IP).
   */
  private readonly sessionWindows = new Map<string, { short: Window; day: Window }>();
  /** Repo writes: 5000 points per hour, a create costs 3 (@atproto/pds api/com/atproto/repo/createRecord.ts, rate-limits docs). */
  private readonly writes = new Window(5000, 3600_000);
  private readonly accessTtlMs: number;
  baseUrl = '';

  /** The sandbox account (its handle named after the charter's organisation). */
  readonly account: BlueskyAccount;
  /** Handle → DID: the sandbox account and BLUESKY_DIRECTORY. */
  private readonly directory: Readonly<Record<string, string>>;

  constructor(stateDir: string | undefined, opts: BlueskyEmulatorOptions = {}) {
    this.account = blueskyAccount(opts.organisation);
    this.directory = { ...BLUESKY_DIRECTORY, [this.account.handle]: this.account.did };
    this.store = new JsonStore<BState>(stateDir, 'bluesky', () => ({ records: [], blobs: [] }));
    this.accessTtlMs = opts.accessTtlMs ?? ACCESS_TTL_MS;
  }

  private get state(): BState {
    return this.store.data;
  }

  private token(kind: 'access' | 'refresh'): string {
    // JWT-shaped (header.payload.signature), opaque to clients.
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    return `${part({ typ: kind === 'access' ? 'at+jwt' : 'refresh+jwt', alg: 'HS256' })}.${part({ sub: this.account.did, jti: randomBytes(12).toString('hex') })}.${randomBytes(32).toString('base64url')}`;
  }

  private newSession(): Record<string, unknown> {
    const accessJwt = this.token('access');
    const refreshJwt = this.token('refresh');
    this.access.set(accessJwt, { did: this.account.did, exp: Date.now() + this.accessTtlMs });
    this.refresh.set(refreshJwt, { did: this.account.did });
    return { accessJwt, refreshJwt, handle: this.account.handle, did: this.account.did, email: this.account.email, emailConfirmed: false, active: true };
  }

  private bearer(ctx: RequestContext): string | undefined {
    const m = /^Bearer\s+(\S+)$/i.exec((ctx.headers.authorization ?? '').trim());
    return m?.[1];
  }

  /** The DID of a valid access token, or the reply refusing it (xrpc-server auth verifier). */
  private authed(ctx: RequestContext): string | Reply {
    const t = this.bearer(ctx);
    if (!t) return AUTH_MISSING();
    const s = this.access.get(t);
    if (!s) return INVALID_TOKEN();
    if (Date.now() >= s.exp) return EXPIRED_TOKEN();
    return s.did;
  }

  handle(ctx: RequestContext): Reply {
    const m = /^\/xrpc\/([a-zA-Z0-9.]+)$/.exec(ctx.path);
    if (!m) return { status: 404, body: { error: 'NotFound', message: 'Not Found' } };
    const nsid = m[1]!;
    const routes: Record<string, [string, () => Reply]> = {
      'com.atproto.server.createSession': ['POST', () => this.createSession(ctx)],
      'com.atproto.server.refreshSession': ['POST', () => this.refreshSession(ctx)],
      'com.atproto.server.getSession': ['GET', () => this.getSession(ctx)],
      'com.atproto.server.describeServer': ['GET', () => ({ status: 200, body: { did: 'did:web:sandbox.invalid', availableUserDomains: ['.bsky.social'], inviteCodeRequired: false, links: {} } })],
      'com.atproto.identity.resolveHandle': ['GET', () => this.resolveHandle(ctx)],
      'com.atproto.repo.uploadBlob': ['POST', () => this.uploadBlob(ctx)],
      'com.atproto.repo.createRecord': ['POST', () => this.createRecord(ctx)],
      'com.atproto.repo.getRecord': ['GET', () => this.getRecord(ctx)],
      'com.atproto.repo.listRecords': ['GET', () => this.listRecords(ctx)],
      'com.atproto.repo.deleteRecord': ['POST', () => this.deleteRecord(ctx)],
    };
    const route = routes[nsid];
    // @atproto/xrpc-server: an unknown method is 501 MethodNotImplemented (the PDS would proxy it to an AppView, which a sandbox has not).
    if (!route) return xerr(501, 'MethodNotImplemented', 'Method Not Implemented');
    if (route[0] !== ctx.method) return xerr(405, 'InvalidRequest', 'Incorrect HTTP method');
    if (route[0] === 'POST' && nsid !== 'com.atproto.repo.uploadBlob') {
      if (ctx.body.error) return invalid(ctx.body.error);
      if (JSON.stringify(ctx.body.fields).length > JSON_LIMIT) return xerr(413, 'PayloadTooLarge', 'request entity too large');
    }
    try {
      return route[1]();
    } catch (e) {
      if (e instanceof Invalid) return invalid(e.message);
      throw e;
    }
  }

  private createSession(ctx: RequestContext): Reply {
    const f = ctx.body.fields;
    // Lexicon com.atproto.server.createSession: identifier and password are required strings.
    if (typeof f.identifier !== 'string') return invalid('Input must have the property "identifier"');
    if (typeof f.password !== 'string') return invalid('Input must have the property "password"');
    const identifier = f.identifier.toLowerCase();
    let w = this.sessionWindows.get(identifier);
    if (!w) this.sessionWindows.set(identifier, (w = { short: new Window(30, 5 * 60_000), day: new Window(300, 86_400_000) }));
    // Every attempt counts, refused ones included (the limiter runs before the handler).
    if (!w.day.hit()) return this.limited(w.day, 86_400);
    if (!w.short.hit()) return this.limited(w.short, 300);
    const known = identifier === this.account.handle || identifier === this.account.did || identifier === this.account.email;
    // createSession.ts: AuthRequiredError('Invalid identifier or password') for either mistake.
    if (!known || f.password !== BLUESKY_APP_PASSWORD) return xerr(401, 'AuthenticationRequired', 'Invalid identifier or password');
    return { status: 200, body: this.newSession() };
  }

  /** @atproto/xrpc-server rate limiter: 429 RateLimitExceeded with the RateLimit-* headers (reset in epoch seconds). */
  private limited(w: Window, windowSeconds: number): Reply {
    return {
      ...xerr(429, 'RateLimitExceeded', 'Rate Limit Exceeded'),
      headers: {
        'RateLimit-Limit': String(w.limit),
        'RateLimit-Remaining': '0',
        'RateLimit-Reset': String(Math.ceil(w.resetMs() / 1000)),
        'RateLimit-Policy': `${w.limit};w=${windowSeconds}`,
      },
    };
  }

  private refreshSession(ctx: RequestContext): Reply {
    const t = this.bearer(ctx);
    if (!t) return AUTH_MISSING();
    const s = this.refresh.get(t);
    // An access token (or an already used refresh token) is refused as the PDS does: InvalidToken.
    if (!s) return INVALID_TOKEN();
    this.refresh.delete(t);
    return { status: 200, body: this.newSession() };
  }

  private getSession(ctx: RequestContext): Reply {
    const did = this.authed(ctx);
    if (typeof did !== 'string') return did;
    return { status: 200, body: { did, handle: this.account.handle, email: this.account.email, emailConfirmed: false, active: true } };
  }

  private resolveHandle(ctx: RequestContext): Reply {
    const handle = (ctx.query.handle ?? '').toLowerCase();
    if (!handle) return invalid('Params must have the property "handle"');
    if (!HANDLE_RE.test(handle)) return invalid(`Invalid com.atproto.identity.resolveHandle params: Invalid handle (got "${handle}")`);
    const did = this.directory[handle];
    // api/com/atproto/identity/resolveHandle.ts: InvalidRequestError('Unable to resolve handle', 'HandleNotFound').
    return did ? { status: 200, body: { did } } : xerr(400, 'HandleNotFound', 'Unable to resolve handle');
  }

  private uploadBlob(ctx: RequestContext): Reply {
    const did = this.authed(ctx);
    if (typeof did !== 'string') return did;
    const data = ctx.body.raw ?? Buffer.alloc(0);
    if (data.length > BLOB_UPLOAD_LIMIT) return xerr(413, 'PayloadTooLarge', 'request entity too large');
    // actor-store/blob/transactor.ts: the type is sniffed from the bytes (file-type), else the declared one.
    const mimeType = sniffContentType(data) ?? (ctx.headers['content-type'] ?? 'application/octet-stream').split(';')[0]!.trim();
    const cid = cidOf('raw', data);
    if (!this.state.blobs.some((b) => b.cid === cid)) this.state.blobs.push({ cid, mimeType, size: data.length, sha256: sha256(data) });
    this.store.save();
    // A blob bigger than a lexicon allows uploads fine; the record that uses it is refused (SDK-NOTES).
    return { status: 200, body: { blob: { $type: 'blob', ref: { $link: cid }, mimeType, size: data.length } } };
  }

  private checkBlob(v: unknown, path: string, maxSize: number): void {
    need(isObj(v), `Invalid app.bsky.feed.post record: Expected blob value type (got ${typeof v}) at ${path}`);
    const ref = isObj(v.ref) ? v.ref.$link : undefined;
    need(typeof ref === 'string' && CID_RE.test(ref), `Invalid app.bsky.feed.post record: Expected blob value type at ${path}`);
    need(typeof v.size === 'number', `Invalid app.bsky.feed.post record: Expected blob value type at ${path}`);
    // lexicons/app/bsky/embed/images.json: image blob maxSize 2000000 (external thumb: 1000000).
    need(v.size <= maxSize, `Invalid app.bsky.feed.post record: blob too big (maximum ${maxSize}, got ${v.size}) at ${path}`);
  }

  /** Lexicon app.bsky.feed.post (lexicons/app/bsky/feed/post.json) and its embeds and facets, as @atproto/lexicon words its errors. */
  private checkPost(r: Record<string, unknown>): void {
    const P = 'Invalid app.bsky.feed.post record:';
    need(typeof r.text === 'string', `${P} Missing required key "text" at $.record`);
    need(typeof r.createdAt === 'string', `${P} Missing required key "createdAt" at $.record`);
    need(!Number.isNaN(Date.parse(r.createdAt)) && /^\d{4}-\d{2}-\d{2}T/.test(r.createdAt), `${P} createdAt must be an valid atproto datetime (both RFC-3339 and ISO-8601) at $.record.createdAt`);
    const bytes = Buffer.byteLength(r.text, 'utf8');
    need(bytes <= 3000, `${P} string too big (maximum 3000, got ${bytes}) at $.record.text`);
    const g = graphemes(r.text);
    need(g <= 300, `${P} grapheme too big (maximum 300, got ${g}) at $.record.text`);
    if (r.langs !== undefined) {
      need(Array.isArray(r.langs), `${P} langs must be an array at $.record.langs`);
      need(r.langs.length <= 3, `${P} array too big (maximum 3, got ${r.langs.length}) at $.record.langs`);
    }
    if (r.facets !== undefined) {
      need(Array.isArray(r.facets), `${P} facets must be an array at $.record.facets`);
      r.facets.forEach((f: unknown, i: number) => {
        const at = `$.record.facets[${i}]`;
        need(isObj(f), `${P} ${at} must be an object`);
        need(isObj(f.index), `${P} Missing required key "index" at ${at}`);
        need(Number.isInteger(f.index.byteStart) && (f.index.byteStart as number) >= 0, `${P} Missing required key "byteStart" at ${at}.index`);
        need(Number.isInteger(f.index.byteEnd) && (f.index.byteEnd as number) >= 0, `${P} Missing required key "byteEnd" at ${at}.index`);
        need(Array.isArray(f.features), `${P} Missing required key "features" at ${at}`);
        f.features.forEach((x: unknown, j: number) => {
          const fat = `${at}.features[${j}]`;
          need(isObj(x), `${P} ${fat} must be an object`);
          if (x.$type === 'app.bsky.richtext.facet#mention') need(typeof x.did === 'string' && /^did:[a-z]+:[a-zA-Z0-9._:%-]+$/.test(x.did), `${P} Missing required key "did" at ${fat}`);
          if (x.$type === 'app.bsky.richtext.facet#link') need(typeof x.uri === 'string', `${P} Missing required key "uri" at ${fat}`);
          if (x.$type === 'app.bsky.richtext.facet#tag') {
            need(typeof x.tag === 'string', `${P} Missing required key "tag" at ${fat}`);
            need(graphemes(x.tag) <= 64, `${P} grapheme too big (maximum 64, got ${graphemes(x.tag)}) at ${fat}.tag`);
          }
        });
      });
    }
    if (r.reply !== undefined) {
      need(isObj(r.reply), `${P} reply must be an object at $.record.reply`);
      for (const k of ['root', 'parent'] as const) {
        const ref = r.reply[k];
        need(isObj(ref), `${P} Missing required key "${k}" at $.record.reply`);
        need(typeof ref.uri === 'string' && validAtUri(ref.uri), `${P} Invalid at-uri (got ${JSON.stringify(ref.uri)}) at $.record.reply.${k}.uri`);
        need(typeof ref.cid === 'string' && CID_RE.test(ref.cid), `${P} cid must be a cid string at $.record.reply.${k}.cid`);
      }
    }
    if (r.embed !== undefined) {
      need(isObj(r.embed), `${P} embed must be an object at $.record.embed`);
      const e = r.embed;
      if (e.$type === 'app.bsky.embed.images') {
        need(Array.isArray(e.images), `${P} Missing required key "images" at $.record.embed`);
        need(e.images.length <= 4, `${P} array too big (maximum 4, got ${e.images.length}) at $.record.embed.images`);
        e.images.forEach((im: unknown, i: number) => {
          const at = `$.record.embed.images[${i}]`;
          need(isObj(im), `${P} ${at} must be an object`);
          need(im.image !== undefined, `${P} Missing required key "image" at ${at}`);
          // lexicons/app/bsky/embed/images.json: `required: ["image", "alt"]`.
          need(typeof im.alt === 'string', `${P} Missing required key "alt" at ${at}`);
          this.checkBlob(im.image, `${at}.image`, 2_000_000);
        });
      } else if (e.$type === 'app.bsky.embed.external') {
        need(isObj(e.external), `${P} Missing required key "external" at $.record.embed`);
        // lexicons/app/bsky/embed/external.json: `required: ["uri", "title", "description"]`.
        for (const k of ['uri', 'title', 'description']) need(typeof e.external[k] === 'string', `${P} Missing required key "${k}" at $.record.embed.external`);
        if (e.external.thumb !== undefined) this.checkBlob(e.external.thumb, '$.record.embed.external.thumb', 1_000_000);
      }
    }
  }

  /** Blobs the record uses must have been uploaded (repo/prepare.ts → BlobNotFound). */
  private blobRefs(r: Record<string, unknown>): string[] {
    const out: string[] = [];
    const e = r.embed as Record<string, unknown> | undefined;
    const link = (b: unknown) => (isObj(b) && isObj(b.ref) && typeof b.ref.$link === 'string' ? out.push(b.ref.$link) : 0);
    if (e && Array.isArray(e.images)) for (const im of e.images) link((im as Record<string, unknown>).image);
    if (e && isObj(e.external)) link(e.external.thumb);
    return out;
  }

  private createRecord(ctx: RequestContext): Reply {
    const did = this.authed(ctx);
    if (typeof did !== 'string') return did;
    const f = ctx.body.fields;
    // Writing into another account's repository: the auth verifier refuses it (401).
    if (f.repo !== did && f.repo !== this.account.handle) return AUTH_REQUIRED();
    if (f.collection !== POST) return invalid(`Lexicon not found: lex:${String(f.collection)}`);
    need(isObj(f.record), 'Input must have the property "record"');
    const record = { ...f.record };
    if (record.$type === undefined) record.$type = POST;
    need(record.$type === POST, `Invalid $type: must be lex:${POST}, got ${String(record.$type)}`);
    let rkey: string;
    if (f.rkey !== undefined) {
      // A post's key is a TID (lexicons/app/bsky/feed/post.json `"key": "tid"`; repo/prepare.ts).
      need(typeof f.rkey === 'string' && TID_RE.test(f.rkey), `Invalid record key for ${POST}: Invalid TID string (got ${JSON.stringify(f.rkey)}) at $`);
      rkey = f.rkey;
    } else rkey = nextTid();
    this.checkPost(record);
    for (const cid of this.blobRefs(record)) {
      if (!this.state.blobs.some((b) => b.cid === cid)) return xerr(400, 'BlobNotFound', `Could not find blob: ${cid}`);
    }
    if (!this.writes.hit() || !this.writes.hit() || !this.writes.hit()) return this.limited(this.writes, 3600);
    // @atproto/repo src/mst/mst.ts add(): "There is already a value at key" → thrown as is, answered
    // by the PDS as 500 InternalServerError "Internal Server Error"; nothing is written.
    if (this.state.records.some((x) => x.rkey === rkey)) return xerr(500, 'InternalServerError', 'Internal Server Error');
    const cid = cidOf('dag-cbor', Buffer.from(JSON.stringify(record)));
    this.state.records.push({ rkey, cid, value: record, indexedAt: new Date().toISOString() });
    this.store.save();
    return { status: 200, body: { uri: this.uri(rkey), cid, commit: { cid: cidOf('dag-cbor', randomBytes(16)), rev: nextTid() }, validationStatus: 'valid' } };
  }

  private uri(rkey: string): string {
    return `at://${this.account.did}/${POST}/${rkey}`;
  }

  private repoOf(ctx: RequestContext): string | Reply {
    const repo = ctx.query.repo ?? '';
    if (!repo) return invalid('Params must have the property "repo"');
    if (repo !== this.account.did && repo.toLowerCase() !== this.account.handle) return xerr(400, 'InvalidRequest', `Could not find repo: ${repo}`);
    return this.account.did;
  }

  private getRecord(ctx: RequestContext): Reply {
    const repo = this.repoOf(ctx);
    if (typeof repo !== 'string') return repo;
    const r = ctx.query.collection === POST ? this.state.records.find((x) => x.rkey === ctx.query.rkey) : undefined;
    // api/com/atproto/repo/getRecord.ts: InvalidRequestError(`Could not locate record: ${uri}`, 'RecordNotFound').
    if (!r) return xerr(400, 'RecordNotFound', `Could not locate record: at://${repo}/${ctx.query.collection ?? ''}/${ctx.query.rkey ?? ''}`);
    return { status: 200, body: { uri: this.uri(r.rkey), cid: r.cid, value: r.value } };
  }

  private listRecords(ctx: RequestContext): Reply {
    const repo = this.repoOf(ctx);
    if (typeof repo !== 'string') return repo;
    // lexicon com.atproto.repo.listRecords: limit 1..100, default 50; newest key first unless `reverse`.
    const limit = ctx.query.limit === undefined ? 50 : Number(ctx.query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return invalid(`Invalid com.atproto.repo.listRecords params: limit must be ${limit < 1 ? 'greater than or equal to 1' : 'less than or equal to 100'}`);
    const reverse = ctx.query.reverse === 'true';
    let list = ctx.query.collection === POST ? [...this.state.records] : [];
    list.sort((a, b) => (a.rkey < b.rkey ? 1 : a.rkey > b.rkey ? -1 : 0));
    if (reverse) list.reverse();
    const cursor = ctx.query.cursor;
    if (cursor) list = list.filter((r) => (reverse ? r.rkey > cursor : r.rkey < cursor));
    const page = list.slice(0, limit);
    const body: Record<string, unknown> = { records: page.map((r) => ({ uri: this.uri(r.rkey), cid: r.cid, value: r.value })) };
    // The cursor is the last key of the page, given whenever the page is not empty.
    if (page.length) body.cursor = page[page.length - 1]!.rkey;
    return { status: 200, body };
  }

  private deleteRecord(ctx: RequestContext): Reply {
    const did = this.authed(ctx);
    if (typeof did !== 'string') return did;
    const f = ctx.body.fields;
    if (f.repo !== did && f.repo !== this.account.handle) return AUTH_REQUIRED();
    const i = this.state.records.findIndex((x) => x.rkey === f.rkey);
    if (i >= 0) this.state.records.splice(i, 1);
    this.store.save();
    return { status: 200, body: {} };
  }

  faultReply(_ctx: RequestContext, status: number, body: unknown, headers: Record<string, string>): Reply {
    // @atproto/xrpc ResponseType names.
    const names: Record<number, string> = { 400: 'InvalidRequest', 401: 'AuthenticationRequired', 403: 'Forbidden', 404: 'XRPCNotSupported', 413: 'PayloadTooLarge', 429: 'RateLimitExceeded', 500: 'InternalServerError', 501: 'MethodNotImplemented', 502: 'UpstreamFailure', 503: 'NotEnoughResources', 504: 'UpstreamTimeout' };
    const name = names[status] ?? 'InternalServerError';
    const reply = body === undefined ? xerr(status, name, name.replace(/([a-z])([A-Z])/g, '$1 $2')) : { status, body };
    return { ...reply, headers: { ...(reply.headers ?? {}), ...headers } };
  }

  rateLimitReply(_ctx: RequestContext, resetInSeconds: number): Reply {
    return {
      ...xerr(429, 'RateLimitExceeded', 'Rate Limit Exceeded'),
      headers: { 'RateLimit-Limit': '30', 'RateLimit-Remaining': '0', 'RateLimit-Reset': String(Math.ceil(Date.now() / 1000 + resetInSeconds)), 'RateLimit-Policy': '30;w=300' },
    };
  }

  posts(): SandboxPost[] {
    const sorted = [...this.state.records].sort((a, b) => (a.indexedAt < b.indexedAt ? -1 : a.indexedAt > b.indexedAt ? 1 : 0));
    return sorted.map((r) => {
      const v = r.value as { text?: string; createdAt?: string; langs?: string[]; reply?: { parent?: { uri?: string } }; embed?: { $type?: string; images?: { image: { ref: { $link: string } }; alt: string }[]; external?: { uri?: string } } };
      const media: SandboxMedia[] = (v.embed?.images ?? []).map((im) => {
        const b = this.state.blobs.find((x) => x.cid === im.image.ref.$link);
        return { id: im.image.ref.$link, altText: im.alt, sha256: b?.sha256 ?? '', bytes: b?.size ?? 0, contentType: b?.mimeType ?? null };
      });
      return {
        network: 'bluesky',
        id: this.uri(r.rkey),
        text: v.text ?? '',
        replyTo: v.reply?.parent?.uri ?? null,
        quoteOf: null,
        media,
        visibility: null,
        spoiler: null,
        language: v.langs?.[0] ?? null,
        idempotencyKey: null,
        createdAt: v.createdAt ?? r.indexedAt,
        url: `https://bsky.app/profile/${this.account.handle}/post/${r.rkey}`,
        link: v.embed?.external?.uri ?? null,
        published: true,
        scheduledAt: null,
      } satisfies SandboxPost;
    });
  }

  /** The stored record values, oldest first (facets, langs, embeds), for tests. */
  records(): { uri: string; cid: string; value: Record<string, unknown> }[] {
    return this.state.records.map((r) => ({ uri: this.uri(r.rkey), cid: r.cid, value: r.value }));
  }

  media(): SandboxMedia[] {
    return this.state.blobs.map((b) => ({ id: b.cid, altText: null, sha256: b.sha256, bytes: b.size, contentType: b.mimeType }));
  }
}
