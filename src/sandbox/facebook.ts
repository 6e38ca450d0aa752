/**
 * Emulator of the Facebook Graph API calls lm-post makes on a Page: feed posts, photos, listing and
 * reading posts, with Graph's error documents, appsecret_proof and usage headers.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256, sniffContentType } from './body.js';
import { sandboxAccounts } from './accounts.js';
import type { Emulator, Reply, RequestContext } from './server.js';
import { JsonStore, Window } from './store.js';
import type { SandboxMedia, SandboxPost } from './types.js';

/** The Page's id; its name comes from the charter's organisation (./accounts.ts). */
export const FACEBOOK_PAGE = { id: '102030405060708', ...sandboxAccounts().facebook };
export const FACEBOOK_TOKEN = 'sandbox-facebook-page-token';
export const FACEBOOK_APP_SECRET = 'sandbox-facebook-app-secret';
export const GRAPH_VERSION = 'v24.0';
/** The sandbox's Facebook app (its id is the one debug_token reports). */
export const FACEBOOK_APP_ID = '000000000000001';
/**
 * A short-lived user token, as the Graph API Explorer gives one (about an hour): what a volunteer
 * pastes into `lm-post connect facebook`, which exchanges it for a long-lived one, then for the
 * Page's token.
 */
export const FACEBOOK_USER_TOKEN = 'sandbox-facebook-user-token';
/** Lifetime of a long-lived user token: about 60 days (Graph's expires_in, 5183944 s). */
const LONG_LIVED_S = 5_183_944;

interface FPost {
  id: string;
  message: string;
  link: string | null;
  photoIds: string[];
  published: boolean;
  scheduledAt: number | null;
  createdAt: string;
}

interface FPhoto {
  id: string;
  caption: string;
  /** Graph's `alt_text_custom`: the image description screen readers announce. */
  altText?: string;
  sourceUrl: string | null;
  size: number;
  sha256: string;
  contentType: string | null;
  published: boolean;
  postId: string | null;
  createdAt: string;
}

interface FState {
  posts: FPost[];
  photos: FPhoto[];
  counter: number;
  /** Long-lived user tokens issued by the fb_exchange_token grant, with their expiry (epoch s). */
  userTokens?: Record<string, number>;
}

interface GraphErrorFields {
  message: string;
  type: string;
  code: number;
  error_subcode?: number;
  is_transient?: boolean;
  error_user_title?: string;
  error_user_msg?: string;
}

function fbtrace(): string {
  return randomBytes(8).toString('base64').replace(/[+/=]/g, 'A');
}

function graphError(status: number, e: GraphErrorFields, headers: Record<string, string> = {}): Reply {
  return { status, headers, body: { error: { ...e, fbtrace_id: fbtrace() } } };
}

/** Graph's window for a scheduled Page post, in seconds ahead of the request (see createFeed). */
export const FACEBOOK_SCHEDULE_MIN_S = 10 * 60;
export const FACEBOOK_SCHEDULE_MAX_S = 30 * 24 * 3600;
const invalidParam = (message: string): Reply => graphError(400, { message: `(#100) ${message}`, type: 'OAuthException', code: 100 });

function unsupported(method: string, id: string): Reply {
  return graphError(400, {
    message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
    type: 'GraphMethodException',
    code: 100,
    error_subcode: 33,
  });
}

/** Graph's timestamp format: `2024-05-01T12:00:00+0000`. */
function graphTime(iso: string): string {
  return iso.replace(/\.\d{3}Z$/, '+0000');
}

function bool(v: unknown, dflt: boolean): boolean {
  if (v === undefined || v === null || v === '') return dflt;
  if (typeof v === 'boolean') return v;
  return !['false', '0', 'off'].includes(String(v).toLowerCase());
}

/** Splits `a,b{c,d},e` at top-level commas (Graph field expansion syntax). */
function fieldList(v: unknown, dflt: string[]): string[] {
  if (typeof v !== 'string' || !v) return dflt;
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of v) {
    if (ch === '{') depth += 1;
    if (ch === '}') depth -= 1;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out.map((f) => f.replace(/[{.].*$/, ''));
}

export class FacebookEmulator implements Emulator {
  readonly network = 'facebook' as const;
  readonly secretFields = ['access_token', 'input_token'] as const;
  private readonly store: JsonStore<FState>;
  /** Stands in for the Page's Business Use Case budget; its use is reported in the usage headers. */
  private readonly window = new Window(4800, 3600_000);
  baseUrl = '';
  private readonly pageName: string;

  constructor(
    stateDir: string | undefined,
    /** The app's "Require App Secret" setting: every call must carry appsecret_proof. */
    private readonly requireProof = false,
    organisation?: string,
  ) {
    this.pageName = sandboxAccounts(organisation).facebook.name;
    this.store = new JsonStore<FState>(stateDir, 'facebook', () => ({ posts: [], photos: [], counter: 0 }));
  }

  private get state(): FState {
    return this.store.data;
  }

  private nextNumber(): string {
    this.state.counter += 1;
    return String(1_000_000_000_000_000n + BigInt(this.state.counter));
  }

  private usageHeaders(callPct: number, regainMinutes: number): Record<string, string> {
    const pct = Math.min(100, Math.round(callPct));
    return {
      'X-App-Usage': JSON.stringify({ call_count: pct, total_cputime: Math.round(pct / 4), total_time: Math.round(pct / 3) }),
      'X-Business-Use-Case-Usage': JSON.stringify({
        [FACEBOOK_PAGE.id]: [
          { type: 'pages', call_count: pct, total_cputime: Math.round(pct / 4), total_time: Math.round(pct / 3), estimated_time_to_regain_access: regainMinutes },
        ],
      }),
      'facebook-api-version': GRAPH_VERSION,
    };
  }

  private currentUsage(): Record<string, string> {
    return this.usageHeaders(((this.window.limit - this.window.remaining()) / this.window.limit) * 100, 0);
  }

  /** Version prefix removed: Graph serves any /vNN.N/ and unversioned paths alike. */
  static stripVersion(path: string): string {
    return path.replace(/^\/v\d+\.\d+(?=\/|$)/, '') || '/';
  }

  private params(ctx: RequestContext): Record<string, unknown> {
    return { ...ctx.query, ...ctx.body.fields };
  }

  private authError(ctx: RequestContext, p: Record<string, unknown>): Reply | null {
    const m = /^(?:OAuth|Bearer)\s+(.+)$/i.exec((ctx.headers.authorization ?? '').trim());
    const token = typeof p.access_token === 'string' ? p.access_token : m?.[1];
    if (!token) {
      return graphError(400, { message: '(#104) An access token is required to request this resource.', type: 'OAuthException', code: 104 });
    }
    if (token !== FACEBOOK_TOKEN) {
      return graphError(
        400,
        { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190 },
        { 'WWW-Authenticate': 'OAuth "Facebook Platform" "invalid_token" "Invalid OAuth access token - Cannot parse access token"' },
      );
    }
    const proof = p.appsecret_proof;
    if (proof === undefined && this.requireProof) {
      // With "Require App Secret" on, Graph refuses server calls without a proof (Graph API docs,
      // "Securing Requests": appsecret_proof).
      return graphError(400, { message: 'API calls from the server require an appsecret_proof argument', type: 'GraphMethodException', code: 100 });
    }
    if (proof !== undefined) {
      const expected = Buffer.from(createHmac('sha256', FACEBOOK_APP_SECRET).update(token).digest('hex'));
      const given = Buffer.from(String(proof));
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
        return graphError(400, { message: 'Invalid appsecret_proof provided in the API argument', type: 'GraphMethodException', code: 100 });
      }
    }
    return null;
  }

  /**
   * The token set-up (`lm-post connect facebook`), answered before the Page-token check:
   * - GET /oauth/access_token?grant_type=client_credentials&client_id&client_secret: the app's own
   *   token (checks the app id and secret);
   * - GET /oauth/access_token?grant_type=fb_exchange_token&client_id&client_secret&fb_exchange_token:
   *   a long-lived user token ({access_token, token_type: bearer, expires_in ≈ 60 days}); a wrong
   *   secret or token is refused (Facebook Login docs, "Long-Lived Access Tokens");
   * - GET /me/accounts with a user token: the Pages the user manages, each with its Page token —
   *   from a long-lived user token, a Page token without expiry (same page, "Get a Long-lived
   *   Page Access Token"); with a Page token, /me is the Page and has no accounts edge (#100);
   * - GET /debug_token with an app token (APP_ID|APP_SECRET) or a user token: the inspected
   *   token's type and expiry (Graph API reference, /debug_token).
   */
  private tokenSetUp(ctx: RequestContext, p: Record<string, unknown>): Reply | null {
    const path = FacebookEmulator.stripVersion(ctx.path);
    if (ctx.method !== 'GET') return null;
    const userToken = (t: unknown): boolean => typeof t === 'string' && (t === FACEBOOK_USER_TOKEN || (this.state.userTokens?.[t] ?? 0) > Date.now() / 1000);
    if (path === '/oauth/access_token') {
      if (p.grant_type !== 'fb_exchange_token' && p.grant_type !== 'client_credentials') return invalidParam('Missing or unsupported grant_type');
      if (p.client_id !== FACEBOOK_APP_ID) return graphError(400, { message: 'Error validating application. Invalid application ID.', type: 'OAuthException', code: 101 });
      if (p.client_secret !== FACEBOOK_APP_SECRET) return graphError(400, { message: 'Error validating client secret.', type: 'OAuthException', code: 1 });
      // An app access token (Facebook Login docs, "App Access Tokens"): APP_ID|… , no expiry.
      if (p.grant_type === 'client_credentials') return { status: 200, body: { access_token: `${FACEBOOK_APP_ID}|${createHmac('sha256', FACEBOOK_APP_SECRET).update('app').digest('base64url').slice(0, 27)}`, token_type: 'bearer' } };
      if (!userToken(p.fb_exchange_token)) return graphError(400, { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190 });
      const token = `sandbox-facebook-long-lived-${randomBytes(12).toString('hex')}`;
      (this.state.userTokens ??= {})[token] = Math.floor(Date.now() / 1000) + LONG_LIVED_S;
      this.store.save();
      return { status: 200, body: { access_token: token, token_type: 'bearer', expires_in: LONG_LIVED_S } };
    }
    if (path === '/me/accounts' && userToken(p.access_token)) {
      const longLived = p.access_token !== FACEBOOK_USER_TOKEN;
      return {
        status: 200,
        body: {
          data: [
            {
              // From a short-lived user token, Graph gives an hour-long Page token: the sandbox gives one
              // it does not accept for publishing, so that only the long-lived path works.
              access_token: longLived ? FACEBOOK_TOKEN : `${FACEBOOK_TOKEN}-1h`,
              category: 'Association',
              category_list: [{ id: '2604', name: 'Association' }],
              name: this.pageName,
              id: FACEBOOK_PAGE.id,
              tasks: ['ADVERTISE', 'ANALYZE', 'CREATE_CONTENT', 'MESSAGING', 'MODERATE', 'MANAGE'],
            },
          ],
          paging: { cursors: { before: 'QVFIUbefore', after: 'QVFIUafter' } },
        },
      };
    }
    if (path === '/debug_token' && (p.access_token === `${FACEBOOK_APP_ID}|${FACEBOOK_APP_SECRET}` || userToken(p.access_token))) {
      const input = p.input_token;
      const now = Math.floor(Date.now() / 1000);
      const base = { app_id: FACEBOOK_APP_ID, application: 'lm-post sandbox', data_access_expires_at: now + 90 * 86400, scopes: ['pages_show_list', 'pages_read_engagement', 'pages_manage_posts'] };
      if (input === FACEBOOK_TOKEN) return { status: 200, body: { data: { ...base, type: 'PAGE', expires_at: 0, is_valid: true, profile_id: FACEBOOK_PAGE.id } } };
      if (input === `${FACEBOOK_TOKEN}-1h`) return { status: 200, body: { data: { ...base, type: 'PAGE', expires_at: now + 3600, is_valid: true, profile_id: FACEBOOK_PAGE.id } } };
      if (typeof input === 'string' && userToken(input)) {
        return { status: 200, body: { data: { ...base, type: 'USER', expires_at: input === FACEBOOK_USER_TOKEN ? now + 3600 : this.state.userTokens![input]!, is_valid: true, user_id: '10000000000000001' } } };
      }
      return { status: 200, body: { data: { is_valid: false, error: { code: 190, message: 'Invalid OAuth access token.' }, scopes: [] } } };
    }
    return null;
  }

  handle(ctx: RequestContext): Reply {
    const p = this.params(ctx);
    const setUp = this.tokenSetUp(ctx, p);
    if (setUp) return setUp;
    const auth = this.authError(ctx, p);
    if (auth) return auth;
    if (!this.window.hit()) return this.rateLimitReply(ctx, Math.ceil((this.window.resetMs() - Date.now()) / 1000));
    if (ctx.body.error) return { ...invalidParam(ctx.body.error), headers: this.currentUsage() };
    const reply = this.dispatch(ctx, p);
    return { ...reply, headers: { ...(reply.headers ?? {}), ...this.currentUsage() } };
  }

  private dispatch(ctx: RequestContext, p: Record<string, unknown>): Reply {
    const parts = FacebookEmulator.stripVersion(ctx.path).split('/').filter(Boolean);
    const [node, edge, ...rest] = parts;
    const method = ctx.method;
    if (!node || rest.length) return unsupported(method, parts.join('/'));
    const isPage = node === FACEBOOK_PAGE.id || node === 'me';

    if (isPage && !edge) {
      if (method !== 'GET') return unsupported(method, node);
      const fields = fieldList(p.fields, ['name', 'id']);
      const page: Record<string, unknown> = { id: FACEBOOK_PAGE.id, name: this.pageName, link: `${this.baseUrl}/${FACEBOOK_PAGE.id}` };
      return { status: 200, body: pick(page, fields) };
    }
    if (isPage && edge) {
      if (method === 'POST' && edge === 'feed') return this.createFeed(p, ctx.body.kind);
      if (method === 'POST' && edge === 'photos') return this.createPhoto(ctx, p);
      if (method === 'GET' && (edge === 'feed' || edge === 'posts' || edge === 'published_posts')) return this.listPosts(edge, p, (x) => x.published);
      if (method === 'GET' && edge === 'scheduled_posts') return this.listPosts(edge, p, (x) => !x.published && x.scheduledAt !== null);
      return graphError(400, { message: `(#100) Tried accessing nonexisting field (${edge}) on node type (Page)`, type: 'OAuthException', code: 100 });
    }
    if (edge) return unsupported(method, `${node}/${edge}`);
    if (node === 'debug_token' && method === 'GET') {
      // Graph's token inspection (Graph API reference, /debug_token): a long-lived Page token
      // derived from a long-lived user token never expires (expires_at 0).
      if (p.input_token !== FACEBOOK_TOKEN) return { status: 200, body: { data: { is_valid: false, error: { code: 190, message: 'Invalid OAuth access token.' }, scopes: [] } } };
      return {
        status: 200,
        body: {
          data: {
            app_id: '000000000000001',
            type: 'PAGE',
            application: 'lm-post sandbox',
            data_access_expires_at: Math.floor(Date.now() / 1000) + 90 * 86400,
            expires_at: 0,
            is_valid: true,
            profile_id: FACEBOOK_PAGE.id,
            scopes: ['pages_show_list', 'pages_read_engagement', 'pages_manage_posts'],
          },
        },
      };
    }

    const post = this.state.posts.find((x) => x.id === node);
    if (post) {
      if (method === 'GET') return { status: 200, body: this.postJson(post, fieldList(p.fields, ['created_time', 'message', 'id'])) };
      if (method === 'DELETE') {
        this.state.posts.splice(this.state.posts.indexOf(post), 1);
        this.store.save();
        return { status: 200, body: { success: true } };
      }
      return unsupported(method, node);
    }
    const photo = this.state.photos.find((x) => x.id === node);
    if (photo && method === 'GET') {
      const body: Record<string, unknown> = { id: photo.id, created_time: graphTime(photo.createdAt), name: photo.caption || undefined, link: `${this.baseUrl}/photo/?fbid=${photo.id}` };
      return { status: 200, body: pick(body, fieldList(p.fields, ['created_time', 'name', 'id'])) };
    }
    return unsupported(method, node);
  }

  private createFeed(p: Record<string, unknown>, bodyKind: string): Reply {
    const message = typeof p.message === 'string' ? p.message : '';
    const link = typeof p.link === 'string' && p.link ? p.link : null;
    const rawAttached = p.attached_media === undefined ? [] : Array.isArray(p.attached_media) ? p.attached_media : [p.attached_media];
    const photoIds: string[] = [];
    for (const [i, a] of rawAttached.entries()) {
      let v: unknown = a;
      // Graph documents `attached_media[0]={"media_fbid":"…"}` in a form (or query string), and
      // `[{ "media_fbid": "…" }]` objects in a JSON body (Page feed reference, "Publish with photos").
      // JSON-encoded strings inside a JSON body are not documented: refused here, so that the suite
      // cannot pass on a form the real Graph may not read.
      if (typeof a === 'string' && bodyKind === 'json') {
        return invalidParam(`param attached_media[${i}] must be an object with a media_fbid, not a string`);
      }
      if (typeof a === 'string') {
        try {
          v = JSON.parse(a);
        } catch {
          return invalidParam(`param attached_media[${i}] must be a JSON object`);
        }
      }
      const fbid = v && typeof v === 'object' ? (v as { media_fbid?: unknown }).media_fbid : undefined;
      const photo = this.state.photos.find((x) => x.id === String(fbid) && !x.published && x.postId === null);
      if (!photo) return invalidParam(`param attached_media[${i}] has an invalid media_fbid`);
      photoIds.push(photo.id);
    }
    if (!message && !link && photoIds.length === 0) return invalidParam('Missing message or attachment');
    // A feed post carries either a link (preview card) or attached photos; the combination is not
    // documented (Graph Page feed reference) and real Graph drops one of them: refused here.
    if (link && photoIds.length) return invalidParam('link and attached_media cannot be used together');
    if (link) {
      try {
        const u = new URL(link);
        if (!/^https?:$/.test(u.protocol)) throw new Error('scheme');
      } catch {
        return invalidParam('link URL is not properly formatted');
      }
    }
    const published = bool(p.published, true);
    let scheduledAt: number | null = null;
    if (p.scheduled_publish_time !== undefined && p.scheduled_publish_time !== '') {
      const raw = p.scheduled_publish_time;
      scheduledAt = /^\d+$/.test(String(raw)) ? Number(raw) : Math.floor(Date.parse(String(raw)) / 1000);
      if (published) return invalidParam('Cannot specify a scheduled publish time on a published post');
      // A Page post may be scheduled from 10 minutes to 30 days ahead (Pages API "Posts" guide,
      // developers.facebook.com/docs/pages-api/posts, `scheduled_publish_time`; SDK-NOTES "The real
      // APIs in late 2026"). Outside it Graph answers 400, OAuthException code 100, "(#100) The
      // specified scheduled publish time is invalid." (the wording Graph users report for a time
      // outside that window; no error_subcode is documented for it, so none is invented here).
      const delta = scheduledAt - Date.now() / 1000;
      if (!Number.isFinite(delta) || delta < FACEBOOK_SCHEDULE_MIN_S || delta > FACEBOOK_SCHEDULE_MAX_S) return invalidParam('The specified scheduled publish time is invalid.');
    }
    const last = this.state.posts[this.state.posts.length - 1];
    // Facebook refuses a status identical to the one posted just before.
    if (message && last && last.message === message) {
      return graphError(400, {
        message: 'Duplicate status message',
        type: 'OAuthException',
        code: 506,
        error_subcode: 1455006,
        is_transient: false,
        error_user_title: 'Duplicate Status Update',
        error_user_msg: 'This status update is identical to the last one you posted. Try posting something different, or delete your previous update.',
      });
    }
    const post = this.addPost(message, link, photoIds, published, scheduledAt);
    return { status: 200, body: { id: post.id } };
  }

  private addPost(message: string, link: string | null, photoIds: string[], published: boolean, scheduledAt: number | null): FPost {
    const post: FPost = { id: `${FACEBOOK_PAGE.id}_${this.nextNumber()}`, message, link, photoIds, published, scheduledAt, createdAt: new Date().toISOString() };
    for (const id of photoIds) this.state.photos.find((x) => x.id === id)!.postId = post.id;
    this.state.posts.push(post);
    this.store.save();
    return post;
  }

  private createPhoto(ctx: RequestContext, p: Record<string, unknown>): Reply {
    const file = ctx.body.files.source;
    const url = typeof p.url === 'string' && p.url ? p.url : null;
    if (!file && !url) return graphError(400, { message: '(#324) Requires upload file', type: 'OAuthException', code: 324 });
    if (file && !sniffContentType(file.data)?.startsWith('image/')) return graphError(400, { message: '(#324) Missing or invalid image file', type: 'OAuthException', code: 324 });
    if (file && file.data.length > 10 * 1024 * 1024) return graphError(400, { message: '(#100) Image size exceeds 10MB', type: 'OAuthException', code: 100 });
    // A `url` photo is not fetched (the sandbox never goes on the Internet): only the address is kept.
    const data = file?.data ?? Buffer.alloc(0);
    const published = bool(p.published, true);
    const caption = typeof p.caption === 'string' ? p.caption : typeof p.message === 'string' ? p.message : '';
    const photo: FPhoto = {
      id: this.nextNumber(),
      caption,
      ...(typeof p.alt_text_custom === 'string' && p.alt_text_custom ? { altText: p.alt_text_custom } : {}),
      sourceUrl: url,
      size: data.length,
      sha256: sha256(data),
      contentType: file ? sniffContentType(file.data) : null,
      published,
      postId: null,
      createdAt: new Date().toISOString(),
    };
    this.state.photos.push(photo);
    if (!published) {
      this.store.save();
      return { status: 200, body: { id: photo.id } };
    }
    const post = this.addPost(caption, null, [photo.id], true, null);
    photo.postId = post.id;
    this.store.save();
    return { status: 200, body: { id: photo.id, post_id: post.id } };
  }

  private postJson(post: FPost, fields: string[]): Record<string, unknown> {
    const full: Record<string, unknown> = {
      id: post.id,
      message: post.message || undefined,
      created_time: graphTime(post.createdAt),
      updated_time: graphTime(post.createdAt),
      permalink_url: this.permalink(post),
      is_published: post.published,
      scheduled_publish_time: post.scheduledAt ?? undefined,
      status_type: post.photoIds.length ? 'added_photos' : post.link ? 'shared_story' : 'mobile_status_update',
      from: { id: FACEBOOK_PAGE.id, name: this.pageName },
    };
    return pick(full, fields);
  }

  private permalink(post: FPost): string {
    return `${this.baseUrl}/${FACEBOOK_PAGE.id}/posts/${post.id.split('_')[1]}`;
  }

  private listPosts(edge: string, p: Record<string, unknown>, keep: (x: FPost) => boolean): Reply {
    const limit = Math.min(Math.max(Number(p.limit ?? 25) || 25, 1), 100);
    const fields = fieldList(p.fields, ['created_time', 'message', 'id']);
    const all = this.state.posts.filter(keep).reverse();
    let start = 0;
    if (typeof p.after === 'string') {
      const after = Buffer.from(p.after, 'base64').toString('utf8');
      start = all.findIndex((x) => x.id === after) + 1;
    }
    const page = all.slice(start, start + limit);
    const body: Record<string, unknown> = { data: page.map((x) => this.postJson(x, fields)) };
    if (page.length) {
      const cursor = (x: FPost): string => Buffer.from(x.id).toString('base64');
      const paging: Record<string, unknown> = { cursors: { before: cursor(page[0]!), after: cursor(page[page.length - 1]!) } };
      if (start + limit < all.length) {
        // Graph's `next` is a full URL carrying the token, which is what SDK cursors follow.
        const q = new URLSearchParams({ access_token: FACEBOOK_TOKEN, fields: fields.join(','), limit: String(limit), after: cursor(page[page.length - 1]!) });
        paging.next = `${this.baseUrl}/${GRAPH_VERSION}/${FACEBOOK_PAGE.id}/${edge}?${q}`;
      }
      body.paging = paging;
    }
    return { status: 200, body };
  }

  faultReply(_ctx: RequestContext, status: number, body: unknown, headers: Record<string, string>): Reply {
    if (body !== undefined) return { status, body, headers: { ...this.currentUsage(), ...headers } };
    const defaults: Record<number, GraphErrorFields> = {
      400: { message: '(#100) Invalid parameter', type: 'OAuthException', code: 100 },
      401: { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190 },
      403: { message: '(#200) Permissions error', type: 'OAuthException', code: 200 },
      413: { message: '(#100) Request too large', type: 'OAuthException', code: 100 },
      429: { message: '(#4) Application request limit reached', type: 'OAuthException', code: 4, is_transient: true },
      500: { message: 'An unknown error has occurred.', type: 'OAuthException', code: 1, is_transient: true },
      503: { message: 'Service temporarily unavailable', type: 'OAuthException', code: 2, is_transient: true },
    };
    const e = defaults[status] ?? (status >= 500 ? defaults[500]! : defaults[400]!);
    return { ...graphError(status, e), headers: { ...this.currentUsage(), ...headers } };
  }

  rateLimitReply(_ctx: RequestContext, resetInSeconds: number): Reply {
    const regain = Math.max(1, Math.ceil(resetInSeconds / 60));
    const headers = this.usageHeaders(100, regain);
    headers['X-Page-Usage'] = JSON.stringify({ call_count: 100, total_cputime: 25, total_time: 33, estimated_time_to_regain_access: regain });
    return graphError(400, { message: '(#32) Page request limit reached', type: 'OAuthException', code: 32, is_transient: true }, headers);
  }

  posts(): SandboxPost[] {
    return this.state.posts.map((x) => ({
      network: 'facebook',
      id: x.id,
      text: x.message,
      replyTo: null,
      quoteOf: null,
      media: x.photoIds.map((id) => this.mediaOut(this.state.photos.find((ph) => ph.id === id)!)),
      visibility: null,
      spoiler: null,
      language: null,
      idempotencyKey: null,
      createdAt: x.createdAt,
      url: this.permalink(x),
      link: x.link,
      published: x.published,
      scheduledAt: x.scheduledAt === null ? null : new Date(x.scheduledAt * 1000).toISOString(),
    }));
  }

  media(): SandboxMedia[] {
    return this.state.photos.map((x) => this.mediaOut(x));
  }

  private mediaOut(x: FPhoto): SandboxMedia {
    // Alt text is `alt_text_custom`; older clients only had the caption to describe a photo.
    return { id: x.id, altText: x.altText ?? (x.caption || null), sha256: x.sha256, bytes: x.size, contentType: x.contentType };
  }
}

function pick(obj: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (obj[f] !== undefined) out[f] = obj[f];
  // Graph always returns the id, requested or not.
  if (obj.id !== undefined) out.id = obj.id;
  return out;
}
