/**
 * Emulator of the Mastodon REST API endpoints lm-post uses (statuses, media, account, instance), with
 * Mastodon's Idempotency-Key, its asynchronous media processing and its validation errors.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256, sniffContentType } from './body.js';
import { sandboxAccounts } from './accounts.js';
import type { Emulator, Reply, RequestContext } from './server.js';
import { IdGenerator, JsonStore, Window, compareIds } from './store.js';
import type { SandboxMedia, SandboxPost } from './types.js';

export const MASTODON_TOKEN = 'sandbox-mastodon-token';
/**
 * Tokens of the sandbox account and their OAuth scopes (docs.joinmastodon.org/api/oauth-scopes).
 * The main one has what lm-post needs; the others lack one scope each, for the tests.
 */
export const MASTODON_TOKENS: Record<string, readonly string[]> = {
  [MASTODON_TOKEN]: ['read', 'write'],
  'sandbox-mastodon-token-no-read-accounts': ['write:statuses', 'write:media', 'read:statuses'],
  'sandbox-mastodon-token-no-write-media': ['read:accounts', 'read:statuses', 'write:statuses'],
  // What lm-post asked for before read:statuses was required (reconciliation reads the statuses).
  'sandbox-mastodon-token-no-read-statuses': ['write:statuses', 'write:media', 'read:accounts'],
  'sandbox-mastodon-token-no-write-statuses': ['read:accounts', 'read:statuses', 'write:media'],
};
/** The account's id; its names come from the charter's organisation (./accounts.ts). */
export const MASTODON_ACCOUNT = { id: '109000000000000001', ...sandboxAccounts().mastodon };
/**
 * The scopes the sandbox application was registered with. `GET /api/v1/apps/verify_credentials`
 * lists these (docs.joinmastodon.org/entities/Application, `scopes`: "the scopes for your
 * application … registered"), not the narrower scopes a given token was granted: it proves nothing
 * about a token, which is why lm-post proves each scope with a request that needs it.
 */
export const MASTODON_APP_SCOPES: readonly string[] = ['read', 'write'];

/** The instance's languages for its localised error texts. */
export type MastodonLocale = 'en' | 'fr';

/**
 * French texts of the errors Mastodon localises: the validation errors (Api::BaseController renders
 * `e.to_s` of ActiveRecord::RecordInvalid or Mastodon::ValidationError, both built with I18n: Rails'
 * "La validation a échoué : %{errors}", Mastodon's media_attachments.validations.*). The wording
 * follows the French locale files but is not checked word for word: what matters here is that an
 * instance speaking French does not answer in English. The other API errors ('Record not found',
 * 'This action is outside the authorized scopes'…) are fixed English strings in Api::BaseController.
 */
const FRENCH: ReadonlyArray<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^Validation failed: Text can't be blank$/, () => 'La validation a échoué : Texte doit être rempli(e)'],
  [/^Validation failed: Text character limit of (\d+) exceeded$/, (m) => `La validation a échoué : Texte dépasse la limite de ${m[1]} caractères`],
  [/^Validation failed: File can't be blank$/, () => 'La validation a échoué : Fichier doit être rempli(e)'],
  [/^Cannot attach files that have not finished processing\. Try again in a moment!$/, () => 'Impossible de joindre les fichiers en cours de traitement. Réessayez dans un instant !'],
  [/^Cannot attach more than (\d+) files$/, (m) => `Il n’est pas possible de joindre plus de ${m[1]} fichiers`],
];
/** How long an uploaded GIF, video or audio stays "processing" (url null, 206) — long enough to exercise polling. */
export const MEDIA_PROCESSING_MS = 300;
const IDEMPOTENCY_TTL_MS = 3600_000;
const MAX_CHARACTERS = 500;
const MAX_MEDIA = 4;
const URL_WEIGHT = 23;
const VISIBILITIES = ['public', 'unlisted', 'private', 'direct'];

interface MStatus {
  id: string;
  text: string;
  spoiler: string;
  visibility: string;
  language: string | null;
  sensitive: boolean;
  replyTo: string | null;
  mediaIds: string[];
  createdAt: string;
  idempotencyKey: string | null;
}

interface MMedia {
  id: string;
  type: string;
  contentType: string;
  filename: string | null;
  size: number;
  sha256: string;
  description: string | null;
  focus: string | null;
  createdAt: string;
  readyAt: number;
  statusId: string | null;
}

interface MState {
  statuses: MStatus[];
  media: MMedia[];
  idempotency: Record<string, { statusId: string; at: number }>;
  lastId?: string;
  /** OAuth applications registered with POST /api/v1/apps (`lm-post connect mastodon`). */
  apps?: MApp[];
  /** Authorization codes given by GET /oauth/authorize, single use. */
  codes?: Record<string, { clientId: string; redirectUri: string; scopes: string[]; expiresAt: number }>;
  /** Access tokens issued by POST /oauth/token, for the sandbox account. */
  tokens?: Record<string, { clientId: string; scopes: string[] }>;
}

interface MApp {
  id: string;
  name: string;
  website: string | null;
  scopes: string[];
  redirectUris: string[];
  clientId: string;
  clientSecret: string;
}

/** Mastodon's OAuth scopes (docs.joinmastodon.org/api/oauth-scopes): anything else is refused. */
const KNOWN_SCOPES = new Set([
  'read', 'write', 'follow', 'push', 'profile',
  ...['accounts', 'blocks', 'bookmarks', 'favourites', 'filters', 'follows', 'lists', 'mutes', 'notifications', 'search', 'statuses'].map((x) => `read:${x}`),
  ...['accounts', 'blocks', 'bookmarks', 'conversations', 'favourites', 'filters', 'follows', 'lists', 'media', 'mutes', 'notifications', 'reports', 'statuses'].map((x) => `write:${x}`),
]);
const OOB = 'urn:ietf:wg:oauth:2.0:oob';
/** Doorkeeper's default lifetime of an authorization code (authorization_code_expires_in: 10 minutes). */
const CODE_TTL_MS = 10 * 60_000;
/** Doorkeeper's OAuth error bodies, word for word (docs.joinmastodon.org/methods/oauth). */
const OAUTH_ERRORS = {
  invalid_grant: 'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
  invalid_scope: 'The requested scope is invalid, unknown, or malformed.',
  invalid_client: 'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
  unsupported_grant_type: 'The authorization grant type is not supported by the authorization server.',
  invalid_request: 'The request is missing a required parameter, includes an unsupported parameter value, or is otherwise malformed.',
} as const;
const oauthErr = (status: number, error: keyof typeof OAUTH_ERRORS): Reply => ({ status, body: { error, error_description: OAUTH_ERRORS[error] } });
const randomToken = (): string => randomBytes(32).toString('base64url');

const err = (status: number, error: string): Reply => ({ status, body: { error } });
const UNAUTHORIZED = (): Reply => err(401, 'The access token is invalid');
const NOT_FOUND = (): Reply => err(404, 'Record not found');

/** Mastodon's counter: graphemes, every http(s) URL as 23, `@user@domain` as `@user`. */
export function mastodonLength(text: string): number {
  const normalised = text
    .replace(/https?:\/\/[^\s<>"]+/gi, 'x'.repeat(URL_WEIGHT))
    .replace(/(@[a-z0-9_]+)@[a-z0-9.-]+\.[a-z]{2,}/gi, '$1');
  let n = 0;
  for (const _ of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(normalised)) n += 1;
  return n;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Plain text to the HTML Mastodon stores: paragraphs, line breaks, linked URLs and hashtags. */
function toHtml(text: string, base: string): string {
  const linkify = (line: string): string =>
    line
      .split(/(https?:\/\/[^\s<>"]+)/gi)
      .map((part, i) => {
        if (i % 2 === 1) return `<a href="${escapeHtml(part)}" target="_blank" rel="nofollow noopener" translate="no">${escapeHtml(part)}</a>`;
        return escapeHtml(part).replace(
          /(^|[^\p{L}\p{N}_&])#([\p{L}\p{N}_]+)/gu,
          (_m, pre: string, tag: string) => `${pre}<a href="${base}/tags/${encodeURIComponent(tag.toLowerCase())}" class="mention hashtag" rel="tag">#<span>${tag}</span></a>`,
        );
      })
      .join('');
  return text
    .trim()
    .split(/\n{2,}/)
    .map((p) => `<p>${p.split('\n').map(linkify).join('<br />')}</p>`)
    .join('');
}

function bool(v: unknown): boolean | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'boolean') return v;
  return ['1', 'true', 'on', 't'].includes(String(v).toLowerCase());
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

export class MastodonEmulator implements Emulator {
  readonly network = 'mastodon' as const;
  readonly secretFields = ['access_token'] as const;
  private readonly store: JsonStore<MState>;
  private readonly ids: IdGenerator;
  /** Mastodon's default throttles: 300 calls / 5 min per account, 30 media uploads / 30 min. */
  private readonly general = new Window(300, 5 * 60_000);
  private readonly mediaWindow = new Window(30, 30 * 60_000);
  baseUrl = '';

  private readonly account: { id: string; username: string; display_name: string };

  /**
   * `defaultLocale` is the instance's DEFAULT_LOCALE: when set, Mastodon ignores the request's
   * Accept-Language (app/controllers/concerns/localized.rb: `http_accept_language if
   * ENV['DEFAULT_LOCALE'].blank?`), so a French instance answers in French whatever is asked.
   */
  constructor(
    stateDir: string | undefined,
    organisation?: string,
    private readonly defaultLocale?: MastodonLocale,
  ) {
    this.account = { id: MASTODON_ACCOUNT.id, ...sandboxAccounts(organisation).mastodon };
    this.store = new JsonStore<MState>(stateDir, 'mastodon', () => ({ statuses: [], media: [], idempotency: {} }));
    this.ids = new IdGenerator(0n, 16n, this.store.data.lastId);
  }

  private get state(): MState {
    return this.store.data;
  }

  private nextId(): string {
    const id = this.ids.next();
    this.state.lastId = id;
    return id;
  }

  private rateHeaders(w: Window): Record<string, string> {
    return {
      'X-RateLimit-Limit': String(w.limit),
      'X-RateLimit-Remaining': String(w.remaining()),
      'X-RateLimit-Reset': new Date(w.resetMs()).toISOString(),
    };
  }

  private tokenOf(ctx: RequestContext): string | undefined {
    const h = ctx.headers.authorization ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(h.trim());
    return m ? m[1] : ctx.query.access_token ?? str(ctx.body.fields.access_token);
  }

  private tokenScopes(ctx: RequestContext): readonly string[] | undefined {
    const token = this.tokenOf(ctx);
    return token ? (MASTODON_TOKENS[token] ?? this.state.tokens?.[token]?.scopes) : undefined;
  }

  /** `read:accounts` is granted by itself, by its umbrella `read`, and (verify_credentials) by `profile`. */
  private static allows(scopes: readonly string[], need: readonly string[]): boolean {
    return need.length === 0 || need.some((n) => scopes.includes(n) || scopes.includes(n.split(':')[0]!));
  }

  handle(ctx: RequestContext): Reply {
    const { method, path } = ctx;
    // Instance metadata is public on Mastodon: no token, no per-account throttle.
    if (method === 'GET' && path === '/api/v1/instance') return { status: 200, body: this.instanceV1() };
    if (method === 'GET' && path === '/api/v2/instance') return { status: 200, body: this.instanceV2() };
    // OAuth, public endpoints (what `lm-post connect mastodon` goes through).
    if (method === 'POST' && path === '/api/v1/apps') return this.createApp(ctx);
    if (method === 'GET' && path === '/oauth/authorize') return this.authorize(ctx);
    if (method === 'POST' && path === '/oauth/token') return this.token(ctx);

    // Each route with the scopes that grant it, as Mastodon's controllers declare them
    // (`doorkeeper_authorize! :read, :'read:accounts'`…; docs.joinmastodon.org/methods/*, "OAuth").
    const routes: Array<[string, RegExp, readonly string[], (m: string[]) => Reply]> = [
      ['GET', /^\/api\/v1\/accounts\/verify_credentials$/, ['read:accounts', 'profile'], () => ({ status: 200, body: { ...this.accountJson(), source: this.source() } })],
      // Apps::CredentialsController: any valid token (no scope).
      ['GET', /^\/api\/v1\/apps\/verify_credentials$/, [], () => ({ status: 200, body: this.appJson(ctx) })],
      // AccountsController#show: `authorize_if_got_token! :read, :'read:accounts'`.
      ['GET', /^\/api\/v1\/accounts\/(\d+)$/, ['read:accounts'], (m) => (m[0] === MASTODON_ACCOUNT.id ? { status: 200, body: this.accountJson() } : NOT_FOUND())],
      // Accounts::StatusesController: `authorize_if_got_token! :read, :'read:statuses'` (a token
      // without read:statuses gets 403 here: reconciliation cannot read the account's statuses).
      ['GET', /^\/api\/v1\/accounts\/(\d+)\/statuses$/, ['read:statuses'], (m) => this.accountStatuses(m[0]!, ctx)],
      // StatusesController: `doorkeeper_authorize! :write, :'write:statuses'` for create, update,
      // destroy; `authorize_if_got_token! :read, :'read:statuses'` for the rest.
      ['POST', /^\/api\/v1\/statuses$/, ['write:statuses'], () => this.createStatus(ctx)],
      ['GET', /^\/api\/v1\/statuses\/(\d+)$/, ['read:statuses'], (m) => this.getStatus(m[0]!)],
      ['PUT', /^\/api\/v1\/statuses\/(\d+)$/, ['write:statuses'], (m) => this.updateStatus(m[0]!, ctx)],
      ['DELETE', /^\/api\/v1\/statuses\/(\d+)$/, ['write:statuses'], (m) => this.deleteStatus(m[0]!)],
      // MediaController (v1 and v2): `doorkeeper_authorize! :write, :'write:media'` for every action.
      ['POST', /^\/api\/v2\/media$/, ['write:media'], () => this.createMedia(ctx, true)],
      ['POST', /^\/api\/v1\/media$/, ['write:media'], () => this.createMedia(ctx, false)],
      ['GET', /^\/api\/v1\/media\/(\d+)$/, ['write:media'], (m) => this.getMedia(m[0]!)],
      ['PUT', /^\/api\/v1\/media\/(\d+)$/, ['write:media'], (m) => this.updateMedia(m[0]!, ctx)],
    ];
    for (const [verb, re, need, fn] of routes) {
      if (verb !== method) continue;
      const m = re.exec(path);
      if (!m) continue;
      const scopes = this.tokenScopes(ctx);
      if (!scopes) return UNAUTHORIZED();
      // A valid token without the route's scope: 403 with Mastodon's own words (Api::BaseController).
      if (!MastodonEmulator.allows(scopes, need)) return err(403, 'This action is outside the authorized scopes');
      const isMediaUpload = method === 'POST' && path.endsWith('/media');
      const w = isMediaUpload ? this.mediaWindow : this.general;
      if (!w.hit() || (isMediaUpload && !this.general.hit())) {
        return { ...err(429, 'Too many requests'), headers: this.rateHeaders(w) };
      }
      if (ctx.body.error) return { ...err(400, ctx.body.error), headers: this.rateHeaders(w) };
      const reply = this.localise(fn(m.slice(1)), ctx);
      return { ...reply, headers: { ...(reply.headers ?? {}), ...this.rateHeaders(w) } };
    }
    return err(404, 'Not Found');
  }

  private createStatus(ctx: RequestContext): Reply {
    const f = ctx.body.fields;
    const key = ctx.headers['idempotency-key'];
    if (key) {
      // As Mastodon: keyed by account + key for one hour, bodies are not compared.
      const hit = this.state.idempotency[key];
      if (hit && Date.now() - hit.at < IDEMPOTENCY_TTL_MS) {
        const existing = this.state.statuses.find((s) => s.id === hit.statusId);
        if (existing) return { status: 200, body: this.statusJson(existing) };
      }
    }
    const text = str(f.status) ?? '';
    const spoiler = str(f.spoiler_text) ?? '';
    const rawMedia = f.media_ids;
    const mediaIds = (Array.isArray(rawMedia) ? rawMedia : rawMedia === undefined || rawMedia === '' ? [] : [rawMedia]).map(String);
    const visibility = str(f.visibility) ?? 'public';
    const replyTo = str(f.in_reply_to_id) || null;
    const langRaw = str(f.language);

    if (!VISIBILITIES.includes(visibility)) return err(422, `'${visibility}' is not a valid visibility`);
    if (mediaIds.length > MAX_MEDIA) return err(422, `Cannot attach more than ${MAX_MEDIA} files`);
    const media: MMedia[] = [];
    const missing: string[] = [];
    for (const id of mediaIds) {
      const m = this.state.media.find((x) => x.id === id && x.statusId === null);
      if (m) media.push(m);
      else missing.push(id);
    }
    if (missing.length) return err(422, `Media ${missing.join(', ')} not found or already attached to another post`);
    if (media.some((m) => Date.now() < m.readyAt)) return err(422, 'Cannot attach files that have not finished processing. Try again in a moment!');
    if (!text.trim() && media.length === 0) return err(422, "Validation failed: Text can't be blank");
    if (mastodonLength(text) + mastodonLength(spoiler) > MAX_CHARACTERS) {
      return err(422, `Validation failed: Text character limit of ${MAX_CHARACTERS} exceeded`);
    }
    if (replyTo && !this.state.statuses.some((s) => s.id === replyTo)) return NOT_FOUND();

    const status: MStatus = {
      id: this.nextId(),
      text,
      spoiler,
      visibility,
      // Mastodon drops languages it does not know rather than failing.
      language: langRaw && /^[a-z]{2,3}(-[A-Za-z]{2,4})?$/.test(langRaw) ? langRaw : null,
      sensitive: (bool(f.sensitive) ?? false) || spoiler.length > 0,
      replyTo,
      mediaIds: media.map((m) => m.id),
      createdAt: new Date().toISOString(),
      idempotencyKey: key ?? null,
    };
    for (const m of media) m.statusId = status.id;
    this.state.statuses.push(status);
    if (key) this.state.idempotency[key] = { statusId: status.id, at: Date.now() };
    for (const [k, v] of Object.entries(this.state.idempotency)) if (Date.now() - v.at >= IDEMPOTENCY_TTL_MS) delete this.state.idempotency[k];
    this.store.save();
    return { status: 200, body: this.statusJson(status) };
  }

  /**
   * The request's language as Mastodon picks it (localized.rb): `?lang=`, else the instance's
   * DEFAULT_LOCALE when set, else Accept-Language, else English.
   */
  private localeOf(ctx: RequestContext): MastodonLocale {
    const pick = (v: string | undefined): MastodonLocale | undefined => {
      const tag = v?.trim().toLowerCase().split(/[-_]/)[0];
      return tag === 'fr' || tag === 'en' ? tag : undefined;
    };
    const lang = pick(ctx.query.lang);
    if (lang) return lang;
    if (this.defaultLocale) return this.defaultLocale;
    const accept = (ctx.headers['accept-language'] ?? '').split(',').map((p) => pick(p.split(';')[0])).find((x) => x);
    return accept ?? 'en';
  }

  /** An error answer in the request's language, for the texts Mastodon localises (see FRENCH). */
  private localise(reply: Reply, ctx: RequestContext): Reply {
    const error = (reply.body as { error?: unknown } | undefined)?.error;
    if (reply.status < 400 || typeof error !== 'string' || this.localeOf(ctx) !== 'fr') return reply;
    for (const [re, fr] of FRENCH) {
      const m = re.exec(error);
      if (m) return { ...reply, body: { ...(reply.body as object), error: fr(m) } };
    }
    return reply;
  }

  /** PUT /api/v1/statuses/:id (edit): the text of one of our statuses; an unknown id is 404. */
  private updateStatus(id: string, ctx: RequestContext): Reply {
    const s = this.state.statuses.find((x) => x.id === id);
    if (!s) return NOT_FOUND();
    const text = str(ctx.body.fields.status);
    if (text !== undefined) {
      if (!text.trim() && s.mediaIds.length === 0) return err(422, "Validation failed: Text can't be blank");
      if (mastodonLength(text) + mastodonLength(s.spoiler) > MAX_CHARACTERS) return err(422, `Validation failed: Text character limit of ${MAX_CHARACTERS} exceeded`);
      s.text = text;
      this.store.save();
    }
    return { status: 200, body: this.statusJson(s) };
  }

  private getStatus(id: string): Reply {
    const s = this.state.statuses.find((x) => x.id === id);
    return s ? { status: 200, body: this.statusJson(s) } : NOT_FOUND();
  }

  private deleteStatus(id: string): Reply {
    const i = this.state.statuses.findIndex((x) => x.id === id);
    if (i < 0) return NOT_FOUND();
    const [s] = this.state.statuses.splice(i, 1);
    this.store.save();
    // Mastodon answers with the deleted status and its source text, for "delete & redraft".
    return { status: 200, body: { ...this.statusJson(s!), text: s!.text } };
  }

  private accountStatuses(accountId: string, ctx: RequestContext): Reply {
    if (accountId !== MASTODON_ACCOUNT.id) return NOT_FOUND();
    const q = ctx.query;
    const limit = Math.min(Math.max(Number(q.limit ?? 20) || 20, 1), 40);
    let list = [...this.state.statuses].sort((a, b) => compareIds(b.id, a.id));
    if (q.exclude_replies === 'true' || q.exclude_replies === '1') list = list.filter((s) => !s.replyTo);
    if (q.only_media === 'true' || q.only_media === '1') list = list.filter((s) => s.mediaIds.length > 0);
    if (q.max_id) list = list.filter((s) => compareIds(s.id, q.max_id!) < 0);
    if (q.since_id) list = list.filter((s) => compareIds(s.id, q.since_id!) > 0);
    let page: MStatus[];
    if (q.min_id) {
      // min_id pages forward from the given id: the oldest ones just above it.
      page = list.filter((s) => compareIds(s.id, q.min_id!) > 0).slice(-limit);
    } else page = list.slice(0, limit);
    const headers: Record<string, string> = {};
    if (page.length) {
      const base = `${this.baseUrl}/api/v1/accounts/${accountId}/statuses`;
      headers.Link = `<${base}?limit=${limit}&max_id=${page[page.length - 1]!.id}>; rel="next", <${base}?limit=${limit}&min_id=${page[0]!.id}>; rel="prev"`;
    }
    return { status: 200, headers, body: page.map((s) => this.statusJson(s)) };
  }

  private createMedia(ctx: RequestContext, async: boolean): Reply {
    const file = ctx.body.files.file;
    if (!file) return err(422, "Validation failed: File can't be blank");
    const contentType = sniffContentType(file.data) ?? (file.contentType ?? 'application/octet-stream').toLowerCase();
    const type = contentType === 'image/gif' ? 'gifv' : /^image\//.test(contentType) ? 'image' : /^video\//.test(contentType) ? 'video' : /^audio\//.test(contentType) ? 'audio' : null;
    if (!type) return err(422, 'Validation failed: File content type is invalid, File is invalid');
    const limit = type === 'image' ? 16 * 1024 * 1024 : 99 * 1024 * 1024;
    if (file.data.length > limit) return err(422, `Validation failed: File file size must be less than ${limit / 1024 / 1024} MB`);
    const description = str(ctx.body.fields.description) ?? null;
    if (description && description.length > 1500) return err(422, 'Validation failed: Description is too long (maximum is 1500 characters)');
    const now = Date.now();
    const m: MMedia = {
      id: this.nextId(),
      type,
      contentType,
      filename: file.filename,
      size: file.data.length,
      sha256: sha256(file.data),
      description,
      focus: str(ctx.body.fields.focus) ?? null,
      createdAt: new Date(now).toISOString(),
      // v1 processes synchronously. v2 answers 200 when the file was processed synchronously and 202
      // with url null while it is processed in the background (docs.joinmastodon.org/methods/media,
      // POST /api/v2/media: "200: OK … processed synchronously", "202: Accepted … still processing").
      // Only the larger formats are put in the background, whatever their size: still images are
      // always processed at once (app/models/media_attachment.rb: `delay_processing?` is
      // `@delay_processing && larger_media_format?`, and `larger_media_format?` is
      // `video? || gifv? || audio?`; a GIF is transcoded to gifv).
      readyAt: async && type !== 'image' ? now + MEDIA_PROCESSING_MS : now,
      statusId: null,
    };
    this.state.media.push(m);
    this.store.save();
    return { status: m.readyAt > now ? 202 : 200, body: this.mediaJson(m) };
  }

  private getMedia(id: string): Reply {
    // Mastodon only shows attachments not yet attached to a status here.
    const m = this.state.media.find((x) => x.id === id && x.statusId === null);
    if (!m) return NOT_FOUND();
    return { status: Date.now() < m.readyAt ? 206 : 200, body: this.mediaJson(m) };
  }

  private updateMedia(id: string, ctx: RequestContext): Reply {
    const m = this.state.media.find((x) => x.id === id && x.statusId === null);
    if (!m) return NOT_FOUND();
    const description = str(ctx.body.fields.description);
    if (description !== undefined) {
      if (description.length > 1500) return err(422, 'Validation failed: Description is too long (maximum is 1500 characters)');
      m.description = description;
    }
    const focus = str(ctx.body.fields.focus);
    if (focus !== undefined) m.focus = focus;
    this.store.save();
    return { status: Date.now() < m.readyAt ? 206 : 200, body: this.mediaJson(m) };
  }

  private mediaJson(m: MMedia): Record<string, unknown> {
    const ready = Date.now() >= m.readyAt;
    const ext = (m.contentType.split('/')[1] ?? 'bin').replace('jpeg', 'jpg');
    const dir = m.id.padStart(18, '0').match(/.{3}/g)!.join('/');
    const focus = m.focus?.split(',').map(Number);
    return {
      id: m.id,
      type: m.type,
      url: ready ? `${this.baseUrl}/system/media_attachments/files/${dir}/original/${m.sha256.slice(0, 16)}.${ext}` : null,
      preview_url: ready ? `${this.baseUrl}/system/media_attachments/files/${dir}/small/${m.sha256.slice(0, 16)}.${ext}` : null,
      remote_url: null,
      preview_remote_url: null,
      text_url: null,
      meta: focus && focus.length === 2 ? { focus: { x: focus[0], y: focus[1] } } : {},
      description: m.description,
      blurhash: null,
    };
  }

  private statusJson(s: MStatus): Record<string, unknown> {
    const parent = s.replyTo ? this.state.statuses.find((x) => x.id === s.replyTo) : undefined;
    return {
      id: s.id,
      created_at: s.createdAt,
      in_reply_to_id: s.replyTo,
      in_reply_to_account_id: s.replyTo ? (parent ? MASTODON_ACCOUNT.id : null) : null,
      sensitive: s.sensitive,
      spoiler_text: s.spoiler,
      visibility: s.visibility,
      language: s.language,
      uri: `${this.baseUrl}/users/${this.account.username}/statuses/${s.id}`,
      url: `${this.baseUrl}/@${this.account.username}/${s.id}`,
      replies_count: this.state.statuses.filter((x) => x.replyTo === s.id).length,
      reblogs_count: 0,
      favourites_count: 0,
      edited_at: null,
      favourited: false,
      reblogged: false,
      muted: false,
      bookmarked: false,
      pinned: false,
      content: toHtml(s.text, this.baseUrl),
      filtered: [],
      reblog: null,
      application: { name: 'lm-post sandbox', website: null },
      account: this.accountJson(),
      media_attachments: s.mediaIds.map((id) => this.mediaJson(this.state.media.find((m) => m.id === id)!)),
      mentions: [],
      tags: [...s.text.matchAll(/(?:^|[^\p{L}\p{N}_&])#([\p{L}\p{N}_]+)/gu)].map((m) => ({ name: m[1]!.toLowerCase(), url: `${this.baseUrl}/tags/${encodeURIComponent(m[1]!.toLowerCase())}` })),
      emojis: [],
      card: null,
      poll: null,
    };
  }

  private accountJson(): Record<string, unknown> {
    const last = this.state.statuses[this.state.statuses.length - 1];
    return {
      id: MASTODON_ACCOUNT.id,
      username: this.account.username,
      acct: this.account.username,
      display_name: this.account.display_name,
      locked: false,
      bot: false,
      discoverable: true,
      group: false,
      created_at: '2023-01-01T00:00:00.000Z',
      note: '<p>Compte de démonstration du bac à sable lm-post.</p>',
      url: `${this.baseUrl}/@${this.account.username}`,
      uri: `${this.baseUrl}/users/${this.account.username}`,
      avatar: `${this.baseUrl}/avatars/original/missing.png`,
      avatar_static: `${this.baseUrl}/avatars/original/missing.png`,
      header: `${this.baseUrl}/headers/original/missing.png`,
      header_static: `${this.baseUrl}/headers/original/missing.png`,
      followers_count: 0,
      following_count: 0,
      statuses_count: this.state.statuses.length,
      last_status_at: last ? last.createdAt.slice(0, 10) : null,
      emojis: [],
      fields: [],
    };
  }

  /** Application entity; `scopes` is listed since Mastodon 4.3 (docs.joinmastodon.org/entities/Application). */
  /**
   * POST /api/v1/apps (docs.joinmastodon.org/methods/apps#create): client_name and redirect_uris
   * required, scopes space-separated (default `read`); 422 with Rails' validation message otherwise.
   * Returns a CredentialApplication.
   */
  private createApp(ctx: RequestContext): Reply {
    if (ctx.body.error) return err(400, ctx.body.error);
    const f = ctx.body.fields;
    const name = str(f.client_name)?.trim();
    const rawUris = f.redirect_uris;
    const uris = (Array.isArray(rawUris) ? rawUris.map((u) => String(u)) : (str(rawUris) ?? '').split(/\s+/)).map((u) => u.trim()).filter(Boolean);
    const scopes = (str(f.scopes) ?? 'read').split(/[\s+]+/).filter(Boolean);
    const problems: string[] = [];
    if (!name) problems.push("Application name can't be blank");
    // Doorkeeper's redirect URI validation: absolute, no fragment; the out-of-band URN is allowed.
    const absolute = (u: string) => u === OOB || (/^[a-z][a-z0-9+.-]*:\/\/[^\s#]+$/i.test(u) && !u.includes('#'));
    if (!uris.length) problems.push("Redirect URI can't be blank");
    else if (!uris.every(absolute)) problems.push('Redirect URI must be an absolute URI.');
    // Unknown scopes are refused (Doorkeeper's scopes validation on the application).
    if (!scopes.length || !scopes.every((x) => KNOWN_SCOPES.has(x))) problems.push('Scopes must be a list of valid scopes');
    if (problems.length) return err(422, `Validation failed: ${problems.join(', ')}`);
    const app: MApp = { id: String(563_000 + (this.state.apps?.length ?? 0) + 1), name: name!, website: str(f.website) ?? null, scopes, redirectUris: uris, clientId: randomToken(), clientSecret: randomToken() };
    (this.state.apps ??= []).push(app);
    this.store.save();
    return {
      status: 200,
      body: { id: app.id, name: app.name, website: app.website, scopes: app.scopes, redirect_uri: app.redirectUris.join('\n'), redirect_uris: app.redirectUris, client_id: app.clientId, client_secret: app.clientSecret, client_secret_expires_at: 0 },
    };
  }

  private appByClientId(clientId: string | undefined): MApp | undefined {
    return clientId ? this.state.apps?.find((a) => a.clientId === clientId) : undefined;
  }

  /**
   * GET /oauth/authorize (docs.joinmastodon.org/methods/oauth#authorize). The sandbox account is
   * signed in and approves at once: the code is shown on a page for urn:ietf:wg:oauth:2.0:oob, else
   * the browser is redirected to redirect_uri?code=…. An unknown client, a redirect URI the app did
   * not register or a scope outside the app's are refused, as Doorkeeper does (an error page).
   */
  private authorize(ctx: RequestContext): Reply {
    const q = ctx.query;
    const app = this.appByClientId(q.client_id);
    const page = (status: number, title: string, body: string): Reply => ({
      status,
      headers: { 'Content-Type': 'text/html; charset=utf-8' },
      body: Buffer.from(`<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>\n`),
    });
    if (q.response_type !== 'code' || !app) return page(400, 'Erreur d’autorisation', `<p class="oauth-error">${app ? OAUTH_ERRORS.invalid_request : OAUTH_ERRORS.invalid_client}</p>`);
    const redirectUri = q.redirect_uri ?? '';
    if (!app.redirectUris.includes(redirectUri)) return page(400, 'Erreur d’autorisation', `<p class="oauth-error">${OAUTH_ERRORS.invalid_grant}</p>`);
    const scopes = (q.scope ?? 'read').split(/[\s+]+/).filter(Boolean);
    if (!scopes.length || !scopes.every((x) => app.scopes.includes(x))) return page(400, 'Erreur d’autorisation', `<p class="oauth-error">${OAUTH_ERRORS.invalid_scope}</p>`);
    const code = randomToken();
    (this.state.codes ??= {})[code] = { clientId: app.clientId, redirectUri, scopes, expiresAt: Date.now() + CODE_TTL_MS };
    this.store.save();
    if (redirectUri === OOB) {
      return page(200, 'Code d’autorisation', `<p>Copiez ce code et collez-le dans l’application (${escapeHtmlText(app.name)}) :</p><input class="oauth-code" readonly type="text" value="${code}">`);
    }
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    return { status: 302, headers: { Location: target.toString() }, body: Buffer.alloc(0) };
  }

  /**
   * POST /oauth/token (docs.joinmastodon.org/methods/oauth#token), grant_type=authorization_code:
   * the client authenticates (401 invalid_client), the code is single-use, unexpired, issued to
   * this client for this redirect URI (400 invalid_grant), and a scope, when given, must equal the
   * one authorized (400 invalid_scope). Other grant types: 400 unsupported_grant_type.
   */
  private token(ctx: RequestContext): Reply {
    if (ctx.body.error) return oauthErr(400, 'invalid_request');
    const f = ctx.body.fields;
    const app = this.appByClientId(str(f.client_id));
    const secret = str(f.client_secret) ?? '';
    const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
    if (!app || !same(secret, app.clientSecret)) return oauthErr(401, 'invalid_client');
    const grant = str(f.grant_type);
    if (grant !== 'authorization_code') return oauthErr(400, grant ? 'unsupported_grant_type' : 'invalid_request');
    const code = str(f.code) ?? '';
    const c = this.state.codes?.[code];
    if (!c || c.clientId !== app.clientId || c.redirectUri !== (str(f.redirect_uri) ?? '') || c.expiresAt < Date.now()) {
      if (c && c.expiresAt < Date.now()) delete this.state.codes![code];
      return oauthErr(400, 'invalid_grant');
    }
    const asked = str(f.scope)?.split(/[\s+]+/).filter(Boolean);
    if (asked && asked.slice().sort().join(' ') !== c.scopes.slice().sort().join(' ')) return oauthErr(400, 'invalid_scope');
    delete this.state.codes![code];
    const accessToken = randomToken();
    (this.state.tokens ??= {})[accessToken] = { clientId: app.clientId, scopes: c.scopes };
    this.store.save();
    return { status: 200, body: { access_token: accessToken, token_type: 'Bearer', scope: c.scopes.join(' '), created_at: Math.floor(Date.now() / 1000) } };
  }

  /**
   * The application of the token: its *registered* scopes (those of an app registered through
   * /api/v1/apps, else the sandbox application's), never the token's own narrower grant.
   */
  private appJson(ctx: RequestContext): Record<string, unknown> {
    const token = this.tokenOf(ctx);
    const clientId = token ? this.state.tokens?.[token]?.clientId : undefined;
    const app = this.appByClientId(clientId);
    return { name: app?.name ?? 'lm-post', website: app?.website ?? null, scopes: [...(app?.scopes ?? MASTODON_APP_SCOPES)], redirect_uris: app?.redirectUris ?? ['urn:ietf:wg:oauth:2.0:oob'] };
  }


  private source(): Record<string, unknown> {
    return { privacy: 'public', sensitive: false, language: 'fr', note: 'Compte de démonstration du bac à sable lm-post.', fields: [], follow_requests_count: 0 };
  }

  private mediaConfig(): Record<string, unknown> {
    return {
      supported_mime_types: ['image/jpeg', 'image/png', 'image/gif', 'image/heic', 'image/heif', 'image/webp', 'image/avif', 'video/webm', 'video/mp4', 'video/quicktime', 'audio/mpeg', 'audio/ogg', 'audio/wav'],
      image_size_limit: 16777216,
      image_matrix_limit: 33177600,
      video_size_limit: 103809024,
      video_frame_rate_limit: 120,
      video_matrix_limit: 8294400,
      description_limit: 1500,
    };
  }

  private instanceV1(): Record<string, unknown> {
    const host = new URL(this.baseUrl).host;
    return {
      uri: host,
      title: 'lm-post sandbox',
      short_description: 'Local Mastodon emulator (lm-post --sandbox)',
      description: 'Local Mastodon emulator (lm-post --sandbox)',
      email: 'sandbox@example.invalid',
      version: '4.3.0',
      urls: { streaming_api: this.baseUrl.replace(/^http/, 'ws') },
      stats: { user_count: 1, status_count: this.state.statuses.length, domain_count: 1 },
      thumbnail: null,
      languages: ['fr', 'en'],
      registrations: false,
      approval_required: false,
      invites_enabled: false,
      configuration: {
        accounts: { max_featured_tags: 10 },
        statuses: { max_characters: MAX_CHARACTERS, max_media_attachments: MAX_MEDIA, characters_reserved_per_url: URL_WEIGHT },
        media_attachments: this.mediaConfig(),
        polls: { max_options: 4, max_characters_per_option: 50, min_expiration: 300, max_expiration: 2629746 },
      },
      contact_account: this.accountJson(),
      rules: [],
    };
  }

  private instanceV2(): Record<string, unknown> {
    const host = new URL(this.baseUrl).host;
    return {
      domain: host,
      title: 'lm-post sandbox',
      version: '4.3.0',
      source_url: 'https://github.com/mastodon/mastodon',
      description: 'Local Mastodon emulator (lm-post --sandbox)',
      usage: { users: { active_month: 1 } },
      thumbnail: { url: `${this.baseUrl}/packs/media/images/preview.png` },
      languages: ['fr', 'en'],
      configuration: {
        urls: { streaming: this.baseUrl.replace(/^http/, 'ws'), status: null },
        accounts: { max_featured_tags: 10, max_pinned_statuses: 5 },
        statuses: { max_characters: MAX_CHARACTERS, max_media_attachments: MAX_MEDIA, characters_reserved_per_url: URL_WEIGHT },
        media_attachments: this.mediaConfig(),
        polls: { max_options: 4, max_characters_per_option: 50, min_expiration: 300, max_expiration: 2629746 },
        translation: { enabled: false },
      },
      registrations: { enabled: false, approval_required: false, message: null },
      contact: { email: 'sandbox@example.invalid', account: this.accountJson() },
      rules: [],
    };
  }

  faultReply(_ctx: RequestContext, status: number, body: unknown, headers: Record<string, string>): Reply {
    const messages: Record<number, string> = {
      401: 'The access token is invalid', 403: 'This action is not allowed', 404: 'Record not found', 413: 'Request Entity Too Large',
      422: 'Validation failed', 429: 'Too many requests', 500: 'We\'re sorry, but something went wrong on our end.', 503: 'Service Unavailable',
    };
    const reply = body === undefined ? err(status, messages[status] ?? 'Error') : { status, body };
    return { ...reply, headers: { ...this.rateHeaders(this.general), ...headers } };
  }

  rateLimitReply(_ctx: RequestContext, resetInSeconds: number): Reply {
    return {
      ...err(429, 'Too many requests'),
      headers: {
        'X-RateLimit-Limit': String(this.general.limit),
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': new Date(Date.now() + resetInSeconds * 1000).toISOString(),
      },
    };
  }

  posts(): SandboxPost[] {
    return this.state.statuses.map((s) => ({
      network: 'mastodon',
      id: s.id,
      text: s.text,
      replyTo: s.replyTo,
      quoteOf: null,
      media: s.mediaIds.map((id) => this.mediaOut(this.state.media.find((m) => m.id === id)!)),
      visibility: s.visibility,
      spoiler: s.spoiler || null,
      language: s.language,
      idempotencyKey: s.idempotencyKey,
      createdAt: s.createdAt,
      url: `${this.baseUrl}/@${this.account.username}/${s.id}`,
      link: null,
      published: true,
      scheduledAt: null,
    }));
  }

  media(): SandboxMedia[] {
    return this.state.media.map((m) => this.mediaOut(m));
  }

  private mediaOut(m: MMedia): SandboxMedia {
    return { id: m.id, altText: m.description, sha256: m.sha256, bytes: m.size, contentType: m.contentType };
  }
}

function escapeHtmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
