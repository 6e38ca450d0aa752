// Mastodon adapter, on megalodon (loaded only when createAdapter is called).
//
// What it sends (base URL = LM_POST_MASTODON_URL, else the charter's instance):
//   uploadMedia  POST /api/v2/media (multipart: file, description = alt text) → 202 while processing,
//                then GET /api/v1/media/{id} with backoff until it answers 200 with a url
//   create       POST /api/v1/statuses {status, media_ids, in_reply_to_id, visibility, spoiler_text,
//                language} with header Idempotency-Key: item.idempotencyKey
//   recent       GET /api/v1/accounts/verify_credentials (once), GET /api/v1/accounts/{id}/statuses?limit
//   preflight    one request per scope that needs it (see preflight), nothing created
//
// Every request asks for English (Accept-Language: en), but errors are told apart by status code
// only: an instance with a DEFAULT_LOCALE answers in its own language whatever is asked.
//
// Megalodon passes neither a signal nor a timeout to axios: each request gets the operation's
// signal through axios' defaults (see withAxiosSignal). Never call client.cancel(): it aborts the
// axios-global default signal.
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import {
  connectionFailure,
  credential,
  bounded,
  withDeadline,
  guarded,
  makeRedactor,
  mediaReadError,
  msUntil,
  normaliseBaseUrl,
  baseString,
  retryAfterHeader,
  sleep,
  tidy,
  withAxiosSignal,
  type Operation,
} from './http.js';
import { NetworkError, type AccountInfo, type AdapterOptions, type Created, type CreateItem, type MediaUpload, type NetworkAdapter, type RecentPost } from './types.js';

export const requiredEnv = ['LM_POST_MASTODON_TOKEN'] as const;
export const baseUrlEnv = 'LM_POST_MASTODON_URL';
/**
 * Creates carry an Idempotency-Key (kept one hour per account by Mastodon): re-sending a create whose
 * outcome is unknown, with the same key and within the hour, returns the first status.
 */
export const idempotent = true;
/** Its duplicate guard cannot protect a rerun without journal: the account is read first (see AdapterModule). */
export const lookBeforeCreate = true;

const require = createRequire(import.meta.url);

interface Resp<T> {
  data: T;
  status: number;
  headers: Record<string, unknown>;
}

interface RawStatus {
  id: string;
  url?: string | null;
  uri?: string;
}

interface InstanceV2 {
  configuration?: { statuses?: { max_characters?: unknown; max_media_attachments?: unknown } };
}

interface Attachment {
  id: string;
  url: string | null;
}

interface Status {
  id: string;
  url?: string | null;
  uri?: string;
  content: string;
  created_at: string;
  in_reply_to_id: string | null;
}

interface MegalodonClient {
  client: {
    post<T>(path: string, params?: unknown, headers?: Record<string, string>): Promise<Resp<T>>;
    put<T>(path: string, params?: unknown, headers?: Record<string, string>): Promise<Resp<T>>;
    get<T>(path: string, params?: unknown, headers?: Record<string, string>): Promise<Resp<T>>;
  };
  uploadMedia(file: unknown, options?: { description?: string }): Promise<Resp<Attachment>>;
  getMedia(id: string): Promise<Resp<Attachment>>;
  verifyAccountCredentials(): Promise<Resp<{ id: string }>>;
  getAccountStatuses(id: string, options?: { limit?: number; max_id?: string }): Promise<Resp<Status[]>>;
}

type Generator = (sns: 'mastodon', baseUrl: string, token: string | null, userAgent: string | null, axiosInstance: AxiosInstance) => MegalodonClient;

interface AxiosInstance {
  defaults: { signal?: unknown };
}

interface AxiosModule {
  defaults: { signal?: unknown };
  isAxiosError(e: unknown): boolean;
  create(config: { headers: Record<string, string> }): AxiosInstance;
}

/** The scopes publishing needs (SPEC §12): read:statuses is what reconciliation reads with. */
export const NEEDED_SCOPES = ['write:statuses', 'write:media', 'read:accounts', 'read:statuses'] as const;

/** The axios of one adapter: its own instance's defaults (the per-operation signal) and the module's error test. */
type AdapterAxios = Pick<AxiosModule, 'defaults' | 'isAxiosError'>;

/** What every call of one adapter shares: the client, its axios, the instance and the deadline. */
interface Ctx {
  client: MegalodonClient;
  axios: AdapterAxios;
  base: string;
  timeoutMs: number;
  /** The account's id, once read (verify_credentials). */
  accountId: string | undefined;
  run<T>(op: Operation, caller: AbortSignal, fn: (signal: AbortSignal) => Promise<T>): Promise<T>;
}

export async function createAdapter(options: AdapterOptions): Promise<NetworkAdapter> {
  const { credentials, timeoutMs } = options;
  const token = credential('mastodon', credentials, 'LM_POST_MASTODON_TOKEN');
  const redact = makeRedactor([token]);
  if (!options.baseUrl) throw new NetworkError('mastodon', 'permanent', 'Mastodon: no instance URL (set LM_POST_MASTODON_URL or the charter’s instance).');
  const base = baseString(normaliseBaseUrl('mastodon', options.baseUrl));

  // Its default export differs between Node and vitest: take it through require (SDK-NOTES).
  const generator = (require('megalodon') as { default: Generator }).default;
  // The axios copy megalodon uses (it pins its own version): the one whose defaults we scope.
  const axiosModule = createRequire(require.resolve('megalodon'))('axios') as AxiosModule;
  // megalodon ≥ 10.1 takes an axios instance: ours asks every answer in English. Its signal default
  // is the one scoped per operation (withAxiosSignal).
  const http = axiosModule.create({ headers: { 'Accept-Language': 'en' } });
  const axios: AdapterAxios = { defaults: http.defaults, isAxiosError: (e: unknown) => axiosModule.isAxiosError(e) };
  const ctx: Ctx = {
    client: generator('mastodon', base, token, null, http),
    axios,
    base,
    timeoutMs,
    accountId: undefined,
    run: (op, caller, fn) => withDeadline(caller, timeoutMs, (signal) => guarded(redact, (err) => classify(axios, op, err, signal, caller, timeoutMs), () => bounded(signal, fn(signal)))),
  };
  return {
    id: 'mastodon',
    uploadMedia: (media, caller) => uploadMedia(ctx, media, caller),
    preflight: (caller) => preflight(ctx, caller),
    describe: (caller) => describe(ctx, caller),
    create: (item, caller) => create(ctx, item, caller),
    recent: (limit, caller) => recent(ctx, limit, caller),
    async close(): Promise<void> {
      // Nothing to release: megalodon keeps no sockets of its own, and cancel() would abort the
      // axios-global default signal.
    },
  };
}

async function uploadMedia(ctx: Ctx, media: MediaUpload, caller: AbortSignal): Promise<string> {
  try {
    await access(media.absPath);
  } catch (err) {
    throw mediaReadError('mastodon', media.absPath, err);
  }
  const uploaded = await ctx.run('upload', caller, async (signal) => {
    // A file stream, so that form-data sends a filename and Mastodon sees a file part.
    const stream = createReadStream(media.absPath);
    try {
      return await withAxiosSignal(ctx.axios, signal, () => ctx.client.uploadMedia(stream, media.alt ? { description: media.alt } : undefined));
    } finally {
      stream.destroy();
    }
  });
  const id = String(uploaded.data.id);
  if (uploaded.status === 200 && uploaded.data.url) return id;
  // 202: processing. Poll until ready, within one more deadline: as often as the server says
  // (Retry-After on a 206, 429 or 503; X-RateLimit-Reset on a 429), else with a growing backoff.
  // Mastodon's GET /api/v1/media/:id answers 206 while processing and sets no Retry-After itself
  // (app/controllers/api/v1/media_controller.rb, status_code_for_media_attachment); a proxy in
  // front of it may, and a throttled poll must wait for the reset rather than re-upload the file.
  const end = Date.now() + ctx.timeoutMs;
  return ctx.run('upload', caller, async (signal) => {
    let backoff = 100;
    let wait = backoff;
    for (;;) {
      await sleep(wait, signal);
      backoff = Math.min(Math.round(backoff * 1.6), 3000);
      let suggested: number | undefined;
      try {
        const res = await withAxiosSignal(ctx.axios, signal, () => ctx.client.getMedia(id));
        if (res.status === 200 && res.data.url) return id;
        suggested = retryAfterHeader(header(res.headers, 'Retry-After'));
      } catch (err) {
        suggested = pollWait(err);
        // Anything else, or a wait that would outlast the deadline, ends the poll as a failure.
        if (suggested === undefined || Date.now() + suggested >= end) throw err;
      }
      wait = suggested ?? backoff;
    }
  });
}

/**
 * Each scope publishing needs, proven by a request that needs it (Mastodon answers 403 "outside the
 * authorized scopes" when the token lacks it). `apps/verify_credentials` is no proof: it lists the
 * scopes the application was registered with, not those granted to this token (SPEC §12). Nothing
 * is created or changed: the write probes edit ids that cannot exist.
 */
async function preflight(ctx: Ctx, caller: AbortSignal): Promise<void> {
  const missing: string[] = [];
  const probe = async (scope: string, request: () => Promise<unknown>, granted: readonly number[]) => {
    try {
      await ctx.run('setup', caller, (signal) => withAxiosSignal(ctx.axios, signal, request));
    } catch (e) {
      if (e instanceof NetworkError && e.status === 403) missing.push(scope);
      else if (!(e instanceof NetworkError && e.status !== undefined && granted.includes(e.status))) throw e;
    }
  };
  // read:accounts (or `profile`): verify_credentials, which also gives the account's id.
  await probe('read:accounts', async () => {
    const me = await ctx.client.verifyAccountCredentials();
    ctx.accountId = String(me.data.id);
  }, []);
  // read:statuses: the account's statuses, as reconciliation reads them.
  const id = ctx.accountId;
  if (id) await probe('read:statuses', () => ctx.client.getAccountStatuses(id, { limit: 1 }), []);
  // write:statuses: an edit of status 0 (ids are positive snowflakes): 404 once authorised.
  await probe('write:statuses', () => ctx.client.client.put('/api/v1/statuses/0', { status: 'lm-post' }), [404]);
  // write:media: an edit of media 0: 404 once authorised.
  await probe('write:media', () => ctx.client.client.put('/api/v1/media/0', { description: 'lm-post' }), [404]);
  if (missing.length) {
    throw new NetworkError('mastodon', 'permanent', `Mastodon: the access token lacks the scope(s) ${missing.join(', ')}.`, 403, undefined, `missing-scope:${missing.join(',')}`);
  }
}

async function describe(ctx: Ctx, caller: AbortSignal): Promise<AccountInfo> {
  const me = await ctx.run('setup', caller, (signal) => withAxiosSignal(ctx.axios, signal, () => ctx.client.verifyAccountCredentials()));
  ctx.accountId = String(me.data.id);
  // No `scopes` from apps/verify_credentials: they are the application's, not the token's
  // (preflight proves each one).
  const info: AccountInfo = { account: `@${(me.data as { acct?: string }).acct ?? me.data.id}@${new URL(ctx.base).host}` };
  // The instance's real limits (SDK-NOTES: configuration.statuses.max_characters).
  const inst = await ctx.run('setup', caller, (signal) => withAxiosSignal(ctx.axios, signal, () => ctx.client.client.get<InstanceV2>('/api/v2/instance')));
  const st = inst.data.configuration?.statuses;
  info.limits = {
    ...(typeof st?.max_characters === 'number' ? { maxCharacters: st.max_characters } : {}),
    ...(typeof st?.max_media_attachments === 'number' ? { maxMedia: st.max_media_attachments } : {}),
  };
  return info;
}

async function create(ctx: Ctx, item: CreateItem, caller: AbortSignal): Promise<Created> {
  const params: Record<string, unknown> = { status: item.text };
  if (item.mediaIds.length) params.media_ids = item.mediaIds;
  if (item.replyTo) params.in_reply_to_id = item.replyTo;
  if (item.visibility) params.visibility = item.visibility;
  if (item.spoiler) params.spoiler_text = item.spoiler;
  if (item.language) params.language = item.language;
  let res: Resp<RawStatus>;
  try {
    res = await ctx.run('create', caller, (signal) =>
      withAxiosSignal(ctx.axios, signal, () => ctx.client.client.post<RawStatus>('/api/v1/statuses', params, { 'Idempotency-Key': item.idempotencyKey })),
    );
  } catch (e) {
    // A 422 while an attachment is still processing is worth retrying; any other 422 is not.
    // Told apart by asking the media themselves (206 = processing), never by the error's
    // words, which the instance may give in its own language.
    if (e instanceof NetworkError && e.status === 422 && item.mediaIds.length && (await stillProcessing(ctx, item.mediaIds, caller))) {
      throw new NetworkError('mastodon', 'transient', `Mastodon: media still processing (422): ${e.message}`, 422, 2000, 422);
    }
    throw e;
  }
  const id = String(res.data.id);
  return { id, url: res.data.url || res.data.uri || `${ctx.base}/web/statuses/${id}` };
}

/** Whether one of these attachments is still being processed (GET /api/v1/media/:id answers 206). */
async function stillProcessing(ctx: Ctx, ids: readonly string[], caller: AbortSignal): Promise<boolean> {
  for (const id of ids) {
    try {
      const res = await ctx.run('setup', caller, (signal) => withAxiosSignal(ctx.axios, signal, () => ctx.client.getMedia(id)));
      if (res.status === 206 || !res.data.url) return true;
    } catch {
      // Unreadable: the create's own error stands.
    }
  }
  return false;
}

async function recent(ctx: Ctx, limit: number, caller: AbortSignal): Promise<RecentPost[]> {
  const want = Math.max(1, Math.min(Math.floor(limit), 400));
  return ctx.run('recent', caller, async (signal) => {
    ctx.accountId ??= String((await withAxiosSignal(ctx.axios, signal, () => ctx.client.verifyAccountCredentials())).data.id);
    const id = ctx.accountId;
    const out: RecentPost[] = [];
    let maxId: string | undefined;
    while (out.length < want) {
      const page = await withAxiosSignal(ctx.axios, signal, () =>
        ctx.client.getAccountStatuses(id, { limit: Math.min(40, want - out.length), ...(maxId ? { max_id: maxId } : {}) }),
      );
      if (!page.data.length) break;
      for (const s of page.data) {
        const post: RecentPost = { id: s.id, url: s.url || s.uri || `${ctx.base}/web/statuses/${s.id}`, text: htmlToText(s.content), createdAt: s.created_at };
        if (s.in_reply_to_id) post.replyTo = s.in_reply_to_id;
        out.push(post);
      }
      maxId = page.data[page.data.length - 1]!.id;
    }
    return out.slice(0, want);
  });
}

/** Mastodon returns statuses as HTML only: back to the plain text that was posted (for matching). */
export function htmlToText(html: string): string {
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p[^>]*>/gi, '\n\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) ? String.fromCodePoint(code) : m;
      }
      return entities[e.toLowerCase()] ?? m;
    })
    .trim();
}

interface AxiosErrorShape {
  code?: string;
  response?: { status: number; data?: unknown; headers?: unknown };
}

function header(headers: unknown, name: string): unknown {
  if (!headers) return undefined;
  const h = headers as Record<string, unknown> & { get?: (n: string) => unknown };
  if (typeof h.get === 'function') {
    const v = h.get(name);
    if (v !== undefined && v !== null) return v;
  }
  return h[name] ?? h[name.toLowerCase()];
}

/**
 * How long a refused media poll asks to wait (429: X-RateLimit-Reset or Retry-After; 503:
 * Retry-After), or undefined when the failure is not one to wait out.
 */
function pollWait(err: unknown): number | undefined {
  const response = (err as AxiosErrorShape | undefined)?.response;
  if (!response) return undefined;
  if (response.status === 429) {
    const reset = header(response.headers, 'X-RateLimit-Reset');
    const at = typeof reset === 'string' ? Date.parse(reset) : NaN;
    return Number.isNaN(at) ? (retryAfterHeader(header(response.headers, 'Retry-After')) ?? 60_000) : msUntil(at, 100);
  }
  if (response.status === 503) return retryAfterHeader(header(response.headers, 'Retry-After'));
  return undefined;
}

function apiError(data: unknown): string {
  if (!data || typeof data !== 'object') return typeof data === 'string' ? tidy(data, 200) : '';
  const d = data as { error?: unknown; error_description?: unknown };
  const parts = [d.error, d.error_description].filter((x): x is string => typeof x === 'string' && x.length > 0);
  return tidy(parts.join(' — '));
}

function classify(axios: Pick<AxiosModule, 'isAxiosError'>, op: Operation, err: unknown, signal: AbortSignal, caller: AbortSignal, timeoutMs: number): NetworkError {
  const e = err as AxiosErrorShape;
  const response = axios.isAxiosError(err) || (e && typeof e === 'object' && 'response' in e) ? e.response : undefined;
  if (!response) {
    if (axios.isAxiosError(err) || signal.aborted || (err instanceof Error && /cancel/i.test(err.name))) {
      return connectionFailure('mastodon', op, err, signal, caller, timeoutMs);
    }
    const text = err instanceof Error ? tidy(err.message, 200) : '';
    if (op === 'create') return new NetworkError('mastodon', 'unknown-outcome', `Mastodon: unexpected failure${text ? ` (${text})` : ''}: the post may or may not have been created.`);
    return new NetworkError('mastodon', 'permanent', `Mastodon: unexpected failure${text ? ` (${text})` : ''}.`);
  }
  const status = response.status;
  const message = apiError(response.data);
  const said = message ? `: ${message}` : '';
  if (status === 429) {
    const reset = header(response.headers, 'X-RateLimit-Reset');
    const at = typeof reset === 'string' ? Date.parse(reset) : NaN;
    const wait = Number.isNaN(at) ? (retryAfterHeader(header(response.headers, 'Retry-After')) ?? 60_000) : msUntil(at);
    return new NetworkError('mastodon', 'rate-limit', `Mastodon rate limit reached (429)${said}`, status, wait, 'rate-limit');
  }
  if (status === 401) return new NetworkError('mastodon', 'permanent', `Mastodon refused the access token (401)${said}`, status, undefined, 401);
  if (status >= 500) {
    if (op === 'create') {
      return new NetworkError('mastodon', 'unknown-outcome', `Mastodon answered ${status}${said}; the post may or may not have been created.`, status, undefined, status);
    }
    return new NetworkError('mastodon', 'transient', `Mastodon answered ${status}${said}`, status, retryAfterHeader(header(response.headers, 'Retry-After')), status);
  }
  return new NetworkError('mastodon', 'permanent', `Mastodon refused the request (${status})${said}`, status, undefined, status);
}
