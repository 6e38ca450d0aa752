// X (Twitter) adapter, on twitter-api-v2 (loaded only when createAdapter is called).
//
// What it sends:
//   uploadMedia  POST /2/media/upload/initialize {media_type, total_bytes, media_category},
//                POST /2/media/upload/{id}/append (multipart segments), POST /2/media/upload/{id}/finalize,
//                then POST /2/media/metadata {id, metadata: {alt_text: {text}}}      (upload.x.com / api.x.com)
//   create       POST /2/tweets {text, reply: {in_reply_to_tweet_id}, quote_tweet_id, media: {media_ids}}
//   recent       GET /2/users/me (once), GET /2/users/{id}/tweets?max_results&tweet.fields=created_at,referenced_tweets
//
// Receipt URL: https://x.com/i/web/status/{id}, which needs no username. With a base URL (sandbox,
// tests) it is {base}/i/web/status/{id}, so that a receipt never points at x.com for a post that only
// exists in an emulator.
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { AsyncLocalStorage } from 'node:async_hooks';
import type {
  ApiPartialResponseError,
  ApiRequestError,
  ApiResponseError,
  ITwitterApiClientPlugin,
  SendTweetV2Params,
  TwitterApi,
  TwitterRateLimit,
} from 'twitter-api-v2';
import {
  baseString,
  connectionFailure,
  credential,
  bounded,
  withDeadline,
  guarded,
  makeRedactor,
  readMedia,
  msUntil,
  normaliseBaseUrl,
  retryAfterHeader,
  sleep,
  tidy,
  type Operation,
} from './http.js';
import { NO_X_CALLS, xTextHasUrl, type XBilledCalls } from '../render/x-cost.js';
import { NetworkError, type AccountInfo, type AdapterOptions, type Created, type CreateItem, type MediaUpload, type NetworkAdapter, type RecentPost } from './types.js';

export const requiredEnv = [
  'LM_POST_TWITTER_APP_KEY',
  'LM_POST_TWITTER_APP_SECRET',
  'LM_POST_TWITTER_ACCESS_TOKEN',
  'LM_POST_TWITTER_ACCESS_SECRET',
] as const;
export const baseUrlEnv = 'LM_POST_TWITTER_API_URL';
/** X has no idempotency key: a create with an unknown outcome must be reconciled, never re-sent blind. */
export const idempotent = false;

const PUBLIC_WEB = 'https://x.com';

interface Scope {
  signal: AbortSignal;
}

/** What every call of one adapter shares: the client, the operation's scope and the deadline. */
interface Ctx {
  rw: TwitterApi['readWrite'];
  /** Where posts are shown (x.com, or the sandbox). */
  web: string;
  scope: AsyncLocalStorage<Scope>;
  /** The account's id, once read (users/me). */
  userId: string | undefined;
  /**
   * Every call X bills on pay-per-use, counted when X accepted it (SPEC §12): the run's summary
   * and doctor show what was really spent, not an estimate.
   */
  billed: XBilledCalls;
  run<T>(op: Operation, caller: AbortSignal, fn: () => Promise<T>): Promise<T>;
}

export async function createAdapter(options: AdapterOptions): Promise<NetworkAdapter> {
  const { credentials, timeoutMs } = options;
  const appKey = credential('twitter', credentials, 'LM_POST_TWITTER_APP_KEY');
  const appSecret = credential('twitter', credentials, 'LM_POST_TWITTER_APP_SECRET');
  const accessToken = credential('twitter', credentials, 'LM_POST_TWITTER_ACCESS_TOKEN');
  const accessSecret = credential('twitter', credentials, 'LM_POST_TWITTER_ACCESS_SECRET');
  const redact = makeRedactor([appKey, appSecret, accessToken, accessSecret]);
  const base = options.baseUrl ? normaliseBaseUrl('twitter', options.baseUrl) : undefined;
  const web = base ? baseString(base) : PUBLIC_WEB;

  const sdk = await import('twitter-api-v2');
  const scope = new AsyncLocalStorage<Scope>();
  // No keep-alive: a stale pooled socket reset by the server would look like a dropped create.
  const agent = base?.protocol === 'http:' ? new HttpAgent({ keepAlive: false }) : new HttpsAgent({ keepAlive: false });

  const plugin: ITwitterApiClientPlugin = {
    // Runs after the OAuth 1.0a signature was computed over https://api.x.com/… (or upload.x.com):
    // rewriting earlier breaks multipart uploads (SDK-NOTES). The signal and socket timeout are the
    // only way to give this SDK a deadline; the scope carries the current operation's signal.
    onBeforeRequest({ computedParams, requestOptions }) {
      if (base) {
        const url = computedParams.url;
        url.protocol = base.protocol;
        url.host = base.host;
        if (base.pathname && base.pathname !== '/') url.pathname = base.pathname + url.pathname;
      }
      requestOptions.agent = agent;
      requestOptions.timeout = timeoutMs;
      const current = scope.getStore();
      if (current) requestOptions.signal = current.signal;
    },
  };

  const client: TwitterApi = new sdk.TwitterApi({ appKey, appSecret, accessToken, accessSecret }, { plugins: [plugin] });
  const ctx: Ctx = {
    rw: client.readWrite,
    web,
    scope,
    userId: undefined,
    billed: { ...NO_X_CALLS },
    run: (op, caller, fn) => withDeadline(caller, timeoutMs, (signal) => guarded(redact, (err) => classify(sdk, op, err, signal, caller, timeoutMs), () => bounded(signal, scope.run({ signal }, fn)))),
  };

  return {
    id: 'twitter',
    uploadMedia: (media, caller) => uploadMedia(ctx, media, caller),
    create: (item, caller) => create(ctx, item, caller),
    describe: (caller) => describe(ctx, caller),
    recent: (limit, caller) => recent(ctx, limit, caller),
    billed: () => ({ ...ctx.billed }),
    async close(): Promise<void> {
      agent.destroy();
    },
  };
}

async function uploadMedia(ctx: Ctx, media: MediaUpload, caller: AbortSignal): Promise<string> {
  const bytes = await readMedia('twitter', media.absPath);
  // v2 chunked upload (v1.1 media/upload is being retired), then the alt text as metadata.
  const id = await ctx.run('upload', caller, () => ctx.rw.v2.uploadMedia(bytes, { media_type: media.mime }));
  // twitter-api-v2 stops polling as soon as a STATUS answer lacks check_after_secs, even while
  // processing is still pending (client.v2.write.js, waitForMediaProcessing): a GIF could then be
  // attached before X is done with it. Wait for `succeeded` ourselves.
  if (media.mime === 'image/gif') await ctx.run('upload', caller, () => awaitProcessing(ctx.rw, id, ctx.scope.getStore()!.signal));
  if (media.alt) {
    await ctx.run('upload', caller, () => ctx.rw.v2.createMediaMetadata(id, { alt_text: { text: media.alt } }));
    ctx.billed.altTexts++;
  }
  return id;
}

async function create(ctx: Ctx, item: CreateItem, caller: AbortSignal): Promise<Created> {
  // X accepts a tweet of media only, but not an empty text field.
  const payload: SendTweetV2Params = item.text ? { text: item.text } : {};
  if (item.replyTo) payload.reply = { in_reply_to_tweet_id: item.replyTo };
  // `media` and `quote_tweet_id` are mutually exclusive in the v2 spec: the renderer never asks
  // for both; should a caller do so, refuse here rather than send what X refuses.
  if (item.quoteId && item.mediaIds.length) {
    throw new NetworkError('twitter', 'permanent', 'X: a post cannot both quote another post and carry media.', undefined, undefined, 'media-and-quote');
  }
  if (item.quoteId) payload.quote_tweet_id = item.quoteId;
  if (item.mediaIds.length) payload.media = { media_ids: item.mediaIds as NonNullable<SendTweetV2Params['media']>['media_ids'] };
  let res;
  try {
    res = await ctx.run('create', caller, () => ctx.rw.v2.tweet(payload));
  } catch (e) {
    // Since 23 February 2026 a self-serve app may reply only when summoned (SDK-NOTES): a 403 on a
    // reply of our own thread, whose parent we just created, is that refusal (X gives it no code
    // of its own; its words are not matched). Permanent: the rest of the thread cannot go out.
    if (item.replyTo && e instanceof NetworkError && e.status === 403 && e.kind === 'permanent' && e.apiCode !== 'duplicate') {
      throw new NetworkError('twitter', 'permanent', e.message, 403, undefined, 'reply-not-allowed');
    }
    throw e;
  }
  if (xTextHasUrl(item.text)) ctx.billed.postsWithLink++;
  else ctx.billed.posts++;
  const id = res.data.id;
  return { id, url: `${ctx.web}/i/web/status/${id}` };
}

async function describe(ctx: Ctx, caller: AbortSignal): Promise<AccountInfo> {
  const account = await ctx.run('setup', caller, () => me(ctx));
  ctx.userId = account.data.id;
  return { account: `@${account.data.username}` };
}

/** users/me, a billed read on pay-per-use. */
async function me(ctx: Ctx) {
  const res = await ctx.rw.v2.me();
  ctx.billed.userReads++;
  return res;
}

async function recent(ctx: Ctx, limit: number, caller: AbortSignal): Promise<RecentPost[]> {
  const want = Math.max(1, Math.min(Math.floor(limit), 500));
  return ctx.run('recent', caller, async () => {
    ctx.userId ??= (await me(ctx)).data.id;
    const timeline = await ctx.rw.v2.userTimeline(ctx.userId, {
      // X accepts 5–100 per page.
      max_results: Math.min(100, Math.max(5, want)),
      'tweet.fields': ['created_at', 'referenced_tweets'],
    });
    while (timeline.tweets.length < want && !timeline.done) await timeline.fetchNext();
    return timeline.tweets.slice(0, want).map((t) => {
      const post: RecentPost = { id: t.id, url: `${ctx.web}/i/web/status/${t.id}`, text: t.text, createdAt: t.created_at ?? '' };
      const parent = t.referenced_tweets?.find((r) => r.type === 'replied_to');
      if (parent) post.replyTo = parent.id;
      return post;
    });
  });
}

/** Polls GET /2/media/upload?command=STATUS until `succeeded`; `failed` is a permanent error. */
async function awaitProcessing(rw: TwitterApi['readWrite'], mediaId: string, signal: AbortSignal): Promise<void> {
  let wait = 200;
  for (;;) {
    const res = (await rw.v2.get('media/upload', { command: 'STATUS', media_id: mediaId })) as {
      data?: { processing_info?: { state?: string; check_after_secs?: number; error?: { message?: string } } };
    };
    const info = res.data?.processing_info;
    if (!info || info.state === 'succeeded') return;
    if (info.state === 'failed') {
      throw new NetworkError('twitter', 'permanent', `X could not process the media${info.error?.message ? `: ${tidy(info.error.message, 200)}` : ''}.`, undefined, undefined, 'media-failed');
    }
    const next = info.check_after_secs && info.check_after_secs > 0 ? info.check_after_secs * 1000 : wait;
    await sleep(Math.min(next, 10_000), signal);
    wait = Math.min(Math.round(wait * 1.5), 3000);
  }
}

type Sdk = Pick<typeof import('twitter-api-v2'), 'ApiResponseError' | 'ApiPartialResponseError' | 'ApiRequestError'>;

/** The longest wait among the windows that are exhausted: 15-minute, then X's 24-hour ones. */
function rateLimitWait(rl: TwitterRateLimit | undefined, headers: Record<string, unknown>): number {
  const resets: number[] = [];
  if (rl) {
    if (Number.isFinite(rl.reset) && rl.reset > 0) resets.push(rl.reset);
    for (const day of [rl.day, rl.userDay]) {
      if (day && Number.isFinite(day.reset) && day.remaining === 0) resets.push(day.reset);
    }
  }
  if (resets.length) return msUntil(Math.max(...resets) * 1000);
  return retryAfterHeader(headers['retry-after']) ?? 60_000;
}

/** The human part of an X error body (v2 problem document or v1 errors array). */
function apiMessage(data: unknown): string {
  if (!data || typeof data !== 'object') return '';
  const d = data as { detail?: unknown; title?: unknown; errors?: unknown; error?: unknown };
  const parts: string[] = [];
  if (Array.isArray(d.errors)) {
    for (const e of d.errors) {
      const m = e && typeof e === 'object' ? ((e as { message?: unknown; detail?: unknown }).message ?? (e as { detail?: unknown }).detail) : undefined;
      if (typeof m === 'string') parts.push(m);
    }
  }
  if (typeof d.detail === 'string' && !parts.includes(d.detail)) parts.unshift(d.detail);
  if (!parts.length && typeof d.title === 'string') parts.push(d.title);
  if (!parts.length && typeof d.error === 'string') parts.push(d.error);
  return tidy(parts.join(' '));
}

function isDuplicate(status: number, data: unknown, message: string): boolean {
  if (status !== 403 && status !== 400) return false;
  const errors = (data as { errors?: Array<{ code?: unknown }> } | undefined)?.errors;
  if (Array.isArray(errors) && errors.some((e) => e && e.code === 187)) return true;
  return /duplicate content|status is a duplicate/i.test(message);
}

function classify(sdk: Sdk, op: Operation, err: unknown, signal: AbortSignal, caller: AbortSignal, timeoutMs: number): NetworkError {
  if (err instanceof sdk.ApiResponseError) return fromResponse(op, err);
  if (err instanceof sdk.ApiPartialResponseError) {
    // Headers arrived, the body did not: the server has acted on a create.
    const e = err as ApiPartialResponseError;
    const status = e.response?.statusCode;
    if (op === 'create') {
      return new NetworkError('twitter', 'unknown-outcome', `X: the answer was cut off${status ? ` (${status})` : ''}: the post may or may not have been created.`, status);
    }
    return new NetworkError('twitter', 'transient', `X: the answer was cut off${status ? ` (${status})` : ''}.`, status);
  }
  if (err instanceof sdk.ApiRequestError) {
    // 1.29 stores the cause under `_options.error` while its `requestError` getter reads another key.
    const e = err as ApiRequestError & { _options?: { error?: unknown } };
    return connectionFailure('twitter', op, e.requestError ?? e._options?.error, signal, caller, timeoutMs);
  }
  if (signal.aborted) return connectionFailure('twitter', op, err, signal, caller, timeoutMs);
  // Anything else comes from the SDK itself (e.g. "Media processing failed") or from a bug.
  const text = err instanceof Error ? tidy(err.message, 200) : '';
  if (op === 'create') return new NetworkError('twitter', 'unknown-outcome', `X: unexpected failure${text ? ` (${text})` : ''}: the post may or may not have been created.`);
  return new NetworkError('twitter', 'permanent', `X: unexpected failure${text ? ` (${text})` : ''}.`);
}

function fromResponse(op: Operation, e: ApiResponseError): NetworkError {
  const status = e.code;
  const message = apiMessage(e.data);
  const said = message ? `: ${message}` : '';
  const problemType = (e.data as { type?: unknown } | undefined)?.type;
  // Pay-per-use: a 429 of type usage-capped (a monthly cap, not a 15-minute window) or a 402 when the
  // prepaid credit is spent. Waiting does not help: stop X and say how to top up (SPEC §12).
  if (typeof problemType === 'string' && /\/usage-capped$/.test(problemType)) {
    return new NetworkError('twitter', 'permanent', `X usage cap reached (${status})${said}`, status, undefined, 'usage-capped');
  }
  if (status === 402 || (typeof problemType === 'string' && /credits?-depleted|insufficient-credits/.test(problemType))) {
    return new NetworkError('twitter', 'permanent', `X: the account's prepaid credit is exhausted (${status})${said}`, status, undefined, 'credits-depleted');
  }
  if (status === 429 || e.rateLimitError) {
    return new NetworkError('twitter', 'rate-limit', `X rate limit reached (429)${said}`, status, rateLimitWait(e.rateLimit, e.headers ?? {}), 'rate-limit');
  }
  if (isDuplicate(status, e.data, message)) {
    return new NetworkError('twitter', 'permanent', `X refused the post as a duplicate of an earlier one (${status})${said}`, status, undefined, 'duplicate');
  }
  const type = (e.data as { type?: unknown } | undefined)?.type;
  const apiCode = typeof type === 'string' && type !== 'about:blank' ? type : status;
  if (status === 401) return new NetworkError('twitter', 'permanent', `X refused the credentials (401)${said}`, status, undefined, apiCode);
  if (status >= 500) {
    if (op === 'create') {
      return new NetworkError('twitter', 'unknown-outcome', `X answered ${status}${said}; the post may or may not have been created.`, status, undefined, apiCode);
    }
    return new NetworkError('twitter', 'transient', `X answered ${status}${said}`, status, retryAfterHeader(e.headers?.['retry-after']), apiCode);
  }
  return new NetworkError('twitter', 'permanent', `X refused the request (${status})${said}`, status, undefined, apiCode);
}
