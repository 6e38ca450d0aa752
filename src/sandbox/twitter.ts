/**
 * Emulator of the X API v2 endpoints lm-post uses, with OAuth 1.0a user-context auth checked for real.
 * Both api.x.com and upload.x.com are served from the same origin.
 */
import { parseTweet } from '../render/twitter-text.js';
import { sha256 } from './body.js';
import { OAuthVerifier } from './oauth1.js';
import { sandboxAccounts } from './accounts.js';
import type { Emulator, Reply, RequestContext } from './server.js';
import { IdGenerator, JsonStore, Window, compareIds } from './store.js';
import type { SandboxMedia, SandboxPost } from './types.js';

export const TWITTER_CREDENTIALS = {
  consumerKey: 'sandbox-x-app-key',
  consumerSecret: 'sandbox-x-app-secret',
  // Real X access tokens start with the user id; keep the sandbox's plausible.
  token: '1690000000000000001-sandboxXaccessToken',
  tokenSecret: 'sandbox-x-access-secret',
};

/** The account's id; its names come from the charter's organisation (./accounts.ts). */
export const TWITTER_USER = { id: '1690000000000000001', ...sandboxAccounts().twitter };

interface XTweet {
  id: string;
  text: string;
  createdAt: string;
  replyTo: string | null;
  quoteOf: string | null;
  mediaIds: string[];
  conversationId: string;
}

interface XMedia {
  id: string;
  /** GIFs are processed asynchronously: attachable only from this time on (epoch ms). */
  readyAt?: number;
  mediaType: string;
  category: string | null;
  totalBytes: number;
  size: number;
  sha256: string | null;
  altText: string | null;
  finalized: boolean;
  createdAt: string;
}

interface XState {
  tweets: XTweet[];
  media: XMedia[];
  lastId?: string;
}

/** X's "problem" error documents (RFC 7807), which is what v2 answers for auth and permission errors. */
function problem(status: number, title: string, detail: string, extra: Record<string, unknown> = {}): Reply {
  return {
    status,
    headers: { 'content-type': 'application/problem+json' },
    body: { title, type: 'about:blank', status, detail, ...extra },
  };
}

function invalidRequest(message: string, parameters: Record<string, string[]> = {}): Reply {
  return {
    status: 400,
    headers: { 'content-type': 'application/problem+json' },
    body: {
      errors: [{ parameters, message }],
      title: 'Invalid Request',
      detail: 'One or more parameters to your request was invalid.',
      type: 'https://api.twitter.com/2/problems/invalid-request',
    },
  };
}

const UNAUTHORIZED = (): Reply => problem(401, 'Unauthorized', 'Unauthorized');
const TOO_MANY = (): Reply => problem(429, 'Too Many Requests', 'Too Many Requests');
const NOT_FOUND_ROUTE = (): Reply => ({ status: 404, body: { errors: [{ message: 'Sorry, that page does not exist', code: 34 }] } });

function weightedLength(text: string): { weightedLength: number; valid: boolean } {
  // twitter-text costs ~60 ms to load: only paid when a tweet is actually posted (the copy the
  // build vendors, so an installed lm-post carries no twitter-text package).
  return parseTweet(text);
}

/** 15-minute windows per endpoint, as documented for user-context calls. */
const LIMITS: Record<string, number> = {
  'POST /2/tweets': 100,
  'DELETE /2/tweets/:id': 50,
  'GET /2/users/me': 75,
  'GET /2/tweets/:id': 900,
  'GET /2/users/:id/tweets': 900,
  'POST /2/media/upload': 500,
  'GET /2/media/upload': 500,
  'POST /2/media/metadata': 500,
};
const DAILY_TWEET_LIMIT = 2400;
/** How long X "processes" an animated GIF after FINALIZE: longer than the 1 s check_after_secs given. */
export const GIF_PROCESSING_MS = 1500;

/** X's API plans (SPEC §12): pay-per-use is the self-serve default since February 2026. */
export type XSandboxPlan = 'pay-per-use' | 'enterprise';

/**
 * Whether a self-serve app may reply to its own posts (a thread). Since 23 February 2026 X lets a
 * self-serve app reply only when "summoned"; whether a reply to the app's own post still passes is
 * not stated anywhere (SDK-NOTES "The real APIs in late 2026"). `own-allowed` (default) plays the
 * lenient reading, `summoned-only` the strict one, so that lm-post's handling of a refused thread
 * can be exercised (LM_POST_SANDBOX_X_REPLIES=summoned-only for `publish --sandbox`).
 */
export type XSandboxReplies = 'own-allowed' | 'summoned-only';

/**
 * X's refusal of a non-summoned reply: 403 with a problem document. The detail is the wording
 * X's API gives for a reply to a conversation the app was not engaged in (reported by developers
 * since the February 2026 change); X does not publish a distinct problem type for it, so the type
 * is the generic `about:blank` of a plain 403.
 */
const NOT_SUMMONED = 'Reply to this conversation is not allowed because you have not been mentioned or otherwise engaged by the author of the post you are replying to.';

export class TwitterEmulator implements Emulator {
  readonly network = 'twitter' as const;
  readonly secretFields = [] as const;
  private readonly store: JsonStore<XState>;
  private readonly ids: IdGenerator;
  private readonly oauth = new OAuthVerifier(TWITTER_CREDENTIALS);
  private readonly windows = new Map<string, Window>();
  private readonly daily = new Window(DAILY_TWEET_LIMIT, 24 * 3600_000);
  /** Chunks of uploads in progress; not persisted (an upload does not survive a restart on X either). */
  private readonly segments = new Map<string, Map<number, Buffer>>();
  baseUrl = '';
  private readonly user: { id: string; username: string; name: string };

  constructor(
    stateDir: string | undefined,
    private readonly plan: XSandboxPlan = 'pay-per-use',
    organisation?: string,
    /** `summoned-only`: replies to our own posts are refused too (see createTweet). */
    private readonly replies: XSandboxReplies = 'own-allowed',
  ) {
    this.user = { id: TWITTER_USER.id, ...sandboxAccounts(organisation).twitter };
    this.store = new JsonStore<XState>(stateDir, 'twitter', () => ({ tweets: [], media: [] }));
    this.ids = new IdGenerator(1288834974657n, 22n, this.store.data.lastId);
  }

  private get state(): XState {
    return this.store.data;
  }

  private nextId(): string {
    const id = this.ids.next();
    this.state.lastId = id;
    return id;
  }

  private window(key: string): Window {
    let w = this.windows.get(key);
    if (!w) {
      w = new Window(LIMITS[key] ?? 900, 15 * 60_000);
      this.windows.set(key, w);
    }
    return w;
  }

  private rateHeaders(w: Window, endpoint: string): Record<string, string> {
    const h: Record<string, string> = {
      'x-rate-limit-limit': String(w.limit),
      'x-rate-limit-remaining': String(w.remaining()),
      'x-rate-limit-reset': String(Math.ceil(w.resetMs() / 1000)),
    };
    if (endpoint === 'POST /2/tweets') {
      h['x-user-limit-24hour-limit'] = String(this.daily.limit);
      h['x-user-limit-24hour-remaining'] = String(this.daily.remaining());
      h['x-user-limit-24hour-reset'] = String(Math.ceil(this.daily.resetMs() / 1000));
    }
    return h;
  }

  private route(method: string, path: string): { endpoint: string; params: string[] } | null {
    const table: Array<[string, RegExp]> = [
      ['GET /2/users/me', /^\/2\/users\/me$/],
      ['POST /2/tweets', /^\/2\/tweets$/],
      ['GET /2/tweets/:id', /^\/2\/tweets\/(\d+)$/],
      ['DELETE /2/tweets/:id', /^\/2\/tweets\/(\d+)$/],
      ['GET /2/users/:id/tweets', /^\/2\/users\/(\d+)\/tweets$/],
      ['POST /2/media/upload/initialize', /^\/2\/media\/upload\/initialize$/],
      ['POST /2/media/upload/:id/append', /^\/2\/media\/upload\/(\d+)\/append$/],
      ['POST /2/media/upload/:id/finalize', /^\/2\/media\/upload\/(\d+)\/finalize$/],
      ['POST /2/media/upload', /^\/2\/media\/upload$/],
      ['GET /2/media/upload', /^\/2\/media\/upload$/],
      ['POST /2/media/metadata', /^\/2\/media\/metadata$/],
    ];
    for (const [endpoint, re] of table) {
      if (!endpoint.startsWith(`${method} `)) continue;
      const m = re.exec(path);
      if (m) return { endpoint, params: m.slice(1) };
    }
    return null;
  }

  /** Which rate-limit window an endpoint counts against (media upload steps share one). */
  private bucket(endpoint: string): string {
    return endpoint.startsWith('POST /2/media/upload') ? 'POST /2/media/upload' : endpoint;
  }

  private authorise(ctx: RequestContext): boolean {
    const params: Array<[string, string]> = [...ctx.queryPairs];
    // Only url-encoded bodies are part of the signature; JSON and multipart ones are not (RFC 5849 §3.4.1.3).
    if (ctx.body.kind === 'form') params.push(...ctx.body.formPairs);
    const bases = [ctx.origin, 'https://api.x.com', 'https://upload.x.com', 'https://api.twitter.com', 'https://upload.twitter.com'].map(
      (o) => o + ctx.rawPath,
    );
    return this.oauth.verify(ctx.headers.authorization, ctx.method, bases, params) === null;
  }

  handle(ctx: RequestContext): Reply {
    const r = this.route(ctx.method, ctx.path);
    if (!r) return NOT_FOUND_ROUTE();
    if (!this.authorise(ctx)) return UNAUTHORIZED();
    const bucket = this.bucket(r.endpoint);
    const w = this.window(bucket);
    if (!w.hit()) return { ...TOO_MANY(), headers: { ...TOO_MANY().headers, ...this.rateHeaders(w, bucket) } };
    if (bucket === 'POST /2/tweets' && !this.daily.hit()) {
      return { ...TOO_MANY(), headers: { ...TOO_MANY().headers, ...this.rateHeaders(w, bucket) } };
    }
    if (ctx.body.error) return withHeaders(invalidRequest(ctx.body.error), this.rateHeaders(w, bucket));
    const reply = this.dispatch(r.endpoint, r.params, ctx);
    return withHeaders(reply, this.rateHeaders(w, bucket));
  }

  private dispatch(endpoint: string, params: string[], ctx: RequestContext): Reply {
    const f = ctx.body.fields;
    switch (endpoint) {
      case 'GET /2/users/me':
        return { status: 200, body: { data: { ...this.user } } };
      case 'POST /2/tweets':
        return this.createTweet(f);
      case 'GET /2/tweets/:id': {
        const t = this.state.tweets.find((x) => x.id === params[0]);
        if (!t) return tweetNotFound(params[0]!);
        return { status: 200, body: { data: this.tweetJson(t, fieldList(ctx.query['tweet.fields'])) } };
      }
      case 'DELETE /2/tweets/:id': {
        const i = this.state.tweets.findIndex((x) => x.id === params[0]);
        if (i >= 0) {
          this.deleted.add(params[0]!);
          this.state.tweets.splice(i, 1);
          this.store.save();
        }
        return { status: 200, body: { data: { deleted: i >= 0 } } };
      }
      case 'GET /2/users/:id/tweets':
        return this.userTweets(params[0]!, ctx.query);
      case 'POST /2/media/upload/initialize':
        return this.mediaInit(f);
      case 'POST /2/media/upload/:id/append':
        return this.mediaAppend(params[0]!, ctx);
      case 'POST /2/media/upload/:id/finalize':
        return this.mediaFinalize(params[0]!);
      case 'POST /2/media/upload':
        return this.mediaOneShot(ctx);
      case 'GET /2/media/upload': {
        const m = this.state.media.find((x) => x.id === ctx.query.media_id);
        if (!m || ctx.query.command !== 'STATUS') return invalidRequest('Invalid media_id or command', { media_id: [ctx.query.media_id ?? ''] });
        return { status: 200, body: { data: this.mediaJson(m, true) } };
      }
      case 'POST /2/media/metadata':
        return this.mediaMetadata(f);
      default:
        return NOT_FOUND_ROUTE();
    }
  }

  /** Ids of tweets deleted during this run: quoting them is refused as on X. */
  private readonly deleted = new Set<string>();

  private createTweet(f: Record<string, unknown>): Reply {
    const text = typeof f.text === 'string' ? f.text : '';
    const reply = f.reply as { in_reply_to_tweet_id?: unknown } | undefined;
    const replyTo = reply && typeof reply.in_reply_to_tweet_id === 'string' ? reply.in_reply_to_tweet_id : null;
    const quoteOf = typeof f.quote_tweet_id === 'string' ? f.quote_tweet_id : null;
    const mediaField = f.media as { media_ids?: unknown } | undefined;
    const mediaIds = Array.isArray(mediaField?.media_ids) ? mediaField.media_ids.map(String) : [];

    if (!text && mediaIds.length === 0) {
      return invalidRequest('You must provide a text or media for the Tweet.', { text: [] });
    }
    if (mediaIds.length > 4) return invalidRequest('Your media IDs are invalid.', { 'media.media_ids': mediaIds });
    for (const id of mediaIds) {
      const m = this.state.media.find((x) => x.id === id);
      // A media id whose processing has not succeeded yet cannot be attached ("You can not use the
      // media_id to create Tweet … before the state field is set to succeeded": GET media/upload STATUS doc).
      if (!m || !m.finalized || (m.readyAt !== undefined && Date.now() < m.readyAt)) {
        return invalidRequest('Your media IDs are invalid.', { 'media.media_ids': mediaIds });
      }
    }
    // The v2 POST /2/tweets spec makes `media` and `quote_tweet_id` mutually exclusive, on every plan
    // (docs.x.com, Create Post request body).
    if (quoteOf && mediaIds.length) {
      return invalidRequest('You may only specify one of media, quote_tweet_id, poll or card_uri.', { quote_tweet_id: [quoteOf], 'media.media_ids': mediaIds });
    }
    // Quote posts are Enterprise-only since April 2026: self-serve (pay-per-use) apps are refused
    // (X developer changelog, April 2026; SDK-NOTES "The real APIs in late 2026"). The wording of the
    // refusal is ours: X's exact text is not published.
    if (quoteOf && this.plan !== 'enterprise') {
      return problem(403, 'Forbidden', 'Quote posts are not available on your API plan (Enterprise only).', { type: 'https://api.twitter.com/2/problems/client-forbidden', reason: 'client-not-enrolled' });
    }
    if (text && !weightedLength(text).valid) {
      return invalidRequest('Your Tweet text is too long. For more information on how Twitter determines text length see https://github.com/twitter/twitter-text.', { text: [text] });
    }
    if (replyTo && this.plan !== 'enterprise' && this.replies === 'summoned-only') {
      // The strict reading of the February 2026 rule: nobody summoned us, even in our own thread.
      return problem(403, 'Forbidden', NOT_SUMMONED);
    }
    if (replyTo && !this.state.tweets.some((t) => t.id === replyTo)) {
      // Since February 2026 self-serve apps may reply only to accounts that mentioned or quoted them
      // (X developer changelog; SDK-NOTES): the sandbox has no other accounts, so any post that is
      // not ours stands for another account's, refused on pay-per-use.
      if (this.plan !== 'enterprise' && !this.deleted.has(replyTo)) {
        return problem(403, 'Forbidden', NOT_SUMMONED);
      }
      return problem(403, 'Forbidden', 'You attempted to reply to a Tweet that is deleted or not visible to you.');
    }
    // Quoted posts usually belong to other accounts (a partner's post for a relais): the sandbox
    // has no other accounts, so it takes any id as a visible post, except one deleted here.
    if (quoteOf && this.deleted.has(quoteOf)) {
      return problem(403, 'Forbidden', 'You attempted to quote a Tweet that is deleted or not visible to you.');
    }
    // X refuses an identical text from the same account and, unhelpfully, does not say which post it matches.
    if (text && this.state.tweets.some((t) => t.text === text)) {
      return problem(403, 'Forbidden', 'You are not allowed to create a Tweet with duplicate content.');
    }
    const id = this.nextId();
    const parent = replyTo ? this.state.tweets.find((t) => t.id === replyTo) : undefined;
    const tweet: XTweet = {
      id,
      text,
      createdAt: new Date().toISOString(),
      replyTo,
      quoteOf,
      mediaIds,
      conversationId: parent ? parent.conversationId : id,
    };
    this.state.tweets.push(tweet);
    this.store.save();
    return { status: 201, body: { data: { id, text, edit_history_tweet_ids: [id] } } };
  }

  private tweetJson(t: XTweet, fields: Set<string>): Record<string, unknown> {
    const out: Record<string, unknown> = { id: t.id, text: t.text, edit_history_tweet_ids: [t.id] };
    if (fields.has('created_at')) out.created_at = t.createdAt;
    if (fields.has('author_id')) out.author_id = TWITTER_USER.id;
    if (fields.has('conversation_id')) out.conversation_id = t.conversationId;
    if (fields.has('in_reply_to_user_id') && t.replyTo) out.in_reply_to_user_id = TWITTER_USER.id;
    if (fields.has('referenced_tweets')) {
      const refs = [];
      if (t.replyTo) refs.push({ type: 'replied_to', id: t.replyTo });
      if (t.quoteOf) refs.push({ type: 'quoted', id: t.quoteOf });
      if (refs.length) out.referenced_tweets = refs;
    }
    if (fields.has('attachments') && t.mediaIds.length) out.attachments = { media_keys: t.mediaIds.map((m) => `3_${m}`) };
    return out;
  }

  private userTweets(userId: string, q: Record<string, string>): Reply {
    const max = q.max_results === undefined ? 10 : Number(q.max_results);
    if (!Number.isInteger(max) || max < 5 || max > 100) {
      return invalidRequest(`The \`max_results\` query parameter value [${q.max_results}] is not between 5 and 100`, { max_results: [String(q.max_results)] });
    }
    if (userId !== TWITTER_USER.id) return { status: 200, body: { meta: { result_count: 0 } } };
    let list = [...this.state.tweets].sort((a, b) => compareIds(b.id, a.id));
    if (q.since_id) list = list.filter((t) => compareIds(t.id, q.since_id!) > 0);
    if (q.until_id) list = list.filter((t) => compareIds(t.id, q.until_id!) < 0);
    if (q.exclude?.split(',').includes('replies')) list = list.filter((t) => !t.replyTo);
    let start = 0;
    if (q.pagination_token) {
      // Tokens are opaque on X; ours encode the id the next page starts below.
      const below = Buffer.from(q.pagination_token, 'base64url').toString('utf8');
      if (!/^\d+$/.test(below)) return invalidRequest('Invalid pagination_token', { pagination_token: [q.pagination_token] });
      start = list.findIndex((t) => compareIds(t.id, below) < 0);
      if (start < 0) start = list.length;
    }
    const page = list.slice(start, start + max);
    const fields = fieldList(q['tweet.fields']);
    if (page.length === 0) return { status: 200, body: { meta: { result_count: 0 } } };
    const meta: Record<string, unknown> = { result_count: page.length, newest_id: page[0]!.id, oldest_id: page[page.length - 1]!.id };
    if (start + max < list.length) meta.next_token = Buffer.from(page[page.length - 1]!.id).toString('base64url');
    return { status: 200, body: { data: page.map((t) => this.tweetJson(t, fields)), meta } };
  }

  private mediaJson(m: XMedia, status = false): Record<string, unknown> {
    let info: Record<string, unknown> | undefined;
    if (m.readyAt !== undefined && status) {
      // STATUS while processing answers `in_progress` and, as X sometimes does, no check_after_secs:
      // twitter-api-v2 then stops polling (client.v2.write.js waitForMediaProcessing) although the
      // media is not ready, which is what lm-post must not trust.
      info = Date.now() < m.readyAt ? { state: 'in_progress', progress_percent: 50 } : { state: 'succeeded', progress_percent: 100 };
    } else if (m.finalized) info = { state: 'succeeded', progress_percent: 100 };
    return { id: m.id, media_key: `3_${m.id}`, size: m.size, expires_after_secs: 86400, processing_info: info };
  }

  private mediaInit(f: Record<string, unknown>): Reply {
    const totalBytes = Number(f.total_bytes);
    const mediaType = typeof f.media_type === 'string' ? f.media_type : '';
    if (!Number.isInteger(totalBytes) || totalBytes <= 0) return invalidRequest('total_bytes must be a positive integer', { total_bytes: [String(f.total_bytes)] });
    if (!/^(image|video)\//.test(mediaType)) return invalidRequest('media_type is invalid', { media_type: [mediaType] });
    if (totalBytes > 512 * 1024 * 1024 || (mediaType.startsWith('image/') && mediaType !== 'image/gif' && totalBytes > 5 * 1024 * 1024)) {
      return invalidRequest('File size exceeds the maximum allowed for this media type.', { total_bytes: [String(totalBytes)] });
    }
    const id = this.nextId();
    this.state.media.push({
      id,
      mediaType,
      category: typeof f.media_category === 'string' ? f.media_category : null,
      totalBytes,
      size: 0,
      sha256: null,
      altText: null,
      finalized: false,
      createdAt: new Date().toISOString(),
    });
    this.segments.set(id, new Map());
    this.store.save();
    return { status: 200, body: { data: { id, media_key: `3_${id}`, expires_after_secs: 86400 } } };
  }

  private mediaAppend(id: string, ctx: RequestContext): Reply {
    const m = this.state.media.find((x) => x.id === id);
    const segs = this.segments.get(id);
    if (!m || !segs || m.finalized) return invalidRequest('Invalid media id', { id: [id] });
    const index = Number(ctx.body.fields.segment_index);
    const file = ctx.body.files.media;
    if (!Number.isInteger(index) || index < 0 || index > 999) return invalidRequest('segment_index is required and must be between 0 and 999', { segment_index: [] });
    if (!file) return invalidRequest('media is required', { media: [] });
    if (file.data.length > 5 * 1024 * 1024) return invalidRequest('Segment too large', { media: [] });
    segs.set(index, file.data);
    return { status: 200, body: { data: { expires_at: Math.floor(Date.now() / 1000) + 86400 } } };
  }

  private mediaFinalize(id: string): Reply {
    const m = this.state.media.find((x) => x.id === id);
    const segs = this.segments.get(id);
    if (!m || !segs) return invalidRequest('Invalid media id', { id: [id] });
    const indexes = [...segs.keys()].sort((a, b) => a - b);
    if (indexes.some((v, i) => v !== i)) return invalidRequest('Segments are missing', { id: [id] });
    const data = Buffer.concat(indexes.map((i) => segs.get(i)!));
    if (data.length !== m.totalBytes) {
      return invalidRequest(`File size mismatch: expected ${m.totalBytes} bytes, received ${data.length}.`, { total_bytes: [String(m.totalBytes)] });
    }
    m.size = data.length;
    m.sha256 = sha256(data);
    m.finalized = true;
    this.segments.delete(id);
    this.store.save();
    // Animated GIFs (category tweet_gif) are processed asynchronously: FINALIZE answers a pending
    // processing_info with check_after_secs, and the media is attachable only once STATUS says
    // `succeeded` (POST media/upload FINALIZE and GET STATUS docs). Still images need no processing,
    // so no processing_info (the SDK then skips polling).
    if (m.mediaType === 'image/gif' || m.category === 'tweet_gif') {
      m.readyAt = Date.now() + GIF_PROCESSING_MS;
      this.store.save();
      return { status: 200, body: { data: { id, media_key: `3_${id}`, size: m.size, expires_after_secs: 86400, processing_info: { state: 'pending', check_after_secs: 1 } } } };
    }
    return { status: 200, body: { data: { id, media_key: `3_${id}`, size: m.size, expires_after_secs: 86400 } } };
  }

  private mediaOneShot(ctx: RequestContext): Reply {
    const file = ctx.body.files.media;
    if (!file) return invalidRequest('media is required', { media: [] });
    const id = this.nextId();
    const m: XMedia = {
      id,
      mediaType: typeof ctx.body.fields.media_type === 'string' ? ctx.body.fields.media_type : (file.contentType ?? 'application/octet-stream'),
      category: typeof ctx.body.fields.media_category === 'string' ? ctx.body.fields.media_category : null,
      totalBytes: file.data.length,
      size: file.data.length,
      sha256: sha256(file.data),
      altText: null,
      finalized: true,
      createdAt: new Date().toISOString(),
    };
    this.state.media.push(m);
    this.store.save();
    return { status: 200, body: { data: { id, media_key: `3_${id}`, size: m.size, expires_after_secs: 86400 } } };
  }

  private mediaMetadata(f: Record<string, unknown>): Reply {
    const id = typeof f.id === 'string' ? f.id : '';
    const meta = f.metadata as { alt_text?: { text?: unknown } } | undefined;
    const alt = meta?.alt_text?.text;
    const m = this.state.media.find((x) => x.id === id);
    if (!m) return invalidRequest('Invalid media id', { id: [id] });
    if (typeof alt !== 'string') return invalidRequest('metadata.alt_text.text is required', { 'metadata.alt_text.text': [] });
    if ([...alt].length > 1000) return invalidRequest('Alt text must be 1000 characters or fewer', { 'metadata.alt_text.text': [] });
    m.altText = alt;
    this.store.save();
    return { status: 200, body: { data: { id, associated_metadata: { alt_text: { text: alt } } } } };
  }

  faultReply(_ctx: RequestContext, status: number, body: unknown, headers: Record<string, string>): Reply {
    const titles: Record<number, string> = {
      400: 'Invalid Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 413: 'Payload Too Large', 429: 'Too Many Requests',
      500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
    };
    const base = body === undefined ? problem(status, titles[status] ?? 'Error', titles[status] ?? 'Error') : { status, body };
    return withHeaders(base, headers);
  }

  rateLimitReply(ctx: RequestContext, resetInSeconds: number): Reply {
    const r = this.route(ctx.method, ctx.path);
    const w = this.window(this.bucket(r?.endpoint ?? 'GET /2/users/me'));
    return withHeaders(TOO_MANY(), {
      'x-rate-limit-limit': String(w.limit),
      'x-rate-limit-remaining': '0',
      'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + resetInSeconds),
    });
  }

  posts(): SandboxPost[] {
    return this.state.tweets.map((t) => ({
      network: 'twitter',
      id: t.id,
      text: t.text,
      replyTo: t.replyTo,
      quoteOf: t.quoteOf,
      media: t.mediaIds.map((id) => this.mediaOut(this.state.media.find((m) => m.id === id)!)),
      visibility: null,
      spoiler: null,
      language: null,
      idempotencyKey: null,
      createdAt: t.createdAt,
      url: `${this.baseUrl}/${this.user.username}/status/${t.id}`,
      link: null,
      published: true,
      scheduledAt: null,
    }));
  }

  media(): SandboxMedia[] {
    return this.state.media.map((m) => this.mediaOut(m));
  }

  private mediaOut(m: XMedia): SandboxMedia {
    return { id: m.id, altText: m.altText, sha256: m.sha256 ?? '', bytes: m.size, contentType: m.mediaType };
  }
}

function fieldList(v: string | undefined): Set<string> {
  return new Set((v ?? '').split(',').filter(Boolean));
}

/** X answers 200 with an `errors` array for a missing tweet, not a 404. */
function tweetNotFound(id: string): Reply {
  return {
    status: 200,
    body: {
      errors: [
        {
          value: id,
          detail: `Could not find tweet with id: [${id}].`,
          title: 'Not Found Error',
          resource_type: 'tweet',
          parameter: 'id',
          resource_id: id,
          type: 'https://api.twitter.com/2/problems/resource-not-found',
        },
      ],
    },
  };
}

function withHeaders(r: Reply, h: Record<string, string>): Reply {
  return { ...r, headers: { ...(r.headers ?? {}), ...h } };
}
