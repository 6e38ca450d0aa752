// Facebook Page adapter, on facebook-nodejs-business-sdk (loaded with createRequire, only when
// createAdapter is called) for the post itself, and plain fetch where the SDK falls short.
//
// What it sends (Graph base = LM_POST_FACEBOOK_GRAPH_URL, else https://graph.facebook.com; version =
// the SDK's, v24.0):
//   uploadMedia  POST /{version}/{page-id}/photos, multipart: source (the file), published=false,
//                alt_text_custom (the alt text: Page photos have no other alt field), access_token and
//                appsecret_proof in the form body — through fetch, because the SDK sends an empty body
//                for local files (SDK-NOTES)
//   create       POST /{version}/{page-id}/feed {message, link | attached_media: [{media_fbid}],
//                appsecret_proof} through Page.createFeed (the SDK puts access_token in the query
//                string), then GET /{version}/{post-id}?fields=permalink_url for the receipt URL (falls
//                back to https://www.facebook.com/{post-id} if that read fails: the post exists)
//   recent       GET /{version}/{page-id}/posts?fields=id,message,created_time,permalink_url&limit
//
// appsecret_proof = HMAC-SHA256(page token, LM_POST_FACEBOOK_APP_SECRET), sent when the secret is set.
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  baseString,
  connectionFailure,
  credential,
  bounded,
  withDeadline,
  guarded,
  makeRedactor,
  readMedia,
  normaliseBaseUrl,
  tidy,
  withAxiosSignal,
  type Operation,
} from './http.js';
import { NetworkError, type AccountInfo, type AdapterOptions, type Created, type CreateItem, type MediaUpload, type NetworkAdapter, type RecentPost } from './types.js';

export const requiredEnv = ['LM_POST_FACEBOOK_PAGE_ID', 'LM_POST_FACEBOOK_PAGE_TOKEN'] as const;
export const baseUrlEnv = 'LM_POST_FACEBOOK_GRAPH_URL';
/** Graph has no idempotency key: a create with an unknown outcome must be reconciled. */
export const idempotent = false;
/** Its duplicate guard cannot protect a rerun without journal: the account is read first (see AdapterModule). */
export const lookBeforeCreate = true;

const require = createRequire(import.meta.url);
const PUBLIC_GRAPH = 'https://graph.facebook.com';
const PUBLIC_WEB = 'https://www.facebook.com';
/** Graph throttling codes: app (4), user (17), page (32), custom (613), business use case (80001–80014). */
const THROTTLE_CODES = new Set([4, 17, 32, 613]);
const DEFAULT_THROTTLE_WAIT = 60_000;
/** 341 / 368 give no reset time; an hour is longer than any run waits, so the network stops for now. */
const BLOCKED_WAIT = 3_600_000;

interface FacebookAdsApiClass {
  new (token: string, locale?: string, crashLog?: boolean): object;
  readonly VERSION: string;
}

interface PageInstance {
  createFeed(fields: string[], params: Record<string, unknown>): Promise<{ getId?(): string; id?: string; _data?: { id?: string } }>;
}

interface Sdk {
  FacebookAdsApi: FacebookAdsApiClass;
  Page: new (id: string, data: object, parentId: undefined, api: object) => PageInstance;
}

interface AxiosModule {
  defaults: { signal?: unknown };
  interceptors: { response: { use(ok: undefined, fail: (e: unknown) => unknown): number; eject(id: number): void } };
}

/** The error shape Graph answers with. */
interface GraphErrorBody {
  message?: unknown;
  type?: unknown;
  code?: unknown;
  error_subcode?: unknown;
  is_transient?: unknown;
  error_user_title?: unknown;
  error_user_msg?: unknown;
}

/** The static GRAPH / GRAPH_VIDEO getters as the SDK defines them, restored by the last close(). */
let original: { graph?: PropertyDescriptor; video?: PropertyDescriptor } | undefined;
let redirects = 0;

function redirectSdk(api: FacebookAdsApiClass, base: string): () => void {
  if (redirects === 0) {
    original = {
      graph: Object.getOwnPropertyDescriptor(api, 'GRAPH'),
      video: Object.getOwnPropertyDescriptor(api, 'GRAPH_VIDEO'),
    };
  }
  redirects += 1;
  Object.defineProperty(api, 'GRAPH', { get: () => base, configurable: true });
  Object.defineProperty(api, 'GRAPH_VIDEO', { get: () => base, configurable: true });
  let done = false;
  return () => {
    if (done) return;
    done = true;
    redirects -= 1;
    if (redirects === 0 && original) {
      if (original.graph) Object.defineProperty(api, 'GRAPH', original.graph);
      if (original.video) Object.defineProperty(api, 'GRAPH_VIDEO', original.video);
      original = undefined;
    }
  };
}

/**
 * The SDK and the axios copy it uses (its requests get our signal through its defaults, and an
 * error interceptor notes the system error code — ECONNREFUSED… — that FacebookRequestError
 * drops): the built CLI carries both bundled in dist/vendor/facebook (scripts/build-vendor.mjs),
 * so an installed lm-post does not install the SDK's 33 MB; from the sources, the package.
 */
function loadSdk(): { sdk: Sdk; axios: AxiosModule } {
  const vendored = fileURLToPath(new URL('../vendor/facebook/index.cjs', import.meta.url));
  if (existsSync(vendored)) return require(vendored) as { sdk: Sdk; axios: AxiosModule };
  return {
    sdk: require('facebook-nodejs-business-sdk') as Sdk,
    axios: createRequire(require.resolve('facebook-nodejs-business-sdk'))('axios') as AxiosModule,
  };
}

/** What every call of one adapter shares: the Page, its credentials, the SDK and the deadline. */
interface Ctx {
  pageId: string;
  token: string;
  proof: string | undefined;
  /** Where posts are shown (the constructed URL when Graph gives no permalink). */
  web: string;
  timeoutMs: number;
  axios: AxiosModule;
  sdkPage: InstanceType<Sdk['Page']>;
  authParams(): Record<string, string>;
  run<T>(op: Operation, caller: AbortSignal, fn: (signal: AbortSignal) => Promise<T>): Promise<T>;
  graphGet<T>(pathname: string, query: Record<string, string>, signal: AbortSignal): Promise<T>;
  /** Graph's photo upload endpoint for the Page. */
  photosUrl: string;
}

export async function createAdapter(options: AdapterOptions): Promise<NetworkAdapter> {
  const { credentials, timeoutMs } = options;
  const pageId = credential('facebook', credentials, 'LM_POST_FACEBOOK_PAGE_ID');
  const token = credential('facebook', credentials, 'LM_POST_FACEBOOK_PAGE_TOKEN');
  const appSecret = credentials.LM_POST_FACEBOOK_APP_SECRET || undefined;
  const proof = appSecret ? createHmac('sha256', appSecret).update(token).digest('hex') : undefined;
  const redact = makeRedactor([token, appSecret, proof]);
  if (!/^\d+$/.test(pageId)) throw new NetworkError('facebook', 'permanent', 'Facebook: LM_POST_FACEBOOK_PAGE_ID must be the numeric Page id.');
  const base = options.baseUrl ? baseString(normaliseBaseUrl('facebook', options.baseUrl)) : undefined;
  const graph = base ?? PUBLIC_GRAPH;
  const web = base ?? PUBLIC_WEB;

  const { sdk, axios } = loadSdk();
  const systemCodes = new WeakMap<object, string>();
  const interceptor = axios.interceptors.response.use(undefined, (err: unknown) => {
    const e = err as { code?: unknown; config?: { signal?: unknown }; response?: unknown };
    if (!e?.response && typeof e?.code === 'string' && e.config?.signal && typeof e.config.signal === 'object') {
      systemCodes.set(e.config.signal, e.code);
    }
    return Promise.reject(err);
  });
  // Third argument false: no crash reporter hooking uncaughtException (SDK-NOTES).
  const api = new sdk.FacebookAdsApi(token, 'fr_FR', false);
  const version = sdk.FacebookAdsApi.VERSION;
  const unredirect = base ? redirectSdk(sdk.FacebookAdsApi, base) : () => undefined;
  const page = new sdk.Page(pageId, {}, undefined, api);

  const authParams = (): Record<string, string> => (proof ? { access_token: token, appsecret_proof: proof } : { access_token: token });
  const ctx: Ctx = {
    pageId,
    token,
    proof,
    web,
    timeoutMs,
    axios,
    sdkPage: page,
    authParams,
    run: (op, caller, fn) => withDeadline(caller, timeoutMs, (signal) => guarded(redact, (err) => classify(op, err, signal, caller, timeoutMs, systemCodes), () => bounded(signal, fn(signal)))),
    /** GET through fetch; Graph errors become GraphFailure (classified like the SDK's). */
    async graphGet<T>(pathname: string, query: Record<string, string>, signal: AbortSignal): Promise<T> {
      const url = new URL(`${graph}/${version}/${pathname}`);
      for (const [k, v] of Object.entries({ ...query, ...authParams() })) url.searchParams.set(k, v);
      const res = await fetch(url, { signal, headers: { accept: 'application/json' } });
      return parseGraph<T>(res);
    },
    photosUrl: `${graph}/${version}/${pageId}/photos`,
  };

  return {
    id: 'facebook',
    uploadMedia: (media, caller) => uploadMedia(ctx, media, caller),
    create: (item, caller) => create(ctx, item, caller),
    describe: (caller) => describe(ctx, caller),
    recent: (limit, caller) => recent(ctx, limit, caller),
    async close(): Promise<void> {
      axios.interceptors.response.eject(interceptor);
      unredirect();
    },
  };
}

async function uploadMedia(ctx: Ctx, media: MediaUpload, caller: AbortSignal): Promise<string> {
  const bytes = await readMedia('facebook', media.absPath);
  return ctx.run('upload', caller, async (signal) => {
    const form = new FormData();
    form.set('source', new Blob([bytes], { type: media.mime }), path.basename(media.absPath));
    // Unpublished: the photo only appears through the feed post that attaches it.
    form.set('published', 'false');
    if (media.alt) form.set('alt_text_custom', media.alt);
    for (const [k, v] of Object.entries(ctx.authParams())) form.set(k, v);
    const res = await fetch(ctx.photosUrl, { method: 'POST', body: form, signal, headers: { accept: 'application/json' } });
    const body = await parseGraph<{ id?: unknown }>(res);
    if (body.id === undefined || body.id === null) throw new GraphFailure(res.status, { message: 'no photo id in the answer' }, res.headers);
    return String(body.id);
  });
}

async function create(ctx: Ctx, item: CreateItem, caller: AbortSignal): Promise<Created> {
  const params: Record<string, unknown> = {};
  if (item.text) params.message = item.text;
  if (item.link) params.link = item.link;
  // Graph documents `attached_media` as `[{ "media_fbid": id }]` objects (or, in a form body,
  // `attached_media[0]={"media_fbid":…}`); JSON strings inside a JSON body are undocumented.
  // Link and photos never go together: the renderer put the link in the message already.
  if (item.mediaIds.length) {
    params.attached_media = item.mediaIds.map((id) => ({ media_fbid: id }));
    delete params.link;
  }
  if (ctx.proof) params.appsecret_proof = ctx.proof;
  const id = await ctx.run('create', caller, async (signal) => {
    const res = await withAxiosSignal(ctx.axios, signal, () => ctx.sdkPage.createFeed([], params));
    const postId = typeof res.getId === 'function' ? res.getId() : (res.id ?? res._data?.id);
    if (!postId) throw new NetworkError('facebook', 'unknown-outcome', 'Facebook answered without a post id: the post may or may not have been created.');
    return String(postId);
  });
  // The post exists from here on: the URL is a nicety that must never turn it into a failure.
  let url = `${ctx.web}/${id}`;
  try {
    const got = await withDeadline(caller, ctx.timeoutMs, (signal) => bounded(signal, ctx.graphGet<{ permalink_url?: unknown }>(id, { fields: 'permalink_url' }, signal)));
    if (typeof got.permalink_url === 'string' && got.permalink_url) url = got.permalink_url;
  } catch {
    // keep the constructed URL
  }
  return { id, url };
}

async function describe(ctx: Ctx, caller: AbortSignal): Promise<AccountInfo> {
  const page = await ctx.run('setup', caller, (signal) => ctx.graphGet<{ name?: string }>(ctx.pageId, { fields: 'id,name' }, signal));
  const info: AccountInfo = { account: page.name ?? ctx.pageId };
  // debug_token tells validity, expiry (0 = never) and the permissions granted (Graph reference).
  try {
    const dbg = await ctx.run('setup', caller, (signal) =>
      ctx.graphGet<{ data?: { is_valid?: boolean; expires_at?: number; data_access_expires_at?: number; scopes?: string[] } }>('debug_token', { input_token: ctx.token }, signal),
    );
    const d = dbg.data ?? {};
    if (typeof d.is_valid === 'boolean') info.valid = d.is_valid;
    if (typeof d.expires_at === 'number') info.expiresAt = d.expires_at === 0 ? null : new Date(d.expires_at * 1000).toISOString();
    if (Array.isArray(d.scopes)) info.scopes = d.scopes.map(String);
  } catch {
    // validity already shown by the page read; expiry and permissions stay unknown
  }
  return info;
}

async function recent(ctx: Ctx, limit: number, caller: AbortSignal): Promise<RecentPost[]> {
  const want = Math.max(1, Math.min(Math.floor(limit), 100));
  return ctx.run('recent', caller, async (signal) => {
    const body = await ctx.graphGet<{ data?: Array<{ id: string; message?: string; created_time?: string; permalink_url?: string }> }>(
      `${ctx.pageId}/posts`,
      { fields: 'id,message,created_time,permalink_url', limit: String(want) },
      signal,
    );
    return (body.data ?? []).slice(0, want).map((p) => ({
      id: p.id,
      url: p.permalink_url || `${ctx.web}/${p.id}`,
      text: p.message ?? '',
      createdAt: isoTime(p.created_time),
    }));
  });
}

/** Graph's `2024-05-01T12:00:00+0000` as ISO 8601. */
function isoTime(v: string | undefined): string {
  if (!v) return '';
  const t = Date.parse(v.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return Number.isNaN(t) ? v : new Date(t).toISOString();
}

/** A Graph error answered to one of our fetch calls. */
class GraphFailure extends Error {
  constructor(
    readonly status: number,
    readonly error: GraphErrorBody,
    readonly headers: Headers,
  ) {
    super('graph error');
  }
}

async function parseGraph<T>(res: Response): Promise<T> {
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = undefined;
  }
  const error = body && typeof body === 'object' ? (body as { error?: GraphErrorBody }).error : undefined;
  if (!res.ok || error) throw new GraphFailure(res.status, error ?? { message: res.statusText || 'unreadable answer' }, res.headers);
  if (!body || typeof body !== 'object') throw new GraphFailure(res.status, { message: 'unreadable answer' }, res.headers);
  return body as T;
}

function getHeader(headers: unknown, name: string): unknown {
  if (!headers || typeof headers !== 'object') return undefined;
  const h = headers as { get?: (n: string) => unknown } & Record<string, unknown>;
  if (typeof h.get === 'function') {
    const v = h.get(name);
    if (v !== undefined && v !== null) return v;
  }
  return h[name.toLowerCase()] ?? h[name];
}

/** Longest `estimated_time_to_regain_access` (minutes) in Graph's usage headers, in ms. */
export function regainAccessMs(headers: unknown): number | undefined {
  let minutes = 0;
  for (const name of ['x-business-use-case-usage', 'x-page-usage', 'x-ad-account-usage']) {
    const raw = getHeader(headers, name);
    if (typeof raw !== 'string' || !raw) continue;
    try {
      const visit = (v: unknown): void => {
        if (Array.isArray(v)) v.forEach(visit);
        else if (v && typeof v === 'object') {
          for (const [k, x] of Object.entries(v)) {
            if (k === 'estimated_time_to_regain_access' && typeof x === 'number') minutes = Math.max(minutes, x);
            else visit(x);
          }
        }
      };
      visit(JSON.parse(raw));
    } catch {
      // a malformed usage header is no reason to fail
    }
  }
  return minutes > 0 ? minutes * 60_000 : undefined;
}

function graphMessage(e: GraphErrorBody): string {
  const parts: string[] = [];
  if (typeof e.message === 'string' && e.message) parts.push(e.message);
  if (typeof e.error_user_msg === 'string' && e.error_user_msg && e.error_user_msg !== e.message) parts.push(e.error_user_msg);
  return tidy(parts.join(' — '));
}

function fromGraph(op: Operation, status: number, e: GraphErrorBody, headers: unknown): NetworkError {
  const code = typeof e.code === 'number' ? e.code : Number(e.code);
  const apiCode = Number.isFinite(code) ? code : status;
  const message = graphMessage(e);
  const said = message ? `: ${message}` : '';
  const tag = Number.isFinite(code) ? `code ${code}, HTTP ${status}` : `HTTP ${status}`;
  if (THROTTLE_CODES.has(code) || (code >= 80001 && code <= 80014) || status === 429) {
    return new NetworkError('facebook', 'rate-limit', `Facebook request limit reached (${tag})${said}`, status, regainAccessMs(headers) ?? DEFAULT_THROTTLE_WAIT, apiCode);
  }
  if (code === 368 || code === 341) {
    // 368 "temporarily blocked for policies violations", 341 "application limit reached": both lift
    // by themselves (hours, sometimes a day). Never a fast retry loop: wait like a long rate limit,
    // which stops this network for the run, and the next scheduled run tries again (SPEC §12).
    const what = code === 368 ? 'Facebook has temporarily blocked posting from this Page' : 'Facebook application limit reached';
    return new NetworkError('facebook', 'rate-limit', `${what} (${tag})${said}`, status, regainAccessMs(headers) ?? BLOCKED_WAIT, apiCode);
  }
  if (code === 506) {
    return new NetworkError('facebook', 'permanent', `Facebook refused the post as a duplicate of the previous one (${tag})${said}`, status, undefined, 'duplicate');
  }
  if (code === 190 || code === 102) {
    return new NetworkError('facebook', 'permanent', `Facebook refused the Page token (${tag})${said}`, status, undefined, apiCode);
  }
  const serverSide = status >= 500 || code === 1 || code === 2 || e.is_transient === true;
  if (serverSide) {
    // Graph can answer 500 (code 1/2) after the post was created (SDK-NOTES).
    if (op === 'create') {
      return new NetworkError('facebook', 'unknown-outcome', `Facebook answered with an error (${tag})${said}; the post may or may not have been created.`, status, undefined, apiCode);
    }
    return new NetworkError('facebook', 'transient', `Facebook answered with an error (${tag})${said}`, status, undefined, apiCode);
  }
  return new NetworkError('facebook', 'permanent', `Facebook refused the request (${tag})${said}`, status, undefined, apiCode);
}

function classify(
  op: Operation,
  err: unknown,
  signal: AbortSignal,
  caller: AbortSignal,
  timeoutMs: number,
  systemCodes: WeakMap<object, string>,
): NetworkError {
  if (err instanceof GraphFailure) return fromGraph(op, err.status, err.error, err.headers);
  const e = err as { name?: unknown; status?: unknown; response?: unknown; headers?: unknown };
  // FacebookRequestError is not exported: recognise it by name. Its `url` holds the token: unused.
  if (e && typeof e === 'object' && e.name === 'FacebookRequestError') {
    if (typeof e.status === 'number') {
      const body = e.response && typeof e.response === 'object' ? (e.response as GraphErrorBody) : {};
      return fromGraph(op, e.status, body, e.headers);
    }
    // No response: the SDK dropped the cause; the interceptor kept its code.
    const code = systemCodes.get(signal);
    return connectionFailure('facebook', op, code ? { code } : err, signal, caller, timeoutMs);
  }
  if (signal.aborted || err instanceof TypeError || (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError'))) {
    // fetch: TypeError('fetch failed', { cause }) or an abort.
    return connectionFailure('facebook', op, err, signal, caller, timeoutMs);
  }
  const text = err instanceof Error ? tidy(err.message, 200) : '';
  if (op === 'create') return new NetworkError('facebook', 'unknown-outcome', `Facebook: unexpected failure${text ? ` (${text})` : ''}: the post may or may not have been created.`);
  return new NetworkError('facebook', 'permanent', `Facebook: unexpected failure${text ? ` (${text})` : ''}.`);
}
